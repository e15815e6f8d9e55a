"""The answer's title: what was measured, over which tickets, when — every filter named in words.

The grey "Read as" line (``interpret.interpretation``) says exactly what was counted; the title
is what a person reads first (the headline's label, the chart's title, an export's heading), so
it must not hide a filter either: "Tickets by channel" over urgent tickets only read as all
tickets (issue 11).

>>> from datetime import date
>>> from supportwise.engine.spec import DateRange, Filter, QuerySpec
>>> title(QuerySpec(filters=(Filter(dimension="priority", values=("urgent",)),), group_by=("channel",),
...                 period=DateRange(start=date(2026, 11, 8), end=date(2026, 12, 8), phrase="last 30 days")))
'Urgent tickets by channel, last 30 days'
>>> title(QuerySpec(metric="resolution_time", statistic="median", period=DateRange(
...     start=date(2026, 11, 1), end=date(2026, 12, 1), phrase="november", grain="month"),
...     filters=(Filter(dimension="plan", values=("enterprise",)), Filter(dimension="channel", values=("chat",)))))
'Median resolution time (hours) of chat tickets from enterprise customers, November 2026'
"""

from __future__ import annotations

import calendar
import re

from supportwise.engine.layer import load_layer
from supportwise.engine.spec import DateRange, Filter, QuerySpec

# Dimensions whose values read as a word before "tickets": "urgent email incident tickets".
_BEFORE = ("satisfaction", "sentiment", "assignment", "status", "priority", "channel", "product_area",
           "ticket_type")
# The rest read after it: "… from enterprise customers", "… of team Billing".
_AFTER = {"team": "of team {}", "plan": "from {} customers", "region": "from {}", "organization": "from {}",
          "agent": "assigned to {}", "requester": "requested by {}", "tag": "tagged {}"}
_VALUE_WORDS = {("status", "on_hold"): "on-hold", ("channel", "api"): "API", ("ticket_type", "question"): "question",
                ("satisfaction", "good"): "well-rated", ("satisfaction", "bad"): "badly rated",
                ("sentiment", "negative"): "negative-sentiment", ("sentiment", "neutral"): "neutral-sentiment",
                ("sentiment", "positive"): "positive-sentiment"}
_STATISTICS = {"mean": "Average", "median": "Median", "p90": "P90", "min": "Shortest", "max": "Longest"}
_COUNT_NOUNS = {"ticket_count": "tickets", "solved_count": "solved tickets", "backlog": "open tickets"}
# "last 30 days", "this week", "yesterday": relative phrases that read well as they are typed
_RELATIVE = re.compile(r"^(?:today|yesterday|(?:this|last|past|previous)\s+(?:\d+\s+)?"
                       r"(?:day|week|month|quarter|year|fortnight)s?|(?:month|quarter|year|week)\s+to\s+date)$")


def title(spec: QuerySpec, scope_team: str | None = None) -> str:
    """'Urgent tickets by channel, last 30 days' (see the module doc)."""
    what = _what(spec, scope_team)
    if spec.group_by and not spec.count_groups:
        what += " by " + " and ".join(_dimension_noun(g) for g in spec.group_by)
    if spec.limit and not spec.listing:
        what += f", {'bottom' if spec.order == 'asc' else 'top'} {spec.limit}"
    if spec.having is not None and not spec.count_groups:
        what += f", only where {having_words(spec)}"
    if spec.top_of is not None:
        what += f", {top_words(spec.top_of)}"
    right_now = load_layer().metrics[spec.metric].time is None and spec.time_field is None
    when = "right now" if right_now and spec.period is None else period_words(spec.period)
    if spec.compare_to is not None:
        when += f" vs {period_words(spec.compare_to)}"
    return f"{what}, {when}" if when else what


def top_words(earlier: QuerySpec) -> str:
    """The groups of an earlier top-N: "the top 5 organizations of 'Tickets by organization, this quarter'"."""
    ranked = title(earlier.model_copy(update={"limit": None}))
    return f"the {'bottom' if earlier.order == 'asc' else 'top'} {earlier.limit} " \
           f"{_dimension_noun(earlier.group_by[0])}s of '{ranked}'"


def having_words(spec: QuerySpec) -> str:
    """The condition on each group's value with its unit: '< 80 %', '> 48 h', '> 10'."""
    unit = {"%": " %", "hours": " h"}.get(load_layer().metrics[spec.metric].unit or "", "")
    return f"{spec.having.op} {spec.having.value:g}{unit}" if spec.having is not None else ""


