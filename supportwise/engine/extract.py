"""Span extractors for time and shape: periods, weekends, top-N, breakdowns, listings.

Each finds one kind of meaning in a question and consumes its words on the Cursor; the
measures and filters live in terms.py.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from supportwise.engine.cursor import (
    _NUM,
    COMMENT_NOUN,
    Cursor,
    Found,
    _dimension_alternation,
    _dimension_of,
    to_number,
)
from supportwise.engine.layer import load_layer
from supportwise.engine.periods.phrases import Period, find_period_spans
from supportwise.engine.periods.releases import find_release_spans
from supportwise.engine.periods.words import add_years

# ---- time -------------------------------------------------------------------------------------

_COMPARE_CUE = r"\b(vs|versus|compared\s+(?:to|with)|compare|against|relative\s+to|over|and)\b"
_PREVIOUS_REF = re.compile(
    r"\b(?:the\s+|a\s+)?(week|month|quarter|year|day|period)\s+(before|prior|earlier|after)\b(?:\s+that)?|"
    r"\b(?:the\s+)?(previous|prior|preceding)\s+(week|month|quarter|year|day|period|one)\b|"
    r"\bbefore\s+that\b|\b(week|month|quarter|year)\s+over\s+(week|month|quarter|year)\b")


def extract_releases(cur: Cursor, found: Found, releases: dict, today: date) -> None:
    """Periods measured from a feature release ("the 30 days after Auto-sync 2.0 shipped"), before typo
    correction can touch a release's name; extract_time ranks them with the other time phrases."""
    for start, end, period in find_release_spans(cur.text, releases, today):
        cur.consume(start, end)
        found.release_spans.append((start, end, period))


def extract_time(cur: Cursor, found: Found, today: date) -> None:
    if cur.take(r"\b(?:on\s+)?week\s?days?\s+(?:vs|versus|compared\s+(?:to|with)|against|and|or)\s+(?:on\s+)?"
                r"(?:the\s+)?week\s?ends?\b|\b(?:on\s+)?(?:the\s+)?week\s?ends?\s+(?:vs|versus|compared\s+"
                r"(?:to|with)|against|and|or)\s+(?:on\s+)?week\s?days?\b"):
        found.group_by.append("day_type")
    elif cur.take(r"\b(?:on|over|at|during)?\s*(?:the\s+)?weekends?\b|\bsaturdays?\s+(?:and|or|&)\s+sundays?\b"):
        found.weekend = True
    elif cur.take(r"(?<!by\s)(?<!per\s)(?<!each\s)\b(?:on\s+)?(?:weekdays|business\s+days|workdays|working\s+days|"
                  r"weekday(?=\s+(?:tickets?|only|cases))|on\s+weekday)\b(?:\s+only)?"):
        found.weekend = False
    spans = sorted([*found.release_spans, *find_period_spans(cur.text, today)], key=lambda sp: sp[0])
    year_ago = _YEAR_AGO.search(cur.text)
    if year_ago is not None:  # its "last year" is no period of its own
        spans = [sp for sp in spans if sp[1] <= year_ago.start() or sp[0] >= year_ago.end()][:1]
        year_ago = year_ago if spans else None
    spans = spans[:2]  # a second phrase is what the first is compared to
    for start, end, _ in spans:
        cur.consume(start, end)  # (release spans are gone already)
    first = spans[0][2] if spans else None
    if first is not None:
        found.period = first
        if len(spans) == 2:
            found.compare = spans[1][2]
            cur.take(_COMPARE_CUE)
    if year_ago is not None and first.start is not None and first.end is not None:
        # "… vs the same period last year": the same dates, one year earlier (so far this month → so far then)
        cur.consume(year_ago.start(), year_ago.end())
        found.compare = Period(add_years(first.start, -1), add_years(first.end, -1), "the same period last year",
                               first.grain_hint)
    if found.compare is not None or year_ago is not None:
        cur.take(_CHANGE_WORDS)  # "… vs last month (growth)": the comparison shows the change
    ref = _PREVIOUS_REF.search(cur.text)
    if ref:
        cur.consume(ref.start(), ref.end())
        if ref.group(2) == "after":
            found.previous_period_ref = 1
        else:
            found.previous_period_ref = -1
        found.period_over_period = ref.group(5) is not None  # "week over week" compares, never shifts
        if first is not None:
            found.compare_previous = True
            cur.take(_COMPARE_CUE)
            cur.take(_CHANGE_WORDS)


