"""Run an analysis in the background: enqueue ``jobs.analysis.run_analysis`` on the 'heavy' queue.

The job's meta carries ``progress`` (0..1) and ``stage``; its result is
``RootCauseReport.to_dict()``. Follow it with ``supportwise.background.job_status(connection, job_id)``
(state, progress, stage, and the report as ``answer`` once done).
"""

from __future__ import annotations

import uuid
from datetime import date

import redis
from rq import Queue

from supportwise.errors import ServiceUnavailable
from supportwise.roles import Principal

QUEUE = "heavy"
JOB_FUNCTION = "jobs.analysis.run_analysis"
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
