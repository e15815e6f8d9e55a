"""Dispatch (issue 12, item 2): one run per (schedule, slot) however many dispatchers, late catch-up,
pause and resume, and stuck runs retried or failed — against the real database."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa

from supportwise.errors import InvalidInput, PermissionDenied
from supportwise.records import audit
from supportwise.records.schedule_runs import claim, dispatch_due, get_run, reclaim_stuck, runs_of
from supportwise.records.schedules import delete_schedule, list_schedules, set_paused
from tests.schedules.helpers import BEFORE_NINE, schedule, user

NINE = BEFORE_NINE + timedelta(hours=1)


def test_a_slot_is_dispatched_once_however_often_dispatch_runs(seeded_db, test_settings):
    maria = user(seeded_db, "maria")
    saved = schedule(seeded_db, test_settings, maria)
    assert dispatch_due(seeded_db, NINE - timedelta(seconds=1)) == []
    made = dispatch_due(seeded_db, NINE + timedelta(seconds=20))
    assert len(made) == 1
    assert dispatch_due(seeded_db, NINE + timedelta(seconds=40)) == []
    run = get_run(seeded_db, made[0])
    assert (run.schedule_id, run.slot, run.late, run.missed, run.status) == (saved.id, NINE, False, 0, "queued")


def test_concurrent_dispatchers_make_one_run_per_slot(seeded_db, test_settings):
    maria = user(seeded_db, "maria")
    for n in range(5):
        schedule(seeded_db, test_settings, maria, question=f"urgent tickets last {['week', 'month'][n % 2]}")
    results: list[list[int]] = []
    start = threading.Barrier(4)

    def dispatcher():
        start.wait()
        results.append(dispatch_due(seeded_db, NINE + timedelta(seconds=5)))

    threads = [threading.Thread(target=dispatcher) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    made = [run_id for result in results for run_id in result]
    assert len(made) == len(set(made)) == 5
    with seeded_db.admin.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM app.schedule_runs")).scalar() == 5


def test_slots_missed_while_down_run_once_and_say_late(seeded_db, test_settings):
    maria = user(seeded_db, "maria")
    schedule(seeded_db, test_settings, maria, "every day at 9am")
    three_days_later = NINE + timedelta(days=2, hours=3)
    [run_id] = dispatch_due(seeded_db, three_days_later)
    run = get_run(seeded_db, run_id)
    assert run.slot == NINE + timedelta(days=2) and run.late and run.missed == 2


def test_paused_schedules_are_not_dispatched_and_resume_from_now(seeded_db, test_settings):
    maria = user(seeded_db, "maria")
    saved = schedule(seeded_db, test_settings, maria, "every day at 9am")
    set_paused(seeded_db, maria, saved.id, True, now=BEFORE_NINE)
    assert dispatch_due(seeded_db, NINE + timedelta(days=3)) == []
    set_paused(seeded_db, maria, saved.id, False, now=NINE + timedelta(days=3))
    assert dispatch_due(seeded_db, NINE + timedelta(days=3, minutes=5)) == []  # slots paused through: not sent
    assert len(dispatch_due(seeded_db, NINE + timedelta(days=4))) == 1
    actions = [row["action"] for row in audit.recent(seeded_db.app) if row["action"].startswith("schedule")]
    assert actions == ["schedule_resume", "schedule_pause", "schedule_create"]


def test_only_the_owner_or_an_admin_changes_a_schedule(seeded_db, test_settings):
    maria, bob, root = user(seeded_db, "maria"), user(seeded_db, "bob"), user(seeded_db, "root", "admin")
    saved = schedule(seeded_db, test_settings, maria)
    with pytest.raises(PermissionDenied):
        set_paused(seeded_db, bob, saved.id, True)
    assert [s.id for s in list_schedules(seeded_db, bob)] == []
    assert [s.id for s in list_schedules(seeded_db, root)] == [saved.id]
    delete_schedule(seeded_db, root, saved.id)
    assert list_schedules(seeded_db, maria) == []
    assert dispatch_due(seeded_db, NINE + timedelta(days=7)) == []


@pytest.mark.parametrize("phrase, options, message", [
    ("whenever", {}, "Try e.g."),
    ("every 5 minutes", {}, "at most every 15 minutes"),
    ("every Monday at 9am", {"recipients": "nobody-here"}, "neither a user of the app nor an email address"),
    ("every Monday at 9am", {"channel": "fax"}, "is not a channel"),
    ("every Monday at 9am", {"channel": "webhook"}, "needs the URL"),
])
def test_bad_schedules_are_refused_with_a_sentence(seeded_db, test_settings, phrase, options, message):
    maria = user(seeded_db, "maria")
    with pytest.raises(InvalidInput, match=message):
        schedule(seeded_db, test_settings, maria, phrase, **options)


def test_a_run_is_claimed_by_one_worker(seeded_db, test_settings):
    maria = user(seeded_db, "maria")
    schedule(seeded_db, test_settings, maria)
    [run_id] = dispatch_due(seeded_db, NINE)
    assert claim(seeded_db, run_id) == 1
    assert claim(seeded_db, run_id) is None
    assert get_run(seeded_db, run_id).status == "running"


def test_a_stuck_run_is_retried_then_failed_never_left_running(seeded_db, test_settings):
    maria = user(seeded_db, "maria")
    saved = schedule(seeded_db, test_settings, maria)
    [run_id] = dispatch_due(seeded_db, NINE)
    settings = replace(test_settings, schedule_run_timeout_s=60, schedule_attempts=2)
    assert claim(seeded_db, run_id) == 1
    with seeded_db.admin.begin() as conn:  # the worker was killed ten minutes ago, mid-run
        conn.execute(sa.text("UPDATE app.schedule_runs SET started_at = now() - interval '10 minutes'"))
    now = get_run(seeded_db, run_id).started_at + timedelta(minutes=10)
    assert reclaim_stuck(seeded_db, now, settings.schedule_run_timeout_s, settings.schedule_attempts) == ([run_id], [])
    run = get_run(seeded_db, run_id)
    assert run.status == "queued" and "stopped before it finished" in run.error
    assert claim(seeded_db, run_id) == 2
    with seeded_db.admin.begin() as conn:
        conn.execute(sa.text("UPDATE app.schedule_runs SET started_at = now() - interval '10 minutes'"))
    assert reclaim_stuck(seeded_db, now, 60, 2) == ([], [run_id])
    run = get_run(seeded_db, run_id)
    assert run.status == "failed" and run.finished_at is not None and "2 attempts" in run.error
    assert [r.id for r in runs_of(seeded_db, saved.id)] == [run_id]
