"""Signing in from a deep link lands on the linked page, and a reload at once after signing in keeps the
user signed in (issue 11: /reports landed on Ask; a reload within a second of signing in logged out,
because the login cookie is written by a browser component after the page draws — the signed-in page
now waits for the component to report the cookie written, ui/auth.py _await_cookie)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_login_ask import TIMEOUT_MS, sign_in

pytestmark = pytest.mark.browser


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return context, page


@pytest.mark.parametrize("path, title", [("reports", "Reports"), ("trends", "Trends")])
def test_a_deep_link_lands_on_its_page_after_signing_in(browser, streamlit_app, path, title):
    context, page = _new_page(browser)
    sign_in(page, f"{streamlit_app}/{path}", "manager", "manager-demo-pass")
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    expect(page).to_have_url(f"{streamlit_app}/{path}")
    # a page the role may not open falls back to the first page it may
    context.close()
    context, page = _new_page(browser)
    sign_in(page, f"{streamlit_app}/audit", "manager", "manager-demo-pass")
    expect(page.get_by_role("heading", name="Ask", exact=True)).to_be_visible()
    context.close()


def test_a_reload_at_once_after_signing_in_stays_signed_in(browser, streamlit_app):
    for attempt in range(3):  # the race was timing-dependent: try it a few times, from a fresh browser each
        context, page = _new_page(browser)
        path = ("", "reports", "")[attempt]
        sign_in(page, f"{streamlit_app}/{path}", "lead", "lead-demo-pass")
        heading = "Reports" if path else "Ask"
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        page.reload()   # no wait: the moment the signed-in page shows
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(page.get_by_label("Password", exact=True)).to_have_count(0)
        expect(page.get_by_text("Signed in as")).to_be_visible()
        context.close()