_CHANGE_WORDS = re.compile(r"\b(?:the\s+)?(?:growth|delta|difference|change|increase|decrease)\b(?:\s+to\s+"
                           r"(?:measure|track|see|gauge|show))?")
_YEAR_AGO = re.compile(r"\b(?:(?:vs|versus|compared\s+(?:to|with)|against|with|and|to)\s+)?(?:the\s+)?same\s+"
                       r"(?:period|time|month|week|quarter|days?|stretch|range|timeframe|time\s+frame|dates)\s+"
                       r"(?:of\s+)?(?:last|a|the\s+previous|the\s+prior|previous|prior)\s+year\b|"
                       r"\b(?:vs|versus|compared\s+(?:to|with)|against)\s+(?:a|one)\s+year\s+(?:ago|earlier|before)\b")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAYS_RE = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?s"
_ON_DAYS = re.compile(rf"\b(?:on\s+|every\s+)?({_DAYS_RE}(?:\s*(?:,|and|or|&|/)\s*(?:on\s+)?{_DAYS_RE})*)\b|"
                      rf"\b(?:every|each)\s+({_DAYS_RE}?(?:\s*(?:,|and|or|&|/)\s*(?:every\s+)?{_DAYS_RE}?)*)\b")
_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_HOURS = re.compile(rf"\b(?:(?:overnight|at\s+night|during\s+the\s+night|in\s+the\s+night)\s*)?(?:between|from)\s+"
                    rf"{_CLOCK}\s*(?:and|to|until|till|-|–)\s*{_CLOCK}(?:\s+utc)?\b")


def extract_weekdays(cur: Cursor, found: Found) -> None:
    """'on Mondays', 'Saturdays and Sundays', 'every Friday': the days of the week, read before typo
    correction ('mondays' is not the date 'monday')."""
    match = _ON_DAYS.search(cur.text)
    if match is None:
        return
    days = [next(i for i, name in enumerate(_DAY_NAMES, 1) if name.startswith(day[:3]))
            for day in re.findall(_DAYS_RE + "?", match.group(1) or match.group(2))]
    found.days_of_week = sorted(set(days))
    cur.consume(match.start(), match.end())


def _hour(number: str, minutes: str | None, half: str | None) -> int | None:
    hour = int(number)
    if minutes not in (None, "00") or hour > 24 or (half and not 1 <= hour <= 12):
        return None  # on the hour only: EXTRACT(HOUR) cannot honour 9:30
    if half:
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    return hour % 24


def extract_hours(cur: Cursor, found: Found) -> None:
    """'between 10pm and 6am', 'from 09:00 to 17:00': an hour-of-day range [from, to), wrapping past midnight."""
    match = _HOURS.search(cur.text)
    if match is None or not (match.group(3) or match.group(6) or match.group(2) or match.group(5)):
        return  # "between 3 and 5" is not a clock
    start, stop = _hour(*match.group(1, 2, 3)), _hour(*match.group(4, 5, 6))
    if start is None or stop is None or start == stop:
        return
    found.hours = (start, stop)
    cur.consume(match.start(), match.end())


# ---- shape: listing, top-N, breakdowns --------------------------------------------------------

_DESC = {"most", "highest", "biggest", "largest", "busiest", "slowest", "longest", "worst", "top", "maximum", "max",
         "more", "heaviest"}
_ASC = {"fewest", "least", "lowest", "smallest", "quietest", "fastest", "shortest", "best", "bottom", "minimum",
        "min", "less", "lightest"}
