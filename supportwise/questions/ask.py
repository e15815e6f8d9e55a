"""The question pipeline: parse → compile → scope → (cache) → execute → audit.

Each step is its own module and takes plain data; this function only wires them and
turns every outcome — answer, refusal, "I can't answer that" — into an Answer and an
audit row.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Callable

from redis import Redis

from supportwise.records import audit
from supportwise.questions.answer import Answer, json_value
from supportwise.platform.database import Database
from supportwise.engine.compile import CompiledQuery, compile_spec
from supportwise.questions.session import SessionContext
from supportwise.engine.interpret import chart_for, interpretation
from supportwise.engine.llm_planner import LLMPlan, plan_with_llm
from supportwise.engine.names import source_for
from supportwise.engine.parse import parse_question
from supportwise.engine.spec import QuerySpec
from supportwise.errors import QuestionError, Unanswerable
from supportwise.platform.readonly import run_readonly
from supportwise.questions.limits import Budget, budget_for, check_rate
from supportwise.pii.apply import mask_answer
from supportwise.pii.masker import build_masker
from supportwise.llm.chain import FallbackChain
from supportwise.llm.ledger import DatabaseLedger
from supportwise.llm.registry import chain_from_settings
from supportwise.questions.cache import ResultCache, fingerprint, ttl_for
from supportwise.records.roles import Principal
from supportwise.guard.scope import restrict_to_team
from supportwise.questions.suggestions import follow_ups, previous_window
from supportwise.platform.settings import Settings


@dataclass(frozen=True)
class AskContext:
    db: Database
    settings: Settings
    principal: Principal
    today: date
    session_id: str | None = None
    redis: Redis | None = None
    llm: FallbackChain | None = None   # default: the providers configured in settings (none offline)
    client: dict | None = None         # who is on the other end, when known (app, IP, user agent) — for the audit
    progress: Callable[[str], None] | None = None  # told each stage's name: planning, running query, masking


def ask(question: str, ctx: AskContext) -> Answer:
    """Answer one question for ctx.principal; every outcome is an Answer and an audit row."""
    started = time.perf_counter()
    fp = None
    try:
        if ctx.redis is not None:
            check_rate(ctx.redis, ctx.principal.username, ctx.settings.rate_limit_per_min)
        _stage(ctx, "planning")
        answer, fp = _answer(question, ctx)
        if not ctx.principal.sees_pii:  # the cache and audit keep raw values; only what is shown is masked
            _stage(ctx, "masking")
            answer = mask_answer(answer, ctx.principal, build_masker(ctx.db.reader))
    except Unanswerable as exc:
        answer = Answer(status=exc.status, question=question, reason=str(exc), suggestions=exc.suggestions)
    except QuestionError as exc:
        answer = Answer(status=exc.status, question=question, reason=str(exc))
    answer.duration_ms = (time.perf_counter() - started) * 1000
    # No answer leaves without its audit row: a failing audit write fails the question.
    answer.audit_id = audit.record(ctx.db.app, ctx.principal, "question", question=question, sql=answer.sql, fingerprint=fp,
                 row_count=len(answer.rows) if answer.status == "ok" else None,
                 duration_ms=answer.duration_ms, engine=answer.engine, cost_usd=answer.cost_usd,
                 status=answer.status, client=ctx.client,
                 detail={"session": ctx.session_id} if ctx.session_id else None)
    return answer


def _stage(ctx: AskContext, name: str) -> None:
    if ctx.progress is not None:  # a background job shows where it is
        ctx.progress(name)


def plan(question: str, ctx: AskContext) -> tuple[QuerySpec, LLMPlan | None, list[str]]:
    """The QuerySpec for a question: the offline parser first, an LLM only for what it declines.

    Also returns notices for the person (the LLM budget warning once an LLM was used).
    """
    contexts = SessionContext(ctx.redis) if ctx.redis is not None and ctx.session_id else None
    previous = contexts.load(ctx.principal.username, ctx.session_id) if contexts else None
    names = source_for(ctx.db.reader).index()
    try:
        return parse_question(question, ctx.today, names, previous), None, []
    except Unanswerable as declined:
        chain = ctx.llm if ctx.llm is not None else chain_from_settings(
            ctx.settings, DatabaseLedger(ctx.db.app), redis=ctx.redis)
        if not chain.providers:
            raise
        budget = budget_for(ctx.db.app, ctx.principal.username, ctx.settings.daily_budget_usd)
        if budget.exhausted:
            raise Unanswerable(f"{declined} {budget.notice()}", suggestions=declined.suggestions) from declined
        llm = plan_with_llm(question, ctx.today, chain, ctx.principal, names)
        notice = Budget(budget.spent_usd + llm.cost_usd, budget.budget_usd).notice()
        return llm.spec, llm, [notice] if notice else []


@dataclass(frozen=True)
class SpecResult:
    """One QuerySpec run for a principal: the SQL shown to them and the rows (raw, unmasked)."""

    compiled: CompiledQuery
    shown_sql: str
    fingerprint: str
    columns: list[str]
    rows: list[list]
    cached: bool


def run_spec(spec: QuerySpec, ctx: AskContext) -> SpecResult:
    """Compile → restrict to the principal's team → (cache) → execute read-only. No audit, no masking."""
    compiled = compile_spec(spec)
    params = dict(compiled.params)
    scope_team = ctx.principal.scope_team
    scoped = CompiledQuery(restrict_to_team(compiled.expression, scope_team, params), params,
                           compiled.value_column, compiled.category_columns)
    shown_sql = scoped.display_sql()
    key = fingerprint(shown_sql, scope_team)
    cache = ResultCache(ctx.redis) if ctx.redis is not None else None
    hit = cache.get(key) if cache else None
    if hit is not None:
        columns, rows = hit
        return SpecResult(compiled, shown_sql, key, list(columns), [list(r) for r in rows], True)
    result = run_readonly(ctx.db.reader, scoped.sql(), params, timeout_ms=ctx.settings.statement_timeout_ms,
                          row_limit=ctx.settings.row_limit, timezone=ctx.settings.timezone)
    if cache:
        end = spec.period.end if spec.period else None
        cache.put(key, result.columns, result.rows, ttl_for(end, ctx.today))
    return SpecResult(compiled, shown_sql, key, list(result.columns), [list(r) for r in result.rows], False)


