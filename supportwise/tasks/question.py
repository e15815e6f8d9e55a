"""The background question job: answer one heavy question inside the worker and store it in its turn.

Enqueued by ``supportwise.questions.router.submit_question`` on queue 'heavy' with a pending turn
already stored under the job's id. The job builds its own connections, asks as the user
(their role, scope, masking and audit row), writes progress to ``job.meta`` and the shown
answer into the turn, so the answer survives a reload even after RQ forgets the job.
Failures — an exception, the job's time limit — go through ``record_failure`` (an RQ failure
callback): the turn is marked failed and ``job.meta['error']`` gets a sentence for people.
"""

from __future__ import annotations

import logging
from datetime import date

from rq import get_current_job
from rq.job import Job

from supportwise.records import conversations

from supportwise.platform import redis_client
from supportwise.platform.database import Database
from supportwise.errors import NotFound, PermissionDenied
from supportwise.queue.status import friendly_error
from supportwise.records.roles import Principal
from supportwise.platform.settings import Settings
from supportwise.records.users import get_user

log = logging.getLogger(__name__)

# How far along each stage is, for a progress bar; ask() names planning, running query and masking.
STAGES = {"queued": 0.0, "starting": 0.05, "planning": 0.1, "running query": 0.3, "masking": 0.8, "saving": 0.9,
          "done": 1.0}


def answer_question(username: str, question: str, conversation_id: str, today_iso: str,
                    client: dict | None = None) -> dict:
    """Run inside the worker: ask() as ``username`` and store the answer in the job's turn; return Answer.to_dict()."""
    job = get_current_job()
    _report(job, "starting")
    # Imported here, not at the top: RQ imports this module in every work horse, and the failure
    # callback below must import in a moment even when the time limit struck during this import
    # (the question pipeline pulls in presidio and spaCy: seconds on a cold worker).
    from supportwise.questions.ask import AskContext, ask

    settings = Settings.from_env()
    database = Database.from_settings(settings)
    connection = redis_client.connect(settings)
    try:
        principal = _principal(database, username)
        ctx = AskContext(database, settings, principal, date.fromisoformat(today_iso), session_id=conversation_id,
                         redis=connection, client=client, progress=lambda stage: _report(job, stage))
        shown = ask(question, ctx).to_dict()
        _report(job, "saving")
        if job is not None:
            turn = conversations.turn_for_job(database, job.id, principal)
            conversations.update_turn(database, turn.id, principal, status="done", answer=shown)
        _report(job, "done")
        return shown
    finally:
        connection.close()
        database.dispose()


def record_failure(job: Job, connection, exc_type, exc_value, traceback) -> None:
    """RQ failure callback (runs in the work horse): a friendly error in job.meta and on the turn."""
    message = friendly_error(exc_value, job.timeout)
    log.warning("background question %s failed: %s", job.id, exc_value)
    job.meta["error"] = message
    job.save_meta()
    _finish_turn(job, "failed", message)


def record_stop(job: Job, connection) -> None:
    """RQ stopped callback: a stopped job's turn is cancelled (cancel() usually did that already)."""
    _finish_turn(job, "cancelled", None)


def _principal(database: Database, username: str) -> Principal:
    user = get_user(database.app, username)
    if not user.active:
        raise PermissionDenied("Your account was deactivated before this question ran.")
    return user.principal()


def _report(job: Job | None, stage: str) -> None:
    if job is None:
        return
    job.meta["stage"] = stage
    job.meta["progress"] = STAGES.get(stage, job.meta.get("progress", 0.0))
    job.meta["stages"] = [*job.meta.get("stages", []), stage]  # the path taken, for the log and tests
    job.save_meta()


def _finish_turn(job: Job, status: str, error: str | None) -> None:
    username = job.args[0] if job.args else None
    if not username:
        return
    settings = Settings.from_env()
    database = Database.from_settings(settings)
    try:
        principal = get_user(database.app, username).principal()
        turn = conversations.turn_for_job(database, job.id, principal)
        conversations.update_turn(database, turn.id, principal, status=status, error=error)
    except NotFound:
        log.warning("job %s: no turn of %s to mark %s", job.id, username, status)
    finally:
        database.dispose()