_EXTREME = r"(most|highest|biggest|largest|busiest|slowest|longest|worst|fewest|least|lowest|smallest|quietest|" \
           r"fastest|shortest|best|maximum|minimum|heaviest|lightest)"


@lru_cache(maxsize=1)
def _shape_patterns() -> dict[str, re.Pattern]:
    dims = _dimension_alternation()
    return {
        "top": re.compile(rf"\b(top|bottom|first)\s+{_NUM}\s+((?:\w+\s+){{0,2}}?)({dims})\b"),
        "n_extreme": re.compile(rf"\b{_NUM}\s+{_EXTREME}\s+({dims})\b"),
        "which": re.compile(rf"\b(?:which|what)\s+(?:{_NUM}\s+)?((?:\w+\s+)??)({dims})\b(.*?)\b(?:the\s+)?{_EXTREME}\b"),  # noqa: E501
        "plain_which": re.compile(rf"\b(?:which|what)\s+({dims})\b"),
        "who": re.compile(rf"\bwho\b(.*?)\b(?:the\s+)?{_EXTREME}\b"),
        "n_dims_extreme": re.compile(rf"\b(?:the\s+)?{_NUM}\s+((?:\w+\s+)??)({dims})\s+(?:with|that\s+have|having|"
                                     rf"who\s+have|that\s+had|who\s+had)\s+(?:the\s+)?{_EXTREME}\b"),
        "dim_word": re.compile(rf"\b({dims})\b{COMMENT_NOUN}"),  # "customer messages" is no customer breakdown
        "and_dim": re.compile(rf"^\s*(?:,|and|&|/|\+|then)\s+(?:by\s+)?(?:the\s+)?({dims})\b"),
        "rank": re.compile(rf"\b(?:rank|sort|order|list|compare)\s+(?:the\s+|all\s+|our\s+)?({dims})\b|"
                           rf"\b({dims})\s+(?:sorted|ordered|ranked|listed)\b"),
        "order_hint": re.compile(r"\b(?:(fewest|least|lowest|smallest|quietest|fastest|shortest|best|worst|slowest|"
                                 r"longest|most|highest|biggest|largest)\s+(?:first|on\s+top|to\s+\w+)|"
                                 r"(ascending|descending)(?:\s+order)?|in\s+(ascending|descending)\s+order)\b"),
        "extreme": re.compile(rf"\b(?:the\s+)?{_EXTREME}\s+({dims})\b"),
        "by": re.compile(rf"\b(?:broken\s+down\s+by|break(?:\s+\w+){{0,2}}\s+down\s+by|split(?:\s+\w+)?\s+by|"
                         rf"group(?:ed)?(?:\s+\w+)?\s+by|segment(?:ed)?\s+by|by|per|for\s+each|for\s+every|each|every|"
                         rf"across|in\s+each)\s+(?:the\s+|each\s+|every\s+|their\s+|its\s+)?({dims})\b"),
        "breakdown": re.compile(rf"\b({dims})\s+(?:breakdown|split|distribution|mix)\b"),
        # "day-of-week x hour" (a heatmap's two axes): a two-way breakdown
        "cross": re.compile(rf"\b({dims})\s*(?:\bx\b|×)\s*({dims})\b"),
    }


def _entity_of(phrase: str, found: Found) -> str:
    """The dimension of a phrase; 'customers' with a count condition ('which customers have opened more than 20
    tickets') are the people who asked, as in 'how many customers have more than 3 tickets' (terms.extract_entity)."""
    dimension = _dimension_of(phrase)
    if dimension == "organization" and found.having is not None and re.match(r"customers?\b", phrase):
        return "requester"
    return dimension


# "each" / "per" naming no dimension; "per ticket" is a per-ticket mean, not a breakdown
_EACH_ALONE = (r"\b(?:each|per)\b(?!\s+(?:(?:solved|closed|resolved|open|new)\s+)?"
               r"(?:ticket|case|request|conversation)s?\b)")


