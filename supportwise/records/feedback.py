""""Was this right?": a person's verdict on an answer, linked to the audit row of the question.

The link: the caller passes ``audit_id`` (``Answer.audit_id``, also kept on the conversation
turn); without it, the latest 'question' audit row of this user for this exact question is
used, and failing that the feedback is stored unlinked (it still names the question).
An audit row of its own (action 'feedback') records that feedback was given; the free-text
comment stays out of the append-only audit trail, because erasure deletes feedback rows
but may only pseudonymize audit rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import Connection

from supportwise.errors import InvalidInput, NotFound
from supportwise.platform.database import Database
from supportwise.records import audit
from supportwise.records.conversations import user_id
from supportwise.records.roles import Principal

VERDICTS = ("right", "wrong")
MAX_COMMENT = 2000


@dataclass(frozen=True)
class Feedback:
    id: int
    verdict: str
    question: str | None
    comment: str | None
    audit_id: int | None
    turn_id: int | None
    created_at: datetime


def record_feedback(db: Database, principal: Principal, *, question: str, verdict: str, comment: str | None = None,
                    audit_id: int | None = None, turn_id: int | None = None) -> int:
    """Store one verdict ('right' | 'wrong') on an answer the principal was shown; return its id."""
    if verdict not in VERDICTS:
        raise InvalidInput(f"Feedback is 'right' or 'wrong', not {verdict!r}")
    question = (question or "").strip()
    if not question:
        raise InvalidInput("Feedback needs the question it is about")
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > MAX_COMMENT:
        raise InvalidInput(f"Comments are at most {MAX_COMMENT} characters")
    with db.app.begin() as conn:
        uid = user_id(conn, principal)
        if audit_id is not None:
            _check_audit_row(conn, audit_id, principal)
        else:
            audit_id = _latest_question_row(conn, principal, question)
        if turn_id is not None:
            _check_turn(conn, turn_id, uid)
        feedback_id = conn.execute(sa.text(
            "INSERT INTO app.feedback (audit_id, user_id, verdict, comment, question, turn_id) "
            "VALUES (:a, :u, :v, :c, :q, :t) RETURNING id"),
            {"a": audit_id, "u": uid, "v": verdict, "c": comment, "q": question, "t": turn_id}).scalar_one()
    audit.record(db.app, principal, "feedback", question=question,
                 detail={"verdict": verdict, "feedback_id": feedback_id, "question_audit_id": audit_id,
                         "has_comment": comment is not None})
    return feedback_id


def feedback_for(db: Database, principal: Principal, *, limit: int = 100) -> list[Feedback]:
    """The principal's own feedback, newest first (e.g. to show 'you said this was wrong' on reload)."""
    with db.app.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT f.id, f.verdict, f.question, f.comment, f.audit_id, f.turn_id, f.created_at "
            "FROM app.feedback f JOIN app.users u ON u.id = f.user_id WHERE u.username = :u "
            "ORDER BY f.id DESC LIMIT :n"), {"u": principal.username, "n": limit}).all()
    return [Feedback(*row) for row in rows]


def _check_audit_row(conn: Connection, audit_id: int, principal: Principal) -> None:
    found = conn.execute(sa.text(
        "SELECT 1 FROM app.audit_log WHERE id = :a AND action = 'question' AND username = :u"),
        {"a": audit_id, "u": principal.username}).first()
    if found is None:
        raise InvalidInput("That answer is not one of your questions")


def _latest_question_row(conn: Connection, principal: Principal, question: str) -> int | None:
    return conn.execute(sa.text(
        "SELECT max(id) FROM app.audit_log WHERE action = 'question' AND username = :u AND question = :q"),
        {"u": principal.username, "q": question}).scalar()


def _check_turn(conn: Connection, turn_id: int, uid: int) -> None:
    found = conn.execute(sa.text(
        "SELECT 1 FROM app.conversation_turns tu JOIN app.conversations c ON c.id = tu.conversation_id "
        "WHERE tu.id = :t AND c.user_id = :u"), {"t": turn_id, "u": uid}).first()
    if found is None:
        raise NotFound("No conversation turn of yours with that id")
