"""Background turns: a conversation turn answered by a job, from submit to settled.

The turn is the record that lasts. ``submit_turn`` stores it ``pending`` with the job id
before the job is queued; a question job writes its shown answer into it, a cancel or a
failure marks it, and ``settle`` copies a finished job's outcome into a turn still pending
(an analysis, whose job only returns its report, or a worker that died before writing).
RQ's job (meta: stage and progress; result; failure) is what a page polls while it lives.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import redis

from supportwise.errors import ServiceUnavailable
from supportwise.platform.database import Database
from supportwise.queue.cancel import cancel
from supportwise.queue.kinds import JobKind
from supportwise.queue.status import JobState, JobStatus, job_status
from supportwise.queue.submit import submit
from supportwise.records import audit, conversations
from supportwise.records.conversations import Turn, TurnKind, TurnStatus
from supportwise.records.roles import Principal


@dataclass(frozen=True)
class Submitted:
    """Sent to the background; poll settle(job_id)."""

    job_id: str
    turn_id: int
    question: str
    kind: TurnKind = TurnKind.ANSWER   # what the job's result is: an Answer, or an analysis report


def submit_turn(db: Database, connection: redis.Redis, principal: Principal, conversation_id: str, question: str,
                job: JobKind, args: tuple, *, kind: TurnKind = TurnKind.ANSWER) -> Submitted:
    """Store a pending turn, then queue ``job`` with ``args``.

    ServiceUnavailable when Redis refuses the job: the pending turn is withdrawn, so the error
    answer the envelope makes of it is the question's one turn.
    """
    job_id = uuid.uuid4().hex
    # The turn first: a fast worker must find it when it finishes.
    turn_id = conversations.append_turn(db, conversation_id, principal, question, None, job_id=job_id,
                                        status=TurnStatus.PENDING, kind=kind)
    try:
        submit(connection, job, owner=principal.username, args=args, job_id=job_id)
    except ServiceUnavailable:
        conversations.withdraw_turn(db, turn_id, principal)
        raise
    return Submitted(job_id, turn_id, question, kind)


def settle(db: Database, connection: redis.Redis, principal: Principal, job_id: str) -> JobStatus:
    """The job's status, first copying a finished outcome into its turn if the turn is still pending."""
    turn = conversations.turn_for_job(db, job_id, principal)
    if turn.status != TurnStatus.PENDING:
        return from_turn(turn)
    status = job_status(connection, job_id, principal=principal)
    if status.state == JobState.DONE:
        conversations.update_turn(db, turn.id, principal, status=TurnStatus.DONE, answer=status.answer)
    elif status.state in (JobState.FAILED, JobState.CANCELLED):
        conversations.update_turn(db, turn.id, principal, status=TurnStatus(status.state), error=status.error)
    return status


def cancel_turn(db: Database, connection: redis.Redis, principal: Principal, job_id: str) -> JobStatus:
    """Cancel one of the principal's background turns; its real outcome if the job finished first.

    NotFound for a job that is not the principal's.
    """
    turn = conversations.turn_for_job(db, job_id, principal)
    stopped = cancel(connection, principal, job_id)
    if conversations.update_turn(db, turn.id, principal, status=TurnStatus.CANCELLED):
        audit.record(db.app, principal, f"{'question' if turn.kind == TurnKind.ANSWER else 'analysis'}_cancelled",
                     question=turn.question,
                     detail={"job_id": job_id, "turn_id": turn.id, "was": stopped.stage})
        return JobStatus(JobState.CANCELLED, 0.0, "cancelled")
    return from_turn(conversations.turn_for_job(db, job_id, principal))


def from_turn(turn: Turn) -> JobStatus:
    """A settled turn as a job status (the job itself may be long forgotten by RQ)."""
    if turn.status == TurnStatus.DONE:
        return JobStatus(JobState.DONE, 1.0, "done", answer=turn.answer)
    if turn.status == TurnStatus.PENDING:
        return JobStatus(JobState.RUNNING, 0.0, "pending")
    state = JobState(turn.status)
    return JobStatus(state, 1.0 if state == JobState.FAILED else 0.0, str(state), error=turn.error)
