"""The Ask page in Chromium, as a person uses it: ask, follow up, read the SQL, switch the chart,
download the CSV, get a friendly note, see PII masked or not by role, save a report and re-run it,
and a heavy question in the background with progress and cancel. Each step saves a screenshot
under test-artifacts/ (they were looked at when these tests were written)."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from supportwise.records.users import ensure_demo_users
from supportwise.text.enrich import enrich
from tests.browser.conftest import ARTIFACTS, serve_app
from tests.browser.test_login_ask import TIMEOUT_MS, sign_in
from tests.helpers import ROOT, app_env

pytestmark = pytest.mark.browser
FOOTER = re.compile(r"^Engine: ")


def _page(browser, url: str, username: str, password: str) -> Page:
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, url, username, password)
    expect(page.get_by_role("heading", name="Ask")).to_be_visible()
    return page


def _settled(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


def _ask(page: Page, question: str, *, background: bool = False) -> None:
    """Type a question and wait until its answer (or note, or progress bar) is drawn.

    A background question's progress fragment reruns every second, so the page is not waited on
    to be idle then.
    """
    before = page.get_by_test_id("stChatMessage").count()
    chat = page.get_by_test_id("stChatInputTextArea")
    chat.fill(question)
    chat.press("Enter")
    expect(page.get_by_test_id("stChatMessage")).to_have_count(before + 2)
    if not background:
        _settled(page)


def _last_answer(page: Page):
    return page.get_by_test_id("stChatMessage").last


def _shot(page: Page, name: str) -> None:
    page.wait_for_timeout(600)  # charts finish drawing
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def _rows(database, sql: str) -> list[tuple]:
    with database.reader.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql)).all()]


def test_a_team_lead_asks_follows_up_reads_the_sql_switches_the_chart_and_downloads(browser, streamlit_app,
                                                                                     seeded_db):
    page = _page(browser, streamlit_app, "lead", "lead-demo-pass")
    _ask(page, "How many urgent tickets did we get last week?")
    [(expected,)] = _rows(seeded_db, "SELECT count(*) FROM tickets WHERE priority = 'urgent' AND team = 'Frontline' "
                                     "AND created_at >= '2026-11-16' AND created_at < '2026-11-23'")
    expect(_last_answer(page).get_by_test_id("stMetricValue")).to_have_text(re.compile(rf"^\s*{expected:,}\s*$"))
    expect(_last_answer(page).get_by_text("in the previous week")).to_be_visible()
    _shot(page, "ask-1-number")

    # A follow-up button breaks the number down by channel: a bar chart and its rows.
    _last_answer(page).get_by_role("button", name="Break that down by channel").click()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(4)
    _settled(page)
    answer = _last_answer(page)
    expect(answer.get_by_test_id("stVegaLiteChart")).to_be_visible()
    expect(answer.get_by_text(re.compile(r"^Bar chart of tickets by channel"))).to_be_visible()
    _shot(page, "ask-2-follow-up-bar")

    answer.get_by_text("SQL", exact=True).click()
    expect(answer.get_by_test_id("stCode")).to_contain_text("Frontline")
    answer.get_by_role("radiogroup", name="Chart type").get_by_role("radio", name="Pie").click()
    _settled(page)
    expect(_last_answer(page).get_by_text(re.compile(r"^Pie chart of tickets by channel"))).to_be_visible()
    _shot(page, "ask-3-pie-and-sql")

    # The CSV download holds exactly the team's rows.
    _last_answer(page).get_by_role("button", name="Export").click()
    with page.expect_download() as download:
        page.get_by_test_id("stPopoverBody").get_by_role("button", name="CSV").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text())))
    assert rows[0] == ["channel", "tickets"]
    expected_rows = _rows(seeded_db, "SELECT channel, count(*) FROM tickets WHERE priority = 'urgent' "
                                     "AND team = 'Frontline' AND created_at >= '2026-11-16' "
                                     "AND created_at < '2026-11-23' GROUP BY 1")
    assert {(c, int(n)) for c, n in rows[1:]} == set(expected_rows)
    assert download.value.suggested_filename.endswith(".csv")
    _shot(page, "ask-4-export-menu")
    page.keyboard.press("Escape")

    # Something outside the data: a friendly note with questions that can be answered.
    _ask(page, "What is the weather in Paris?")
    expect(_last_answer(page).get_by_test_id("stAlertContentInfo")).to_be_visible()
    expect(_last_answer(page).get_by_text("Did you mean:")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    _shot(page, "ask-5-unanswerable")

    # A team lead sees their own team's agents by name, but customers are personal data: placeholders.
    _ask(page, "tickets solved per agent this month")
    counts = _rows(seeded_db, "SELECT a.name, count(*) FROM tickets t JOIN agents a ON a.id = t.assignee_id "
                              "WHERE t.team = 'Frontline' AND t.status IN ('solved', 'closed') "
                              "AND t.solved_at >= '2026-11-01' AND t.solved_at < '2026-11-24' GROUP BY a.name")
    most = max(n for _, n in counts)
    leaders = "|".join(re.escape(name) for name, n in counts if n == most)  # ties: any of them may lead
    described = re.compile(rf"^Bar chart of tickets by agent; highest ({leaders}) {most}, ")
    expect(_last_answer(page).get_by_text(described)).to_be_visible()
    page.get_by_test_id("stSidebar").get_by_role("button", name="New conversation").click()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(0)
    _ask(page, "which requesters opened the most tickets this month")
    described = re.compile(r"^Bar chart of tickets by requester; (highest )?<PERSON 1> ")
    expect(_last_answer(page).get_by_text(described)).to_be_visible()
    _shot(page, "ask-6-lead-masked")
    page.context.close()


def test_an_admin_sees_names_and_saves_a_report_that_the_reports_page_re_runs(browser, streamlit_app, seeded_db):
    page = _page(browser, streamlit_app, "admin", "admin-demo-pass")
    _ask(page, "tickets solved per agent this month")
    [(agent,)] = _rows(seeded_db, "SELECT a.name FROM tickets t JOIN agents a ON a.id = t.assignee_id "
                                  "WHERE t.status IN ('solved', 'closed') AND t.solved_at >= '2026-11-01' "
                                  "GROUP BY a.name ORDER BY count(*) DESC, a.name LIMIT 1")
    answer = _last_answer(page)
    answer.get_by_text(re.compile(r"^Data · ")).click()
    expect(answer.get_by_text("<PERSON>")).to_have_count(0)
    expect(answer.get_by_text(re.compile(r"^Bar chart of tickets by agent; highest " + re.escape(agent)))) \
        .to_be_visible()
    _shot(page, "ask-7-admin-names")

    # A fresh conversation: otherwise the next question would be read as a follow-up on solved tickets.
    page.get_by_test_id("stSidebar").get_by_role("button", name="New conversation").click()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(0)
    _ask(page, "tickets by channel last month")
    _last_answer(page).get_by_role("button", name="Save as report").click()
    body = page.get_by_test_id("stPopoverBody")
    body.get_by_label("Report name").fill("Channel mix")
    body.get_by_role("button", name="Save").click()
    expect(body.get_by_text(re.compile("Saved as “Channel mix”"))).to_be_visible()
    _shot(page, "ask-8-saved")
    page.keyboard.press("Escape")

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    page.get_by_role("textbox", name="Period").fill("last week")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text(re.compile(r"^Run \d+ by you"))).to_be_visible()
    _settled(page)
    _shot(page, "reports-1-re-run")
    expected = dict(_rows(seeded_db, "SELECT channel, count(*) FROM tickets WHERE created_at >= '2026-11-16' "
                                     "AND created_at < '2026-11-23' GROUP BY 1"))
    top = max(expected.values())
    expect(page.get_by_text(re.compile(rf"^Bar chart of tickets by channel; highest \w+ {top:,}, "))).to_be_visible()
    expect(page.get_by_text("Past runs of “Channel mix”")).to_be_visible()

    # A re-run that fails shows only its error: the last run's chart must not stay under it (issue 11, 8).
    page.get_by_role("textbox", name="Period").fill("the blursday before last")
    page.get_by_role("button", name="Run").click()
    _settled(page)
    expect(page.get_by_test_id("stAlertContentError").first).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Run \d+ by you"))).to_have_count(0)
    expect(page.get_by_text(re.compile(r"^Bar chart of tickets by channel"))).to_have_count(0)
    _shot(page, "reports-2-failed-re-run")
    page.context.close()


@pytest.fixture
def heavy_app(seeded_db, redis_url, redis_conn, tmp_path):
    """The app with every question treated as heavy (so it goes to the background queue)."""
    ensure_demo_users(seeded_db.app)
    with serve_app(seeded_db, redis_url, tmp_path, SUPPORTWISE_HEAVY_QUERY_COST="1") as url:
        yield url


def test_a_heavy_question_runs_in_the_background_can_be_cancelled_and_survives_a_reload(
        browser, heavy_app, seeded_db, redis_url, data_dir):
    enrich(seeded_db, embeddings=False)
    page = _page(browser, heavy_app, "manager", "manager-demo-pass")
    # No worker yet: the question waits in the queue, and Cancel takes it back.
    _ask(page, "tickets by priority this year", background=True)
    expect(_last_answer(page).get_by_text(re.compile("Working in the background"))).to_be_visible()
    _shot(page, "ask-9-queued")
    _last_answer(page).get_by_role("button", name="Cancel").click()
    expect(_last_answer(page).get_by_text(re.compile("^Cancelled"))).to_be_visible()

    worker = subprocess.Popen([sys.executable, "-m", "supportwise", "worker"], cwd=ROOT,
                              env=app_env(seeded_db.admin_url, redis_url, data_dir), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        _ask(page, "tickets by channel this year", background=True)
        answer = _last_answer(page)
        expect(answer.get_by_text(FOOTER)).to_be_visible(timeout=60_000)
        expect(answer.get_by_test_id("stVegaLiteChart")).to_be_visible()
        _shot(page, "ask-10-background-answer")
        page.reload()
        expect(page.get_by_role("heading", name="Ask")).to_be_visible()
        expect(page.get_by_test_id("stChatMessage")).to_have_count(4)
        expect(page.get_by_text(re.compile("^Cancelled"))).to_be_visible()
        expect(_last_answer(page).get_by_test_id("stVegaLiteChart")).to_be_visible()
        _shot(page, "ask-11-after-reload")

        # "Why …?" runs the root-cause analysis in the background and shows its themes.
        _ask(page, "Why are customers unhappy with auto-sync?", background=True)
        expect(_last_answer(page).get_by_text("Tickets analysed")).to_be_visible(timeout=120_000)
        expect(_last_answer(page).get_by_text(re.compile(r"^Summary\."))).to_be_visible()
        _shot(page, "ask-12-analysis")
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    page.context.close()