_AGENTS_OF_EACH = re.compile(r"\b(?:by|from)\s+(?:the\s+|our\s+)?agents\s+(?:of|in|on|from)\s+(?:each|every|the)\s+"
                             r"(?:teams?|groups?|departments?)\b")


def extract_shape(cur: Cursor, found: Found) -> None:
    pat = _shape_patterns()
    if cur.take(_AGENTS_OF_EACH):  # "comments by agents of each team": one row per team, of the writers' teams
        found.group_by.append("team")
        found.agents_team = True
    top = pat["top"].search(cur.text)
    if top:  # words between "top 10" and the dimension ("enterprise") stay for the filters
        cur.consume(top.start(), top.start(3))
        cur.consume(top.start(4), top.end(4))
        found.limit, found.order = int(to_number(top.group(2))), ("asc" if top.group(1) == "bottom" else "desc")
        found.order_word = top.group(1)
        found.group_by.append(_dimension_of(top.group(4)))
    n_extreme = cur.take(pat["n_extreme"])
    if n_extreme:
        found.limit, found.order_word = int(to_number(n_extreme.group(1))), n_extreme.group(2)
        found.group_by.append(_dimension_of(n_extreme.group(3)))
    n_dims = pat["n_dims_extreme"].search(cur.text)
    if n_dims:  # "5 orgs with the most tickets", "the 3 agents with the slowest …"
        found.group_by.append(_dimension_of(n_dims.group(3)))
        found.limit, found.order_word = int(to_number(n_dims.group(1))), n_dims.group(4)
        cur.consume(n_dims.start(), n_dims.start(2))
        cur.consume(n_dims.start(3), n_dims.end())
    who = pat["who"].search(cur.text)
    if who:  # "who on the Billing team has the fastest median first response"
        found.group_by.append("agent")
        found.limit, found.order_word = found.limit or 1, who.group(2)
        cur.consume(who.start(), who.start() + 3)
        cur.consume(who.start(2), who.end(2))
    which = pat["which"].search(cur.text)
    if which:  # consume "which N" and the dimension and the extreme word, keep the words between
        found.group_by.append(_dimension_of(which.group(3)))
        plural = which.group(3).split()[0].endswith("s") and _dimension_of(which.group(3)) != "status"
        n = int(to_number(which.group(1))) if which.group(1) else None if plural else 1  # "which agents": ranked
        found.limit, found.order_word = found.limit or n, which.group(5)
        cur.consume(which.start(), which.start(2))
        cur.consume(which.start(3), which.end(3))
        cur.consume(which.start(5), which.end(5))
    ranked = cur.take(rf"\b(?:the\s+)?{_EXTREME}(?=\s+(?:average\s+|avg\s+|mean\s+|customer\s+)?sentiment\b)")
    if ranked:  # "worst sentiment by team" orders by the average, it does not group by the label
        found.order_word = found.order_word or ranked.group(1)
    extreme = cur.take(pat["extreme"])
    if extreme:
        found.group_by.append(_dimension_of(extreme.group(2)))
        found.limit, found.order_word = found.limit or 1, extreme.group(1)
    created = cur.take(r"\bby\s+(?:the\s+)?(?:created|creation|opened|open)\s+(?:date\s+)?(day|week|month|quarter)\b|"
                       r"\bby\s+(?:the\s+)?(day|week|month|quarter)\s+(?:they\s+were\s+|it\s+was\s+)?"
                       r"(?:created|opened)\b")
    if created:  # "open tickets by created month": the grain of created_at, whatever the metric's own timestamp
        found.group_by.append(created.group(1) or created.group(2))
        found.grain_on_created = True
    while (match := cur.take(pat["by"])) is not None:
        found.group_by.append(_dimension_of(match.group(1)))
        while (more := pat["and_dim"].search(cur.text[match.end():])) is not None:
            found.group_by.append(_dimension_of(more.group(1)))
            cur.consume(match.end() + more.start(), match.end() + more.end())
    plain_which = cur.take(pat["plain_which"])
    if plain_which:  # "which product areas generated tickets …", "at what hours of the day …"
        found.group_by.append(_entity_of(plain_which.group(1), found))
    if re.search(_EACH_ALONE, cur.text):  # "ticket types this year - counts for each"
        each_dim = pat["dim_word"].search(cur.text)
        if each_dim:
            found.group_by.append(_dimension_of(each_dim.group(1)))
            cur.consume(each_dim.start(), each_dim.end())
            cur.take(rf"\b(?:for\s+)?{_EACH_ALONE}(?:\s+one)?")
    if found.having is not None and not found.group_by:  # "agents who resolved more than 12 tickets"
        having_dim = cur.take(pat["dim_word"])
        if having_dim:
            found.group_by.append(_entity_of(having_dim.group(1), found))
    rank = cur.take(pat["rank"])
    if rank:
        found.group_by.append(_dimension_of(rank.group(1) or rank.group(2)))
    hint = cur.take(pat["order_hint"])
    if hint:
        word = hint.group(1) or hint.group(2) or hint.group(3)
        found.order_word = found.order_word or {"ascending": "least", "descending": "most"}.get(word, word)
    while (match := cur.take(pat["breakdown"])) is not None:
        found.group_by.append(_dimension_of(match.group(1)))
    while (match := cur.take(pat["cross"])) is not None:
        found.group_by += [_dimension_of(match.group(1)), _dimension_of(match.group(2))]
    cur.take(r"\b(?:as\s+a\s+)?heat[\s-]?maps?\b")  # the two-way breakdown draws as one; the word asks nothing more
    grain = cur.take(r"\b(hourly|daily|weekly|monthly|quarterly)\b")
    if grain:
        found.group_by.append({"hourly": "hour_of_day", "daily": "day", "weekly": "week", "monthly": "month",
                               "quarterly": "quarter"}[grain.group(1)])
    if cur.take(r"\b(?:over\s+time|trend(?:s|line|ing(?:\s+(?:up|down|upwards|downwards))?)?|time\s+series|"
                r"timeline)\b") and not any(
            g in found.group_by for g in ("day", "week", "month", "quarter")):
        found.group_by.append("trend")
    _cyclic(cur, found)
    found.group_by = list(dict.fromkeys(found.group_by))
    for dim in found.group_by:  # "customer orgs": another word for a dimension already grouped by
        words = load_layer().dimension_words.get(dim)
        if words:
            pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])")
            while cur.take(pattern):
                pass
    if found.order_word:
        found.order = "desc" if found.order_word in _DESC else "asc"


