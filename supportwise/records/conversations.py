"""Ask-page history: conversations and their turns, so a reload shows what was asked and answered.

A conversation belongs to one user; every read and write here checks ``user_id``, so a
conversation id alone never reaches someone else's history (a stranger's id is NotFound,
the same as a missing one). The conversation id is also the engine's session id: follow-up
context lives in Redis under it (``supportwise.questions.session``), the history lives here.

A turn stores the answer exactly as the user was shown it (already masked for their role).
A turn answered in the background starts ``pending`` with its RQ job id and no answer; the
job writes the answer when it finishes (``update_turn``), or a cancel marks it ``cancelled``.
Only a pending turn changes: whichever of "finished" and "cancelled" lands first wins.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from supportwise.errors import InvalidInput, NotFound
from supportwise.platform.database import Database
from supportwise.records.roles import Principal


class TurnStatus(StrEnum):
    PENDING = "pending"       # answered in the background: the job writes it
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"


class TurnKind(StrEnum):
    """What a turn's stored payload is."""

    ANSWER = "answer"         # Answer.to_dict() (CONTRACT §3) as the user was shown it
    ANALYSIS = "analysis"     # RootCauseReport.to_dict() of a "why …?" question


TURN_STATUSES = tuple(TurnStatus)
FINAL_STATUSES = (TurnStatus.DONE, TurnStatus.CANCELLED, TurnStatus.FAILED)
TITLE_LENGTH = 80

_TURN_COLUMNS = ("tu.id, tu.conversation_id, tu.question, tu.answer, tu.status, tu.job_id, tu.audit_id, tu.error, "
                 "tu.created_at, tu.finished_at, tu.kind")
# A turn with the user who owns it, through its conversation: every per-turn change checks u.username.
_OWNED_TURNS = ("app.conversation_turns tu JOIN app.conversations c ON c.id = tu.conversation_id "
                "JOIN app.users u ON u.id = c.user_id")


@dataclass(frozen=True)
class Turn:
    id: int
    conversation_id: str
    question: str
    answer: dict[str, Any] | None     # the payload as shown (see kind); None while pending (or failed/cancelled)
    status: TurnStatus
    job_id: str | None
    audit_id: int | None
    error: str | None
    created_at: datetime
    finished_at: datetime | None
    kind: TurnKind = TurnKind.ANSWER


@dataclass(frozen=True)
class Conversation:
    id: str
    title: str | None
    created_at: datetime
    updated_at: datetime
    turns: list[Turn] = field(default_factory=list)


def user_id(conn: Connection, principal: Principal) -> int:
    """The app.users id of a principal; NotFound for someone without an account (e.g. the CLI's local admin)."""
    found = conn.execute(sa.text("SELECT id FROM app.users WHERE username = :u AND active"),
                         {"u": principal.username}).scalar()
    if found is None:
        raise NotFound(f"No active user named {principal.username!r}; history is kept for app users only.")
    return found


def start(db: Database, principal: Principal) -> str:
    """Open a new conversation for the principal; return its id (also the engine session id)."""
    conversation_id = uuid.uuid4().hex
    with db.app.begin() as conn:
        conn.execute(sa.text("INSERT INTO app.conversations (id, user_id) VALUES (:c, :u)"),
                     {"c": conversation_id, "u": user_id(conn, principal)})
    return conversation_id


def latest(db: Database, principal: Principal, *, within: timedelta = timedelta(hours=12)) -> Conversation | None:
    """The principal's most recently used conversation, with its turns, if used within ``within``; else None."""
    with db.app.connect() as conn:
        row = conn.execute(sa.text(
            "SELECT c.id, c.title, c.created_at, c.updated_at FROM app.conversations c "
            "JOIN app.users u ON u.id = c.user_id "
            "WHERE u.username = :u AND c.updated_at >= now() - make_interval(secs => :s) "
            "ORDER BY c.updated_at DESC, c.created_at DESC LIMIT 1"),
            {"u": principal.username, "s": within.total_seconds()}).first()
        if row is None:
            return None
        return Conversation(row.id, row.title, row.created_at, row.updated_at, _turns(conn, row.id))


def turns(db: Database, conversation_id: str, principal: Principal) -> list[Turn]:
    """The turns of one of the principal's conversations, oldest first; NotFound for anyone else's."""
    with db.app.connect() as conn:
        _own(conn, conversation_id, principal)
        return _turns(conn, conversation_id)


