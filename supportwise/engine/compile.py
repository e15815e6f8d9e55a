"""QuerySpec → sqlglot expression over ``tickets AS t`` with named placeholders.

Values typed by people never become SQL text: they are bound as placeholders. Column
names and fixed fragments come from the semantic layer (trusted data), parsed by sqlglot.
The same tree renders to PostgreSQL (run) and DuckDB (tested), or with values written in
for display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import sqlglot
from sqlglot import exp

from supportwise.engine.layer import Layer, Metric, load_layer
from supportwise.engine.spec import DateRange, Filter, QuerySpec, Threshold

LISTING_COLUMNS = ("id", "subject", "priority", "status", "created_at")
DEFAULT_LISTING_LIMIT = 100
_PERCENTILES = {"median": 0.5, "p90": 0.9}


@dataclass(frozen=True)
class CompiledQuery:
    expression: exp.Expression
    params: dict[str, Any]
    value_column: str | None
    category_columns: tuple[str, ...] = ()

    def sql(self, dialect: str = "postgres") -> str:
        return self.expression.sql(dialect=dialect)

    def display_sql(self, dialect: str = "postgres") -> str:
        """SQL with the bound values written in, for people to read and copy."""
        literal = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in self.params.items()}
        return exp.replace_placeholders(self.expression.copy(), **literal).sql(dialect=dialect, pretty=True)


@dataclass
class _Builder:
    layer: Layer
    params: dict[str, Any] = field(default_factory=dict)
    joins: list[str] = field(default_factory=list)
    authored: bool = False   # comment metrics: "by agent" / "by team" is the comment's author and the author's team

    def bind(self, value: Any) -> exp.Placeholder:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return exp.Placeholder(this=name)

    def use(self, join: str) -> str:
        """Bring a joined table into the query (once); its alias."""
        if join not in self.joins:
            self.joins.append(join)
        return self.layer.joins[join].alias

    def column(self, dimension: str) -> exp.Column:
        dim = self.layer.dimensions[dimension]
        if self.authored and dimension in ("agent", "team"):
            return exp.column(dim.column, table=self.use("author"))
        if dim.join is None:
            return exp.column(dim.column, table="t")
        return exp.column(dim.column, table=self.use(dim.join))

    def condition(self, flt: Filter) -> exp.Expression:
        col = self.column(flt.dimension)
        dim = self.layer.dimensions[flt.dimension]
        if dim.null_value is not None and set(flt.values) <= {dim.null_value, dim.set_value}:
            # "unassigned" / "unrated": the column is empty; "assigned" / "rated": it is not
            empty = flt.values == (dim.null_value,)
            return col.is_(exp.null()) if empty != flt.negate else exp.not_(col.is_(exp.null()))
        if self.layer.dimensions[flt.dimension].column == "tags":  # array column: any of the tags
            each = [exp.EQ(this=self.bind(v), expression=exp.Any(this=exp.paren(col.copy()))) for v in flt.values]
            cond = exp.paren(exp.and_(*each) if flt.all_of else exp.or_(*each))
            return exp.not_(cond) if flt.negate else cond
        if len(flt.values) == 1:
            cond: exp.Expression = col.eq(self.bind(flt.values[0]))
        else:
            cond = col.isin(*(self.bind(v) for v in flt.values))
        return exp.not_(cond) if flt.negate else cond

    def key(self, dimension: str) -> exp.Column:
        """The column that identifies one entity of a dimension (two customers of one name: two rows)."""
        if self.authored and dimension == "agent":
            return exp.column("author_id", table=self.use("comment"))
        return exp.column(self.layer.dimensions[dimension].key, table="t")

    def in_range(self, column: str, period: DateRange) -> list[exp.Expression]:
        col = _qualified(column)
        out = []
        if period.start is not None:
            out.append(col >= self.bind(period.start))
        if period.end is not None:
            out.append(col < self.bind(period.end))
        return out


def _tag_row(flt: Filter, b: _Builder) -> exp.Expression:
    """'tagged hubspot or salesforce, per tag': only those tags' rows, not every tag those tickets carry."""
    tag = exp.column("tag", table="tg")
    return tag.eq(b.bind(flt.values[0])) if len(flt.values) == 1 else tag.isin(*(b.bind(v) for v in flt.values))


