"""The runs of schedules: one row per (schedule, slot), made once, taken by one worker at a time.

A run's life: queued (dispatch) → running (a worker claimed it; attempts + 1) → ok | skipped | failed.
A run left 'running' past the timeout (its worker was killed) goes back to queued and is retried, or is
failed once it has used every attempt: no run stays 'running' for good.

    dispatch_due(db, now)                    the runs of every slot that came due, once each
    claim(db, run_id)                        queued → running; None when someone else has it
    settle(db, run_id, attempt, outcome)     running → ok | skipped | failed
    reclaim_stuck(db, now, timeout_s, ...)   running too long → queued again, or failed
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from supportwise.platform.database import Database
from supportwise.schedules.phrases import Schedule

# A slot dispatched more than this after its time was missed (everything was down), and says so.
LATE_AFTER = timedelta(minutes=5)
STUCK = "The worker running it stopped before it finished"

_RUN_COLUMNS = ("id, schedule_id, slot, late, missed, version, status, attempts, row_count, duration_ms, error, "
                "deliveries, queued_at, started_at, finished_at")


@dataclass(frozen=True)
class ScheduleRun:
    id: int
    schedule_id: int
    slot: datetime
    late: bool
    missed: int
    version: int | None
    status: str
    attempts: int
    row_count: int | None
    duration_ms: float | None
    error: str | None
    deliveries: list[dict[str, Any]]
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


@dataclass
class Outcome:
    status: str                         # ok | skipped | failed
    version: int | None = None
    row_count: int | None = None
    duration_ms: float | None = None
    error: str | None = None
    deliveries: list[dict[str, Any]] = field(default_factory=list)


def dispatch_due(db: Database, now: datetime) -> list[int]:
    """Make the run of each active schedule's latest due slot; return the ids of runs made by this call.

    Each schedule row is locked while its slots are read (SKIP LOCKED: a second dispatcher moves on), and
    (schedule, slot) is unique, so however many dispatchers run at once a slot gets one run. Slots missed
    while nothing ran are folded into one late run that counts them.
    """
    made: list[int] = []
    with db.app.begin() as conn:
        schedules = conn.execute(sa.text(
            "SELECT id, cron, timezone, dispatched_until FROM app.schedules "
            "WHERE deleted_at IS NULL AND NOT paused AND dispatched_until < :now FOR UPDATE SKIP LOCKED"),
            {"now": now}).all()
        for schedule_id, cron, zone, until in schedules:
            slots = Schedule(cron, zone).slots_between(until, now)
            if slots:
                run_id = conn.execute(sa.text(
                    "INSERT INTO app.schedule_runs (schedule_id, slot, late, missed) VALUES (:s, :slot, :late, :m) "
                    "ON CONFLICT (schedule_id, slot) DO NOTHING RETURNING id"),
                    {"s": schedule_id, "slot": slots[-1], "late": now - slots[-1] > LATE_AFTER,
                     "m": len(slots) - 1}).scalar()
                if run_id is not None:
                    made.append(run_id)
            conn.execute(sa.text("UPDATE app.schedules SET dispatched_until = :now WHERE id = :i"),
                         {"now": now, "i": schedule_id})
    return made


def claim(db: Database, run_id: int) -> int | None:
    """Take a queued run: its attempt number, or None when it is not queued (taken, done, or unknown)."""
    with db.app.begin() as conn:
        return conn.execute(sa.text(
            "UPDATE app.schedule_runs SET status = 'running', attempts = attempts + 1, started_at = now(), "
            "finished_at = NULL WHERE id = :i AND status = 'queued' RETURNING attempts"), {"i": run_id}).scalar()


def settle(db: Database, run_id: int, attempt: int, outcome: Outcome) -> bool:
    """Write how the run ended; False when this attempt no longer owns it (it was declared stuck meanwhile)."""
    with db.app.begin() as conn:
        return conn.execute(sa.text(
            "UPDATE app.schedule_runs SET status = :st, version = :v, row_count = :n, duration_ms = :d, error = :e, "
            "deliveries = CAST(:dl AS jsonb), finished_at = now() "
            "WHERE id = :i AND status = 'running' AND attempts = :a"),
            {"i": run_id, "a": attempt, "st": outcome.status, "v": outcome.version, "n": outcome.row_count,
             "d": outcome.duration_ms, "e": outcome.error, "dl": json.dumps(outcome.deliveries)}).rowcount == 1


def reclaim_stuck(db: Database, now: datetime, timeout_s: float, max_attempts: int) -> tuple[list[int], list[int]]:
    """Runs 'running' past the timeout, or 'queued' that long with no worker taking them (the queue lost them).

    Returns (ids to queue again, ids failed for good). A stuck run with attempts left goes back to
    'queued' with the reason kept; one without is failed with it.
    """
    cutoff = now - timedelta(seconds=timeout_s)
    with db.app.begin() as conn:
        retry = conn.execute(sa.text(
            "UPDATE app.schedule_runs SET status = 'queued', error = :why, queued_at = :now "
            "WHERE (status = 'running' AND started_at < :cut AND attempts < :most) "
            "OR (status = 'queued' AND queued_at < :cut) RETURNING id"),
            {"why": f"{STUCK}; tried again.", "now": now, "cut": cutoff, "most": max_attempts}).scalars().all()
        failed = conn.execute(sa.text(
            "UPDATE app.schedule_runs SET status = 'failed', finished_at = :now, "
            "error = :why || ', on each of its ' || attempts || ' attempts.' "
            "WHERE status = 'running' AND started_at < :cut AND attempts >= :most RETURNING id"),
            {"why": STUCK, "now": now, "cut": cutoff, "most": max_attempts}).scalars().all()
    return list(retry), list(failed)


def get_run(db: Database, run_id: int) -> ScheduleRun:
    with db.app.connect() as conn:
        row = conn.execute(sa.text(f"SELECT {_RUN_COLUMNS} FROM app.schedule_runs WHERE id = :i"),
                           {"i": run_id}).mappings().one()
    return ScheduleRun(**row)


def runs_of(db: Database, schedule_id: int, *, limit: int = 20) -> list[ScheduleRun]:
    """A schedule's runs, newest slot first."""
    with db.app.connect() as conn:
        rows = conn.execute(sa.text(
            f"SELECT {_RUN_COLUMNS} FROM app.schedule_runs WHERE schedule_id = :s ORDER BY slot DESC, id DESC "
            "LIMIT :n"), {"s": schedule_id, "n": limit}).mappings().all()
    return [ScheduleRun(**row) for row in rows]


def failed_runs(db: Database, *, limit: int = 50) -> list[ScheduleRun]:
    """The latest failed runs of every schedule (what admins watch)."""
    with db.app.connect() as conn:
        rows = conn.execute(sa.text(
            f"SELECT {_RUN_COLUMNS} FROM app.schedule_runs WHERE status = 'failed' ORDER BY id DESC LIMIT :n"),
            {"n": limit}).mappings().all()
    return [ScheduleRun(**row) for row in rows]
