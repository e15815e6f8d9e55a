"""Verified answers, stored: an admin marks an answered question as verified; its QuerySpec and SQL are kept.

The planner matches a new question on its normalized text (``question_key``) before parsing it
(``questions.templates``). Marking and removing are audit rows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy import Engine

from supportwise.engine.compile import compile_spec
from supportwise.engine.lexicon import normalize
from supportwise.engine.parse import parse_question
from supportwise.engine.spec import QuerySpec
from supportwise.errors import InvalidInput, NotFound, PermissionDenied, QuestionError
from supportwise.questions.answer import Answer
from supportwise.records import audit
from supportwise.records.roles import Principal


@dataclass(frozen=True)
class VerifiedQuestion:
    id: int
    question: str
    spec: dict[str, Any]
    sql: str
    verified_by: str
    verified_at: datetime


def question_key(question: str) -> str:
    """What two askings of one question share: its words, folded and normalized.

    >>> question_key("How many URGENT tickets did we get last week?")
    'how many urgent tickets did we get last week'
    """
    return " ".join(re.findall(r"[^\W_]+(?:[-'.][^\W_]+)*", normalize(question or "")))


def mark_verified(engine: Engine, principal: Principal, answer: Answer) -> VerifiedQuestion:
    """Keep an ok answer's question and spec as a verified template (again: replaces the earlier one)."""
    if principal.role != "admin":
        raise PermissionDenied("Only admins can mark answers as verified.")
    if answer.status != "ok" or not answer.spec:
        raise InvalidInput("Only an answered plain-English question can be verified.")
    key = question_key(answer.question)
    if not key:
        raise InvalidInput("A verified answer needs its question.")
    try:
        spec = QuerySpec.model_validate(answer.spec)
    except ValidationError as exc:
        raise InvalidInput("This answer's question could not be read back; ask it again, then verify it.",
                           detail=str(exc)) from exc
    if _is_followup(answer.question, spec):
        raise InvalidInput("This question reads differently after an earlier one (a follow-up such as 'and for "
                           "P2s?'); verify the whole question instead, asked on its own.")
    sql = compile_spec(spec).display_sql()
    with engine.begin() as conn:
        found = conn.execute(sa.text(
            "INSERT INTO app.verified_questions (question, question_key, spec, sql, verified_by) "
            "VALUES (:q, :k, CAST(:s AS jsonb), :sql, :by) ON CONFLICT (question_key) DO UPDATE SET "
            "question = EXCLUDED.question, spec = EXCLUDED.spec, sql = EXCLUDED.sql, "
            "verified_by = EXCLUDED.verified_by, verified_at = now() RETURNING id"),
            {"q": answer.question, "k": key, "s": json.dumps(spec.model_dump(mode="json")), "sql": sql,
             "by": principal.username}).scalar_one()
    audit.record(engine, principal, "verified_add", question=answer.question, sql=sql,
                 detail={"verified_id": found, "audit_id": answer.audit_id})
    return get_verified(engine, found)


def _is_followup(question: str, spec: QuerySpec) -> bool:
    """Would the parser read the question differently after the answered one than on its own? Then a
    template of it would answer a follow-up for everyone. (A question only an LLM answered reads alike.)"""
    def read(previous: QuerySpec | None) -> QuerySpec | None:
        try:
            return parse_question(question, date.today(), previous=previous)
        except QuestionError:
            return None

    return read(spec) != read(None)


def remove_verified(engine: Engine, principal: Principal, verified_id: int) -> None:
    if principal.role != "admin":
        raise PermissionDenied("Only admins can remove verified answers.")
    with engine.begin() as conn:
        question = conn.execute(sa.text("DELETE FROM app.verified_questions WHERE id = :i RETURNING question"),
                                {"i": verified_id}).scalar()
    if question is None:
        raise NotFound(f"No verified answer {verified_id}.")
    audit.record(engine, principal, "verified_remove", question=question, detail={"verified_id": verified_id})


_COLUMNS = "id, question, spec, sql, verified_by, verified_at"


def get_verified(engine: Engine, verified_id: int) -> VerifiedQuestion:
    with engine.connect() as conn:
        row = conn.execute(sa.text(f"SELECT {_COLUMNS} FROM app.verified_questions WHERE id = :i"),
                           {"i": verified_id}).mappings().first()
    if row is None:
        raise NotFound(f"No verified answer {verified_id}.")
    return VerifiedQuestion(**row)


def find_verified(engine: Engine, question: str) -> VerifiedQuestion | None:
    """The verified answer whose question normalizes to the same words, if any."""
    key = question_key(question)
    if not key:
        return None
    with engine.connect() as conn:
        row = conn.execute(sa.text(f"SELECT {_COLUMNS} FROM app.verified_questions WHERE question_key = :k"),
                           {"k": key}).mappings().first()
    return VerifiedQuestion(**row) if row else None


def list_verified(engine: Engine) -> list[VerifiedQuestion]:
    with engine.connect() as conn:
        rows = conn.execute(sa.text(f"SELECT {_COLUMNS} FROM app.verified_questions ORDER BY verified_at DESC, id DESC")
                            ).mappings().all()
    return [VerifiedQuestion(**row) for row in rows]