def _qualified(column: str) -> exp.Column:
    """'created_at' → t.created_at; 'c.created_at' (a comment's) as written."""
    table, _, name = column.rpartition(".")
    return exp.column(name, table=table or "t")


def _fragment(sql: str) -> exp.Expression:
    return sqlglot.parse_one(sql, read="postgres")


def _hours(start: str, stop: str) -> str:
    return f"EXTRACT(EPOCH FROM (t.{stop} - t.{start})) / 3600.0"


def _measure(spec: QuerySpec, metric: Metric, b: _Builder) -> tuple[exp.Expression, str]:
    """The aggregate expression and its output column name."""
    if metric.kind in ("count", "comment_count") and spec.distinct:  # "how many customers wrote in": one each
        return exp.Count(this=exp.Distinct(expressions=[b.key(spec.distinct)])), f"{spec.distinct}s"
    if metric.kind == "count" and spec.per_day:  # "average tickets per day": every day of the period counts
        days = (spec.period.end - spec.period.start).days
        return exp.Div(this=exp.func("count", exp.Star()), expression=exp.Literal.number(f"{days}.0")), \
            "tickets_per_day"
    if metric.kind == "count":
        return exp.func("count", exp.Star()), "tickets"
    if metric.kind == "comment_count" and metric.aggregate:  # e.g. the mean sentiment of customer messages
        b.use(metric.join)
        return _fragment(metric.aggregate), metric.name
    if metric.kind == "comment_count":  # one row per comment (JOIN comments AS c)
        return exp.func("count", exp.Star()), metric.name
    if metric.kind == "duration":
        hours = _hours(metric.start, metric.stop)
        stat = spec.statistic or "mean"
        name = f"{stat if stat != 'mean' else 'avg'}_{metric.name.removesuffix('_time')}_hours"
        if stat in ("mean", "min", "max"):
            return _fragment(f"{ {'mean': 'AVG'}.get(stat, stat.upper())}({hours})"), name
        return _fragment(f"PERCENTILE_CONT({_PERCENTILES[stat]}) WITHIN GROUP (ORDER BY {hours})"), name
    if metric.kind == "csat":
        return _fragment("100.0 * COUNT(*) FILTER (WHERE t.satisfaction = 'good') / "
                         "NULLIF(COUNT(*) FILTER (WHERE t.satisfaction IN ('good', 'bad')), 0)"), "csat_pct"
    if metric.kind == "reopen":
        return _fragment("100.0 * COUNT(*) FILTER (WHERE t.reopens > 0) / NULLIF(COUNT(*), 0)"), "reopen_rate_pct"
    if metric.kind == "comments":
        return _fragment(f"AVG({_comments_of_ticket(metric.comments)})"), metric.name
    if metric.kind == "sentiment":  # one row per ticket in ticket_text: a mean over tickets, not comments
        return _fragment(f"AVG({b.use(metric.join)}.sentiment_mean)"), "avg_sentiment"
    if metric.kind == "share" and not (spec.share_filters or spec.share_threshold):
        # share of each group in the total: percent of all rows in the result
        return _fragment("100.0 * COUNT(*) / SUM(COUNT(*)) OVER ()"), "share_pct"
    if metric.kind == "share":
        parts = [b.condition(f) for f in spec.share_filters]
        if spec.share_threshold is not None:
            parts.append(_threshold(spec.share_threshold, b))
        cond = exp.and_(*parts)
        numerator = exp.Filter(this=exp.func("count", exp.Star()), expression=exp.Where(this=cond))
        share = exp.Div(this=exp.Mul(this=exp.Literal.number("100.0"), expression=numerator),
                        expression=exp.func("nullif", exp.func("count", exp.Star()), exp.Literal.number(0)))
        return share, "share_pct"
    raise ValueError(f"unknown metric kind {metric.kind}")


