"""Found → QuerySpec: what the extractors read in a question, assembled into one query.

Kept apart from parse.py (which runs the extractors and decides follow-ups): here are the
rules that turn the pieces into one spec — shares and their base, several metrics, counted
entities, cohorts, comparisons — and the declines when the pieces do not fit together.
"""

from __future__ import annotations

import re
from typing import Callable

from pydantic import ValidationError

from supportwise.engine import cursor
from supportwise.engine.layer import Metric, load_layer
from supportwise.engine.spec import AlsoMetric, DateRange, Filter, QuerySpec, Threshold
from supportwise.errors import Unanswerable

_COMPARE_VALUES = re.compile(r"\b(vs|versus|compare|compared|comparison|against|each|respectively|"
                             r"than|split|side\s+by\s+side)\b")
_CREATED = re.compile(r"\b(?:created|opened|received|came\s+in|submitted|raised|logged|filed)\b")


def trend_grain(period: DateRange | None) -> str:
    if period is None or period.start is None or period.end is None:
        return "month"
    days = (period.end - period.start).days
    return "day" if days <= 31 else "week" if days <= 183 else "month"


def order_of(found: cursor.Found, metric: str) -> str | None:
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


def build_spec(found: cursor.Found, question: str, decline: Callable[[str, str], Unanswerable]) -> QuerySpec:
    """The QuerySpec of what was found; ``decline(question, message)`` makes the Unanswerable to raise."""
    layer = load_layer()
    metric = found.metric
    if metric is None and (found.counting or found.group_by or found.filters or found.period or found.listing
                           or found.threshold):
        metric = "ticket_count"
    if metric is None and not found.share:
        raise decline(question, "I can't tell what to measure in that question, and I won't guess.")
    if found.threshold is not None and found.threshold.measure == "resolution_hours" and metric == "ticket_count":
        metric = "solved_count"
    if metric == "ticket_count" and any(f.dimension == "satisfaction" for _, f in found.filters):
        metric = "solved_count"  # "bad ratings last week": solved tickets rated bad, by solved_at like CSAT
    if metric == "csat" and any(f.dimension == "satisfaction" for _, f in found.filters) and not found.share:
        if not found.counting:  # CSAT over good ratings only is 100 % by definition
            raise decline(question, "CSAT over only some ratings is 0 or 100 % by definition: ask for CSAT, or for "
                                    "the number of good and bad ratings.")
        metric = "solved_count"  # "satisfaction report - number of good and bad ratings per agent": counts
    if metric == "reopen_rate" and found.threshold is not None and found.threshold.measure == "reopens":
        if found.threshold != Threshold(measure="reopens", op=">", value=0):
            raise decline(question, "A reopen rate over tickets chosen by their reopens is 0 or 100 % by definition: "
                                    "ask for the reopen rate, or for the number of tickets reopened that often.")
        found.threshold = None  # "reopened tickets - what share … were reopened": the rate's own numerator again
    period = DateRange.of(found.period) if found.period else None
    update: dict = {"metric": metric or "ticket_count", "period": period, "threshold": found.threshold,
                    "as_of": found.as_of if found.threshold is not None and found.threshold.measure.endswith("days")
                    else None,
                    "weekend": found.weekend, "limit": found.limit, "listing": found.listing,
                    "days_of_week": tuple(found.days_of_week), "hours": found.hours}
    if found.share and found.metric not in (None, "ticket_count", "solved_count", "backlog"):
        raise decline(question, f"A share of tickets is one number; it can't also be the "  # "… and the average FRT"
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
        if found.metric == "solved_count" and Filter(dimension="status", values=_STATUS_OF["solved_count"]) in base:
            update["time_field"] = "solved_at"  # "what share of solved tickets last month …": solved last month
    else:
        update["filters"] = tuple(f for _, f in found.filters)
    stats = list(found.statistics or ([found.statistic] if found.statistic else []))
    if layer.metrics[update["metric"]].kind in ("comments", "csat", "share", "reopen", "sentiment") or \
            layer.metrics[update["metric"]].aggregate:
        stats = [s for s in stats if s != "mean"]  # "average CSAT", "average comments per ticket": already a mean
    if stats == ["mean"] and layer.metrics[update["metric"]].kind == "count" and "day" in found.group_by and \
            period is not None and period.start is not None and period.end is not None and not found.share:
        stats, update["per_day"] = [], True  # "average number of tickets per day last month"
        found.group_by.remove("day")
    if stats:
        if layer.metrics[update["metric"]].kind != "duration":
            raise decline(question, "Medians, averages, minimums, maximums and percentiles are available for "
                                     "first response and resolution times; for counts, ask for the count itself.")
        update["statistic"], update["also_statistics"] = stats[0], tuple(stats[1:])
    update["group_by"] = tuple(trend_grain(period) if g == "trend" else g for g in found.group_by)
    if found.compare_values or _COMPARE_VALUES.search(found.text):  # "CSAT for chat vs email"
        multi = [f.dimension for _, f in found.filters if f in update.get("filters", ()) and len(f.values) > 1
                 and not f.negate]  # asked values, not a population the parse added (status of "open")
        update["group_by"] = tuple(dict.fromkeys((*update["group_by"], *multi)))
    if found.having is not None and (problem := having_problem(found, layer.metrics[update["metric"]],
                                                               update.get("statistic"), update.get("per_day"))):
        raise decline(question, problem)
    if found.entity is not None:
        if found.having is not None and found.having_unit != "tickets":  # "how many agents have CSAT below 80 %"
            update["group_by"] = (found.entity, *update["group_by"])
            update["count_groups"] = True
        elif layer.metrics[update["metric"]].kind not in ("count", "comment_count") or found.share or found.listing \
                or layer.metrics[update["metric"]].aggregate:
            raise decline(question, "Counting customers, organizations or agents works with ticket counts "
                                     "(created, solved, open); that combination is not something I can count.")
        if found.having is not None:  # "customers with more than one open ticket": count those customers
            update["group_by"] = (found.entity, *update["group_by"])
            update["count_groups"] = True
        else:
            update["distinct"] = found.entity
    if found.having is not None:
        if not update["group_by"]:
            raise decline(question, "A condition on a number needs something to group by: say e.g. 'which agents "
                                     "solved more than 10 tickets last month' or 'teams with CSAT below 80 %'.")
        update["having"] = Threshold(measure="value", op=found.having[0], value=found.having[1])
    if found.age_buckets:
        update.update(age_buckets=tuple(found.age_buckets), as_of=found.as_of)
    if found.also_metrics:
        update["also_metrics"] = tuple(AlsoMetric(metric=m, statistic=s) for m, s in found.also_metrics)
    update["order"] = order_of(found, update["metric"])
    if found.also_metrics and found.compare is not None and DateRange.of(found.compare) == period:
        found.compare = None  # "how many we received last month, how many we solved last month": one period
    if found.compare is not None and period is not None:
        update["compare_to"] = DateRange.of(found.compare)
    elif found.compare_previous and period is not None:
        update["compare_to"] = period.shifted(found.previous_period_ref or -1)
    elif found.previous_period_ref is not None:  # "the week before" / "week over week" with no period to shift
        raise decline(question, "Before or after which period? Name it, e.g. 'tickets this week vs last week' or "
                                 "'tickets in the week before last'.")
    if _CREATED.search(found.text) and period is not None and not update.get("time_field") and \
            layer.metrics[update["metric"]].time != "created_at" and layer.metrics[update["metric"]].status:
        update["time_field"] = "created_at"  # "of the tickets created last week, how many are solved": a cohort
    if found.grain_on_created and layer.metrics[update["metric"]].time not in (None, "created_at"):
        update["time_field"] = "created_at"
    if update["metric"] == "backlog" and not update.get("time_field") and not _CREATED.search(found.text) and \
            any(g in ("day", "week", "month", "quarter", "trend") for g in found.group_by):
        raise decline(question, "How many tickets were open on each past day needs their status history, which "
                                 "the data does not keep. Ask for the backlog right now, or for open tickets by "
                                 "the month they were created.")
    if found.agents_team and (not layer.metrics[update["metric"]].authored or found.also_metrics and any(
            not layer.metrics[m].authored for m, _ in found.also_metrics)):
        raise decline(question, "By the agents' own teams works for their comments (replies, internal notes); "
                                 "for tickets, ask 'by team' (the ticket's team) or 'by agent'.")
    if found.per_solved and layer.metrics[update["metric"]].kind == "comments":
        update["time_field"] = "solved_at"
    if found.listing and update["group_by"]:
        update["listing"] = False
    try:
        return QuerySpec(**update)
    except ValidationError as exc:
        raise decline(question, "That question does not fit together into one query.") from exc


def having_problem(found: cursor.Found, metric: Metric, statistic: str | None, per_day: bool | None) -> str | None:
    """Why the condition on each group's value does not fit the measure, or None: 'below 80 %' bounds a
    percentage and 'average … over 24 hours' a mean (or median) time, never a number of another kind."""
    if found.having_unit == "percent" and (metric.unit != "%" or per_day):
        return ("That compares a percentage with a measure that is not one; ask e.g. 'agents with CSAT below "
                "80 %' or 'teams with a reopen rate above 10 %'.")
    if found.having_unit == "hours" and (metric.kind != "duration" or not statistic):
        return ("An average over a number of hours needs a time measure: ask e.g. 'agents whose average "
                "resolution time is over 48 hours'.")
    if found.having_unit == "tickets" and (metric.kind not in ("count", "comment_count") or metric.aggregate):
        return "More than a number of tickets bounds a count: ask e.g. 'agents who solved more than 10 tickets'."
    return None
