"""Scheduling from the Ask page and managing it on the Reports page, headless (AppTest)."""

from __future__ import annotations

import sqlalchemy as sa

from supportwise.records.schedules import list_schedules
from supportwise.records.users import get_user
from tests.ui.test_pages_apptest import URGENT_LAST_WEEK, _by_label, open_page, sign_in


def _lead(app_db):
    return get_user(app_db.app, "lead").principal()


def test_send_me_this_every_monday_shows_the_echo_and_next_runs_and_saves(app_db):
    at = open_page(sign_in("team_lead"), "ask")
    at.chat_input[0].set_value(URGENT_LAST_WEEK).run()
    at.chat_input[0].set_value("send me this every Monday at 9am").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    shown = " ".join(m.value for m in at.markdown)
    assert "At 09:00, only on Monday (UTC)" in shown and "`0 9 * * 1`" in shown
    [runs] = [c.value for c in at.caption if c.value.startswith("Next runs: ")]
    assert runs.count("Mon ") == 3 and runs.count("09:00") == 3
    assert len(at.metric) == 1  # the request was not asked as a question
    _by_label(at.button, "Save schedule").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Scheduled" in s.value for s in at.success)
    [saved] = list_schedules(app_db, _lead(app_db))
    assert (saved.cron, saved.recipients, saved.channel) == ("0 9 * * 1", ["lead"], "email")


def test_an_unreadable_schedule_gets_examples_not_a_guess(app_db):
    at = open_page(sign_in("team_lead"), "ask")
    at.chat_input[0].set_value(URGENT_LAST_WEEK).run()
    at.chat_input[0].set_value("send me this every now and then").run()
    assert not at.exception
    assert any("Try e.g." in w.value for w in at.warning)
    assert not [b for b in at.button if b.label == "Save schedule"]


def test_the_reports_page_lists_pauses_and_resumes_a_schedule(app_db):
    at = open_page(sign_in("team_lead"), "ask")
    at.chat_input[0].set_value(URGENT_LAST_WEEK).run()
    at.chat_input[0].set_value("email this to me weekdays at 8:30").run()
    _by_label(at.button, "Save schedule").click().run()
    at = open_page(at, "reports")
    [expander] = [e for e in at.expander if "08:30" in e.label]
    assert "not run yet" in expander.label
    assert any(m.value.startswith("Next runs: ") for m in at.markdown)
    _by_label(at.button, "Pause").click().run()
    assert not at.exception and list_schedules(app_db, _lead(app_db))[0].paused
    assert any(m.value.startswith("**Paused**") for m in at.markdown)
    _by_label(at.button, "Resume").click().run()
    assert not list_schedules(app_db, _lead(app_db))[0].paused


def test_the_reports_page_shows_a_runs_history(app_db, test_settings):
    at = open_page(sign_in("team_lead"), "ask")
    at.chat_input[0].set_value(URGENT_LAST_WEEK).run()
    at.chat_input[0].set_value("send me this every day at 7am").run()
    _by_label(at.button, "Save schedule").click().run()
    [saved] = list_schedules(app_db, _lead(app_db))
    with app_db.admin.begin() as conn:  # a run that happened yesterday
        conn.execute(sa.text("INSERT INTO app.schedule_runs (schedule_id, slot, status, attempts, row_count, error) "
                             "VALUES (:s, now() - interval '1 day', 'failed', 3, NULL, 'the server answered 503')"),
                     {"s": saved.id})
    at = open_page(at, "reports")
    [history] = [d.value for d in at.dataframe if "attempts" in d.value.columns]
    assert history.iloc[0]["status"] == "failed" and history.iloc[0]["error"] == "the server answered 503"
    assert any("failed" in e.label for e in at.expander)