def _what(spec: QuerySpec, scope_team: str | None) -> str:
    filters = list(spec.filters)
    if scope_team and not any(f.dimension == "team" for f in filters):
        filters.append(Filter(dimension="team", values=(scope_team,)))
    tickets = _tickets(filters) + _conditions(spec)
    metrics = [spec.metric, *(a.metric for a in spec.also_metrics)]
    counted = _count_phrase(_COUNT_NOUNS.get(spec.metric, "tickets"), tickets)
    if spec.listing:
        which = "oldest" if spec.order == "asc" else "newest"
        return _capital(" ".join(w for w in (str(spec.limit or ""), which, counted) if w))
    if spec.metric == "share":
        share = _tickets(list(spec.share_filters)) if spec.share_filters else "tickets"
        measured = f"Share of {share}{' with ' + spec.share_threshold.describe() if spec.share_threshold else ''}"
        return f"{measured} among {tickets} (%)" if tickets != "tickets" else f"{measured} (%)"
    if spec.distinct:
        noun = {"requester": "customers", "organization": "organizations", "agent": "agents"}[spec.distinct]
        return f"Distinct {noun} with {tickets}"
    if spec.count_groups and spec.group_by:
        noun = f"Number of {_dimension_noun(spec.group_by[0])}s"
        if spec.having is None:
            return f"{noun} with {counted}"
        if load_layer().metrics[spec.metric].unit in ("%", "hours"):  # "… with CSAT < 80 %"
            return f"{noun} with {_metric_name(spec.metric, spec.statistic, tickets)} {having_words(spec)}"
        return f"{noun} with {having_words(spec)} {counted}"
    names = [_metric_name(m, spec.statistic if i == 0 else spec.also_metrics[i - 1].statistic, tickets)
             for i, m in enumerate(metrics)]
    if spec.also_statistics:
        names[0] = _metric_name(spec.metric, None, tickets, statistics=(spec.statistic or "mean",
                                                                            *spec.also_statistics))
    if spec.per_day:
        names[0] += " per day"
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1].lower()
    return _capital(text)


def _metric_name(metric: str, statistic: str | None, tickets: str, statistics: tuple[str, ...] = ()) -> str:
    """'Urgent solved tickets' for a count; 'Median resolution time (hours) of urgent tickets' otherwise."""
    if metric in _COUNT_NOUNS:
        return _count_phrase(_COUNT_NOUNS[metric], tickets)
    entry = load_layer().metrics[metric]
    label = entry.label
    if entry.kind == "duration":
        words = " and ".join(_STATISTICS[s].lower() for s in statistics) if statistics else \
            _STATISTICS[statistic or "mean"].lower()
        label = f"{words} {label[0].lower()}{label[1:]}"
    return label if tickets == "tickets" else f"{label} of {tickets}"


def _count_phrase(noun: str, tickets: str) -> str:
    """The count's word first: 'solved urgent email tickets …', 'open tickets of team Billing'."""
    if noun == "tickets":
        return tickets
    adjective = noun.removesuffix(" tickets")
    return f"{adjective} {tickets}"


def _tickets(filters: list[Filter]) -> str:
    """'urgent email tickets from enterprise customers', 'tickets not of team Billing'."""
    before, after = [], []
    for flt in sorted(filters, key=lambda f: _BEFORE.index(f.dimension) if f.dimension in _BEFORE else 99):
        values = [_VALUE_WORDS.get((flt.dimension, v), v.replace("_", " ")) for v in flt.values]
        joined = (" and " if flt.all_of else " or ").join(values)
        if flt.dimension in _BEFORE and not flt.negate:
            before.append(joined)
        elif flt.dimension in _BEFORE and len(values) == 1:
            before.append(f"non-{joined}")
        elif flt.dimension in _BEFORE:
            after.append(f"other than {joined}")
        else:
            phrase = _AFTER.get(flt.dimension, flt.dimension.replace("_", " ") + " {}").format(joined)
            after.append(f"not {phrase}" if flt.negate else phrase)
    return " ".join([*before, "tickets", *after])


def _conditions(spec: QuerySpec) -> str:
    """Per-ticket conditions beyond the filters: thresholds, weekdays, hours."""
    parts = []
    if spec.threshold is not None:
        parts.append(_threshold(spec))
    if spec.weekend is not None:
        parts.append("on weekends" if spec.weekend else "on weekdays")
    parts += spec.clock_words()
    return "".join(" " + p for p in parts)


def _threshold(spec: QuerySpec) -> str:
    """'older than 7 days', 'with no activity for more than 3 days', 'with first response > 4 h'."""
    th = spec.threshold
    days = f"{th.value:g} day{'' if th.value == 1 else 's'}"
    more = th.op in (">", ">=")
    if th.measure == "age_days":
        return f"{'older' if more else 'newer'} than {days}"
    if th.measure == "idle_days":
        return f"with no activity for {'more' if more else 'less'} than {days}"
    return f"with {th.describe().replace(' hours', '')}"


def _dimension_noun(dimension: str) -> str:
    return {"hour_of_day": "hour of day", "day_of_week": "day of week", "day_type": "weekday or weekend",
            "requester": "customer"}.get(dimension, dimension.replace("_", " "))


def period_words(period: DateRange | None) -> str:
    """'last 30 days', 'November 2026', 'Q4 2026', '2026-11-03 – 2026-11-09', 'all time'."""
    if period is None or (period.start is None and period.end is None):
        return "all time"
    phrase = " ".join((period.phrase or "").lower().split())
    if _RELATIVE.match(phrase):
        return phrase
    start, end = period.start, period.end
    if start is not None and end is not None and start.day == 1 and end.day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month
        if months == 1:
            return f"{calendar.month_name[start.month]} {start.year}"
        if months == 3 and start.month % 3 == 1:
            return f"Q{start.month // 3 + 1} {start.year}"
        if months == 12 and start.month == 1:
            return str(start.year)
    return period.label()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
