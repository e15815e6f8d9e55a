"""What a page is told about a background question: state, progress, stage, answer or a sentence.

Kept apart from ``supportwise.questions.router`` so the worker's failure callback can import it in
a moment, even in a work horse that ran out of time while still importing the question pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import redis
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job, JobStatus as RQStatus
from rq.timeouts import JobTimeoutException

from supportwise.errors import SupportWiseError

GENERIC_ERROR = "Something went wrong while answering in the background; the error was logged. Please ask again."
LOST = "This background question is no longer known to the queue (expired or lost); please ask it again."

QUEUED = frozenset({RQStatus.CREATED, RQStatus.QUEUED, RQStatus.DEFERRED, RQStatus.SCHEDULED,
                    RQStatus.READY_TO_ENQUEUE, RQStatus.RATE_LIMITED})


@dataclass(frozen=True)
class JobStatus:
    state: str                      # queued | running | done | failed | cancelled
    progress: float                 # 0.0 … 1.0
    stage: str                      # queued, starting, planning, running query, masking, saving, done …
    answer: dict[str, Any] | None = None   # Answer.to_dict() once done
    error: str | None = None        # a sentence for people, never a traceback


def job_status(connection: redis.Redis, job_id: str) -> JobStatus:
    """Where a background question is: state, progress, stage, and the answer or a friendly error."""
    try:
        job = Job.fetch(job_id, connection=connection)
        status = job.get_status(refresh=True)
    except (NoSuchJobError, InvalidJobOperation):
        return JobStatus("failed", 0.0, "lost", error=LOST)
    meta = job.get_meta(refresh=True)
    progress, stage = float(meta.get("progress", 0.0)), str(meta.get("stage", "queued"))
    if status in QUEUED:
        return JobStatus("queued", 0.0, "queued")
    if status == RQStatus.STARTED:
        return JobStatus("running", progress, stage)
    if status == RQStatus.FINISHED:
        return JobStatus("done", 1.0, "done", answer=job.return_value(refresh=True))
    if status in (RQStatus.STOPPED, RQStatus.CANCELED):
        return JobStatus("cancelled", progress, "cancelled")
    # FAILED: the failure callback leaves a sentence; a killed work horse leaves none
    return JobStatus("failed", progress, stage, error=meta.get("error") or GENERIC_ERROR)


def friendly_error(exc: BaseException | None, timeout_s: float | None = None) -> str:
    """What to tell the person: our own errors say it themselves; anything else stays in the worker log.

    The job's time limit can strike anywhere, so the exception's whole chain is searched for it
    (a database call interrupted by it may raise an error of its own on the way out).
    """
    if isinstance(exc, SupportWiseError):
        return str(exc)
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, JobTimeoutException):
            limit = f" {timeout_s:g} s" if timeout_s else ""
            return f"The question took longer than{limit} in the background and was stopped."
        exc = exc.__cause__ or exc.__context__
    return GENERIC_ERROR
