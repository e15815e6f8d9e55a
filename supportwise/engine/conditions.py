"""Conditions on each ticket: thresholds on its times, reopens and comments, its age or idle time,
and touches (agent replies) — "first response over 4 hours", "older than a week", "one-touch"."""

from __future__ import annotations

import re

from supportwise.engine.cursor import _NUM, Cursor, Found, to_number
from supportwise.engine.spec import Threshold
from supportwise.errors import Unanswerable

# ---- thresholds ------------------------------------------------------------------------------

_CMP = {"more than": ">", "over": ">", "longer than": ">", "greater than": ">", "above": ">", "exceeding": ">",
        "in excess of": ">", "at least": ">=", "less than": "<", "under": "<", "fewer than": "<", "within": "<=",
        "shorter than": "<", "below": "<", "at most": "<=", "no more than": "<=", "inside": "<="}
_CMP_RE = "|".join(sorted(map(re.escape, _CMP), key=len, reverse=True))
_FR_WORDS = r"(?:(?:to\s+(?:get\s+)?|for\s+)?(?:a\s+|the\s+|their\s+)?(?:first\s+)?(?:response|reply|answer)|" \
            r"to\s+(?:first\s+)?(?:respond|reply|answer)|first\s+responded|responded|replied)"
_RES_WORDS = r"(?:to\s+(?:be\s+)?(?:resolve|resolved|solve|solved|close|closed|fix|fixed)|resolution|" \
             r"before\s+(?:being\s+)?(?:resolved|solved|closed))"


_UNIT_DAYS = r"(days?|weeks?|months?)"
_NUMA = _NUM[:-1] + r"|an?)"  # "older than a week"
_IDLE = re.compile(
    rf"\b(?:with\s+|had\s+|have\s+|has\s+)?(?:no\s+(?:activity|updates?|changes?|movement|touch(?:es)?)|not\s+(?:been\s+)?"
    rf"(?:updated|touched|changed)|(?:been\s+)?(?:inactive|idle|untouched|stale|stuck|sitting)|without\s+(?:any\s+)?"
    rf"(?:activity|updates?))\s+(?:in\s+|for\s+|since\s+)?(?:(?:the\s+)?(?:last|past)\s+)?(?:({_CMP_RE})\s+)?{_NUMA}\s+"
    rf"{_UNIT_DAYS}(?:\s+or\s+more)?\b")
_AGE = re.compile(
    rf"\b(?:(older|newer|younger)\s+than\s+{_NUMA}\s+{_UNIT_DAYS}|({_CMP_RE})\s+{_NUMA}\s+{_UNIT_DAYS}\s+old|"
    rf"(?:been\s+)?(?:open|unsolved|unresolved|waiting|outstanding|sitting|aged?)\s+(?:for\s+)?({_CMP_RE})\s+{_NUMA}\s+"
    rf"{_UNIT_DAYS})\b")
_DAYS_IN = {"d": 1, "w": 7, "m": 30}


def _extract_age(cur: Cursor, found: Found) -> bool:
    """'older than 7 days', 'open for more than 2 weeks' (created_at), 'no activity for 5 days' (updated_at)."""
    idle = _IDLE.search(cur.text)
    if idle:
        op = _CMP[idle.group(1)] if idle.group(1) else ">="
        found.threshold = Threshold(measure="idle_days", op=op,
                                    value=to_number(idle.group(2)) * _DAYS_IN[idle.group(3)[0]])
        cur.consume(idle.start(), idle.end())
        return True
    age = _AGE.search(cur.text)
    if age is None:
        return False
    if age.group(1):
        op, number, unit = (">" if age.group(1) == "older" else "<"), age.group(2), age.group(3)
    elif age.group(4):
        op, number, unit = _CMP[age.group(4)], age.group(5), age.group(6)
    else:
        op, number, unit = _CMP[age.group(7)], age.group(8), age.group(9)
    found.threshold = Threshold(measure="age_days", op=op, value=to_number(number) * _DAYS_IN[unit[0]])
    start = age.start() if age.group(1) or age.group(4) else age.start(7)  # "open for …": "open" stays the metric
    cur.consume(start, age.end())
    return True


_UNDER = r"(?:under|less\s+than|younger\s+than|newer\s+than|below)"
_OVER = r"(?:older\s+than|over|more\s+than|above)"
_BUCKET = re.compile(
    rf"\b(?:(?P<under>{_UNDER})\s+(?P<u_n>{_NUMA})\s+(?P<u_unit>{_UNIT_DAYS})(?:\s+old)?|"
    rf"(?:between\s+)?(?P<lo>\d+)\s*(?:-|–|to|and)\s*(?P<hi>\d+)\s+(?P<r_unit>{_UNIT_DAYS})\s+old|"
    rf"(?P<over>{_OVER})\s+(?P<o_n>{_NUMA})\s+(?P<o_unit>{_UNIT_DAYS})(?:\s+old)?)\b")