_CYCLIC = re.compile(r"\b(?:the\s+)?(?P<hour>hours?\s+of\s+(?:the\s+)?day|time\s+of\s+(?:the\s+)?day)\b|"
                     r"\b(?:the\s+)?(?P<dow>days?\s+of\s+(?:the\s+)?week|weekdays?)\b")


def _cyclic(cur: Cursor, found: Found) -> None:
    """'busiest day (the day of the week we get the most tickets)', 'the hour of the day we get the most':
    a ranking over hours or weekdays, not over dates; 'the busiest day' alone stays a date."""
    cyclic = _CYCLIC.search(cur.text)
    extreme = re.search(rf"\b{_EXTREME}\b", cur.text)
    if cyclic and (extreme or found.order_word) and set(found.group_by) <= {"day"}:
        dim = "hour_of_day" if cyclic.group("hour") else "day_of_week"
        found.group_by = [dim]
        cur.consume(cyclic.start(), cyclic.end())
        if extreme:
            found.order_word = found.order_word or extreme.group(1)
            cur.consume(extreme.start(), extreme.end())
        plural = re.search(r"\b(?:hours|days|weekdays)\b", cyclic.group())
        found.limit = None if plural else found.limit or 1
    if "day" in found.group_by and ("day_of_week" in found.group_by or "hour_of_day" in found.group_by):
        found.group_by.remove("day")  # "which days of the week …", "busiest day … by weekday"
        if re.search(r"\b(?:days|weekdays)\b", found.text):
            found.limit = None  # "which days of the week are heaviest": all of them, ranked


