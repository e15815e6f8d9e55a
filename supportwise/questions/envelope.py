"""The one envelope around every front door: timing, masking, a CONTRACT status for every failure, the audit row.

    answer = respond("question", question, ctx, lambda: execute(prepare(question, ctx), ctx))

``produce`` returns the unmasked Answer (or, for work handed to the background, what the
queue returned: that job writes the audit row when it ends). Whatever it raises becomes an
Answer through FAILURES, one table, and every attempt leaves exactly one audit row — a bug
too, which is then re-raised with its traceback rather than dressed up as an answer.
"""

from __future__ import annotations

import time
from typing import Any, Callable, TypeVar

import redis
import sqlalchemy as sa

from supportwise.errors import (
    InvalidInput,
    ModelSqlRefused,
    PermissionDenied,
    QuestionError,
    ServiceUnavailable,
    SupportWiseError,
)
from supportwise.pii.apply import mask_answer
from supportwise.pii.masker import build_masker
from supportwise.questions.answer import Answer
from supportwise.questions.context import AskContext
from supportwise.records import audit

Deferred = TypeVar("Deferred")

REDIS_DOWN = ("The question could not be answered: the session and cache store (Redis) is not reachable. "
              "Please try again in a moment.")
DATABASE_DOWN = "The question could not be answered: the database is not reachable. Please try again in a moment."

# First match wins: (exception class, CONTRACT status or None for the exception's own, sentence or None for its own).
FAILURES: tuple[tuple[type[BaseException], str | None, str | None], ...] = (
    (PermissionDenied, "rejected", None),
    (QuestionError, None, None),              # Unanswerable, Rejected, QueryFailed, RateLimited carry their status
    (InvalidInput, "unanswerable", None),
    (ServiceUnavailable, "error", None),      # the masker without its names, Redis for the queue …
    (SupportWiseError, "error", None),
    (redis.RedisError, "error", REDIS_DOWN),  # rate limit, session context, result cache
    (sa.exc.SQLAlchemyError, "error", DATABASE_DOWN),
)


def failure_answer(question: str, exc: BaseException, *, engine: str = "semantic") -> Answer | None:
    """The Answer FAILURES makes of exc, or None for an exception nobody expected (a bug)."""
    for kind, status, sentence in FAILURES:
        if isinstance(exc, kind):
            refused = exc if isinstance(exc, ModelSqlRefused) else None  # names the model and what it cost
            return Answer(status=status or getattr(exc, "status", "error"), question=question,
                          reason=sentence or str(exc), suggestions=list(getattr(exc, "suggestions", [])),
                          readings=list(getattr(exc, "readings", [])), engine=refused.engine if refused else engine,
                          cost_usd=refused.cost_usd if refused else 0.0)
    return None


def respond(action: str, question: str, ctx: AskContext, produce: Callable[[], Answer | Deferred], *,
            engine: str = "semantic", detail: dict[str, Any] | None = None) -> Answer | Deferred:
    """Run produce as one audited attempt of ``action`` and return what the person is shown."""
    started = time.perf_counter()
    try:
        result = produce()
        if not isinstance(result, Answer):
            return result  # queued: the job's own envelope writes the row when it ends
        answer = result
        if answer.status == "ok" and not ctx.principal.sees_pii:  # cache and audit keep raw values
            ctx.stage("masking")
            answer = mask_answer(answer, ctx.principal, build_masker(ctx.db.reader))
    except Exception as exc:  # noqa: BLE001 — classified by FAILURES; anything else is audited, then re-raised
        answer = failure_answer(question, exc, engine=engine)
        if answer is None:
            _audit(action, ctx, Answer(status="error", question=question, engine=engine), started,
                   {**(detail or {}), "error": type(exc).__name__})
            raise
        if isinstance(exc, ModelSqlRefused):  # the audit row keeps the SQL the guard refused
            detail = {**(detail or {}), **exc.audit_detail}
    _audit(action, ctx, answer, started, detail)
    return answer


def _audit(action: str, ctx: AskContext, answer: Answer, started: float, detail: dict[str, Any] | None) -> None:
    # No answer leaves without its audit row: a failing audit write fails the request.
    answer.duration_ms = (time.perf_counter() - started) * 1000
    if answer.status != "ok" and answer.reason:
        detail = {**(detail or {}), "reason": answer.reason}
    ok = answer.status == "ok"
    answer.audit_id = audit.record(
        ctx.db.app, ctx.principal, action, question=answer.question, sql=answer.sql if ok else None,
        fingerprint=answer.fingerprint if ok else None, row_count=len(answer.rows) if ok else None,
        duration_ms=answer.duration_ms, engine=answer.engine, cost_usd=answer.cost_usd, status=answer.status,
        client=ctx.client, detail=detail or None)