def _extract_age_buckets(cur: Cursor, found: Found) -> bool:
    """'how many open tickets are under a week old, how many 1-4 weeks old and how many older than 4 weeks':
    two or more ages asked side by side are buckets, one count each (the last may be open-ended)."""
    matches = list(_BUCKET.finditer(cur.text))
    if len(matches) < 2 or not re.search(r"\bold\b", cur.text):
        return False
    buckets: list[tuple[float, float | None]] = []
    for m in matches:
        if m.group("under"):
            buckets.append((0.0, to_number(m.group("u_n")) * _DAYS_IN[m.group("u_unit")[0]]))
        elif m.group("over"):
            buckets.append((to_number(m.group("o_n")) * _DAYS_IN[m.group("o_unit")[0]], None))
        else:
            days = _DAYS_IN[m.group("r_unit")[0]]
            buckets.append((float(m.group("lo")) * days, float(m.group("hi")) * days))
    for m in matches:
        cur.consume(m.start(), m.end())
    found.age_buckets = buckets
    found.counting = True
    return True


# ---- conditions on each group's value ---------------------------------------------------------

_STAT_WORD = r"(?:average|avg|mean|median|typical|p90|90th\s+percentile)"
_MEASURE_WORDS = (r"(?:first|response|responses|reply|replies|resolution|resolve|resolved|solve|solved|close|closed|"
                  r"closing|handle|handling|time|times|to|is|was|were|are|been|stays|stayed|sits|of|at|their|its)")
_DURATION_UNIT = r"(hours?|hrs?|h|minutes?|mins?|days?)"
_GROUP_DURATION = re.compile(
    rf"\b{_STAT_WORD}\s+(?:{_MEASURE_WORDS}\s+){{1,6}}?({_CMP_RE})\s+{_NUM}\s*{_DURATION_UNIT}\b|"
    rf"\b({_CMP_RE})\s+{_NUM}\s*{_DURATION_UNIT}\s+on\s+average\b")
_GROUP_PERCENT = re.compile(rf"\b({_CMP_RE})\s+{_NUM}\s*percent\b")


def _hours(value: float, unit: str) -> float:
    return value / 60 if unit.startswith("m") else value * 24 if unit.startswith("d") else value


def _extract_group_value(cur: Cursor, found: Found) -> bool:
    """'agents with CSAT below 80 %', 'teams whose average resolution time is over 24 hours', 'over 48 hours on
    average': a condition on each group's value (SQL HAVING), not on each ticket. Only the comparison is taken;
    the measure and its statistic are read as usual, and the build checks that they have this unit."""
    percent = _GROUP_PERCENT.search(cur.text)
    if percent:
        found.having, found.having_unit = (_CMP[percent.group(1)], to_number(percent.group(2))), "percent"
        cur.consume(percent.start(), percent.end())
        return True
    duration = _GROUP_DURATION.search(cur.text)
    if duration is None:
        return False
    op, number, unit, start = (duration.group(1), duration.group(2), duration.group(3), duration.start(1)) \
        if duration.group(1) else (duration.group(4), duration.group(5), duration.group(6), duration.start(4))
    found.having = (_CMP[op], _hours(to_number(number), unit))
    found.having_unit = "hours"
    cur.consume(start, duration.end(3) if duration.group(1) else duration.end(6))
    return True


# ---- how the customer's mood moved over the conversation ---------------------------------------

_WHO = r"(?:(?:had|have|has|with)\s+)?(?:a\s+|the\s+)?(?:customer|requester|client|user)s?\s+(?:who|that)\s+"
_OVER = r"(?:\s+(?:over|during|across|through|throughout|in|as)\s+(?:the\s+)?(?:course\s+of\s+the\s+)?" \
        r"(?:conversation|thread|ticket|exchange|time|it\s+went\s+on))?"
_MOOD = {
    "<": (r"angrier|unhappier|worse|more\s+(?:negative|frustrated|upset|angry|annoyed|unhappy)|"
          r"less\s+(?:positive|happy)",
          r"worsened|got\s+worse|dropped|declined|deteriorated|fell|went\s+down|soured", "negative"),
    ">": (r"happier|calmer|better|more\s+(?:positive|satisfied|happy)|less\s+(?:negative|frustrated|angry|upset)",
          r"improved|got\s+better|rose|went\s+up", "positive"),
}


