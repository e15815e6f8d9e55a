"""The question pipeline, top to bottom. Every question, report run and background job goes through it.

    prepare(question, ctx)   rate limit → plan (offline parser, then an LLM) → compile_plan
    compile_plan(...)        compile → guard → scope → fingerprint (the model's SQL: guard → scope)
    execute(prepared, ctx)   cache → run read-only → comparison with the period before

Each step is done once (a worker compiles a queued Plan for its user); masking, failure statuses and
the audit row belong to ``questions.envelope.respond``: this module returns raw rows or raises.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from supportwise.engine.compile import CompiledQuery, compile_spec
from supportwise.engine.interpret import chart_for, interpretation
from supportwise.engine.title import title
from supportwise.guard.compiled import check_query
from supportwise.guard.scope import restrict_to_team
from supportwise.platform.readonly import run_readonly
from supportwise.questions.answer import Answer
from supportwise.questions.cache import ResultCache, fingerprint, ttl_for
from supportwise.questions.comparison import compare_with_before
from supportwise.questions.context import AskContext
from supportwise.questions.limits import check_rate
from supportwise.questions.model_sql import GuardedSQL, guard_model_sql, model_sql_answer
from supportwise.questions.planning import Plan, plan_question, remember
from supportwise.questions.suggestions import follow_ups


@dataclass(frozen=True)
class Prepared:
    question: str
    plan: Plan
    query: CompiledQuery | GuardedSQL   # guarded, then scoped to the asker's team: exactly what runs
    shown_sql: str         # the same with its values written in, for people
    fingerprint: str       # the result cache's key: the canonical SQL and the asker's scope


def prepare(question: str, ctx: AskContext, *, plan: Plan | None = None) -> Prepared:
    """Make a question ready to run; ``plan`` (a saved report's) skips parsing."""
    if ctx.redis is not None:
        check_rate(ctx.redis, ctx.principal.username, ctx.settings.rate_limit_per_min)
    ctx.stage("planning")
    return compile_plan(question, plan or plan_question(question, ctx), ctx)


def compile_plan(question: str, plan: Plan, ctx: AskContext) -> Prepared:
    if plan.sql is not None:  # the model's SQL: guard → scope, as pasted SQL
        return Prepared(question, plan, *guard_model_sql(plan, ctx))
    compiled = compile_spec(plan.spec)
    check_query(compiled.expression, compiled.params)
    params = dict(compiled.params)
    scoped = replace(compiled, expression=restrict_to_team(compiled.expression, ctx.principal.scope_team, params),
                     params=params)
    shown = scoped.display_sql()
    return Prepared(question, plan, scoped, shown, fingerprint(shown, ctx.principal.scope_team))


def execute(prepared: Prepared, ctx: AskContext) -> Answer:
    """The unmasked Answer of a prepared question; the conversation remembers it for follow-ups."""
    ctx.stage("running query")
    columns, rows, cached = run(prepared, ctx)
    plan, spec = prepared.plan, prepared.plan.spec
    remember(ctx, spec)
    if spec is None:  # the model's SQL: no spec to interpret, compare or follow up on
        return model_sql_answer(prepared, columns, rows, cached, ctx)
    chart = {**chart_for(spec, prepared.query), "title": title(spec, ctx.principal.scope_team)}
    before = compare_with_before(spec, chart, rows, ctx.today, lambda earlier: run(
        compile_plan(prepared.question, plan.with_spec(earlier), ctx), ctx)[1])
    return Answer(status="ok", question=prepared.question, sql=prepared.shown_sql, columns=columns, rows=rows,
                  interpretation=plan.read_as(interpretation(spec, ctx.principal.scope_team, len(rows))), chart=chart,
                  engine="cache" if cached else plan.engine, cost_usd=plan.cost_usd, notices=list(plan.notices),
                  spec=spec.model_dump(mode="json"), comparison=before, follow_ups=follow_ups(spec),
                  suggestions=[r["question"] for r in plan.others], readings=list(plan.others),
                  fingerprint=prepared.fingerprint)


def run(prepared: Prepared, ctx: AskContext) -> tuple[list[str], list[list], bool]:
    """(columns, rows, from the cache?): the cached result, else the query run read-only as the reader."""
    cache = ResultCache(ctx.redis) if ctx.redis is not None else None
    hit = cache.get(prepared.fingerprint) if cache else None
    if hit is not None:
        return list(hit[0]), [list(row) for row in hit[1]], True
    result = run_readonly(ctx.db.reader, prepared.query.sql(), prepared.query.params, row_limit=ctx.settings.row_limit,
                          timeout_ms=ctx.settings.statement_timeout_ms, timezone=ctx.settings.timezone)
    if cache:
        period = prepared.plan.spec.period if prepared.plan.spec is not None else None
        cache.put(prepared.fingerprint, result.columns, result.rows, ttl_for(period.end if period else None, ctx.today))
    return list(result.columns), [list(row) for row in result.rows], False