def _grain(grain: str, column: str) -> tuple[exp.Expression, str, exp.Expression | None]:
    """(select expression, output name, extra ORDER BY key) for a time grain of `column`."""
    col = _qualified(column).sql()
    if grain == "day_type":
        return (_fragment(f"CASE WHEN EXTRACT(ISODOW FROM {col}) IN (6, 7) THEN 'weekend' ELSE 'weekday' END"),
                "day_type", None)
    if grain == "hour_of_day":
        return _fragment(f"CAST(EXTRACT(HOUR FROM {col}) AS INT)"), "hour_of_day", None
    if grain == "day_of_week":
        return (_fragment(f"TO_CHAR({col}, 'FMDay')"), "day_of_week",
                _fragment(f"MIN(EXTRACT(ISODOW FROM {col}))"))
    return _fragment(f"CAST(DATE_TRUNC('{grain}', {col}) AS DATE)"), grain, None


_AGE_COLUMNS = {"age_days": "created_at", "idle_days": "updated_at"}
# age > N days ⇔ the timestamp is before as_of − N days (so an index on the timestamp serves it)
_AGE_OPS = {">": exp.LT, ">=": exp.LTE, "<": exp.GT, "<=": exp.GTE}


def _threshold(th: Threshold, b: _Builder, as_of: date | None = None) -> exp.Expression:
    if th.measure in _AGE_COLUMNS:
        cut = datetime.combine(as_of, time(0), timezone.utc) - timedelta(days=th.value)
        return _AGE_OPS[th.op](this=exp.column(_AGE_COLUMNS[th.measure], table="t"), expression=b.bind(cut))
    sides = {
        "first_response_hours": _hours("created_at", "first_response_at"),
        "resolution_hours": _hours("created_at", "solved_at"),
        "reopens": "t.reopens",
        "comments": _comments_of_ticket(None),
        "replies": _comments_of_ticket(b.layer.metrics["replies"].comments),  # "one-touch": exactly one reply
    }
    if th.measure == "sentiment_change":  # the customer's last message against the first (ticket_text)
        alias = b.use("ticket_text")
        sides["sentiment_change"] = f"{alias}.sentiment_last - {alias}.sentiment_first"
    left = _fragment(sides[th.measure])
    ops = {">": exp.GT, ">=": exp.GTE, "<": exp.LT, "<=": exp.LTE, "=": exp.EQ}
    return ops[th.op](this=left, expression=b.bind(th.value))


def bucket_name(lo: float, hi: float | None) -> str:
    """'age_under_7_days', 'age_7_to_28_days', 'age_28_days_and_over'."""
    if hi is None:
        return f"age_{lo:g}_days_and_over"
    return f"age_under_{hi:g}_days" if lo == 0 else f"age_{lo:g}_to_{hi:g}_days"


def _age_buckets(spec: QuerySpec, b: _Builder) -> list[tuple[exp.Expression, str]]:
    """COUNT(*) FILTER (WHERE created_at in the bucket) per bucket; age ≥ N days ⇔ created before as_of − N days."""
    midnight = datetime.combine(spec.as_of, time(0), timezone.utc)
    out = []
    for lo, hi in spec.age_buckets:
        created = exp.column("created_at", table="t")
        parts = []
        if lo > 0:
            parts.append(created < b.bind(midnight - timedelta(days=lo)))
        if hi is not None:
            parts.append(created.copy() >= b.bind(midnight - timedelta(days=hi)))
        count = exp.func("count", exp.Star())
        out.append((exp.Filter(this=count, expression=exp.Where(this=exp.and_(*parts))) if parts else count,
                    bucket_name(lo, hi)))
    return out


def _comments_of_ticket(condition: str | None) -> str:
    """The number of a ticket's comments meeting a layer condition on c (all of them when None)."""
    return f"(SELECT COUNT(*) FROM comments AS c WHERE c.ticket_id = t.id{f' AND {condition}' if condition else ''})"


def _among_top(earlier: QuerySpec, b: _Builder) -> exp.Expression:
    """'… for each of them': the group column IN (the earlier top-N query's groups), that query run as it was
    compiled alone, its placeholders renamed apart (top_p0 …)."""
    ranked = compile_spec(earlier, b.layer)
    tree = ranked.expression.copy()
    for placeholder in tree.find_all(exp.Placeholder):
        name = f"top_{placeholder.name}"
        b.params[name] = ranked.params[placeholder.name]
        placeholder.set("this", name)
    group = earlier.group_by[0]
    members = sqlglot.select(exp.column(ranked.category_columns[0], table="top_n")).from_(
        exp.Subquery(this=tree, alias=exp.TableAlias(this=exp.to_identifier("top_n"))))
    return exp.In(this=b.column(group), query=exp.Subquery(this=members))


