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

from supportwise.engine import conditions, cursor, extract, several, terms
from supportwise.engine.build import build_spec, having_problem, order_of, trend_grain
from supportwise.engine.framing import strip_framing
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
from supportwise.engine.spec import TIME_GRAINS, AlsoMetric, DateRange, QuerySpec, Threshold
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

_THEM = r"(?:they|them|those|these|it|those\s+tickets|these\s+tickets)"
_WHO_HAS_THEM = re.compile(rf"\bwho\s+(?:are|is|were|was)\s+{_THEM}\s+(?:assigned|allocated|routed)\s+to\b|"
                           rf"\bwho\s+(?:has|have|owns|own|is\s+handling|are\s+handling|is\s+working\s+on|"
                           rf"handles|handled|is\s+on)\s+{_THEM}\b|\bwho\s+(?:are|is)\s+{_THEM}\s+with\b|"
                           rf"\bwho\s+{_THEM}\s+(?:are|is|were|was)\s+assigned\s+to\b")


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
    strip_framing(cur)
    if names is not None:
        extract.extract_releases(cur, found, names.releases, today)
        terms.extract_names(cur, found, names)
    terms.extract_tags(cur, found)
    terms.extract_shared_head_values(cur, found)  # before any extractor takes "bad ratings" of "good and bad ratings"
    for pattern, reason in NOT_IN_DATA:
        if pattern.search(cur.text):
            raise _decline(question, reason)
    extract.extract_weekdays(cur, found)
    extract.extract_hours(cur, found)
    found.refers = cur.take(_REFERS) is not None
    if cur.take(_WHO_HAS_THEM):  # "who are they assigned to?": the earlier answer's tickets, by assignee
        found.refers = True
        found.group_by.append("agent")
    cur.text = correct(cur.text)
    reject_if_hostile(cur.text)
    extract.extract_time(cur, found, today)
    conditions.extract_threshold(cur, found)
    terms.extract_entity(cur, found)
    terms.extract_sentiment_values(cur, found)
    extract.extract_shape(cur, found)
    extract.extract_listing(cur, found)
    terms.extract_status_list(cur, found)
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
    fragment = _FOLLOWUP_CUE.search(text) and not (found.metric or found.counting or found.listing or found.share)
    if previous is None and (refers or _BACK_REFERENCE.search(text) or fragment):  # "only the Technical team"
        raise _decline(question, "That refers to an earlier answer, but there is none in this conversation (or "
                                 "the last question was not answered): ask the whole question.")
    if previous is not None and _WHICH_OF_THEM.search(text) and found.threshold is not None and \
            not (found.metric or found.group_by or found.having or found.counting):
        found.listing = True  # "which of them have had no activity for 7 days?": a condition on tickets lists them
    if previous is not None and previous.ranks_groups() and (refers or _EACH_OF_THEM.search(text)):
        return _of_the_top(previous, found, question)
    if previous is not None and (refers or _is_followup(found)):
        return merge_followup(previous, found, question, cohort=refers)
    return build_spec(found, question, _decline)


_STANDALONE = re.compile(r"\b(how\s+many|number\s+of|count|volume|total|how\s+long)\b")
# "break that down by week", "split it by channel", "only the urgent ones": they name an earlier answer's tickets
_BACK_REFERENCE = re.compile(r"^(?:now\s+|ok(?:ay)?\s+|and\s+|then\s+)?"
                             r"(?:break|split|slice|show|filter|limit|narrow)\s+(?:that|it|this|those|these|them)\b|\b(?:the\s+(?:\w+\s+){1,3}ones|those\s+ones)\b|"
                             r"^(?:and\s+)?which\s+(?:ones|of\s+them|of\s+those)\b")
_EACH_OF_THEM = re.compile(r"\b(?:each|every\s+one|all)\s+of\s+(?:them|those|these)\b|\b(?:those|these)\s+\d+\b")
_WHICH_OF_THEM = re.compile(r"^(?:and\s+|so\s+|ok(?:ay)?\s+)?which\s+(?:ones|of\s+(?:them|those|these))\b")
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


def _of_the_top(previous: QuerySpec, found: cursor.Found, question: str) -> QuerySpec:
    """'What's the CSAT for each of them?' after a top 5: the new measure for those groups, one row each.

    The groups are the earlier query's (run again as a subquery, spec.top_of), not a ranking by the new measure:
    "their CSAT" after the top 5 by volume is never the 5 best CSATs."""
    merged = merge_followup(previous, found, question)
    group = previous.group_by[0]
    try:
        return QuerySpec(**{**merged.model_dump(), "group_by": (group, *(g for g in merged.group_by if g != group)),
                            "limit": None, "order": None, "top_of": previous.model_dump()})
    except ValidationError as exc:
        raise _decline(question, "I couldn't carry those over to that question: ask it whole, naming them.") \
            from exc


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
        grains = tuple(trend_grain(update.get("period", previous.period)) if g == "trend" else g
                       for g in found.group_by)
        keep = previous.group_by if _APPEND_GROUP.search(found.text) else ()
        update["group_by"] = tuple(dict.fromkeys((*keep, *grains)))
        update["listing"] = False
        if any(g in TIME_GRAINS for g in update["group_by"]):
            update["per_day"] = False  # "by day" after "per day on average": the counts themselves
    if found.limit is not None:
        update.update(limit=found.limit, order=order_of(found, update.get("metric", previous.metric)))
    if found.having is not None:  # "which of them have CSAT below 90 %?"
        metric = load_layer().metrics[update.get("metric", previous.metric)]
        problem = having_problem(found, metric, update.get("statistic", previous.statistic), previous.per_day)
        if problem:
            raise _decline(question, problem)
        update["having"] = Threshold(measure="value", op=found.having[0], value=found.having[1])
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
