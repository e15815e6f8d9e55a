"""The background question job: execute one prepared question inside the worker and store it in its turn.

Queued by ``supportwise.questions.router`` (job kind QUESTION) with a pending turn already
stored under the job's id and the question's Plan as plain JSON: the worker does not parse
again. It compiles the plan for the user as stored now (role, team scope, masking), runs it
through the same pipeline and envelope as an inline question (one audit row), and writes the
shown answer into the turn, so it survives a reload after RQ forgets the job.
Failures — an exception, the job's time limit — go through ``record_failure`` (an RQ failure
callback): the turn is marked failed, the attempt audited, and ``job.meta['error']`` gets a
sentence for people.
"""

from __future__ import annotations

import logging
from datetime import date

from rq.job import Job

from supportwise.errors import NotFound
from supportwise.queue.status import friendly_error
from supportwise.records import audit, conversations
from supportwise.records.conversations import TurnStatus
from supportwise.records.users import get_user
from supportwise.tasks.bootstrap import job_run

log = logging.getLogger(__name__)

# How far along each stage is, for a progress bar; the pipeline names running query and masking.
STAGES = {"queued": 0.0, "starting": 0.05, "running query": 0.3, "masking": 0.8, "saving": 0.9, "done": 1.0}
DEACTIVATED = "Your account was deactivated before this question ran."


def answer_question(username: str, conversation_id: str, question: str, plan: dict, today_iso: str,
                    client: dict | None = None) -> dict:
    """Run inside the worker: the planned question as ``username``, stored in the job's turn; its Answer.to_dict()."""
    with job_run(stages=STAGES) as run:
        run.report("starting")
        # Imported here, not at the top: RQ imports this module in every work horse, and the failure
        # callback below must import in a moment even when the time limit struck during this import
        # (the question pipeline pulls in presidio and spaCy: seconds on a cold worker).
        from supportwise.questions.context import AskContext
        from supportwise.questions.envelope import respond
        from supportwise.questions.pipeline import compile_plan, execute
        from supportwise.questions.planning import Plan

        principal = run.principal(username, deactivated=DEACTIVATED)
        ctx = AskContext(run.db, run.settings, principal, date.fromisoformat(today_iso), session_id=conversation_id,
                         redis=run.redis, client=client, progress=run.report)
        planned = Plan.from_dict(plan)
        try:
            shown = respond("question", question, ctx, lambda: execute(compile_plan(question, planned, ctx), ctx),
                            engine=planned.engine, detail={"session": conversation_id, "background": True}).to_dict()
        except Exception:
            run.report(audited=True)  # the envelope recorded this attempt before letting the error through
            raise
        run.report("saving")
        if run.job is not None:
            turn = conversations.turn_for_job(run.db, run.job.id, principal)
            conversations.update_turn(run.db, turn.id, principal, status=TurnStatus.DONE, answer=shown)
        run.report("done")
        return shown


def record_failure(job: Job, connection, exc_type, exc_value, traceback) -> None:
    """RQ failure callback (runs in the work horse): a sentence in job.meta and on the turn, and the audit row."""
    message = friendly_error(exc_value, job.timeout)
    log.warning("background question %s failed: %s", job.id, exc_value)
    job.meta["error"] = message
    job.save_meta()
    _finish_turn(job, TurnStatus.FAILED, message)


def record_stop(job: Job, connection) -> None:
    """RQ stopped callback: a stopped job's turn is cancelled (cancel_turn usually did that already)."""
    _finish_turn(job, TurnStatus.CANCELLED, None)


def _finish_turn(job: Job, status: TurnStatus, error: str | None) -> None:
    username, question = (job.args[0], job.args[2]) if len(job.args) >= 3 else (None, None)
    if not username:
        return
    with job_run(job=job) as run:
        try:
            owner = get_user(run.db.app, username).principal()  # active or not: a switched-off account's turn too
            turn = conversations.turn_for_job(run.db, job.id, owner)
            finished = conversations.update_turn(run.db, turn.id, owner, status=status, error=error)
        except NotFound:
            log.warning("job %s: no turn of %s to mark %s", job.id, username, status)
            return
        if finished and status == TurnStatus.FAILED and not job.meta.get("audited"):
            # the envelope never ran to its end (account switched off, time limit): the attempt's audit row
            audit.record(run.db.app, owner, "question", question=question, status="error",
                         detail={"session": turn.conversation_id, "background": True, "reason": error})
