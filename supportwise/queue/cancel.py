"""One cancel: unqueue a job, or stop it while it runs — only its owner may."""

from __future__ import annotations

import redis
from rq.command import send_stop_job_command
from rq.exceptions import InvalidJobOperation
from rq.job import JobStatus as RQStatus

from supportwise.queue.kinds import JobKind
from supportwise.queue.status import QUEUED, JobState, JobStatus, job_status, owned_job
from supportwise.records.roles import Principal


def cancel(connection: redis.Redis, principal: Principal, job_id: str, kind: JobKind | None = None) -> JobStatus:
    """Cancel one of the principal's jobs; its status afterwards (its real outcome if it finished first).

    Returns what the job was doing as ``stage`` ("running" or "queued") when it was cancelled
    now; NotFound for a job that is not the principal's.
    """
    job = owned_job(connection, principal, job_id, kind)
    was = None
    if job is not None:
        status = job.get_status(refresh=True)
        try:
            if status == RQStatus.STARTED:
                send_stop_job_command(connection, job_id)  # the worker kills the work horse
                was = "running"
            elif status in QUEUED:
                job.cancel()
                was = "queued"
        except InvalidJobOperation:
            pass  # it finished in between: its real outcome is returned below
    settled = job_status(connection, job_id)
    if settled.state in (JobState.DONE, JobState.FAILED) and was is None:
        return settled
    return JobStatus(JobState.CANCELLED, settled.progress, was or "cancelled")
