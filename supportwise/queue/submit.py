"""One way onto the queue: ``submit(connection, kind, owner=…, args=…)``.

Every job's meta starts with its kind and owner (the one ownership rule: see queue.control),
the stage ``queued`` and progress 0. Only plain values travel: the worker loads the owner's
role and team from the database itself.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import redis
from rq import Callback, Queue

from supportwise.errors import ServiceUnavailable
from supportwise.queue.kinds import ANALYSIS, ENRICHMENT, JobKind
from supportwise.records.roles import Principal


def submit(connection: redis.Redis, kind: JobKind, *, owner: str | None, args: tuple = (),
           kwargs: dict[str, Any] | None = None, job_id: str | None = None, timeout_s: int | None = None) -> str:
    """Queue one job of ``kind``; return its id. ServiceUnavailable when Redis does not take it."""
    job_id = job_id or uuid.uuid4().hex
    try:
        Queue(kind.queue, connection=connection).enqueue(
            kind.function, args=args, kwargs=kwargs or {}, job_id=job_id, job_timeout=timeout_s or kind.timeout_s,
            result_ttl=kind.result_ttl_s, failure_ttl=kind.failure_ttl_s, ttl=kind.ttl_s,
            meta={"kind": kind.name, "owner": owner, "stage": "queued", "progress": 0.0},
            on_failure=Callback(kind.on_failure) if kind.on_failure else None,
            on_stopped=Callback(kind.on_stopped) if kind.on_stopped else None)
    except redis.RedisError as exc:
        raise ServiceUnavailable(f"Cannot reach Redis to queue the {kind.label}", detail=str(exc)) from exc
    return job_id


def submit_analysis(connection: redis.Redis, principal: Principal, question: str, *, today: date,
                    job_id: str | None = None) -> str:
    """Queue the root-cause analysis of ``question`` for ``principal`` (the Trends page, a "why …?" turn)."""
    return submit(connection, ANALYSIS, owner=principal.username,
                  args=(principal.username, question, today.isoformat()), job_id=job_id)


def submit_enrichment(connection: redis.Redis, *, batch_size: int = 500, embeddings: bool | None = None) -> str:
    """Queue one run of text enrichment (nobody's: it serves everyone)."""
    return submit(connection, ENRICHMENT, owner=None, kwargs={"batch_size": batch_size, "embeddings": embeddings})
