"""Heavy questions in the background: submit to the 'heavy' RQ queue, follow progress, cancel.

``job_status`` and ``JobStatus`` live in ``supportwise.queue.status`` and are re-exported here.

The conversation turn is the record that lasts: ``submit_question`` stores it ``pending`` with
the job id before the job is queued, the job writes the shown answer into it, a cancel or a
failure marks it. RQ's job (meta: stage and progress; result; failure) is what a page polls
while the job lives; ``settle`` copies a finished job's outcome into a turn still pending
(e.g. a worker that died before writing it).

``ask_or_submit`` is the Ask page's one call: parse offline, compile and scope, and when the
planner expects a heavy query, submit it; otherwise answer inline. Only questions the offline
parser reads are checked: planning with an LLM just to decide would pay for the LLM twice.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date

import redis
from rq import Callback, Queue
from rq.command import send_stop_job_command
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job, JobStatus as RQStatus

from supportwise.records import audit, conversations
from supportwise.analysis.queue import enqueue_analysis
from supportwise.analysis.retrieve import catalog
from supportwise.analysis.subject import resolve
from supportwise.questions.answer import Answer
from supportwise.questions.ask import AskContext, ask
from supportwise.platform.database import Database
from supportwise.engine.compile import CompiledQuery, compile_spec
from supportwise.questions.session import SessionContext
from supportwise.engine.names import source_for
from supportwise.engine.parse import parse_question
from supportwise.engine.spec import QuerySpec
from supportwise.errors import InvalidInput, QuestionError, ServiceUnavailable, Unanswerable
from supportwise.questions.plan_cost import is_heavy
from supportwise.queue.status import QUEUED, JobStatus, job_status
from supportwise.questions.cache import ResultCache, fingerprint
from supportwise.records.roles import Principal
from supportwise.guard.scope import restrict_to_team
from supportwise.questions.ticket_search import answer_search, search_text

__all__ = ["Answered", "JobStatus", "Submitted", "ask_or_submit", "cancel", "job_status", "settle",
           "submit_question"]

HEAVY_QUEUE = "heavy"
JOB_FUNCTION = "supportwise.tasks.question.answer_question"
JOB_TIMEOUT_S = 300      # the SQL itself is still bounded by SUPPORTWISE_STATEMENT_TIMEOUT_MS
RESULT_TTL_S = 24 * 3600  # the turn keeps the answer for good; RQ only needs it while a page polls


@dataclass(frozen=True)
class Answered:
    """ask_or_submit answered inline; the turn is stored."""

    answer: Answer
    turn_id: int


@dataclass(frozen=True)
class Submitted:
    """ask_or_submit sent the question to the background; poll job_status(job_id)."""

    job_id: str
    turn_id: int
    question: str
    kind: str = "question"      # or "analysis": the job's result is a root-cause report, not an Answer


# "Why …?" asks for causes, which counting cannot give: those questions go to the root-cause analysis.
_ANALYSIS = re.compile(r"^\s*(?:why\b|what(?:'s|\s+is|\s+are)\s+(?:behind|driving|causing)\b|what\s+drives\b|"
                       r"root[\s-]+causes?\b)", re.IGNORECASE)


def is_analysis(question: str) -> bool:
    """True for questions answered by the root-cause analysis: "Why are customers unhappy with auto-sync?"."""
    return bool(_ANALYSIS.match(question or ""))


def submit_analysis(ctx: AskContext, question: str) -> Submitted:
    """Queue the root-cause analysis of question as a pending turn of ctx.session_id's conversation.

    The subject is resolved first, here: a question that names nothing to analyse is refused at
    once (Unanswerable) instead of failing in the worker.
    """
    with ctx.db.reader.connect() as conn:
        resolve(question, catalog(conn), ctx.today)
    job_id = enqueue_analysis(ctx.redis, ctx.principal, question, today=ctx.today)
    # A worker finishing before this insert is fine: settle() copies the report into the turn.
    turn_id = conversations.append_turn(ctx.db, ctx.session_id, ctx.principal, question, None, job_id=job_id,
                                        status="pending")
    return Submitted(job_id, turn_id, question, kind="analysis")


def submit_question(db: Database, connection: redis.Redis, principal: Principal, question: str, *,
                    conversation_id: str, today: date, client: dict | None = None,
                    job_timeout: int = JOB_TIMEOUT_S) -> str:
    """Store a pending turn and enqueue supportwise.tasks.question.answer_question on 'heavy'; return the job id."""
    job_id = uuid.uuid4().hex
    # The turn first: a fast worker must find it when it finishes.
    turn_id = conversations.append_turn(db, conversation_id, principal, question, None, job_id=job_id,
                                        status="pending")
    try:
        Queue(HEAVY_QUEUE, connection=connection).enqueue(
            JOB_FUNCTION, principal.username, question, conversation_id, today.isoformat(), client,
            job_id=job_id, job_timeout=job_timeout, result_ttl=RESULT_TTL_S, failure_ttl=RESULT_TTL_S,
            meta={"stage": "queued", "progress": 0.0},
            on_failure=Callback("supportwise.tasks.question.record_failure"), on_stopped=Callback("supportwise.tasks.question.record_stop"))
    except redis.RedisError as exc:
        conversations.update_turn(db, turn_id, principal, status="failed",
                                  error="The question could not be queued; please try again.")
        raise ServiceUnavailable("Cannot reach Redis to queue the question", detail=str(exc)) from exc
    return job_id


def cancel(db: Database, connection: redis.Redis, principal: Principal, job_id: str) -> JobStatus:
    """Cancel one of the principal's background questions: unqueue it, or stop it while it runs.

    The turn is marked cancelled unless the job finished first (then its real outcome is returned).
    NotFound for a job that is not the principal's.
    """
    turn = conversations.turn_for_job(db, job_id, principal)
    try:
        job = Job.fetch(job_id, connection=connection)
        status = job.get_status(refresh=True)
    except (NoSuchJobError, InvalidJobOperation):
        job, status = None, None
    if status == RQStatus.STARTED:
        try:
            send_stop_job_command(connection, job_id)  # the worker kills the work horse
        except InvalidJobOperation:
            pass  # it finished in between
    elif status in QUEUED and job is not None:
        job.cancel()
    if conversations.update_turn(db, turn.id, principal, status="cancelled"):
        audit.record(db.app, principal, "question_cancelled", question=turn.question,
                     detail={"job_id": job_id, "turn_id": turn.id, "was": "running" if status == RQStatus.STARTED
                             else "queued"})
        return JobStatus("cancelled", 0.0, "cancelled")
    return _from_turn(conversations.turn_for_job(db, job_id, principal))


def settle(db: Database, connection: redis.Redis, principal: Principal, job_id: str) -> JobStatus:
    """The job's status, first copying a finished outcome into its turn if the turn is still pending."""
    turn = conversations.turn_for_job(db, job_id, principal)
    if turn.status != "pending":
        return _from_turn(turn)
    status = job_status(connection, job_id)
    if status.state == "done":
        conversations.update_turn(db, turn.id, principal, status="done", answer=status.answer)
    elif status.state in ("failed", "cancelled"):
        conversations.update_turn(db, turn.id, principal, status=status.state, error=status.error)
    return status