def _extract_mood_change(cur: Cursor, found: Found) -> bool:
    """'tickets where the customer got angrier over the conversation', 'sentiment improved during the thread',
    '(last message more negative than the first)': the customer's last message against their first."""
    ops = set()
    for op, (became, moved, side) in _MOOD.items():
        patterns = (rf"\b(?:{_WHO})?(?:got|get|gets|getting|became|become|becomes|grew|grow|grows|turned|turns)\s+"
                    rf"(?:{became}){_OVER}",
                    rf"\b(?:the\s+)?(?:customer\s+)?sentiment\s+(?:{moved}){_OVER}",
                    rf"\b(?:the\s+)?(?:customer\s+)?(?:last|final|latest)\s+(?:customer\s+)?(?:message|comment|reply)"
                    rf"\s+(?:was\s+|is\s+)?more\s+{side}\s+than\s+(?:the\s+)?(?:first|initial|opening)(?:\s+one)?")
        for pattern in patterns:
            while cur.take(pattern):
                ops.add(op)
    if not ops:
        return False
    if len(ops) > 1:
        raise Unanswerable("That asks for customers who got both angrier and happier: which one?")
    found.threshold = Threshold(measure="sentiment_change", op=ops.pop(), value=0)
    return True


def extract_threshold(cur: Cursor, found: Found) -> None:
    if _extract_age_buckets(cur, found) or _extract_age(cur, found) or _extract_group_value(cur, found) or \
            _extract_mood_change(cur, found):
        return
    having = re.search(rf"\b({_CMP_RE})\s+{_NUM}\s+(?:\w+\s+)?(tickets?|cases?|requests?|ones)\b", cur.text)
    if having:  # "organizations that logged more than 50 tickets": a condition on the count of a group
        found.having = (_CMP[having.group(1)], to_number(having.group(2)))
        cur.consume(having.start(), having.end(2))  # a word between ("urgent", "open") stays for the filters
        cur.consume(having.start(3), having.end(3))
        lead = re.search(r"\b(?:who|that|which|with)(?:\s+(?:have|has|had))?\s+(?:\w+\s+){0,2}$",
                         cur.text[:having.start()])
        if lead:
            cur.consume(lead.start(), lead.start() + len(lead.group().split()[0]))
    duration = re.search(rf"\b({_CMP_RE})\s+{_NUM}\s*(hours?|hrs?|h|minutes?|mins?|days?)\b", cur.text)
    if duration:
        hours = _hours(to_number(duration.group(2)), duration.group(3))
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
    comments = cur.take(rf"\b(?:(?:needed|needing|took|taking|required|requiring|had|having|got|getting)\s+)?"
                        rf"(?:with\s+)?({_CMP_RE})\s+{_NUM}\s+(?:(?:agent|public)\s+)?(comments|replies|messages)\b")
    if comments:  # replies are the agents' public comments; comments and messages are all of them
        found.threshold = Threshold(measure="replies" if comments.group(3) == "replies" else "comments",
                                    op=_CMP[comments.group(1)], value=to_number(comments.group(2)))
        return
    if _extract_touches(cur, found):
        return
    if cur.take(r"\b(?:were|was|got|been|being|get)\s+(?:reopened|re-opened)\b|"
                r"\b(?:that\s+were\s+|were\s+|got\s+)?(?:reopened|re-opened)\s+tickets\b|\btickets\s+(?:that\s+"
                r"(?:were|got)\s+)?(?:reopened|re-opened)\b(?!\s+rate)"):
        found.threshold = Threshold(measure="reopens", op=">", value=0)


_TOUCH = re.compile(r"\b(?P<n>one|two|multi|1|2)[\s-]touch(?:\s+(?:resolutions?|resolved|solved|solves?))?"
                    r"(?:\s+(?P<rate>rate|ratio|%|percentage|percent|share))?(?:\s+(?:tickets?|cases?))?")
_EXACT_REPLIES = re.compile(rf"\b(?:with|after|in|using|by)\s+(?:exactly\s+|only\s+|just\s+|a\s+single\s+)?"
                            rf"(?P<n>{_NUM}|a\s+single|one)\s+(?:agent\s+|public\s+)?(?:reply|replies|responses?)\b")


def _extract_touches(cur: Cursor, found: Found) -> bool:
    """'one-touch tickets' (solved with exactly one agent reply, Zendesk's definition), 'two-touch', 'multi-touch'
    (more than two); 'one-touch rate' is their share of solved tickets; 'with exactly one reply' says the same."""
    touch = cur.take(_TOUCH)
    exact = [m for m in _EXACT_REPLIES.finditer(cur.text)]
    if touch is None and not exact:
        return False
    wanted = set()
    if touch is not None:
        n = touch.group("n")
        wanted.add((">", 2.0) if n == "multi" else ("=", 1.0 if n in ("one", "1") else 2.0))
        if touch.group("rate"):
            found.share = True
        if found.metric is None:
            found.metric = "solved_count"  # a touch count is of solved tickets
    for m in exact:
        wanted.add(("=", 1.0 if m.group("n") in ("a single", "one") else to_number(m.group("n"))))
        cur.consume(m.start(), m.end())
    if len(wanted) > 1:
        raise Unanswerable("That asks for two different numbers of replies at once: which one?")
    op, value = wanted.pop()
    found.threshold = Threshold(measure="replies", op=op, value=value)
    return True