def _answer(question: str, ctx: AskContext) -> tuple[Answer, str]:
    spec, llm, notices = plan(question, ctx)
    _stage(ctx, "running query")
    run = run_spec(spec, ctx)
    engine = "cache" if run.cached else f"llm:{llm.provider}" if llm else "semantic"
    if ctx.redis is not None and ctx.session_id:
        SessionContext(ctx.redis).save(ctx.principal.username, ctx.session_id, spec)
    chart = chart_for(spec, run.compiled)
    return Answer(status="ok", question=question, interpretation=interpretation(spec, ctx.principal.scope_team),
                  sql=run.shown_sql, columns=run.columns, rows=run.rows, chart=chart, engine=engine,
                  cost_usd=llm.cost_usd if llm else 0.0, notices=notices, spec=spec.model_dump(mode="json"),
                  comparison=_comparison(spec, chart, run, ctx), follow_ups=follow_ups(spec)), run.fingerprint


def _comparison(spec: QuerySpec, chart: dict, run: SpecResult, ctx: AskContext) -> dict | None:
    """The same number for the period before, when the answer is one number over a bounded period."""
    window = previous_window(spec.period, ctx.today) if chart.get("type") == "number" else None
    if window is None or spec.compare_to is not None or len(run.rows) != 1:
        return None
    before = run_spec(spec.model_copy(update={"period": window.range}), ctx)
    value = before.rows[0][-1] if len(before.rows) == 1 else None
    return {"label": window.label, "start": window.range.start.isoformat(),
            "end": window.range.end.isoformat(), "value": json_value(value)}