def compile_spec(spec: QuerySpec, layer: Layer | None = None) -> CompiledQuery:
    """Build the SELECT for a spec (see module docstring)."""
    layer = layer or load_layer()
    if spec.also_metrics or layer.metrics[spec.metric].kind == "ratio":
        # "received, solved and backlog": each metric as if asked alone, side by side; a ratio of two of them
        from supportwise.engine.combine import combined, ratio
        select, params, value_column, categories = (combined if spec.also_metrics else ratio)(spec, layer, compile_spec)
        return CompiledQuery(select, params, value_column, categories)
    metric = layer.metrics[spec.metric]
    b = _Builder(layer, authored=metric.authored)
    time_column = spec.time_field or metric.time or "created_at"
    where: list[exp.Expression] = []
    if metric.kind == "comment_count":  # "agent replies last month": comments, by their own created_at
        time_column = f"{b.use('comment')}.{metric.time}"
        if metric.comments:
            where.append(_fragment(metric.comments))
    statuses = metric.status or (("solved", "closed") if spec.time_field == "solved_at" else ())
    if statuses:
        where.append(exp.column("status", table="t").isin(*(exp.Literal.string(s) for s in statuses)))
    if metric.kind == "duration":
        where.append(exp.column(metric.stop, table="t").is_(exp.null()).not_())
    by_tag = "tag" in spec.group_by and not spec.listing  # one row per (ticket, tag): unnest(t.tags) AS tg(tag)
    where.extend(_tag_row(f, b) if by_tag and f.dimension == "tag" and not f.negate and not f.all_of
                 else b.condition(f) for f in spec.filters)
    if "agent" in spec.group_by and not spec.listing and not b.authored:
        # "open tickets per agent": each agent's; unassigned is no agent
        where.append(exp.column("assignee_id", table="t").is_(exp.null()).not_())
    if spec.threshold is not None:
        where.append(_threshold(spec.threshold, b, spec.as_of))
    if spec.top_of is not None:
        where.append(_among_top(spec.top_of, b))
    if spec.days_of_week:
        where.append(exp.In(this=_fragment(f"EXTRACT(ISODOW FROM {_qualified(time_column).sql()})"),
                            expressions=[exp.Literal.number(d) for d in spec.days_of_week]))
    if spec.hours is not None:
        hour, (start, stop) = _fragment(f"EXTRACT(HOUR FROM {_qualified(time_column).sql()})"), spec.hours
        after, before = hour >= exp.Literal.number(start), hour.copy() < exp.Literal.number(stop)
        where.append(exp.and_(after, before) if start < stop else exp.paren(exp.or_(after, before)))
    if spec.weekend is not None:
        dow = _fragment(f"EXTRACT(ISODOW FROM {_qualified(time_column).sql()})")
        days = exp.Tuple(expressions=[exp.Literal.number(6), exp.Literal.number(7)])
        where.append(exp.In(this=dow, expressions=days.expressions) if spec.weekend
                     else exp.not_(exp.In(this=dow, expressions=days.expressions)))

    selects: list[exp.Expression] = []
    groups: list[exp.Expression] = []
    order: list[exp.Expression] = []
    categories: list[str] = []
    if spec.compare_to is not None:
        label = exp.Case()
        for period in (spec.period, spec.compare_to):
            label = label.when(exp.and_(*b.in_range(time_column, period)), exp.Literal.string(period.label()))
        selects.append(exp.alias_(label, "period"))
        groups.append(label.copy())
        order.append(exp.func("min", _qualified(time_column)))
        categories.append("period")
        where.append(exp.or_(*(exp.paren(exp.and_(*b.in_range(time_column, p)), copy=False)
                               for p in (spec.period, spec.compare_to))))
    elif spec.period is not None:
        where.extend(b.in_range(time_column, spec.period))

    for name in spec.group_by:
        if spec.count_groups and name in layer.dimensions and layer.dimensions[name].key:
            expr, out, extra = b.key(name), name, None  # one group each
        elif name == "tag" and by_tag:
            expr, out, extra = exp.column("tag", table="tg"), name, None
        elif name in layer.dimensions:
            expr, out, extra = b.column(name), name, None
        else:
            expr, out, extra = _grain(name, time_column)
        selects.append(exp.alias_(expr, out))
        groups.append(expr.copy())
        if name in layer.dimensions and layer.dimensions[name].key and not spec.count_groups:
            groups.append(b.key(name))  # two customers of one name: two rows
        categories.append(out)
        if extra is not None or name not in layer.dimensions:
            order.append(extra if extra is not None else expr.copy())

    if spec.listing:
        select = sqlglot.select(*(exp.column(c, table="t") for c in LISTING_COLUMNS))
        value_column = None
        order = [exp.Ordered(this=exp.column("created_at", table="t"), desc=spec.order != "asc")]  # asc: oldest
        limit = spec.limit or DEFAULT_LISTING_LIMIT
    else:
        measure, value_column = _measure(spec, metric, b)
        more = [_measure(spec.model_copy(update={"statistic": stat}), metric, b) for stat in spec.also_statistics]
        if spec.age_buckets:  # one count per age bucket, side by side
            (measure, value_column), *more = _age_buckets(spec, b)
        select = sqlglot.select(*selects, exp.alias_(measure, value_column),
                                *(exp.alias_(expr, name) for expr, name in more))
        limit = spec.limit
        if groups:
            select = select.group_by(*groups)
        if spec.having is not None and groups:
            ops = {">": exp.GT, ">=": exp.GTE, "<": exp.LT, "<=": exp.LTE}
            select = select.having(ops[spec.having.op](this=measure.copy(), expression=b.bind(spec.having.value)))
        if spec.order or (groups and not order):
            order.insert(0, exp.Ordered(this=exp.column(value_column), desc=(spec.order or "desc") == "desc",
                                        nulls_first=False))
    select = select.from_(exp.alias_(exp.to_table("tickets"), "t", table=True))
    if by_tag:
        select = select.join(exp.Unnest(expressions=[exp.column("tags", table="t")], alias=exp.TableAlias(
            this=exp.to_identifier("tg"), columns=[exp.to_identifier("tag")])), join_type="cross")
    for join_name in b.joins:
        join = layer.joins[join_name]
        on = exp.column(join.right, table=join.alias).eq(_qualified(join.left))
        select = select.join(exp.alias_(exp.to_table(join.table), join.alias, table=True), on=on,
                             join_type="inner" if join.inner else "left")
        if join.require:  # e.g. sentiment: only tickets that have a label
            where.insert(0, _fragment(join.require))
    for condition in where:
        select = select.where(condition)
    if order:  # as the parser builds it: every ORDER BY item an Ordered node (the guard's optimizer expects it)
        select = select.order_by(*(o if isinstance(o, exp.Ordered) else exp.Ordered(this=o) for o in order))
    if limit:
        select = select.limit(limit) if spec.listing or not groups else top(select, limit)
    if spec.count_groups:  # "how many agents solved more than 10 tickets": one row, the number of groups
        select = _count_rows(select, spec.group_by[0])
        return CompiledQuery(select, b.params, spec.group_by[0] + "_count", ())
    return CompiledQuery(select, b.params, value_column, tuple(categories))


def top(select: exp.Select, n: int) -> exp.Select:
    """The first n groups and every group tied with the n-th: FETCH FIRST n ROWS WITH TIES (PostgreSQL).

    "Top 5 agents by solved tickets" when the 6th solved as many as the 5th shows six rows rather than
    dropping one of two equals by chance (issue 11). Ties are on the ORDER BY keys, so a ranked query
    orders by its value alone; the executor still keeps at most the row limit.
    """
    select.set("limit", exp.Fetch(direction="FIRST", count=exp.Literal.number(n),
                                  limit_options=exp.LimitOptions(rows=True, with_ties=True)))
    return select


def _count_rows(grouped: exp.Select, entity: str) -> exp.Select:
    inner = grouped.copy()
    inner.set("order", None)
    inner.set("limit", None)
    return sqlglot.select(exp.alias_(exp.func("count", exp.Star()), f"{entity}_count")).from_(
        exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("g"))))
