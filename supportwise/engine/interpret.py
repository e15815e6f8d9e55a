"""The one-line interpretation of exactly what was counted, and the chart that fits the result.

>>> from datetime import date
>>> from supportwise.engine.spec import DateRange, Filter, QuerySpec
>>> interpretation(QuerySpec(filters=(Filter(dimension="priority", values=("urgent",)),),
...                          period=DateRange(start=date(2026, 11, 16), end=date(2026, 11, 23))))
'Tickets · priority = urgent · created 2026-11-16 – 2026-11-22 · count'
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from supportwise.engine.compile import CompiledQuery
from supportwise.engine.layer import load_layer
from supportwise.engine.spec import TIME_GRAINS, Filter, QuerySpec
from supportwise.engine.title import having_words, top_words

_STATISTIC_WORDS = {"mean": "mean", "median": "median", "p90": "p90", "min": "minimum", "max": "maximum"}
_ENTITY_WORDS = {"requester": "customers (requesters)", "organization": "organizations", "agent": "agents (assignees)"}
# Where a sentiment label or score comes from (supportwise.text.sentiment, migration 0007).
SENTIMENT_SOURCE = "VADER, customer comments"


def _describe(flt: Filter) -> str:
    """'sentiment = negative (VADER, customer comments)'; other filters as Filter.describe."""
    text = flt.describe()
    return f"{text} ({SENTIMENT_SOURCE})" if flt.dimension == "sentiment" else text


def _join_notes(spec: QuerySpec) -> list[str]:
    """The population limits of the joins this spec uses ('only tickets with a sentiment label …')."""
    layer = load_layer()
    used = [layer.metrics[spec.metric].join]
    used += [layer.dimensions[f.dimension].join for f in (*spec.filters, *spec.share_filters)
             if f.dimension in layer.dimensions]
    used += [layer.dimensions[g].join for g in spec.group_by if g in layer.dimensions]
    if spec.threshold is not None and spec.threshold.measure == "sentiment_change":
        used.append("ticket_text")
    if layer.metrics[spec.metric].authored:  # by agent / team: the comment's author
        used = [j for j in used if j != "agent"]
        used += ["author"] * any(d in ("agent", "team") for d in (*spec.group_by, *(f.dimension for f in spec.filters)))
    notes = [layer.joins[j].note for j in dict.fromkeys(used) if j is not None and j in layer.joins]
    return [n for n in notes if n]


def _bucket_words(lo: float, hi: float | None) -> str:
    return f"≥ {lo:g} days" if hi is None else f"< {hi:g} days" if lo == 0 else f"{lo:g}–{hi:g} days"


def _threshold_words(spec: QuerySpec) -> str:
    """'first response > 4 h'; an age with the date it means: 'age > 7 days (created before 2026-11-16)'."""
    th = spec.threshold
    if th.measure not in ("age_days", "idle_days") or spec.as_of is None:
        return th.describe()
    cut = spec.as_of - timedelta(days=th.value)
    what, stamp = ("age", "created") if th.measure == "age_days" else ("no activity", "last updated")
    side = "before" if th.op in (">", ">=") else "after"
    return f"{what} {th.op} {th.value:g} days ({stamp} {side} {cut.isoformat()})"


def _measure_word(spec: QuerySpec) -> str:
    kind = load_layer().metrics[spec.metric].kind
    if spec.listing:
        return f"list ({'oldest' if spec.order == 'asc' else 'newest'} {spec.limit or 100})"
    if kind == "duration":
        return ", ".join(_STATISTIC_WORDS[s] for s in (spec.statistic or "mean", *spec.also_statistics))
    if spec.distinct:
        return f"count of distinct {_ENTITY_WORDS[spec.distinct]}"
    if kind == "share":
        parts = [_describe(f) for f in spec.share_filters]
        parts += [spec.share_threshold.describe()] if spec.share_threshold else []
        return "share of " + " and ".join(parts) if parts else "share of total"
    if spec.per_day and kind == "count":
        return f"count ÷ {(spec.period.end - spec.period.start).days} days (average per day)"
    if load_layer().metrics[spec.metric].aggregate:  # a mean over comments: each message counts once
        return "mean per message (VADER, each message)"
    return {"count": "count", "comment_count": "count", "csat": "good ÷ rated", "comments": "mean per ticket",
            "reopen": "reopened ÷ solved",
            "sentiment": f"mean sentiment score ({SENTIMENT_SOURCE})"}[kind]


def interpretation(spec: QuerySpec, scope_team: str | None = None, row_count: int | None = None) -> str:
    """'Tickets · priority = urgent · created 2026-11-16 – 2026-11-22 · count' (CONTRACT §3).

    With the result's ``row_count``, a top N that came back longer says why: the groups tied with
    the N-th are shown too (compile.top), "· ties included (7 rows)".
    """
    text = _interpretation(spec, scope_team)
    if row_count is not None and spec.limit and not spec.listing and row_count > spec.limit:
        text += f" · ties included ({row_count} rows)"
    return text


def _interpretation(spec: QuerySpec, scope_team: str | None = None) -> str:
    if spec.also_metrics:  # one interpretation per metric, each with its own timestamp: "Tickets · … | Solved …"
        from supportwise.engine.combine import parts
        return " | ".join(interpretation(part, scope_team) for part in parts(spec)) + \
            (f" · top {spec.limit}" if spec.limit else "")
    if load_layer().metrics[spec.metric].kind == "ratio":  # "Resolution rate (%) = Solved … ÷ Tickets …"
        from supportwise.engine.combine import ratio_parts
        return (f"{load_layer().metrics[spec.metric].label} = "
                + " ÷ ".join(interpretation(part, scope_team) for part in ratio_parts(spec))
                + (f" · top {spec.limit}" if spec.limit else ""))
    metric = load_layer().metrics[spec.metric]
    parts = [metric.label if not spec.listing else "Tickets"]
    parts += [_describe(f) for f in spec.filters]
    parts += _join_notes(spec)
    if "agent" in spec.group_by and not metric.authored:
        parts.append("assigned tickets only")
    if "tag" in spec.group_by and not spec.listing:
        parts.append("a ticket counts under each of its tags")
    if spec.threshold is not None:
        parts.append(_threshold_words(spec))
    if spec.top_of is not None:
        parts.append("only " + top_words(spec.top_of))
    if spec.age_buckets:
        parts.append("ages " + ", ".join(_bucket_words(lo, hi) for lo, hi in spec.age_buckets) +
                     f" (on {spec.as_of})")
    if spec.weekend is not None:
        parts.append("weekends only" if spec.weekend else "weekdays only")
    parts += spec.clock_words()
    if scope_team:
        parts.append(f"team {scope_team} only")
    event = ({"solved_at": "solved", "created_at": "created"}[spec.time_field] if spec.time_field
             else metric.event if metric.time else "created")
    if spec.time_field and metric.time and spec.time_field != metric.time and metric.status:
        parts.append({"solved": "solved by now", "open now": "still open now"}.get(metric.event, metric.event))
    if spec.period is None or (spec.period.start is None and spec.period.end is None):
        parts.append("open right now · all time" if metric.time is None else f"{event} · all time")
    else:
        when = f"{event} {spec.period.label()}"
        if spec.compare_to is not None:
            when += f" vs {spec.compare_to.label()}"
        if metric.time is None:
            when = "open right now · " + when
        parts.append(when)
    measure = _measure_word(spec)
    if spec.group_by:
        measure += " by " + ", ".join(g.replace("_", " ") for g in spec.group_by)
    if spec.having is not None:
        measure += f" · only where {having_words(spec)}"
    if spec.count_groups:
        entity = _ENTITY_WORDS.get(spec.group_by[0], spec.group_by[0])
        value = f"{_measure_word(spec)} {having_words(spec)}" if metric.unit in ("%", "hours") else \
            f"{having_words(spec)} such tickets"
        measure = f"number of {entity} with {value}" if spec.having else f"number of {spec.group_by[0]}s"
    if spec.limit and not spec.listing:
        measure += f" · {'top' if spec.order != 'asc' else 'bottom'} {spec.limit}"
    parts.append(measure)
    return " · ".join(parts)


def chart_for(spec: QuerySpec, compiled: CompiledQuery) -> dict[str, Any]:
    """The chart that fits the result's shape: number, bar, line or table."""
    y = compiled.value_column
    categories = compiled.category_columns
    if spec.listing or y is None:
        return {"type": "table", "x": None, "y": None}
    if not categories:  # several numbers asked at once ("median and p90") read best as a table
        several = spec.also_statistics or spec.also_metrics or len(spec.age_buckets) > 1
        return {"type": "table" if several else "number", "x": None, "y": y}
    if spec.also_metrics:  # several metrics per group: their columns side by side
        return {"type": "table", "x": categories[0], "y": y}
    if len(categories) == 1:
        grain = categories[0] in TIME_GRAINS and categories[0] not in ("hour_of_day", "day_of_week", "day_type")
        return {"type": "line" if grain else "bar", "x": categories[0], "y": y}
    return {"type": "table", "x": categories[0], "y": y, "color": categories[1]}
