"""In a real browser: a manager opens Trends on the demo data, narrows it by channel, sees the cards and
charts, and has the outage spike explained by the root-cause analysis on a real RQ worker."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from supportwise.platform.database import Database, psycopg_conninfo, with_database
from supportwise.platform.migrate import migrate
from supportwise.platform.settings import SETTINGS
from supportwise.records.users import ensure_demo_users
from tests.browser.conftest import ARTIFACTS, _free_port, _wait_until_serving
from tests.browser.test_login_ask import TIMEOUT_MS, sign_in
from tests.helpers import ROOT, app_env
from tests.test_spikes import OUTAGE_DAY, demo_template, drop

ANALYSIS_MS = 120_000
WIDTH = 1400


def screenshot(page: Page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the window to its height first."""
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": WIDTH, "height": max(1000, int(height))})
    page.wait_for_timeout(800)  # charts redraw at the new size
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size({"width": WIDTH, "height": 1000})


@pytest.fixture
def demo_db(server_url, template_db, test_settings):
    """The 30,000-ticket demo data (what `./sw start` seeds) with the demo users."""
    name = demo_template(server_url, template_db, f"{template_db}_trb")
    database = Database.for_admin_url(with_database(server_url, name), test_settings)
    with psycopg.connect(psycopg_conninfo(database.admin_url)) as conn:
        migrate(conn)
    ensure_demo_users(database.app)
    yield database
    database.dispose()
    drop(server_url, name)


@pytest.fixture
def demo_app(demo_db, redis_url, redis_conn, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {s.env for s in SETTINGS}}
    env.update({"SUPPORTWISE_ENV": "demo", "DATABASE_URL": demo_db.admin_url, "REDIS_URL": redis_url,
                "SUPPORTWISE_TODAY": "2026-11-23", "SUPPORTWISE_LLM": "none", "SUPPORTWISE_DATA_DIR": str(tmp_path)})
    port, url = _free_port(), None
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "streamlit-trends.log"
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                                    "--server.address", "127.0.0.1", "--server.headless", "true",
                                    "--browser.gatherUsageStats", "false"],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_serving(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _chat_tickets(database) -> int:
    with database.reader.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM tickets WHERE channel = 'chat' "
                                    "AND created_at >= '2026-10-27' AND created_at < '2026-11-24'")).scalar_one()


@pytest.mark.browser
def test_manager_narrows_trends_and_has_a_spike_explained(browser, demo_app, demo_db, redis_url, data_dir):
    context = browser.new_context(viewport={"width": WIDTH, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, demo_app, "manager", "manager-demo-pass")
    expect(page.get_by_role("heading", name="Ask")).to_be_visible()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Trends").click()
    expect(page.get_by_role("heading", name="Trends", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stMetric")).to_have_count(6)
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(5)  # no sentiment chart before enrichment

    page.get_by_test_id("stMultiSelect").filter(has_text="Channel").click()
    page.get_by_role("option", name="chat", exact=True).click()
    page.keyboard.press("Escape")
    created = page.get_by_test_id("stMetric").filter(has_text="Tickets created").get_by_test_id("stMetricValue")
    expect(created).to_have_text(f"{_chat_tickets(demo_db):,}")
    expect(page.get_by_text("channel chat", exact=False).first).to_be_visible()
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, ARTIFACTS / "trends.png")

    explain = page.get_by_role("button", name="Explain this spike")
    expect(explain.first).to_be_visible()
    row = page.get_by_text(OUTAGE_DAY.isoformat(), exact=True)
    expect(row.first).to_be_visible()
    explain.first.click()
    expect(page.get_by_text(re.compile("Analysing in the background"))).to_be_visible()
    expect(page.get_by_role("button", name="Cancel")).to_be_visible()
    screenshot(page, ARTIFACTS / "trends-explain-queued.png")

    worker = subprocess.Popen([sys.executable, "-m", "supportwise", "worker"], cwd=ROOT,
                              env=app_env(demo_db.admin_url, redis_url, data_dir),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        expect(page.get_by_text("Summary.", exact=False)).to_be_visible(timeout=ANALYSIS_MS)
    finally:
        worker.terminate()
        worker.communicate(timeout=30)
    expect(page.get_by_text("Analysing in the background")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"^Phrases: "))).not_to_have_count(0)
    expect(page.get_by_test_id("stMetric").filter(has_text="Tickets analysed")).to_be_visible()
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    screenshot(page, ARTIFACTS / "trends-explain.png")
    context.close()
