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


def run_schedules(run_ids: list[int]) -> list[dict]:
    """Deliver runs of schedules, one after another; a run already taken or finished is left alone.

    A batch shares one work horse, its database pools and the masker's name index (building them costs
    more than a delivery); each run is still claimed and settled on its own.
    """
    done = []
    with job_run() as run:
        for run_id in run_ids:
            result = run_scheduled(run.db, run.settings, run_id)
            done.append({"run_id": run_id, "status": "not queued"} if result is None else
                        {"run_id": run_id, "status": result.status, "attempts": result.attempts, "error": result.error})
    return done
