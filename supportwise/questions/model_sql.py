"""A Plan whose SQL the language model wrote: guarded and scoped like pasted SQL, answered without a spec.

``compile_plan`` hands such a plan here instead of compiling a spec; ``execute`` builds its Answer
here. What runs is the guard's regenerated text, never the model's; a refusal is a clear decline
(``ModelSqlRefused``, status rejected) whose audit row keeps the model's SQL, engine and cost.
"""

from __future__ import annotations

from typing import Any

from supportwise.charts.shape import choose_chart
from supportwise.errors import ModelSqlRefused, Rejected
from supportwise.questions.answer import Answer
from supportwise.questions.cache import fingerprint
from supportwise.questions.context import AskContext
from supportwise.questions.raw_sql import GuardedSQL, guard_sql

__all__ = ["GuardedSQL", "SQL_ORIGIN", "guard_model_sql", "interpretation", "model_sql_answer"]

SQL_ORIGIN = "model"
CHARTS = frozenset({"bar", "line", "pie", "scatter", "table", "number"})  # CONTRACT §3 chart types


def guard_model_sql(plan: Any, ctx: AskContext) -> tuple[GuardedSQL, str, str]:
    """A model-SQL Plan through the guard and the team scope: (what runs, what is shown, the result cache's key).

    ModelSqlRefused when the guard or the scope refuses it.
    """
    scope = ctx.principal.scope_team
    try:
        guarded = guard_sql(plan.sql, row_limit=ctx.settings.row_limit, scope_team=scope)
    except Rejected as exc:
        why = str(exc).removeprefix("Refused: ")
        raise ModelSqlRefused(f"The language model wrote SQL for this question, but the guard refused it: {why} "
                              "Nothing was run.", sql=plan.sql, engine=plan.engine, cost_usd=plan.cost_usd,
                              detail=exc.detail) from exc
    shown = guarded.display_sql()
    return guarded, shown, fingerprint(shown, scope)


def interpretation(engine: str, scope_team: str | None) -> str:
    """'SQL written by the model (anthropic), checked by the guard and run read-only · team Billing only'."""
    provider = engine.removeprefix("llm:")
    text = f"SQL written by the model ({provider}), checked by the guard and run read-only"
    return f"{text} · team {scope_team} only" if scope_team else text


def chart_hint(columns: list[str], rows: list[list]) -> dict:
    """The chart the result's shape suggests (no spec to say more), in CONTRACT's chart types."""
    plan = choose_chart(columns, rows, None)
    return {"type": plan.kind if plan.kind in CHARTS else "table", "x": plan.x, "y": plan.y}


def model_sql_answer(prepared: Any, columns: list[str], rows: list[list], cached: bool, ctx: AskContext) -> Answer:
    """The unmasked Answer of a prepared model-SQL plan (``pipeline.Prepared``) and its result."""
    plan = prepared.plan
    return Answer(status="ok", question=prepared.question, sql=prepared.shown_sql, columns=columns, rows=rows,
                  interpretation=interpretation(plan.engine, ctx.principal.scope_team),
                  chart=chart_hint(columns, rows), engine="cache" if cached else plan.engine,
                  cost_usd=plan.cost_usd, notices=list(plan.notices), sql_origin=SQL_ORIGIN,
                  fingerprint=prepared.fingerprint)
