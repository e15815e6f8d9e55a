"""Span extractors: each finds one kind of meaning in a question and consumes its words.

They work on a ``Cursor``: the normalized question whose consumed spans are blanked out
(same length, so positions stay comparable). Whatever is left at the end must be filler —
otherwise the question holds something the engine does not understand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from supportwise.datewords import number_value
from supportwise.engine.layer import load_layer
from supportwise.engine.names import NameIndex
from supportwise.engine.spec import Filter, Threshold
from supportwise.timephrases import Period, parse_period

_NUM = r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|" \
       r"forty-eight|fifty|sixty|seventy-two|hundred)"
_NEGATORS = re.compile(r"(?:\bnot|\bnon|\bexcluding|\bexclude|\bexcept(?:\s+for)?|\bother\s+than|\bbesides|"
                       r"\bapart\s+from|\bwithout|\bno)[\s-]+(?:the\s+|any\s+)?$")


@lru_cache(maxsize=None)
def _pattern(phrase: str) -> re.Pattern:
    """A whole-word, whitespace-tolerant pattern for a phrase (compiled once)."""
    return re.compile(r"(?<![\w-])" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?![\w-])")


def to_number(raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        return float(number_value(raw.replace("-", " ")) if raw not in {"forty-eight", "seventy-two"}
                     else {"forty-eight": 48, "seventy-two": 72}[raw])


@dataclass
class Cursor:
    text: str

    def consume(self, start: int, end: int) -> None:
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]

    def take(self, pattern: str | re.Pattern, flags: int = 0) -> re.Match | None:
        match = re.search(pattern, self.text, flags)
        if match:
            self.consume(match.start(), match.end())
        return match

    def has(self, pattern: str) -> bool:
        return re.search(pattern, self.text) is not None

    def leftover(self) -> list[str]:
        return re.findall(r"[a-z0-9][a-z0-9_'-]*", self.text)


@dataclass
class Found:
    """Everything extracted from one question; None/empty where the question said nothing."""

    period: Period | None = None
    compare: Period | None = None
    compare_previous: bool = False
    previous_period_ref: int | None = None     # follow-ups: "the week before" → -1
    metric: str | None = None
    statistic: str | None = None
    filters: list[tuple[int, Filter]] = field(default_factory=list)   # (position, filter)
    group_by: list[str] = field(default_factory=list)
    order: str | None = None
    order_word: str | None = None
    limit: int | None = None
    listing: bool = False
    threshold: Threshold | None = None
    weekend: bool | None = None
    counting: bool = False
    share: bool = False
    share_split: int | None = None
    having: tuple[str, float] | None = None
    compare_values: bool = False


@lru_cache(maxsize=1)
def _dimension_alternation() -> str:
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p, _ in load_layer().dimension_phrases())


def _dimension_of(phrase: str) -> str:
    phrase = re.sub(r"\s+", " ", phrase)
    return next(name for p, name in load_layer().dimension_phrases() if p == phrase)


# ---- time -------------------------------------------------------------------------------------

_COMPARE_CUE = r"\b(vs|versus|compared\s+(?:to|with)|compare|against|relative\s+to|over|and)\b"
_PREVIOUS_REF = re.compile(
    r"\b(?:the\s+|a\s+)?(week|month|quarter|year|day|period)\s+(before|prior|earlier|after)\b(?:\s+that)?|"
    r"\b(?:the\s+)?(previous|prior|preceding)\s+(week|month|quarter|year|day|period|one)\b|"
    r"\bbefore\s+that\b|\b(week|month|quarter|year)\s+over\s+(week|month|quarter|year)\b")


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
    first, rest = parse_period(cur.text, today)
    if first is not None:
        found.period = first
        _blank_removed(cur, rest)
        second, rest2 = parse_period(cur.text, today)
        if second is not None:
            found.compare = second
            _blank_removed(cur, rest2)
            cur.take(_COMPARE_CUE)
    ref = _PREVIOUS_REF.search(cur.text)
    if ref:
        cur.consume(ref.start(), ref.end())
        if ref.group(2) == "after":
            found.previous_period_ref = 1
        else:
            found.previous_period_ref = -1
        if first is not None:
            found.compare_previous = True
            cur.take(_COMPARE_CUE)


def _blank_removed(cur: Cursor, rest: str) -> None:
    """parse_period returns the text without the phrase; blank the same characters in the cursor."""
    text, j, keep = cur.text, 0, []
    rest_words = rest.split()
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text)]
    for start, end, word in words:
        if j < len(rest_words) and word == rest_words[j]:
            j += 1
        else:
            keep.append((start, end))
    for start, end in keep:
        cur.consume(start, end)


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
        "which": re.compile(rf"\b(?:which|what)\s+(?:{_NUM}\s+)?((?:\w+\s+)??)({dims})\b(.*?)\b(?:the\s+)?{_EXTREME}\b"),
        "plain_which": re.compile(rf"\b(?:which|what)\s+({dims})\b"),
        "who": re.compile(rf"\bwho\b(.*?)\b(?:the\s+)?{_EXTREME}\b"),
        "n_dims_extreme": re.compile(rf"\b(?:the\s+)?{_NUM}\s+((?:\w+\s+)??)({dims})\s+(?:with|that\s+have|having|"
                                     rf"who\s+have|that\s+had|who\s+had)\s+(?:the\s+)?{_EXTREME}\b"),
        "dim_word": re.compile(rf"\b({dims})\b"),
        "and_dim": re.compile(rf"^\s*(?:,|and|&|/|\+|then)\s+(?:by\s+)?(?:the\s+)?({dims})\b"),
        "rank": re.compile(rf"\b(?:rank|sort|order|list|compare)\s+(?:the\s+|all\s+|our\s+)?({dims})\b|"
                           rf"\b({dims})\s+(?:sorted|ordered|ranked|listed)\b"),
        "order_hint": re.compile(r"\b(?:(fewest|least|lowest|smallest|quietest|fastest|shortest|best|worst|slowest|"
                                 r"longest|most|highest|biggest|largest)\s+(?:first|on\s+top|to\s+\w+)|"
                                 r"(ascending|descending)(?:\s+order)?|in\s+(ascending|descending)\s+order)\b"),
        "extreme": re.compile(rf"\b(?:the\s+)?{_EXTREME}\s+({dims})\b"),
        "by": re.compile(rf"\b(?:broken\s+down\s+by|break(?:\s+\w+){{0,2}}\s+down\s+by|split(?:\s+\w+)?\s+by|"
                         rf"group(?:ed)?(?:\s+\w+)?\s+by|segment(?:ed)?\s+by|by|per|for\s+each|for\s+every|each|"
                         rf"across|in\s+each)\s+(?:the\s+|each\s+|every\s+|their\s+|its\s+)?({dims})\b"),
        "breakdown": re.compile(rf"\b({dims})\s+(?:breakdown|split|distribution|mix)\b"),
    }


def extract_shape(cur: Cursor, found: Found) -> None:
    pat = _shape_patterns()
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
        n = int(to_number(which.group(1))) if which.group(1) else 1
        found.limit, found.order_word = found.limit or n, which.group(5)
        cur.consume(which.start(), which.start(2))
        cur.consume(which.start(3), which.end(3))
        cur.consume(which.start(5), which.end(5))
    extreme = cur.take(pat["extreme"])
    if extreme:
        found.group_by.append(_dimension_of(extreme.group(2)))
        found.limit, found.order_word = found.limit or 1, extreme.group(1)
    while (match := cur.take(pat["by"])) is not None:
        found.group_by.append(_dimension_of(match.group(1)))
        while (more := pat["and_dim"].search(cur.text[match.end():])) is not None:
            found.group_by.append(_dimension_of(more.group(1)))
            cur.consume(match.end() + more.start(), match.end() + more.end())
    plain_which = cur.take(pat["plain_which"])
    if plain_which:  # "which product areas generated tickets …", "at what hours of the day …"
        found.group_by.append(_dimension_of(plain_which.group(1)))
    if re.search(r"\b(?:each|per)\b", cur.text):  # "ticket types this year - counts for each"
        each_dim = pat["dim_word"].search(cur.text)
        if each_dim:
            found.group_by.append(_dimension_of(each_dim.group(1)))
            cur.consume(each_dim.start(), each_dim.end())
            cur.take(r"\b(?:for\s+)?(?:each|per)\b(?:\s+one)?")
    if found.having is not None and not found.group_by:  # "agents who resolved more than 12 tickets"
        having_dim = cur.take(pat["dim_word"])
        if having_dim:
            found.group_by.append(_dimension_of(having_dim.group(1)))
    rank = cur.take(pat["rank"])
    if rank:
        found.group_by.append(_dimension_of(rank.group(1) or rank.group(2)))
    hint = cur.take(pat["order_hint"])
    if hint:
        word = hint.group(1) or hint.group(2) or hint.group(3)
        found.order_word = found.order_word or {"ascending": "least", "descending": "most"}.get(word, word)
    while (match := cur.take(pat["breakdown"])) is not None:
        found.group_by.append(_dimension_of(match.group(1)))
    grain = cur.take(r"\b(hourly|daily|weekly|monthly|quarterly)\b")
    if grain:
        found.group_by.append({"hourly": "hour_of_day", "daily": "day", "weekly": "week", "monthly": "month",
                               "quarterly": "quarter"}[grain.group(1)])
    if cur.take(r"\b(?:over\s+time|trend(?:s|line)?|time\s+series|timeline)\b") and not any(
            g in found.group_by for g in ("day", "week", "month", "quarter")):
        found.group_by.append("trend")
    found.group_by = list(dict.fromkeys(found.group_by))
    for dim in found.group_by:  # "customer orgs": another word for a dimension already grouped by
        words = load_layer().dimension_words.get(dim)
        if words:
            pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])")
            while cur.take(pattern):
                pass
    if found.order_word:
        found.order = "desc" if found.order_word in _DESC else "asc"


_LISTING = re.compile(r"^(?:can\s+you\s+|please\s+)?(?:show|list|give|display|find|pull|fetch|get)\s+(?:me\s+)?"
                      r"(?:up\s+)?(?:all\s+|the\s+|a\s+list\s+of\s+|those\s+|these\s+|them)?|^(?:which|what)\s+tickets\b|"
                      r"\b(?:list|show\s+me|display)\s+(?:all\s+|the\s+|his\s+|her\s+|their\s+|those\s+|these\s+)?"
                      r"(?=(?:\w+\s+){0,3}tickets\b)")
_AGGREGATE = re.compile(r"\b(how\s+many|number|count|total|average|avg|mean|median|p90|percent|percentage|share|"
                        r"rate|volume|csat|satisfaction|time|breakdown|trend)\b")


def extract_listing(cur: Cursor, found: Found) -> None:
    recent = cur.take(rf"\b(?:the\s+)?(?:{_NUM}\s+)?(?:most\s+recent|latest|newest|last)\s+(?={_NUM}?\s*\w*\s*(?:tickets?|cases?))")
    if recent and not found.group_by:
        found.listing = True
        found.limit = int(to_number(recent.group(1))) if recent.group(1) else None
        cur.take(_LISTING)
        return
    if _LISTING.search(cur.text) and not _AGGREGATE.search(cur.text) and not found.group_by:
        found.listing = True
        cur.take(_LISTING)


# ---- thresholds ------------------------------------------------------------------------------

_CMP = {"more than": ">", "over": ">", "longer than": ">", "greater than": ">", "above": ">", "exceeding": ">",
        "in excess of": ">", "at least": ">=", "less than": "<", "under": "<", "fewer than": "<", "within": "<=",
        "shorter than": "<", "below": "<", "at most": "<=", "no more than": "<=", "inside": "<="}
_CMP_RE = "|".join(sorted(map(re.escape, _CMP), key=len, reverse=True))
_FR_WORDS = r"(?:(?:to\s+(?:get\s+)?|for\s+)?(?:a\s+|the\s+|their\s+)?(?:first\s+)?(?:response|reply|answer)|" \
            r"to\s+(?:first\s+)?(?:respond|reply|answer)|first\s+responded|responded|replied)"
_RES_WORDS = r"(?:to\s+(?:be\s+)?(?:resolve|resolved|solve|solved|close|closed|fix|fixed)|resolution|" \
             r"before\s+(?:being\s+)?(?:resolved|solved|closed))"


def extract_threshold(cur: Cursor, found: Found) -> None:
    having = cur.take(rf"\b({_CMP_RE})\s+{_NUM}\s+(?:\w+\s+)?(?:tickets|cases|requests|ones)\b")
    if having:  # "organizations that logged more than 50 tickets": a condition on the count of a group
        found.having = (_CMP[having.group(1)], to_number(having.group(2)))
        lead = re.search(r"\b(?:who|that|which|with)(?:\s+(?:have|has|had))?\s+(?:\w+\s+){0,2}$",
                         cur.text[:having.start()])
        if lead:
            cur.consume(lead.start(), lead.start() + len(lead.group().split()[0]))
    duration = re.search(rf"\b({_CMP_RE})\s+{_NUM}\s*(hours?|hrs?|h|minutes?|mins?|days?)\b", cur.text)
    if duration:
        value = to_number(duration.group(2))
        unit = duration.group(3)
        hours = value / 60 if unit.startswith("m") else value * 24 if unit.startswith("d") else value
        measure = "resolution_hours" if re.search(r"resol|solv|clos|fix", cur.text) and not re.search(
            r"respon|repl|answer|wait", cur.text) else "first_response_hours"
        found.threshold = Threshold(measure=measure, op=_CMP[duration.group(1)], value=hours)
        cur.consume(duration.start(), duration.end())
        cur.take(r"\b(?:waited|waiting|wait|took|taking|take|takes|needed|spent)\b(?:\s+for)?")
        cur.take(_FR_WORDS if measure == "first_response_hours" else _RES_WORDS)
        cur.take(r"\b(?:time|times)\b")
        return
    if cur.take(r"\b(?:were\s+|was\s+|got\s+|been\s+)?(?:reopened|re-opened)\s+(?:at\s+least\s+)?once\b"):
        found.threshold = Threshold(measure="reopens", op=">=", value=1)
        return
    reopened = cur.take(rf"\b(?:reopened|re-opened)\s+(?:({_CMP_RE})\s+{_NUM}\s+times?|(more\s+than\s+once)|"
                        rf"(multiple|several|many)\s+times|(twice|two\s+or\s+more\s+times))")
    if reopened:
        op, value = (_CMP[reopened.group(1)], to_number(reopened.group(2))) if reopened.group(1) else (">", 1.0) \
            if (reopened.group(3) or reopened.group(4)) else (">=", 2.0)
        found.threshold = Threshold(measure="reopens", op=op, value=value)
        return
    comments = cur.take(rf"\b(?:with\s+)?({_CMP_RE})\s+{_NUM}\s+(?:comments|replies|messages)\b")
    if comments:
        found.threshold = Threshold(measure="comments", op=_CMP[comments.group(1)], value=to_number(comments.group(2)))
        return
    if cur.take(r"\b(?:were|was|got|been|being|get)\s+(?:reopened|re-opened)\b|"
                r"\b(?:that\s+were\s+|were\s+|got\s+)?(?:reopened|re-opened)\s+tickets\b|\btickets\s+(?:that\s+"
                r"(?:were|got)\s+)?(?:reopened|re-opened)\b(?!\s+rate)"):
        found.threshold = Threshold(measure="reopens", op=">", value=0)


# ---- metric and statistic -------------------------------------------------------------------

_SHARE = re.compile(r"\b(?:what|which)?\s*(percentage|percent|share|proportion|fraction|ratio|portion|part)\b")
_COUNTING = re.compile(r"\b(tickets?|how\s+many|number\s+of|count|volume|cases?|requests?|issues?|total|came\s+in|"
                       r"contacts?|conversations?|inquiries|queries)\b")
_HOW_LONG = re.compile(r"\bhow\s+(?:long|quickly|fast|slow)\b")
_OPEN_VERB = re.compile(r"\b(?:did|do|does|will|would)\b(?:\s+\S+){0,5}\s+open\b(?!\s+(?:tickets?|cases?|ones|right\s+now))")
_COMMENTS = re.compile(r"\b(?:number\s+of\s+)?(?:comments|replies|messages)\b")
_PER_TICKET = re.compile(r"\b(?:per|each|a|an|every)\s+(?:ticket|case)\b(?:\s+(?:get|gets|have|has|receive|receives))?|"
                         r"\bon\s+average\b")
_A_TICKET = re.compile(r"\b(an?|each|every)\s+\w+\s+(ticket|case)(\s+(?:get|gets|have|has|receive|receives))?\b")


def extract_metric(cur: Cursor, found: Found) -> None:
    layer = load_layer()
    for stat, words in layer.statistic_words.items():
        for word in sorted(words, key=len, reverse=True):
            if cur.take(_pattern(word)):
                found.statistic = found.statistic or stat
    best: tuple[int, int, str, re.Match] | None = None
    for rank, (metric, words) in enumerate(layer.metric_words):
        for word in words:
            match = _pattern(word).search(cur.text)
            if match and (best is None or (len(word), -rank) > (best[0], -best[1])):
                best = (len(word), rank, metric, match)
    if best and best[2] == "backlog" and best[3].group() == "open" and _OPEN_VERB.search(cur.text):
        cur.consume(best[3].start(), best[3].end())  # "did enterprise customers open" = created
        best = None
        found.counting = True
    comments = _COMMENTS.search(cur.text)
    if comments and (best is None or best[2] == "comments_per_ticket") and (
            found.statistic == "mean" or _PER_TICKET.search(cur.text) or _A_TICKET.search(cur.text)):
        cur.consume(comments.start(), comments.end())
        cur.take(_PER_TICKET)
        a_ticket = _A_TICKET.search(cur.text)  # "an urgent ticket get": keep "urgent" for the filters
        if a_ticket:
            for group in (1, 2, 3):
                if a_ticket.group(group):
                    cur.consume(a_ticket.start(group), a_ticket.end(group))
        found.metric, best = "comments_per_ticket", None
    if best and best[2] == "solved_count" and _HOW_LONG.search(cur.text):
        best = (best[0], best[1], "resolution_time", best[3])  # "how long did it take us to resolve …"
    if best and re.search(r"\b(opened|created)\b", best[3].group()) is None:
        found.metric = best[2]
        cur.consume(best[3].start(), best[3].end())
        for word in sorted(dict(layer.metric_words)[found.metric], key=len, reverse=True):
            while (again := _pattern(word).search(cur.text)) is not None:  # "satisfied … (CSAT %)"
                cur.consume(again.start(), again.end())
        if found.metric == "resolution_time" or found.metric == "first_response_time":
            cur.take(_HOW_LONG)
            cur.take(r"\b(?:has\s+it\s+|did\s+it\s+|does\s+it\s+)?(?:taken|take|took|takes)\b(?:\s+us)?")
        if layer.metrics[found.metric].event == "solved":  # "reopen rate for tickets solved last month"
            while cur.take(r"\b(?:solved|resolved|closed)\b"):
                pass
    elif _HOW_LONG.search(cur.text):
        found.metric = "resolution_time" if re.search(r"resol|solv|clos|fix", cur.text) else None
        cur.take(_HOW_LONG)
    share = None if found.metric in ("csat", "reopen_rate", "share") else cur.take(_SHARE)
    if found.metric in ("csat", "reopen_rate"):
        cur.take(r"\b(?:percent|percentage)\b")  # "CSAT %" is already a percentage
    if share:
        found.share = True
        split = re.search(r"\b(were|was|are|is|came|had|have|got|that|which|with|being)\b", cur.text[share.end():])
        found.share_split = share.end() + split.start() if split else None
    if _COUNTING.search(cur.text):
        found.counting = True
        while cur.take(_COUNTING):
            pass


# ---- filters ---------------------------------------------------------------------------------

_BARE_LEVEL = re.compile(r"\b(urgent|high|low|normal|medium)\s*(?:/|and|or|,)?\s*(?:(high|low|normal|medium|urgent)"
                         r"\s*)?(?:[\s-]*prio\w*\b|(?=\s*(?:tickets?|cases?|issues?|requests?|ones|incidents?|"
                         r"problems?|questions?|tasks?)\b))")


def negated(cur: Cursor, start: int) -> bool:
    """Whether the words just before `start` negate what follows ("not", "non", "excluding" …); consumes them."""
    match = _NEGATORS.search(cur.text[:start])
    if match:
        cur.consume(match.start(), match.end())
    return match is not None


def extract_names(cur: Cursor, found: Found, names: NameIndex) -> None:
    for hit in names.find(cur.text):
        negate = negated(cur, hit.start)
        found.filters.append((hit.start, Filter(dimension=hit.dimension, values=(hit.value,), negate=negate)))
        cur.consume(hit.start, hit.end)


def extract_tags(cur: Cursor, found: Found) -> None:
    """'tagged vip', 'with tag mobile-android': read before typo correction, tags are free words."""
    for tag in list(re.finditer(r"\b(?:tagged(?:\s+(?:as|with))?|with\s+(?:the\s+)?tag|tag)\s+#?([a-z0-9][a-z0-9_-]*)|"
                                r"\b([a-z0-9][a-z0-9_-]*)-tagged\b", cur.text)):
        _add(found, tag.start(), "tag", tag.group(1) or tag.group(2), negated(cur, tag.start()))
        cur.consume(tag.start(), tag.end())


def extract_filters(cur: Cursor, found: Found) -> None:
    for match in list(_BARE_LEVEL.finditer(cur.text)):
        negate = negated(cur, match.start())
        for level in filter(None, (match.group(1), match.group(2))):
            _add(found, match.start(), "priority", level, negate)
        cur.consume(match.start(), match.end())
    for phrase, dimension, value in load_layer().value_phrases():
        for match in list(_pattern(phrase).finditer(cur.text)):
            _add(found, match.start(), dimension, value, negated(cur, match.start()))
            cur.consume(match.start(), match.end())
            _consume_dimension_words(cur, dimension, match.start(), match.end())
    cur.take(r"\b(?:not|non|excluding|exclude|except|other\s+than|besides|apart\s+from|without)\b")
    if any(len(f.values) > 1 and not f.negate for _, f in found.filters):
        if cur.take(r"\b(?:between|vs|versus|compared\s+(?:to|with)|against|than)\b"):
            found.compare_values = True  # "CSAT between chat and email": one row per value


def _consume_dimension_words(cur: Cursor, dimension: str, start: int, end: int) -> None:
    """'status pending', 'the Frontline team', 'EMEA region': the dimension's own word beside its value."""
    layer = load_layer()
    own = list(layer.dimension_words.get(dimension, ()))
    if layer.dimensions[dimension].join == "organization":  # "free-plan organisations", "EMEA accounts"
        own += layer.dimension_words["organization"]
    words = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(own, key=len, reverse=True))
    if not words:
        return
    after = re.match(rf"\s*(?:{words})\b", cur.text[end:])
    if after:
        cur.consume(end, end + after.end())
    before = re.search(rf"\b(?:{words})\s*(?:=|:|is|of)?\s*$", cur.text[:start])
    if before:
        cur.consume(before.start(), start)


def _add(found: Found, position: int, dimension: str, value: str, negate: bool) -> None:
    for i, (pos, flt) in enumerate(found.filters):
        if flt.dimension == dimension and flt.negate == negate:
            if value not in flt.values:
                found.filters[i] = (pos, Filter(dimension=dimension, values=(*flt.values, value), negate=negate))
            return
    found.filters.append((position, Filter(dimension=dimension, values=(value,), negate=negate)))
