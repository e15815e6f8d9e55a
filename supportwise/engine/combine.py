"""Several metrics in one answer ("tickets received, solved and the backlog last month").

Each metric is compiled exactly as if it had been asked alone (its own timestamp, statuses and
statistic), as a subquery; the subqueries are stacked and grouped again on their group columns
(so a month with tickets created but none solved still shows). One statement, every value a
bound placeholder, and each column equal to the answer of the one-metric question.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from supportwise.engine.compile import top
from supportwise.engine.layer import Layer
from supportwise.engine.spec import TIME_GRAINS, QuerySpec

# the column each count metric gets beside others (alone, all three are "tickets")
_COUNT_COLUMNS = {"ticket_count": "tickets", "solved_count": "solved_tickets", "backlog": "open_tickets"}


def parts(spec: QuerySpec) -> list[QuerySpec]:
    """The one-metric questions the answer is made of, in the order asked."""
    base = spec.model_copy(update={"also_metrics": (), "limit": None, "order": None})
    out = [base]
    for also in spec.also_metrics:
        out.append(base.model_copy(update={"metric": also.metric, "statistic": also.statistic}))
    return [_right_now(p) for p in out]


def _right_now(part: QuerySpec) -> QuerySpec:
    """The backlog beside other metrics is the backlog now ("… and what the backlog is right now"), unless
    the question is about a cohort ("of the tickets created last week: solved, still open")."""
    if part.metric == "backlog" and part.time_field is None:
        return part.model_copy(update={"period": None})
    return part


# a ratio of two metrics over the same period, each on its own timestamp: resolution rate = solved ÷ created
RATIOS = {"resolution_rate": ("solved_count", "ticket_count")}


def ratio_parts(spec: QuerySpec) -> list[QuerySpec]:
    numerator, denominator = RATIOS[spec.metric]
    base = spec.model_copy(update={"limit": None, "order": None})
    return [base.model_copy(update={"metric": numerator}), base.model_copy(update={"metric": denominator})]


def ratio(spec: QuerySpec, layer: Layer, compile_one) -> tuple[exp.Select, dict, str, tuple[str, ...]]:
    """100 × numerator ÷ denominator per group, from the two metrics' own queries."""
    inner = spec.model_copy(update={"limit": None, "order": None})
    select, params, _, categories = _stack(inner, ratio_parts(spec), layer, compile_one, ["numerator", "denominator"])
    value = spec.metric.removesuffix("_rate") + "_rate_pct"
    share = exp.Div(this=exp.Mul(this=exp.Literal.number("100.0"), expression=exp.column("numerator", table="r")),
                    expression=exp.func("nullif", exp.column("denominator", table="r"), exp.Literal.number(0)))
    outer = sqlglot.select(*(exp.column(c, table="r") for c in categories), exp.alias_(share, value)).from_(
        exp.Subquery(this=select, alias=exp.TableAlias(this=exp.to_identifier("r"))))
    if categories and categories[0] not in TIME_GRAINS:
        outer = outer.order_by(exp.Ordered(this=exp.column(value), desc=(spec.order or "desc") == "desc",
                                           nulls_first=False))
    elif categories:
        outer = outer.order_by(*(exp.Ordered(this=exp.column(c)) for c in categories))
    if spec.limit:
        outer = top(outer, spec.limit) if categories and categories[0] not in TIME_GRAINS else outer.limit(spec.limit)
    return outer, params, value, categories


def combined(spec: QuerySpec, layer: Layer, compile_one) -> tuple[exp.Select, dict, str, tuple[str, ...]]:
    """(statement, params, first value column, category columns) for a spec with also_metrics."""
    return _stack(spec, parts(spec), layer, compile_one, None)


def _stack(spec: QuerySpec, part_specs: list[QuerySpec], layer: Layer, compile_one,
           names: list[str] | None) -> tuple[exp.Select, dict, str, tuple[str, ...]]:
    """The parts' queries stacked into one; `names` for their columns, or each part's own (counts told apart)."""
    compiled = [compile_one(part, layer) for part in part_specs]
    if names is None:
        names = []
        for part, query in zip(part_specs, compiled):
            name = _COUNT_COLUMNS.get(part.metric, query.value_column)
            names.append(name if name not in names else f"{name}_{len(names)}")
    categories = compiled[0].category_columns
    params: dict = {}
    subqueries = []
    for i, part in enumerate(compiled):
        tree = part.expression.copy()
        tree.set("order", None)
        for placeholder in tree.find_all(exp.Placeholder):  # p0 … of each part, renamed apart: m1_p0 …
            old = placeholder.name
            placeholder.set("this", f"m{i}_{old}")
            params[f"m{i}_{old}"] = part.params[old]
        subqueries.append(exp.Subquery(this=tree, alias=exp.TableAlias(this=exp.to_identifier(f"m{i}"))))
    # one branch per metric, its value in its own column and NULL in the others, stacked and grouped again: GROUP BY
    # matches a group's key across branches (NULL keys too, e.g. unassigned), where a FULL JOIN on IS NOT DISTINCT
    # FROM is not something PostgreSQL can run
    types = ["BIGINT" if layer.metrics[p.metric].kind == "count" else "DOUBLE PRECISION" for p in part_specs]
    branches = []
    for i, part in enumerate(compiled):
        cols: list[exp.Expression] = [exp.column(c, table=f"m{i}") for c in categories]
        cols += [exp.alias_(exp.column(part.value_column, table=f"m{i}") if j == i else
                            exp.cast(exp.null(), types[j]), f"v{j}") for j in range(len(compiled))]
        branches.append(sqlglot.select(*cols).from_(subqueries[i]))
    stacked = branches[0]
    for branch in branches[1:]:
        stacked = exp.union(stacked, branch, distinct=False)
    selects: list[exp.Expression] = [exp.column(c, table="u") for c in categories]
    selects += [exp.alias_(exp.func("max", exp.column(f"v{i}", table="u")), names[i]) for i in range(len(compiled))]
    union = exp.Subquery(this=stacked, alias=exp.TableAlias(this=exp.to_identifier("u")))
    select = sqlglot.select(*selects).from_(union)
    if categories:
        select = select.group_by(*(exp.column(c, table="u") for c in categories))
    if categories and categories[0] in TIME_GRAINS:
        select = select.order_by(*(exp.Ordered(this=exp.column(c)) for c in categories))
    elif categories:  # a top-N orders by the value alone, so that ties with the N-th are kept (compile.top)
        select = select.order_by(exp.Ordered(this=exp.column(names[0]), desc=(spec.order or "desc") == "desc",
                                             nulls_first=False),
                                 *(exp.Ordered(this=exp.column(c)) for c in categories if not spec.limit))
    if spec.limit:
        select = top(select, spec.limit) if categories and categories[0] not in TIME_GRAINS else \
            select.limit(spec.limit)
    return select, params, names[0], categories
