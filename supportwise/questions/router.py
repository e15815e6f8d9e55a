"""Which front door answers a typed question, and whether it runs now or in the background.

``ask`` answers inline (CLI, evaluation, tests). ``ask_or_submit`` is the Ask page's one call:
"tickets like …" is a ticket search; "why …?" is a root-cause analysis (always in the
background); anything else is prepared once and then either executed inline or — when the
planner expects a heavy query and no cached result exists — its Plan goes to a worker, which
executes it without parsing again. Every outcome is an Answer with its audit row, or a
pending turn whose job writes the row when it ends; either way the turn is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from supportwise.analysis.retrieve import catalog
from supportwise.analysis.subject import resolve
from supportwise.engine.spec import QuerySpec
from supportwise.errors import InvalidInput, QuestionError, SupportWiseError
from supportwise.platform.readonly import read_only
from supportwise.questions.answer import Answer
from supportwise.questions.cache import ResultCache
from supportwise.questions.context import AskContext
from supportwise.questions.envelope import respond
from supportwise.questions.metric_change import explain_change, metric_question, metric_spec
from supportwise.questions.pipeline import Prepared, execute, prepare
from supportwise.questions.plan_cost import is_heavy
from supportwise.questions.ticket_search import answer_search, search_text
from supportwise.queue.kinds import ANALYSIS, QUESTION
from supportwise.queue.turns import Submitted, submit_turn
from supportwise.records import conversations
from supportwise.records.conversations import TurnKind

__all__ = ["Answered", "Submitted", "ask", "ask_or_submit", "is_analysis"]


@dataclass(frozen=True)
class Answered:
    """ask_or_submit answered inline; the turn is stored."""

    answer: Answer
    turn_id: int


# "Why …?" asks for causes, which counting cannot give: those questions go to the root-cause analysis.
_ANALYSIS = re.compile(r"^\s*(?:why\b|what(?:'s|\s+is|\s+are)\s+(?:behind|driving|causing)\b|what\s+drives\b|"
                       r"root[\s-]+causes?\b)", re.IGNORECASE)


def is_analysis(question: str) -> bool:
    """True for questions answered by the root-cause analysis: "Why are customers unhappy with auto-sync?"."""
    return bool(_ANALYSIS.match(question or ""))


def ask(question: str, ctx: AskContext) -> Answer:
    """Answer one question for ctx.principal, inline; every outcome is an Answer and an audit row."""
    moved = _metric_change(question, ctx)
    if moved is not None:
        return respond("analysis", question, ctx, lambda: explain_change(question, moved, ctx), engine="analysis")
    return respond("question", question, ctx, lambda: execute(prepare(question, ctx), ctx), detail=_session(ctx))


def ask_or_submit(ctx: AskContext, question: str) -> Answered | Submitted:
    """Answer inline, or — for a "why …?" question or a heavy query — submit to the background.

    ``ctx.session_id`` is the conversation id; the turn is stored either way.
    """
    if not ctx.session_id:
        raise InvalidInput("Start a conversation first (conversations.start); its id is the session id.")
    text = search_text(question)
    moved = _metric_change(question, ctx) if text is None else None
    if text is not None:
        outcome = answer_search(question, text, ctx)
    elif moved is not None:  # "why did CSAT drop in November?": where it moved, inline (a few grouped queries)
        outcome = respond("analysis", question, ctx, lambda: explain_change(question, moved, ctx), engine="analysis")
    elif ctx.redis is not None and is_analysis(question):
        outcome = respond("analysis", question, ctx, lambda: _submit_analysis(question, ctx), engine="analysis")
    else:
        outcome = respond("question", question, ctx, lambda: _answer_or_submit(question, ctx), detail=_session(ctx))
    if isinstance(outcome, Submitted):
        return outcome
    return Answered(outcome, conversations.append_turn(ctx.db, ctx.session_id, ctx.principal, question,
                                                       outcome.to_dict()))


def _metric_change(question: str, ctx: AskContext) -> QuerySpec | None:
    """The metric of "why did <metric> <move> …?", or None: the question then takes its usual way."""
    if metric_question(question) is None:
        return None
    try:
        return metric_spec(question, ctx)
    except (sa.exc.SQLAlchemyError, SupportWiseError):
        return None  # the usual way meets the same failure inside the envelope, which says what went wrong


def _answer_or_submit(question: str, ctx: AskContext) -> Answer | Submitted:
    prepared = prepare(question, ctx)
    if not _goes_to_background(prepared, ctx):
        return execute(prepared, ctx)
    return submit_turn(ctx.db, ctx.redis, ctx.principal, ctx.session_id, question, QUESTION,
                       (ctx.principal.username, ctx.session_id, question, prepared.plan.to_dict(),
                        ctx.today.isoformat(), ctx.client))


def _goes_to_background(prepared: Prepared, ctx: AskContext) -> bool:
    if ctx.redis is None:
        return False  # no queue without Redis
    if ResultCache(ctx.redis).get(prepared.fingerprint) is not None:
        return False  # cached answers are instant, however heavy the query
    try:
        return is_heavy(ctx.db, prepared.query.sql(), prepared.query.params, ctx.settings)
    except QuestionError:
        return False  # the planner cannot cost it: run it inline, where the envelope says what went wrong


def _submit_analysis(question: str, ctx: AskContext) -> Submitted:
    """Queue the analysis as a pending turn; a question naming nothing to analyse is refused at once."""
    with read_only(ctx.db.reader, timeout_ms=ctx.settings.statement_timeout_ms, tz=ctx.settings.timezone) as conn:
        resolve(question, catalog(conn), ctx.today)  # Unanswerable here, not in the worker
    return submit_turn(ctx.db, ctx.redis, ctx.principal, ctx.session_id, question, ANALYSIS,
                       (ctx.principal.username, question, ctx.today.isoformat()), kind=TurnKind.ANALYSIS)


def _session(ctx: AskContext) -> dict | None:
    return {"session": ctx.session_id} if ctx.session_id else None