def append_turn(db: Database, conversation_id: str, principal: Principal, question: str,
                answer: dict[str, Any] | None, *, job_id: str | None = None, status: str = TurnStatus.DONE,
                kind: str = TurnKind.ANSWER) -> int:
    """Add a turn to one of the principal's conversations; return its id.

    ``answer`` is ``Answer.to_dict()`` as shown to the user (None for a pending background turn).
    Its ``audit_id``, when present, is kept on the turn so feedback can point at the audit row.
    """
    if status not in TURN_STATUSES:
        raise InvalidInput(f"Unknown turn status {status!r}; choose one of {', '.join(TURN_STATUSES)}")
    if kind not in tuple(TurnKind):
        raise InvalidInput(f"Unknown turn kind {kind!r}; choose one of {', '.join(TurnKind)}")
    if not question or not question.strip():
        raise InvalidInput("A turn needs the question that was asked")
    if status == "done" and answer is None:
        raise InvalidInput("A finished turn needs its answer")
    with db.app.begin() as conn:
        _own(conn, conversation_id, principal, lock=True)
        turn_id = conn.execute(sa.text(
            "INSERT INTO app.conversation_turns (conversation_id, question, answer, status, job_id, audit_id, "
            "finished_at, kind) VALUES (:c, :q, CAST(:a AS jsonb), :s, :j, :audit, "
            "CASE WHEN :s = 'pending' THEN NULL ELSE now() END, :k) RETURNING id"),
            {"c": conversation_id, "q": question, "a": _json(answer), "s": str(status), "j": job_id,
             "audit": _audit_id(answer), "k": str(kind)}).scalar_one()
        conn.execute(sa.text(
            "UPDATE app.conversations SET updated_at = now(), title = coalesce(title, :t) WHERE id = :c"),
            {"c": conversation_id, "t": question.strip()[:TITLE_LENGTH]})
    return turn_id


def update_turn(db: Database, turn_id: int, principal: Principal, *, status: str,
                answer: dict[str, Any] | None = None, error: str | None = None) -> bool:
    """Finish a pending turn of the principal's: done with its answer, failed with an error, or cancelled.

    Returns False (and changes nothing) when the turn is no longer pending — e.g. a job that
    finishes after the user cancelled it leaves the turn cancelled. NotFound for anyone else's turn.
    """
    if status not in FINAL_STATUSES:
        raise InvalidInput(f"A turn can only be finished as one of {', '.join(FINAL_STATUSES)}")
    if status == "done" and answer is None:
        raise InvalidInput("A finished turn needs its answer")
    with db.app.begin() as conn:
        owner = conn.execute(sa.text(
            f"SELECT tu.status FROM {_OWNED_TURNS} WHERE tu.id = :t AND u.username = :u FOR UPDATE OF tu"),
            {"t": turn_id, "u": principal.username}).first()
        if owner is None:
            raise NotFound(f"No conversation turn {turn_id} of yours")
        if owner.status != "pending":
            return False
        conn.execute(sa.text(
            "UPDATE app.conversation_turns SET status = :s, answer = coalesce(CAST(:a AS jsonb), answer), "
            "audit_id = coalesce(:audit, audit_id), error = :e, finished_at = now() WHERE id = :t"),
            {"t": turn_id, "s": str(status), "a": _json(answer), "audit": _audit_id(answer), "e": error})
        conn.execute(sa.text(
            "UPDATE app.conversations SET updated_at = now() WHERE id = "
            "(SELECT conversation_id FROM app.conversation_turns WHERE id = :t)"), {"t": turn_id})
    return True


def withdraw_turn(db: Database, turn_id: int, principal: Principal) -> None:
    """Delete a pending turn of the principal's whose job never got queued (the error answer takes its place)."""
    with db.app.begin() as conn:
        conn.execute(sa.text(
            "DELETE FROM app.conversation_turns WHERE id = "
            f"(SELECT tu.id FROM {_OWNED_TURNS} WHERE tu.id = :t AND u.username = :u AND tu.status = 'pending')"),
            {"t": turn_id, "u": principal.username})


def turn_for_job(db: Database, job_id: str, principal: Principal) -> Turn:
    """The principal's turn answered by background job ``job_id``; NotFound for anyone else's job."""
    with db.app.connect() as conn:
        row = conn.execute(sa.text(
            f"SELECT {_TURN_COLUMNS} FROM {_OWNED_TURNS} WHERE tu.job_id = :j AND u.username = :u"),
            {"j": job_id, "u": principal.username}).first()
    if row is None:
        raise NotFound("No question of yours is running under that job id.")
    return _turn(row)


def _own(conn: Connection, conversation_id: str, principal: Principal, *, lock: bool = False) -> None:
    found = conn.execute(sa.text(
        "SELECT c.id FROM app.conversations c JOIN app.users u ON u.id = c.user_id "
        f"WHERE c.id = :c AND u.username = :u{' FOR UPDATE OF c' if lock else ''}"),
        {"c": conversation_id, "u": principal.username}).first()
    if found is None:
        raise NotFound("No such conversation of yours.")


def _turns(conn: Connection, conversation_id: str) -> list[Turn]:
    rows = conn.execute(sa.text(
        f"SELECT {_TURN_COLUMNS} FROM app.conversation_turns tu WHERE tu.conversation_id = :c ORDER BY tu.id"),
        {"c": conversation_id}).all()
    return [_turn(row) for row in rows]


def _turn(row: Any) -> Turn:
    values = list(row)
    values[4], values[10] = TurnStatus(values[4]), TurnKind(values[10])
    return Turn(*values)


def _json(answer: dict[str, Any] | None) -> str | None:
    return None if answer is None else json.dumps(answer, ensure_ascii=False)


def _audit_id(answer: dict[str, Any] | None) -> int | None:
    value = (answer or {}).get("audit_id")
    return value if isinstance(value, int) else None
