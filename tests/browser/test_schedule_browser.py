"""Issue 12's done-when, in Chromium: a team lead asks, types "send me this every Monday at 9am", sees the echo and
next runs, saves; the real scheduler and worker fire it at the slot (a shifted clock puts the slot a minute away);
the email arrives in a real SMTP server with the chart and a CSV of the lead's team only, names masked."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from supportwise.records.users import ensure_demo_users
from tests.browser.conftest import ARTIFACTS, ROOT, serve_app
from tests.browser.test_login_ask import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.once]  # two minutes: the scheduler's minute passes for real

QUESTION = "tickets by requester last week"


def _next_monday_nine(now: datetime) -> datetime:
    day = now.date() + timedelta(days=(7 - now.weekday()) % 7)
    slot = datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc)
    return slot if slot - now > timedelta(minutes=2) else slot + timedelta(days=7)


def _frontline_requesters(db) -> dict[str, int]:
    with db.admin.connect() as conn:
        return dict(conn.execute(sa.text(
            "SELECT c.name, count(*) FROM tickets t JOIN customers c ON c.id = t.requester_id WHERE t.team = "
            "'Frontline' AND t.created_at >= '2026-11-16' AND t.created_at < '2026-11-23' GROUP BY c.name")).all())


def test_a_lead_schedules_an_answer_and_the_email_arrives_scoped_and_masked(browser, seeded_db, redis_url, redis_conn,
                                                                             tmp_path, smtp_server):
    ensure_demo_users(seeded_db.app)
    real = datetime.now(timezone.utc)
    # the shifted clock stands 75 s before next Monday 09:00 UTC; every process below reads the same shift
    shift = (_next_monday_nine(real) - timedelta(seconds=75) - real).total_seconds()
    env = {"SUPPORTWISE_CLOCK_SHIFT_S": f"{shift:.3f}", "SUPPORTWISE_SMTP_HOST": "127.0.0.1",
           "SUPPORTWISE_SMTP_PORT": str(smtp_server.port), "SUPPORTWISE_SMTP_STARTTLS": "false"}
    with serve_app(seeded_db, redis_url, tmp_path, **env) as url:
        child_env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTWISE_")}
        child_env.update({"DATABASE_URL": seeded_db.admin_url, "REDIS_URL": redis_url, "SUPPORTWISE_LLM": "none",
                          "SUPPORTWISE_TODAY": "2026-11-23", "SUPPORTWISE_DATA_DIR": str(tmp_path), **env})
        processes = [subprocess.Popen([sys.executable, "-m", "supportwise", role], cwd=ROOT, env=child_env,
                                      start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                     for role in ("worker", "scheduler")]
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            sign_in(page, url, "lead", "lead-demo-pass")
            chat = page.get_by_test_id("stChatInputTextArea")
            chat.fill(QUESTION)
            chat.press("Enter")
            expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=30_000)
            chat.fill("send me this every Monday at 9am")
            chat.press("Enter")
            expect(page.get_by_text("At 09:00, only on Monday (UTC)")).to_be_visible(timeout=30_000)
            expect(page.get_by_text("Next runs:")).to_contain_text("09:00")
            page.screenshot(path=str(ARTIFACTS / "schedule-offer.png"), full_page=True)
            page.get_by_role("button", name="Save schedule").click()
            expect(page.get_by_text("Scheduled “")).to_be_visible(timeout=30_000)

            deadline = time.monotonic() + 240
            while not smtp_server.messages and time.monotonic() < deadline:
                time.sleep(1)
            assert smtp_server.messages, "the scheduled email never arrived"
            page.get_by_test_id("stSidebarNav").get_by_role("link", name="Reports").click()
            expect(page.get_by_role("heading", name="Schedules")).to_be_visible(timeout=30_000)
            schedules = page.get_by_test_id("stExpander").filter(has_text="At 09:00, only on Monday (UTC)")
            expect(schedules).to_contain_text("· ok", timeout=30_000)  # one schedule: open, with its run history
            expect(schedules.get_by_test_id("stDataFrame")).to_be_visible()
            schedules.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "schedule-history.png"), full_page=True)
        finally:
            page.close()
            for process in processes:
                os.killpg(process.pid, signal.SIGTERM)
            for process in processes:
                process.wait(timeout=30)

    [mail] = smtp_server.messages
    assert mail["X-Delivered-To"] == "lead@supportwise.demo"
    html = mail.get_body(("html",)).get_content()
    [image] = [p for p in mail.walk() if p.get_content_type() == "image/png"]
    assert image.get_content()[:8] == b"\x89PNG\r\n\x1a\n" and f"cid:{image['Content-ID'].strip('<>')}" in html
    [attachment] = [p for p in mail.iter_attachments() if p.get_content_type() == "text/csv"]
    content = attachment.get_content()
    rows = list(csv.reader(io.StringIO(content if isinstance(content, str) else content.decode())))[1:]
    expected = _frontline_requesters(seeded_db)
    assert sum(int(row[-1]) for row in rows) == sum(expected.values()) > 0   # the lead's team only
    assert not set(expected) & {cell for row in rows for cell in row}        # customer names masked
