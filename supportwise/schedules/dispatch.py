"""The scheduler's minute: make the runs that came due, put stuck ones back, queue them all.

``tasks.schedules.dispatch`` calls ``dispatch_and_queue`` every minute (rq-scheduler's cron) and once
when the scheduler starts, so a slot missed while everything was down runs on start-up. Idempotency
lives in the database (one run per schedule and slot; a run is claimed by one worker), so two
schedulers, a restart, or a run queued twice never deliver twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import redis

from supportwise.errors import ServiceUnavailable
from supportwise.platform.database import Database
from supportwise.platform.settings import Settings
from supportwise.queue.kinds import SCHEDULE_RUN
from supportwise.queue.submit import submit
from supportwise.records.schedule_runs import dispatch_due, get_run, reclaim_stuck
from supportwise.records.schedules import get_schedule
from supportwise.schedules.runner import tell_owner

# Runs per job: a work horse's start (fork, pools, the masker's names) costs about ten deliveries, and
# batches this small still spread a busy minute over every worker.
BATCH = 10


@dataclass(frozen=True)
class Dispatched:
    made: list[int]       # runs of slots that came due
    retried: list[int]    # runs put back after their worker stopped
    failed: list[int]     # runs that used every attempt
    queued: int           # jobs Redis took (the rest stay queued in the database and are queued again later)


def dispatch_and_queue(db: Database, settings: Settings, connection: redis.Redis, *,
                       now: datetime | None = None) -> Dispatched:
    now = now or settings.now()
    made = dispatch_due(db, now)
    retried, failed = reclaim_stuck(db, now, settings.schedule_run_timeout_s, settings.schedule_attempts)
    for run_id in failed:
        run = get_run(db, run_id)
        schedule = get_schedule(db, run.schedule_id)
        tell_owner(db, settings, schedule, run_id, "failed", run.error or "")
    queued = 0
    runs = [*made, *retried]
    for batch in (runs[i:i + BATCH] for i in range(0, len(runs), BATCH)):
        try:
            submit(connection, SCHEDULE_RUN, owner=None, args=(batch,), timeout_s=settings.schedule_run_timeout_s,
                   job_id=f"schedule-runs-{batch[0]}-{uuid.uuid4().hex[:8]}")
            queued += len(batch)
        except ServiceUnavailable:
            pass  # still 'queued' in the database: reclaim_stuck queues them again once Redis is back
    return Dispatched(made, retried, failed, queued)
