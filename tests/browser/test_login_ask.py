"""In a real browser: the team lead signs in, asks a question, and sees the team-scoped count."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect
from streamlit.proto.BackMsg_pb2 import BackMsg

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
QUESTION = "How many urgent tickets did we get last week?"
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)


class Reruns:
    """The widget ids of every rerun request the page sends over Streamlit's websocket."""

    def __init__(self, page: Page):
        self.requests: list[set[str]] = []
        page.on("websocket", lambda ws: ws.on("framesent", self._sent))

    def _sent(self, payload) -> None:
        msg = BackMsg()
        msg.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        if msg.WhichOneof("type") == "rerun_script":
            self.requests.append({w.id for w in msg.rerun_script.widget_states.widgets})


def wait_until_settled(page: Page, reruns: Reruns) -> None:
    """Wait for the login cookie component to report back and its rerun to finish.

    Until then a click on "Sign in" can be lost: the component's rerun request replaces a
    form submission that is still being run (a Streamlit race a person rarely hits, a
    robot often).
    """
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not any(wid.endswith("-init") for ids in reruns.requests for wid in ids):
        assert time.monotonic() < deadline, f"the cookie component never reported back: {reruns.requests}"
        page.wait_for_timeout(50)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


def sign_in(page: Page, url: str, username: str, password: str) -> None:
    reruns = Reruns(page)
    page.goto(url)
    expect(page.get_by_text("Demo logins")).to_be_visible()
    wait_until_settled(page, reruns)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def _urgent_frontline_last_week(database) -> int:
    with database.reader.connect() as conn:
        return conn.execute(sa.text(
            "SELECT count(*) FROM tickets WHERE priority = 'urgent' AND team = 'Frontline' "
            "AND created_at >= '2026-11-16' AND created_at < '2026-11-23'")).scalar_one()


@pytest.mark.browser
def test_team_lead_signs_in_and_asks(browser, streamlit_app, seeded_db):
    expected = _urgent_frontline_last_week(seeded_db)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    reruns = Reruns(page)
    page.goto(streamlit_app)

    expect(page.get_by_text("Demo logins")).to_be_visible()
    wait_until_settled(page, reruns)
    page.screenshot(path=ARTIFACTS / "login.png", full_page=True)
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password", exact=True).fill("lead-demo-pass")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Ask")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Lee Frontline")
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_contain_text("Reports")
    expect(nav).not_to_contain_text("Costs")

    chat = page.get_by_test_id("stChatInputTextArea")
    chat.fill(QUESTION)
    chat.press("Enter")
    value = page.get_by_test_id("stMetricValue")
    expect(value).to_have_text(re.compile(rf"^\s*{expected:,}\s*$"))
    expect(page.get_by_text(re.compile(
        r"^(?=.*priority = urgent)(?=.*2026-11-16 – 2026-11-22)(?=.*team Frontline only)"))).to_be_visible()
    page.get_by_text("SQL", exact=True).click()
    expect(page.get_by_test_id("stCode")).to_contain_text("Frontline")
    page.wait_for_timeout(500)  # let the expander finish opening before the screenshot
    page.screenshot(path=ARTIFACTS / "ask.png", full_page=True)

    # The signed login cookie brings a reloaded tab straight back in, without the form.
    assert any(c["name"] == "supportwise_auth" for c in context.cookies())
    page.reload()
    expect(page.get_by_role("heading", name="Ask")).to_be_visible()
    expect(page.get_by_label("Password", exact=True)).to_have_count(0)
    context.close()


@pytest.mark.browser
def test_admin_sees_every_page_with_data(browser, streamlit_app):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, streamlit_app, "admin", "admin-demo-pass")
    expect(page.get_by_role("heading", name="Ask")).to_be_visible()
    page.get_by_role("button", name="Tickets by product area this month").click()
    expect(page.get_by_test_id("stVegaLiteChart")).to_be_visible()
    page.wait_for_timeout(800)  # chart drawing
    page.screenshot(path=ARTIFACTS / "admin-ask.png", full_page=True)
    for title in ("Reports", "Trends", "Costs", "Audit", "Data"):
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
        expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
        page.wait_for_timeout(800)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
        page.screenshot(path=ARTIFACTS / f"admin-{title.lower()}.png", full_page=True)
    context.close()
