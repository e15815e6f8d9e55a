"""What a page is told about a background job: state, progress, stage, result or a sentence.

One vocabulary: RQ's many statuses fold into JobState (queued, running, done, failed,
cancelled); ``progress`` is always a fraction and ``stage`` a word the job wrote in its meta.
Kept free of the question pipeline so the worker's failure callback imports it in a moment,
even in a work horse that ran out of time while still importing the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import redis
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job
from rq.job import JobStatus as RQStatus
from rq.timeouts import JobTimeoutException

from supportwise.errors import NotFound, SupportWiseError
from supportwise.queue.kinds import JobKind
from supportwise.records.roles import Principal

GENERIC_ERROR = "Something went wrong while answering in the background; the error was logged. Please ask again."
LOST = "This background question is no longer known to the queue (expired or lost); please ask it again."


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


QUEUED = frozenset({RQStatus.CREATED, RQStatus.QUEUED, RQStatus.DEFERRED, RQStatus.SCHEDULED,
                    RQStatus.READY_TO_ENQUEUE, RQStatus.RATE_LIMITED})
SETTLED = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED})


@dataclass(frozen=True)
class JobStatus:
    state: JobState
    progress: float                 # 0.0 … 1.0
    stage: str                      # queued, starting, planning, running query, masking, saving, done …
    answer: dict[str, Any] | None = None   # the job's result once done (Answer.to_dict(), a report's dict …)
    error: str | None = None        # a sentence for people, never a traceback

    @property
    def settled(self) -> bool:
        return self.state in SETTLED


def owned_job(connection: redis.Redis, principal: Principal, job_id: str, kind: JobKind | None = None) -> Job | None:
    """The job if ``principal`` queued it (and it is of ``kind``); None once RQ forgot it; NotFound otherwise.

    The one ownership rule: the owner and kind that ``queue.submit`` wrote into the job's meta.
    """
    try:
        job = Job.fetch(job_id, connection=connection)
        meta = job.get_meta(refresh=True)
    except (NoSuchJobError, InvalidJobOperation):
        return None
    if meta.get("owner") != principal.username or (kind is not None and meta.get("kind") != kind.name):
        raise NotFound(f"No such {kind.label if kind else 'job'} of yours")
    return job


def job_status(connection: redis.Redis, job_id: str, *, principal: Principal | None = None,
               kind: JobKind | None = None) -> JobStatus:
    """Where a job is; with ``principal``, only for its owner (NotFound for anyone else's)."""
    if principal is not None:
        owned_job(connection, principal, job_id, kind)
    try:
        job = Job.fetch(job_id, connection=connection)
        status = job.get_status(refresh=True)
    except (NoSuchJobError, InvalidJobOperation):
        return JobStatus(JobState.FAILED, 0.0, "lost", error=LOST)
    meta = job.get_meta(refresh=True)
    progress, stage = float(meta.get("progress") or 0.0), str(meta.get("stage", "queued"))
    if status in QUEUED:
        return JobStatus(JobState.QUEUED, 0.0, "queued")
    if status == RQStatus.STARTED:
        return JobStatus(JobState.RUNNING, progress, stage)
    if status == RQStatus.FINISHED:
        return JobStatus(JobState.DONE, 1.0, "done", answer=job.return_value(refresh=True))
    if status in (RQStatus.STOPPED, RQStatus.CANCELED):
        return JobStatus(JobState.CANCELLED, progress, "cancelled")
    # FAILED: the failure callback leaves a sentence; a killed work horse leaves none
    return JobStatus(JobState.FAILED, progress, stage, error=meta.get("error") or GENERIC_ERROR)


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