def ask_or_submit(ctx: AskContext, question: str) -> Answered | Submitted:
    """Answer inline, or — when the planner expects a heavy query — submit to the background.

    ``ctx.session_id`` is the conversation id; the turn is stored either way.
    """
    if not ctx.session_id:
        raise InvalidInput("Start a conversation first (conversations.start); its id is the session id.")
    text = search_text(question)
    if text is not None:
        answer = answer_search(question, text, ctx)
        return Answered(answer, conversations.append_turn(ctx.db, ctx.session_id, ctx.principal, question,
                                                          answer.to_dict()))
    if ctx.redis is not None and is_analysis(question):
        try:
            return submit_analysis(ctx, question)
        except Unanswerable as exc:
            answer = Answer(status="unanswerable", question=question, reason=str(exc), suggestions=exc.suggestions,
                            engine="analysis")
            answer.audit_id = audit.record(ctx.db.app, ctx.principal, "analysis", question=question,
                                           status="unanswerable", client=ctx.client, detail={"reason": str(exc)})
            return Answered(answer, conversations.append_turn(ctx.db, ctx.session_id, ctx.principal, question,
                                                              answer.to_dict()))
    scoped = _offline_query(question, ctx)
    if scoped is not None and _should_submit(scoped, ctx):
        job_id = submit_question(ctx.db, ctx.redis, ctx.principal, question, conversation_id=ctx.session_id,
                                 today=ctx.today, client=ctx.client)
        turn = conversations.turn_for_job(ctx.db, job_id, ctx.principal)
        return Submitted(job_id, turn.id, question)
    answer = ask(question, ctx)
    turn_id = conversations.append_turn(ctx.db, ctx.session_id, ctx.principal, question, answer.to_dict())
    return Answered(answer, turn_id)


def _offline_query(question: str, ctx: AskContext) -> CompiledQuery | None:
    """The scoped query the offline parser makes of the question, or None (LLM, refusal: answered inline)."""
    previous = SessionContext(ctx.redis).load(ctx.principal.username, ctx.session_id) if ctx.redis else None
    try:
        spec: QuerySpec = parse_question(question, ctx.today, source_for(ctx.db.reader).index(), previous)
        compiled = compile_spec(spec)
        params = dict(compiled.params)
        expression = restrict_to_team(compiled.expression, ctx.principal.scope_team, params)
    except (Unanswerable, QuestionError):
        return None  # ask() says why, with its audit row
    return CompiledQuery(expression, params, compiled.value_column, compiled.category_columns)


def _should_submit(scoped: CompiledQuery, ctx: AskContext) -> bool:
    if ctx.redis is None:
        return False  # no queue without Redis
    key = fingerprint(scoped.display_sql(), ctx.principal.scope_team)
    if ResultCache(ctx.redis).get(key) is not None:
        return False  # cached answers are instant, however heavy the query
    try:
        return is_heavy(ctx.db, scoped.sql(), scoped.params, ctx.settings)
    except QuestionError:
        return False  # cannot plan it: ask() runs it inline and reports the error properly


def _from_turn(turn: conversations.Turn) -> JobStatus:
    if turn.status == "done":
        return JobStatus("done", 1.0, "done", answer=turn.answer)
    if turn.status == "pending":
        return JobStatus("running", 0.0, "pending")
    return JobStatus(turn.status, 1.0 if turn.status == "failed" else 0.0, turn.status, error=turn.error)
