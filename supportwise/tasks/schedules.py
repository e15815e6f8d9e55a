"""RQ jobs of schedules: the scheduler's minute, and one run. Plain ids in, everything built inside the worker."""

from __future__ import annotations

from datetime import datetime

from supportwise.schedules.dispatch import dispatch_and_queue
from supportwise.schedules.runner import run_scheduled
from supportwise.tasks.bootstrap import job_run


def dispatch(now: str | None = None) -> dict:
    """Make and queue the runs that came due (``now``: ISO time, for tests; else the settings' clock)."""
    with job_run() as run:
        done = dispatch_and_queue(run.db, run.settings, run.redis,
                                  now=datetime.fromisoformat(now) if now else None)
    return {"made": done.made, "retried": done.retried, "failed": done.failed, "queued": done.queued}


def run_schedule(run_id: int) -> dict:
    """Deliver one run of a schedule; a run already taken or finished is left alone."""
    with job_run() as run:
        result = run_scheduled(run.db, run.settings, run_id)
    if result is None:
        return {"run_id": run_id, "status": "not queued"}
    return {"run_id": run_id, "status": result.status, "attempts": result.attempts, "error": result.error}