_LISTING = re.compile(r"^(?:can\s+you\s+|please\s+|i\s+(?:want|need|would\s+like)\s+to\s+|let\s+me\s+)?"
                      r"(?:show|list|give|display|find|pull|fetch|get|review|see|view|look\s+at|go\s+through|surface|"
                      r"bring\s+up|dig\s+up)\s+(?:me\s+)?"
                      r"(?:up\s+)?(?:all\s+|the\s+|a\s+list\s+of\s+|those\s+|these\s+|them)?|^(?:which|what)\s+tickets\b|"
                      r"\b(?:list|show\s+me|display)\s+(?:all\s+|the\s+|his\s+|her\s+|their\s+|those\s+|these\s+)?"
                      r"(?=(?:\w+\s+){0,3}tickets\b)")
_AGGREGATE = re.compile(r"\b(how\s+many|number|count|total|average|avg|mean|median|p90|percent|percentage|share|"
                        r"rate|volume|csat|satisfaction|sentiment|time|breakdown|trend)\b")


_OLDEST = re.compile(rf"\b(?:the\s+)?(?:{_NUM}\s+)?oldest\s+(?={_NUM}?\s*(?:\w+\s+){{0,2}}(?:tickets?|cases?|ones))|"
                     r"\b(?:been\s+)?(?:open|unsolved|outstanding)(?P<longest>\s+(?:the\s+)?longest)\b")


def extract_listing(cur: Cursor, found: Found) -> None:
    first = re.search(r"\b(?:sorted\s+|ordered\s+)?(?:with\s+(?:the\s+)?)?(oldest|newest|most\s+recent|latest)\s+"
                      r"(?:ones\s+)?(?:first|on\s+top)\b", cur.text)
    if first and not found.group_by and not _AGGREGATE.search(cur.text):  # "open tickets older than a week, oldest …"
        found.listing, found.order = True, "asc" if first.group(1) == "oldest" else "desc"
        cur.consume(first.start(), first.end())
        cur.take(_LISTING)
        return
    oldest = _OLDEST.search(cur.text)
    if oldest and not found.group_by:  # "the 5 oldest unsolved tickets", "which tickets have been open the longest"
        found.listing, found.order = True, "asc"
        found.limit = int(to_number(oldest.group(1))) if oldest.group(1) else found.limit
        if found.limit is None and re.match(r"\s*(?:\w+\s+){0,2}?(?:ticket|case)\b(?!s)", cur.text[oldest.end():]):
            found.limit = 1  # "the oldest open ticket": one
        cur.consume(oldest.start("longest") if oldest.group("longest") else oldest.start(), oldest.end())
        cur.take(r"\bbeen\b")  # "open" stays: the backlog
        cur.take(_LISTING)
        cur.take(r"^\s*(?:which|what)\s+(?=(?:\w+\s+){0,2}tickets\b)")
        return
    recent = cur.take(rf"\b(?:the\s+)?(?:{_NUM}\s+)?(?:most\s+recent|latest|newest|last)\s+(?={_NUM}?\s*\w*\s*(?:tickets?|cases?))")  # noqa: E501
    if recent and not found.group_by:
        found.listing = True
        found.limit = int(to_number(recent.group(1))) if recent.group(1) else None
        cur.take(_LISTING)
        return
    which = re.search(r"\b(?:which|what)\s+(?:ones|of\s+(?:them|those)|tickets)\s+(?=(?:are|were|is|have|had|got|"
                      r"still)\b)", cur.text)
    if which and not _AGGREGATE.search(cur.text) and not found.group_by:  # "…, which ones are still open?"
        found.listing = True
        cur.consume(which.start(), which.end())
        return
    if _LISTING.search(cur.text) and not _AGGREGATE.search(cur.text) and not found.group_by:
        found.listing = True
        cur.take(_LISTING)
