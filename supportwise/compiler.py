"""QuerySpec → a sqlglot expression with named placeholders, plus its interpretation sentence.

No SQL is built from strings: values become placeholders bound at execution time, and
the same tree renders to PostgreSQL (to run) or to literals (to show the user).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlglot
from sqlglot import exp

from supportwise.queryspec import QuerySpec
from supportwise.semantic import METRICS


@dataclass(frozen=True)
class CompiledQuery:
    expression: exp.Expression
    params: dict[str, Any]
    interpretation: str
    chart: dict[str, Any]

    def sql(self, dialect: str = "postgres") -> str:
        """SQL with placeholders, as executed."""
        return self.expression.sql(dialect=dialect)

    def display_sql(self, dialect: str = "postgres") -> str:
        """SQL with the bound values written in, for people to read and copy."""
        literal = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in self.params.items()}
        return exp.replace_placeholders(self.expression.copy(), **literal).sql(dialect=dialect, pretty=True)


def _placeholder(params: dict[str, Any], value: Any) -> exp.Placeholder:
    name = f"p{len(params)}"
    params[name] = value
    return exp.Placeholder(this=name)


def _in(column: str, values: tuple[str, ...], params: dict[str, Any]) -> exp.Expression:
    col = exp.column(column, table="t")
    if len(values) == 1:
        return col.eq(_placeholder(params, values[0]))
    return col.isin(*(_placeholder(params, v) for v in values))


def compile_spec(spec: QuerySpec) -> CompiledQuery:
    """Build SELECT … FROM tickets AS t for a count spec."""
    metric = METRICS[spec.metric]
    params: dict[str, Any] = {}
    measure = exp.alias_(exp.func("count", exp.Star()), "tickets")
    select = sqlglot.select(*(exp.alias_(exp.column(g, table="t"), g) for g in spec.group_by), measure)
    select = select.from_(exp.alias_(exp.to_table("tickets"), "t", table=True))
    conditions: list[exp.Expression] = []
    if metric.status_in:
        conditions.append(_in("status", metric.status_in, params))
    for flt in spec.filters:
        conditions.append(_in(flt.column, flt.values, params))
    time_column = metric.time_column or "created_at"
    if spec.period is not None and spec.period.start is not None:
        conditions.append(exp.column(time_column, table="t") >= _placeholder(params, spec.period.start))
    if spec.period is not None and spec.period.end is not None:
        conditions.append(exp.column(time_column, table="t") < _placeholder(params, spec.period.end))
    for condition in conditions:
        select = select.where(condition)
    if spec.group_by:
        select = select.group_by(*(exp.column(g, table="t") for g in spec.group_by))
        select = select.order_by(exp.Ordered(this=exp.column("tickets"), desc=True))
    return CompiledQuery(select, params, interpretation(spec), _chart(spec))


def interpretation(spec: QuerySpec) -> str:
    """'Tickets · priority = urgent · created 2026-11-16 – 2026-11-22 · count' (CONTRACT §3)."""
    metric = METRICS[spec.metric]
    parts = [metric.label, *(f.describe() for f in spec.filters)]
    if spec.period is None or spec.period.start is None and spec.period.end is None:
        parts.append(f"{metric.event} · all time" if metric.time_column else "status open right now")
    else:
        word = metric.event if metric.time_column else "created"
        start = spec.period.start.isoformat() if spec.period.start else "the beginning"
        end = (spec.period.end - timedelta(days=1)).isoformat() if spec.period.end else "today"
        parts.append(f"{word} {start} – {end}")
    parts.append("count" + (" by " + ", ".join(spec.group_by) if spec.group_by else ""))
    return " · ".join(parts)


def _chart(spec: QuerySpec) -> dict[str, Any]:
    if not spec.group_by:
        return {"type": "number", "x": None, "y": "tickets"}
    if len(spec.group_by) == 1:
        return {"type": "bar", "x": spec.group_by[0], "y": "tickets"}
    return {"type": "table", "x": spec.group_by[0], "y": "tickets"}
