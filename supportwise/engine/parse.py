"""Question (or follow-up) → QuerySpec, or Unanswerable / Rejected — never a guess.

Steps: refuse hostile requests; find organization and agent names; correct typos towards
known words; extract time, thresholds, shape (top-N, breakdowns), metric, filters; then
whatever words remain must be filler, otherwise the question is declined with the
nearest questions the engine can answer.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import ValidationError
from rapidfuzz import fuzz, process

from supportwise.engine import cursor, extract, several, terms
from supportwise.engine.hostile import reject_if_hostile
from supportwise.engine.layer import load_layer
from supportwise.engine.lexicon import (
    FILLER,
    MEANINGFUL,
    NOT_IN_DATA,
    RANGE_WORDS,
    TIME_WORDS,
    correct,
    fold,
    normalize,
)
from supportwise.engine.names import NameIndex
from supportwise.engine.spec import TIME_GRAINS, AlsoMetric, DateRange, Filter, QuerySpec, Threshold
from supportwise.errors import Unanswerable

SUGGESTIONS = (
    "How many urgent tickets did we get last week?",
    "How many tickets were solved this month?",
    "How many open tickets are there by priority?",
    "Tickets by channel in the last 30 days",
    "What is the median first response time this month?",
    "Average resolution time by team last quarter",
    "What was our CSAT last month?",
    "What percentage of tickets last month were urgent?",
    "Top 5 organizations by tickets this year",
    "Weekly ticket volume for billing over the last 8 weeks",
    "Show me the urgent tickets created yesterday",
    "How many tickets waited more than 4 hours for a first response last week?",
    "Reopen rate by product area this quarter",
    "Tickets from enterprise customers this week vs last week",
)

_FOLLOWUP_CUE = re.compile(
    r"^(?:and|what\s+about|how\s+about|what\s+if|same\s+(?:for|but|thing)|now|only|just|but|also|instead|for|"
    r"then|ok(?:ay)?|break\s+(?:that|it|this|those)|split\s+(?:that|it|this)|show\s+(?:that|it|this|those|them)|"
    r"by\s+|per\s+|for\s+(?:the\s+)?(?:urgent|enterprise|only)|compared?\s|vs\s|versus\s|excluding|without|"
    r"exclude|drill|filter|limit\s+(?:that|it|to)|restrict|make\s+it|switch)\b")
_COMPARE_VALUES = re.compile(r"\b(vs|versus|compare|compared|comparison|against|each|respectively|"
                             r"than|split|side\s+by\s+side)\b")
_APPEND_GROUP = re.compile(r"\b(also|as\s+well|and\s+by|additionally|too)\b")


def suggestions_for(question: str, k: int = 3) -> list[str]:
    """The answerable questions nearest to this one."""
    ranked = process.extract(question, SUGGESTIONS, scorer=fuzz.token_set_ratio, limit=k)
    return [text for text, _, _ in ranked]


_FUTURE = re.compile(r"\b(next\s+(?:week|month|quarter|year|\d+\s+\w+)|tomorrow|forecast\w*|predict\w*|projected|"
                     r"projection|will\s+(?:we|there|our|it|they|the)\b[^?]*\b(?:get|be|have|receive|need|see)|"
                     r"going\s+to\s+(?:get|be|have|receive|need))\b")
_UNSUPPORTED_HOURS = re.compile(r"\bhow\s+many\s+(?:hours|minutes|days)\b")
_DURATION_METRICS = ("first_response_time", "resolution_time")


# Words that point at the previous answer's tickets: "of those", "among them", "their CSAT".
_REFERS = re.compile(r"\b(?:of|among|from|for|in)\s+(?:those|these|them|that\s+group|which)\b|"
                     r"\b(?:those|these|the\s+same)\s+(?:tickets|ones|cases|requests)\b|^(?:and\s+)?(?:what\s+(?:is|was|"
                     r"about)\s+|how\s+about\s+|and\s+)?their\b|\b(?:how\s+many|what\s+share|what\s+percent\w*)\s+of\s+"
                     r"them\b")


def _decline(question: str, message: str) -> Unanswerable:
    return Unanswerable(message, suggestions=suggestions_for(question))


def _extract(question: str, today: date, names: NameIndex | None) -> tuple[cursor.Found, list[str]]:
    if not question.strip():
        raise Unanswerable("Please type a question.", suggestions=list(SUGGESTIONS[:3]))
    reject_if_hostile(fold(question))
    text = normalize(question)
    reject_if_hostile(text)
    cur = cursor.Cursor(text)
    found = cursor.Found(text=text, as_of=today)
    if names is not None:
        extract.extract_releases(cur, found, names.releases, today)
        terms.extract_names(cur, found, names)
    terms.extract_tags(cur, found)
    for pattern, reason in NOT_IN_DATA:
        if pattern.search(cur.text):
            raise _decline(question, reason)
    extract.extract_weekdays(cur, found)
    extract.extract_hours(cur, found)
    found.refers = cur.take(_REFERS) is not None
    cur.text = correct(cur.text)
    reject_if_hostile(cur.text)
    extract.extract_time(cur, found, today)
    terms.extract_threshold(cur, found)
    terms.extract_entity(cur, found)
    terms.extract_sentiment_values(cur, found)
    extract.extract_shape(cur, found)
    extract.extract_listing(cur, found)
    several.extract_several(cur, found)
    terms.extract_metric(cur, found)
    terms.extract_filters(cur, found)
    unknown = [w for w in cur.leftover()
               if (w not in FILLER and w not in TIME_WORDS) or w in RANGE_WORDS or w in MEANINGFUL
               or any(c.isdigit() for c in w)]
    return found, unknown


def _blame(unknown: list[str]) -> str:
    """The words to name in a decline: words before numbers ("top 10 requesters" blames 'requesters'), short."""
    ranked = sorted(dict.fromkeys(unknown), key=lambda w: any(c.isdigit() for c in w))
    return ", ".join(repr(w if len(w) <= 24 else w[:23] + "…") for w in ranked[:3])


def _trend_grain(period: DateRange | None) -> str:
    if period is None or period.start is None or period.end is None:
        return "month"
    days = (period.end - period.start).days
    return "day" if days <= 31 else "week" if days <= 183 else "month"


def _order(found: cursor.Found, metric: str) -> str | None:
    if found.order_word in {"best", "worst"}:
        higher_is_better = metric in ("csat", "avg_sentiment")
        return "desc" if (found.order_word == "best") == higher_is_better else "asc"
    return found.order


_STATUS_OF = {"solved_count": ("solved", "closed"), "backlog": ("new", "open", "pending", "on_hold")}
# "each agent's % of closed tickets": the share of the whole that each group holds, not a share within it
_SHARE_OF_WHOLE = re.compile(r"\b(?:percent|percentage|share|proportion|portion|fraction)\s+of\s+(?:all\s+)?(?:the\s+)?"
                             r"(?:team\s+|our\s+)?(?:closed|solved|resolved|open|unsolved|unresolved|backlog)\b")


def _share_parts(found: cursor.Found) -> tuple[tuple[Filter, ...], tuple[Filter, ...]]:
    """(base filters, numerator filters) of a share question."""
    ordered = sorted(found.filters, key=lambda pf: pf[0])
    after = [f for pos, f in ordered if found.share_split is not None and pos >= found.share_split]
    if found.metric in _STATUS_OF and after and (found.metric_at or 0) < (found.share_split or 0):
        # "what percent of its open tickets are high or urgent": the metric picks the tickets, what follows is measured
        before = tuple(f for _, f in ordered if f not in after)
        return (*before, Filter(dimension="status", values=_STATUS_OF[found.metric])), tuple(after)
    if found.metric == "solved_count":
        return tuple(f for _, f in ordered), (Filter(dimension="status", values=("solved", "closed")),)
    if found.metric == "backlog":
        return tuple(f for _, f in ordered), (Filter(dimension="status", values=("new", "open", "pending", "on_hold")),)
    if not ordered:
        raise Unanswerable("A percentage of what? Say which tickets to measure, e.g. 'what share of tickets were "
                           "urgent last month'.", suggestions=["What percentage of tickets last month were urgent?"])
    if found.share_split is not None and any(pos >= found.share_split for pos, _ in ordered):
        return (tuple(f for pos, f in ordered if pos < found.share_split),
                tuple(f for pos, f in ordered if pos >= found.share_split))
    mood = [f for _, f in ordered if f.dimension == "sentiment"]
    if len(mood) == 1 and len(ordered) > 1:  # "share of negative tickets for billing": sentiment is measured
        return tuple(f for _, f in ordered if f.dimension != "sentiment"), (mood[0],)
    return tuple(f for _, f in ordered[:-1]), (ordered[-1][1],)


def _build(found: cursor.Found, question: str) -> QuerySpec:
    layer = load_layer()
    metric = found.metric
    if metric is None and (found.counting or found.group_by or found.filters or found.period or found.listing
                           or found.threshold):
        metric = "ticket_count"
    if metric is None and not found.share:
        raise _decline(question, "I can't tell what to measure in that question, and I won't guess.")
    if found.threshold is not None and found.threshold.measure == "resolution_hours" and metric == "ticket_count":
        metric = "solved_count"
    if metric == "ticket_count" and any(f.dimension == "satisfaction" for _, f in found.filters):
        metric = "solved_count"  # "bad ratings last week": solved tickets rated bad, by solved_at like CSAT
    period = DateRange.of(found.period) if found.period else None
    update: dict = {"metric": metric or "ticket_count", "period": period, "threshold": found.threshold,
                    "as_of": found.as_of if found.threshold is not None and found.threshold.measure.endswith("days")
                    else None,
                    "weekend": found.weekend, "limit": found.limit, "listing": found.listing,
                    "days_of_week": tuple(found.days_of_week), "hours": found.hours}
    if found.share and found.metric not in (None, "ticket_count", "solved_count", "backlog"):
        raise _decline(question, f"A share of tickets is one number; it can't also be the "  # "… and the average FRT"
                                 f"{layer.metrics[found.metric].label.lower()}. Ask for them one at a time.")
    if found.share and found.threshold is not None and found.threshold.measure == "reopens" and \
            update["metric"] in ("ticket_count", "solved_count"):
        update.update(metric="reopen_rate", threshold=None, filters=tuple(f for _, f in found.filters))
    elif found.share and found.threshold is not None:
        update.update(metric="share", filters=tuple(f for _, f in found.filters), share_threshold=found.threshold,
                      threshold=None)
        if found.threshold.measure == "resolution_hours" or found.metric == "solved_count":
            update["time_field"] = "solved_at"  # "of the tickets solved last month, what percent took > 48 h"
    elif found.share and not found.filters and found.group_by and found.metric is None:
        update.update(metric="share", filters=())
    elif found.share and found.group_by and found.metric in _STATUS_OF and _SHARE_OF_WHOLE.search(found.text):
        population = Filter(dimension="status", values=_STATUS_OF[found.metric])
        update.update(metric="share", filters=(*(f for _, f in found.filters), population),
                      time_field="solved_at" if found.metric == "solved_count" else None)
    elif found.share:
        base, numerator = _share_parts(found)
        update.update(metric="share", filters=base, share_filters=numerator)
    else:
        update["filters"] = tuple(f for _, f in found.filters)
    stats = list(found.statistics or ([found.statistic] if found.statistic else []))
    if layer.metrics[update["metric"]].kind in ("comments", "csat", "share", "reopen", "sentiment"):
        stats = [s for s in stats if s != "mean"]  # "average CSAT", "average comments per ticket": already a mean
    if stats == ["mean"] and layer.metrics[update["metric"]].kind == "count" and "day" in found.group_by and \
            period is not None and period.start is not None and period.end is not None and not found.share:
        stats, update["per_day"] = [], True  # "average number of tickets per day last month"
        found.group_by.remove("day")
    if stats:
        if layer.metrics[update["metric"]].kind != "duration":
            raise _decline(question, "Medians, averages, minimums, maximums and percentiles are available for "
                                     "first response and resolution times; for counts, ask for the count itself.")
        update["statistic"], update["also_statistics"] = stats[0], tuple(stats[1:])
    update["group_by"] = tuple(_trend_grain(period) if g == "trend" else g for g in found.group_by)
    if found.compare_values or _COMPARE_VALUES.search(found.text):  # "CSAT for chat vs email"
        multi = [f.dimension for _, f in found.filters if f in update.get("filters", ()) and len(f.values) > 1
                 and not f.negate]  # asked values, not a population the parse added (status of "open")
        update["group_by"] = tuple(dict.fromkeys((*update["group_by"], *multi)))
    if found.entity is not None:
        if layer.metrics[update["metric"]].kind != "count" or found.share or found.listing:
            raise _decline(question, "Counting customers, organizations or agents works with ticket counts "
                                     "(created, solved, open); that combination is not something I can count.")
        if found.having is not None:  # "customers with more than one open ticket": count those customers
            update["group_by"] = (found.entity, *update["group_by"])
            update["count_groups"] = True
        else:
            update["distinct"] = found.entity
    if found.having is not None:
        if not update["group_by"]:
            raise _decline(question, "More than how many tickets — per what? Say e.g. 'which agents solved more "
                                     "than 10 tickets last month'.")
        update["having"] = Threshold(measure="value", op=found.having[0], value=found.having[1])
    if found.also_metrics:
        update["also_metrics"] = tuple(AlsoMetric(metric=m, statistic=s) for m, s in found.also_metrics)
    update["order"] = _order(found, update["metric"])
    if found.also_metrics and found.compare is not None and DateRange.of(found.compare) == period:
        found.compare = None  # "how many we received last month, how many we solved last month": one period
    if found.compare is not None and period is not None:
        update["compare_to"] = DateRange.of(found.compare)
    elif found.compare_previous and period is not None:
        update["compare_to"] = period.shifted(found.previous_period_ref or -1)
    elif found.previous_period_ref is not None:  # "the week before" / "week over week" with no period to shift
        raise _decline(question, "Before or after which period? Name it, e.g. 'tickets this week vs last week' or "
                                 "'tickets in the week before last'.")
    if _CREATED.search(found.text) and period is not None and not update.get("time_field") and \
            layer.metrics[update["metric"]].time != "created_at" and layer.metrics[update["metric"]].status:
        update["time_field"] = "created_at"  # "of the tickets created last week, how many are solved": a cohort
    if found.grain_on_created and layer.metrics[update["metric"]].time not in (None, "created_at"):
        update["time_field"] = "created_at"
    if update["metric"] == "backlog" and not update.get("time_field") and not _CREATED.search(found.text) and \
            any(g in ("day", "week", "month", "quarter", "trend") for g in found.group_by):
        raise _decline(question, "How many tickets were open on each past day needs their status history, which "
                                 "the data does not keep. Ask for the backlog right now, or for open tickets by "
                                 "the month they were created.")
    if found.listing and update["group_by"]:
        update["listing"] = False
    try:
        return QuerySpec(**update)
    except ValidationError as exc:
        raise _decline(question, "That question does not fit together into one query.") from exc


def parse_question(question: str, today: date, names: NameIndex | None = None,
                   previous: QuerySpec | None = None) -> QuerySpec:
    """Parse a question; with `previous`, a follow-up edits it ("what about the week before?").

    >>> parse_question("How many urgent tickets did we get last week?", date(2026, 11, 23)).filters[0].values
    ('urgent',)
    """
    found, unknown = _extract(question, today, names)
    text = found.text
    if _FUTURE.search(text):
        raise _decline(question, "SupportWise reports what happened in the support data; it does not forecast.")
    if _UNSUPPORTED_HOURS.search(text) and found.metric not in _DURATION_METRICS and found.threshold is None:
        raise _decline(question, "Hours are measured for first response and resolution times only.")
    if unknown:
        raise _decline(question, f"I don't know how to answer questions about {_blame(unknown)} yet, "
                                 "and I won't guess.")
    refers = found.refers
    if previous is None and (refers or _BACK_REFERENCE.search(text)):
        raise _decline(question, "That refers to an earlier answer, but there is none in this conversation: "
                                 "ask the whole question.")
    if previous is not None and previous.limit and _EACH_OF_THEM.search(text):
        raise _decline(question, f"I can't carry the previous top {previous.limit} over to another measure yet: "
                                 "name them, or ask for the measure by the same breakdown.")
    if previous is not None and (refers or _is_followup(found)):
        return merge_followup(previous, found, question, cohort=refers)
    return _build(found, question)


_CREATED = re.compile(r"\b(?:created|opened|received|came\s+in|submitted|raised|logged|filed)\b")
_STANDALONE = re.compile(r"\b(how\s+many|number\s+of|count|volume|total|how\s+long)\b")
# "break that down by week", "split it by channel", "only the urgent ones": they name an earlier answer's tickets
_BACK_REFERENCE = re.compile(r"^(?:now\s+|ok(?:ay)?\s+|and\s+|then\s+)?"
                             r"(?:break|split|slice|show|filter|limit|narrow)\s+(?:that|it|this|those|these|them)\b|\b(?:the\s+(?:\w+\s+){1,3}ones|those\s+ones)\b|"
                             r"^(?:and\s+)?which\s+(?:ones|of\s+them|of\s+those)\b")
_EACH_OF_THEM = re.compile(r"\b(?:each|every\s+one|all)\s+of\s+(?:them|those|these)\b|\b(?:those|these)\s+\d+\b")
_FOLLOWUP_END = re.compile(r"\b(only|instead|too|as\s+well|then)\s*$")
def _is_followup(found: cursor.Found) -> bool:
    """A recognisable follow-up: a cue ("what about …", "… only"), or a fragment naming no subject
    ("by channel", "last month?"). A question naming its own subject ("Tickets by channel in the
    last 30 days") starts fresh: it never inherits the previous question's filters."""
    text = found.text
    if _FOLLOWUP_CUE.search(text) or _FOLLOWUP_END.search(text):
        return True
    if found.limit and found.group_by and found.period:  # "top 10 requesters this year": a whole question
        return False
    return not (found.metric or found.listing or found.share or found.counting or _STANDALONE.search(text))


def merge_followup(previous: QuerySpec, found: cursor.Found, question: str, cohort: bool = False) -> QuerySpec:
    """Apply the parts a follow-up names to the previous spec; keep everything else.

    With `cohort` ("of those, how many are solved now?") the previous answer's tickets stay the
    population: a new metric is measured over them, on the previous question's timestamp.
    """
    spec = previous
    update: dict = {}
    if cohort and found.metric is not None and found.period is None and previous.period is not None:
        layer = load_layer()
        before = previous.time_field or layer.metrics[previous.metric].time or "created_at"
        if before != (layer.metrics[found.metric].time or "created_at") or layer.metrics[found.metric].time is None:
            update["time_field"] = before
    if found.period is not None:
        update["period"] = DateRange.of(found.period)
        if found.compare is not None:
            update["compare_to"] = DateRange.of(found.compare)
    elif found.previous_period_ref is not None:
        if previous.period is None or previous.period.start is None:
            raise _decline(question, "The previous question covered all time, so there is no period before it.")
        if found.period_over_period:  # "week over week?": this period next to the one before
            update["compare_to"] = previous.period.shifted(-1)
        else:
            update["period"] = previous.period.shifted(found.previous_period_ref)
            update["compare_to"] = None
    if found.metric is not None and (found.metric != previous.metric or found.also_metrics):
        update["metric"] = found.metric  # a metric named again replaces the previous list of them
        update["also_metrics"] = tuple(AlsoMetric(metric=m, statistic=s) for m, s in found.also_metrics)
        if load_layer().metrics[found.metric].kind != "duration":
            update["statistic"] = None
    if found.statistic is not None:
        metric = update.get("metric", previous.metric)
        if load_layer().metrics[metric].kind != "duration":
            raise _decline(question, "Medians and percentiles are available for first response and resolution "
                                     "times, not for counts.")
        update["statistic"] = found.statistic
    if found.group_by:
        grains = tuple(_trend_grain(update.get("period", previous.period)) if g == "trend" else g
                       for g in found.group_by)
        keep = previous.group_by if _APPEND_GROUP.search(found.text) else ()
        update["group_by"] = tuple(dict.fromkeys((*keep, *grains)))
        update["listing"] = False
        if any(g in TIME_GRAINS for g in update["group_by"]):
            update["per_day"] = False  # "by day" after "per day on average": the counts themselves
    if found.limit is not None:
        update.update(limit=found.limit, order=_order(found, update.get("metric", previous.metric)))
    if found.threshold is not None:
        update["threshold"] = found.threshold
        if found.threshold.measure.endswith("days"):
            update["as_of"] = found.as_of
    if found.weekend is not None:
        update["weekend"] = found.weekend
    if found.days_of_week:
        update["days_of_week"] = tuple(found.days_of_week)
    if found.hours is not None:
        update["hours"] = found.hours
    if found.listing:
        update.update(listing=True, group_by=())
    if not update and not found.filters:
        raise _decline(question, "I couldn't tell what to change about the previous question.")
    for _, flt in found.filters:
        spec = spec.with_filter(flt)
    try:
        return QuerySpec(**{**spec.model_dump(), **update})
    except ValidationError as exc:
        raise _decline(question, "That follow-up does not fit the previous question.") from exc
