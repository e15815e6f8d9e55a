"""Run enrichment in the background: enqueue ``supportwise.tasks.enrichment.run_enrichment`` on the 'heavy' queue.

Follow it with ``rq.job.Job.fetch(job_id, connection)``: ``job.meta['progress']`` is
``{'done': …, 'total': …}`` (tickets), the result ``EnrichStats.as_dict()``.
"""

from __future__ import annotations

import uuid

import redis
from rq import Queue

from supportwise.errors import ServiceUnavailable

QUEUE = "heavy"
JOB_FUNCTION = "supportwise.tasks.enrichment.run_enrichment"
# The first run over 100k tickets with embeddings takes about half an hour on two cores
# (benchmarks/text_benchmark.py); later runs only see new comments.
JOB_TIMEOUT_S = 4 * 3600
RESULT_TTL_S = 24 * 3600


def enqueue_enrichment(connection: redis.Redis, *, batch_size: int = 500, embeddings: bool | None = None,
                       job_timeout: int = JOB_TIMEOUT_S) -> str:
    """Queue one enrichment run; return the job id."""
    job_id = uuid.uuid4().hex
    try:
        Queue(QUEUE, connection=connection).enqueue(
            JOB_FUNCTION, kwargs={"batch_size": batch_size, "embeddings": embeddings}, job_id=job_id,
            job_timeout=job_timeout, result_ttl=RESULT_TTL_S, failure_ttl=RESULT_TTL_S,
            meta={"progress": {"done": 0, "total": None}})
    except redis.RedisError as exc:
        raise ServiceUnavailable("Cannot reach Redis to queue the enrichment", detail=str(exc)) from exc
    return job_id
