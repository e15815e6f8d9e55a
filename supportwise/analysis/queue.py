"""Run an analysis in the background: enqueue ``supportwise.tasks.analysis.run_analysis`` on the 'heavy' queue.

The job's meta carries ``progress`` (0..1) and ``stage``; its result is
``RootCauseReport.to_dict()``. Follow it with ``analysis_status`` (``supportwise.queue.status.job_status``
for the principal who queued it: state, progress, stage, and the report as ``answer`` once done);
stop it with ``cancel_analysis``.
"""

from __future__ import annotations

import uuid
from datetime import date

import redis
from rq import Queue
from rq.command import send_stop_job_command
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job, JobStatus as RQStatus

from supportwise.errors import NotFound, ServiceUnavailable
from supportwise.queue.status import QUEUED, JobStatus, job_status
from supportwise.records.roles import Principal

QUEUE = "heavy"
JOB_FUNCTION = "supportwise.tasks.analysis.run_analysis"
JOB_TIMEOUT_S = 600        # an analysis of 6,000 tickets takes well under a minute; this is the backstop
RESULT_TTL_S = 24 * 3600


def enqueue_analysis(connection: redis.Redis, principal: Principal, question: str, *, today: date,
                     job_timeout: int = JOB_TIMEOUT_S) -> str:
    """Queue the analysis of ``question`` for ``principal``; return the job id.

    Only the username travels: the worker loads the user's role and team from the database.
    """
    job_id = uuid.uuid4().hex
    try:
        Queue(QUEUE, connection=connection).enqueue(
            JOB_FUNCTION, principal.username, question, today.isoformat(), job_id=job_id, job_timeout=job_timeout,
            result_ttl=RESULT_TTL_S, failure_ttl=RESULT_TTL_S, meta={"stage": "queued", "progress": 0.0})
    except redis.RedisError as exc:
        raise ServiceUnavailable("Cannot reach Redis to queue the analysis", detail=str(exc)) from exc
    return job_id


def analysis_status(connection: redis.Redis, principal: Principal, job_id: str) -> JobStatus:
    """job_status of one of the principal's analyses (the report as ``answer`` once done); NotFound otherwise."""
    _owned(connection, principal, job_id)
    return job_status(connection, job_id)


def cancel_analysis(connection: redis.Redis, principal: Principal, job_id: str) -> JobStatus:
    """Unqueue one of the principal's analyses, or stop it while it runs; its status afterwards."""
    job = _owned(connection, principal, job_id)
    if job is not None:
        status = job.get_status(refresh=True)
        try:
            if status == RQStatus.STARTED:
                send_stop_job_command(connection, job_id)  # the worker kills the work horse
            elif status in QUEUED:
                job.cancel()
        except InvalidJobOperation:
            pass  # it finished in between: its real outcome is returned below
    settled = job_status(connection, job_id)
    return settled if settled.state in ("done", "failed") else JobStatus("cancelled", settled.progress, "cancelled")


def _owned(connection: redis.Redis, principal: Principal, job_id: str) -> Job | None:
    """The analysis job if the principal queued it (None once RQ forgot it); NotFound for anyone else's."""
    try:
        job = Job.fetch(job_id, connection=connection)
    except (NoSuchJobError, InvalidJobOperation):
        return None
    if job.func_name != JOB_FUNCTION or not job.args or job.args[0] != principal.username:
        raise NotFound("No such analysis of yours")
    return job
