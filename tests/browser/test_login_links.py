"""Signing in from a deep link lands on the linked page (issue 11: /reports landed on Ask).

Not covered yet: a reload within a second of signing in can still log the user out under load (the
login cookie is written by a browser component after the page draws); see the issue's note."""

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
