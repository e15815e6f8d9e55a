"""Time phrases in support questions → concrete half-open date ranges (CONTRACT.md §2).

    >>> p, rest = parse_period("How many urgent tickets did we get last week?", date(2026, 11, 23))
    >>> (p.start, p.end, p.label())
    (datetime.date(2026, 11, 16), datetime.date(2026, 11, 23), '2026-11-16 – 2026-11-22')
    >>> rest
    'How many urgent tickets did we get?'

Every range is ``[start, end)`` in whole days; "end of today" is ``today + 1 day``.
A table of regex patterns maps phrases to small resolver functions; when several
patterns match, the earliest, then longest, match wins.

Choices for ambiguous phrases (the contract leaves them open):

* A bare quarter or month name ("Q3", "in March") is the latest one whose *start* is
  not after today, so the current quarter/month counts. Its end is the natural end
  (not clipped to today); the same holds for explicit ones ("Q4 2026", "in 2026").
  "this month/quarter/year" and "*-to-date" are clipped to the end of today.
* "past" means the same as "last": "past week" = last full ISO week, "past year" =
  previous calendar year, "past 30 days" = 30 days ending today.
* "last N weeks/months/quarters/years" are N full units before the current one;
  "last N days" includes today. "last N hours" is rounded up to whole days
  (``ceil(N/24)``), so "last 24 hours" = today only. "last fortnight" = last 2 weeks.
* "N days ago" is that day; "N weeks/months ago" is that whole ISO week / month;
  "a week ago" = last week; "the week before last" = 2 weeks ago.
* Weekdays (full names only): bare "Monday" / "on Monday" is the most recent one
  including today; "last Monday" is strictly before today; "this Monday" is the
  Monday of the current ISO week (may lie in the future for later weekdays).
* "since X" starts at the start of X; "after X" starts the day after X ends; both run
  to the end of today. "before X" is all time up to the start of X (exclusive);
  "until / till / through / up to X" includes X. X may be any date, month, quarter,
  year or relative phrase ("since last week", "before March 2025").
* "between A and B" / "from A to B" runs from the start of A to the end of B. Year-less
  A and B resolve relative to today; if B would end before A starts, A moves back a
  year (a week for weekdays). If only one side has a year the other takes that year.
* "May" is a month only with a day or year, or after "in/during/for/of/from/throughout";
  a bare year ("2025") only after "in/during/for/of/from/throughout/year".
* Not supported: future phrases ("next week"), times of day, fuzzy counts ("a few days"),
  m/d dates without a year ("11/01"), day-only range ends ("Nov 1-15"), fiscal years.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from supportwise.engine.periods.period import (
    ALL_TIME,
    Period,
    to_date,
    unit_add,
    unit_of,
    unit_start,
    units_ago,
)
from supportwise.engine.periods.words import (
    DATE,
    DAY1,
    DAY_RANGES,
    MONTH,
    NUM,
    ORDINALS,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
    add_months,
    add_years,
    month_number,
    nocap,
    number_value,
    parse_day_match,
    resolve_day_range,
    week_start,
)

__all__ = ["ALL_TIME", "Period", "find_all_periods", "find_period_spans", "parse_date", "parse_period"]

# --- resolvers: (match, today) -> (start, end, grain) or None --------------------

def _r_date(m, today):
    """ "2026-11-01", "11/01/2026", "Nov 1", "1st of November 2025" → that day."""
    d = parse_day_match(m, today)
    return (d, d + DAY1, "day") if d else None


def _r_relative_day(m, today):
    """ "today", "yesterday", "the day before yesterday"."""
    back = 2 if m["dby"] else 1 if m["yd"] else 0
    d = today - timedelta(days=back)
    return d, d + DAY1, "day"


def _r_weekday(m, today):
    """ "Monday" (latest incl. today), "last Monday" (before today), "this Monday" (ISO week)."""
    wd, which = WEEKDAYS[m["wd"].lower()], (m["wwhich"] or "").lower()
    if which == "this":
        d = week_start(today) + timedelta(days=wd)
    elif which:
        d = today - timedelta(days=(today.weekday() - wd - 1) % 7 + 1)
    else:
        d = today - timedelta(days=(today.weekday() - wd) % 7)
    return d, d + DAY1, "day"


def _r_this_last(m, today):
    """ "this week" (→ end of today), "last/previous/past month" (whole previous month)."""
    unit = unit_of(m["tu"])
    if m["tw"].lower() in ("this", "current"):
        return to_date(unit, today)
    return units_ago(unit, 1, today)


def _r_to_date(m, today):
    """ "year to date", "ytd", "mtd", "qtd", "wtd" → like "this year/month/…"."""
    abbr = {"y": "year", "m": "month", "q": "quarter", "w": "week"}
    return to_date(unit_of(m["du"]) if m["du"] else abbr[m["da"][0].lower()], today)


def _r_ago(m, today):
    """ "3 days ago" → that day; "2 weeks ago" → that whole ISO week; "a month ago"."""
    return units_ago(unit_of(m["au"]), number_value(m["an"]), today)


def _r_before_last(m, today):
    """ "the week before last" → two weeks ago (likewise month/quarter/year)."""
    return units_ago(unit_of(m["bu"]), 2, today)


def _r_last_n(m, today):
    """ "last 7 days" → 7 days ending today; "past two weeks" → 2 full weeks before this one."""
    n, unit = number_value(m["n"]), unit_of(m["u"])
    if unit == "hour":
        n, unit = -(-n // 24), "day"
    if n < 1:
        return None
    if unit == "day":
        return today - timedelta(days=n - 1), today + DAY1, "day"
    end = unit_start(unit, today)
    return unit_add(unit, end, -n), end, unit


def _r_fortnight(m, today):
    """ "last fortnight" → the 2 full ISO weeks before this one."""
    end = week_start(today)
    return end - timedelta(days=14), end, "week"


def _r_quarter(m, today):
    """ "Q3", "Q3 2025", "2025 Q3", "third quarter of 2025"; bare = latest started one."""
    q = int(m["q"] or m["q2"] or ORDINALS[m["qo"].lower()])
    year = m["qy"] or m["qy2"]
    start = date(int(year) if year else today.year, 3 * q - 2, 1)
    if not year and start > today:
        start = add_years(start, -1)
    return start, add_months(start, 3), "quarter"


def _r_month(m, today):
    """ "March", "Sept", "March 2025"; bare = latest started one (the current month counts)."""
    start = date(int(m["my2"]) if m["my2"] else today.year, month_number(m["mon"]), 1)
    if not m["my2"] and start > today:
        start = add_years(start, -1)
    return start, add_months(start, 1), "month"


def _r_month_of_year(m, today):
    """ "October this year", "October last year": that month of the current or the previous year."""
    start = date(today.year - (m["mwy"].lower() != "this"), month_number(m["mon"]), 1)
    return start, add_months(start, 1), "month"


def _r_year(m, today):
    """ "2025" → the whole calendar year."""
    start = date(int(m["y"]), 1, 1)
    return start, add_years(start, 1), "year"


_PREPS = {"in", "during", "for", "of", "from", "throughout"}


def _word_before(m) -> str:
    words = re.findall(r"[a-z]+", m.string[: m.start()].lower())
    return words[-1] if words else ""


def _r_month_in_text(m, today):
    """Like :func:`_r_month`, but a bare "may" needs a preposition ("may I see" is a verb),
    and "Feb 30" (a day that does not exist) is no month either."""
    if m["mon"].lower() == "may" and not m["my2"] and _word_before(m) not in _PREPS:
        return None
    if not m["my2"] and re.match(r"\s+\d{1,2}(?:st|nd|rd|th)?\b", m.string[m.end():]):
        return None
    return _r_month(m, today)


def _r_year_in_text(m, today):
    """Like :func:`_r_year`, but only after "in/during/…/year" (ticket #2025 is no year)."""
    return _r_year(m, today) if _word_before(m) in _PREPS | {"year"} else None


# Anchors: phrases that name one span and may appear inside since/between/before.
_ANCHORS = [
    (rf"\b(?P<an>{NUM}|an?)\s+(?P<au>day|week|month|quarter|year)s?\s+ago\b", _r_ago),
    (DATE, _r_date),
    (rf"\b(?:q(?P<q>[1-4])|(?P<qo>{'|'.join(ORDINALS)})\s+quarter)\b"
     rf"(?:\s*(?:of\s+|,\s*)?(?P<qy>{YEAR}))?|\b(?P<qy2>{YEAR})\s*-?\s*q(?P<q2>[1-4])\b",
     _r_quarter),
    (rf"\b(?P<mon>{MONTH})\s+(?:of\s+)?(?P<mwy>this|last|previous)\s+year\b", _r_month_of_year),
    (rf"\b(?P<mon>{MONTH})(?:\s*,?\s*(?P<my2>{YEAR}))?", _r_month),
    (rf"\b(?P<y>{YEAR})", _r_year),
    (r"\b(?:(?P<dby>(?:the\s+)?day\s+before\s+yesterday)|(?P<yd>yesterday)"
     r"|today|tonight|this\s+(?:morning|afternoon|evening))\b", _r_relative_day),
    (rf"\b(?:(?P<wwhich>last|this|past|previous)\s+)?(?P<wd>{WEEKDAY})", _r_weekday),
    (r"\b(?P<tw>this|current|last|previous|past|prior)\s+(?:calendar\s+)?"
     r"(?P<tu>week|month|quarter|year)\b", _r_this_last),
]
_ANCHOR = "|".join(f"(?:{nocap(p)})" for p, _ in _ANCHORS)
_ANCHOR_TABLE = [(re.compile(p, re.I), fn) for p, fn in _ANCHORS]


def _anchor(text: str, today: date):
    """Resolve one anchor phrase: → (start, end, kind) with kind "yearless"/"weekday"/"fixed"."""
    for rx, fn in _ANCHOR_TABLE:
        m = rx.fullmatch(text.strip())
        if m and (span := fn(m, today)):
            fixed = re.search(r"\d{4}|\d/\d+/\d|\b(?:ago|last|this|current|previous|past|prior|"
                              r"today|yesterday|tonight)\b", text, re.I)
            kind = "fixed" if fixed else "weekday" if fn is _r_weekday else "yearless"
            return span[0], span[1], kind
    return None


def _shift(span, years=0, days=0):
    return tuple(add_years(d, years) + timedelta(days=days) for d in span)


def _r_range(m, today):
    """ "between Nov 1 and Nov 15", "from March to May 2025", "Nov 1 - Nov 15" → A … end of B."""
    a, b = _anchor(m["a"], today), _anchor(m["b"], today)
    if not a or not b:
        return None
    (a0, a1, ak), (b0, b1, bk) = a, b
    if bk == "yearless" and ak == "fixed":          # B takes A's year
        b0, b1 = _shift((b0, b1), a0.year - b0.year)
        if b0 < a0:
            b0, b1 = _shift((b0, b1), 1)
    elif ak == "yearless" and bk == "fixed":        # A takes B's year
        a0, a1 = _shift((a0, a1), (b1 - DAY1).year - a0.year)
        if a0 >= b1:
            a0, a1 = _shift((a0, a1), -1)
    elif b1 <= a0 and ak in ("yearless", "weekday"):
        a0, a1 = _shift((a0, a1), years=-1) if ak == "yearless" else _shift((a0, a1), days=-7)
    return (a0, b1, "day") if a0 < b1 else None


def _r_since(m, today):
    """ "since Nov 1" / "starting March" → start of X … end of today; "after X" → day after X."""
    a = _anchor(m["a"], today)
    start = (a[1] if m["kw"].lower() == "after" else a[0]) if a else None
    return (start, today + DAY1, "day") if start and start <= today else None


def _r_before(m, today):
    """ "before 2026-11-01" → all time up to Nov 1 (exclusive); "until/through Nov 1" → incl."""
    a = _anchor(m["a"], today)
    if not a:
        return None
    return None, (a[0] if m["kw"].lower().startswith(("before", "prior")) else a[1]), None


_DASH = r"\s*[-–—]\s*"
_TABLE = [(re.compile(p, re.I), fn) for p, fn in [
    *[(p, resolve_day_range) for p in DAY_RANGES],
    (rf"\bbetween\s+(?:the\s+)?(?P<a>{_ANCHOR})\s+and\s+(?:the\s+)?(?P<b>{_ANCHOR})", _r_range),
    (rf"\bfrom\s+(?:the\s+)?(?P<a>{_ANCHOR})(?:\s+(?:to|through|thru|till|until|up\s+to)\s+|{_DASH})"
     rf"(?:the\s+)?(?P<b>{_ANCHOR})", _r_range),
    (rf"(?P<a>{nocap(DATE)})(?:\s+(?:to|through|thru|till|until)\s+|{_DASH})"
     rf"(?P<b>{nocap(DATE)})", _r_range),
    (rf"\b(?P<kw>since|after|(?:starting|beginning)(?:\s+(?:from|on|with|in))?)\s+(?:the\s+)?"
     rf"(?P<a>{_ANCHOR})", _r_since),
    (rf"\b(?P<kw>before|prior\s+to|until|till|through|up\s+(?:to|until))\s+(?:the\s+)?(?P<a>{_ANCHOR})",
     _r_before),
    (rf"\b(?:last|past|previous|prior|trailing)\s+(?P<n>{NUM})\s+"
     r"(?P<u>day|week|month|quarter|year|hour)s?\b", _r_last_n),
    (r"\b(?:last|past|previous)\s+fortnight\b", _r_fortnight),
    (r"\b(?:the\s+)?(?P<bu>day|week|month|quarter|year)\s+before\s+last"
     r"(?:\s+(?:day|week|month|quarter|year))?\b", _r_before_last),
    (r"\b(?:(?P<du>week|month|quarter|year)[\s-]+to[\s-]+date|(?P<da>ytd|mtd|qtd|wtd))\b",
     _r_to_date),
    *[(p, {_r_month: _r_month_in_text, _r_year: _r_year_in_text}.get(fn, fn))
      for p, fn in _ANCHORS],
]]

_PREFIX = re.compile(r"(?:\b(?:in|on|over|during|for|within|from|at|throughout)\s+)?"
                     r"(?:\bthe\s+)?$", re.I)


def _matches(text: str, today: date) -> list[tuple[re.Match, Period]]:
    """All non-overlapping time phrases in *text*, in order (earliest, then longest, wins)."""
    found = []
    for order, (rx, fn) in enumerate(_TABLE):
        for m in rx.finditer(text):
            span = fn(m, today)
            if span:
                phrase = re.sub(r"\s+", " ", m.group().strip().lower())
                period = Period(span[0], span[1], phrase, span[2])
                found.append((m.start(), -len(m.group()), order, m, period))
    chosen, taken_to = [], -1
    for start, _, _, m, period in sorted(found, key=lambda f: f[:3]):
        if start >= taken_to:
            chosen.append((m, period))
            taken_to = m.end()
    return chosen


def find_all_periods(text: str, today: date) -> list[Period]:
    """Every time phrase in *text*, in order: "this week vs last week" → [this week, last week]."""
    return [p for _, p in _matches(text, today)]


def find_period_spans(text: str, today: date) -> list[tuple[int, int, Period]]:
    """Every time phrase as (start, end, period), the span widened by a leading "in/on/over/during/
    for/within/from/at" and "the" and a trailing "'s" — the words that go when the phrase goes."""
    spans = []
    for m, period in _matches(text, today):
        start = m.start() - len(_PREFIX.search(text[: m.start()]).group())
        end = m.end() + (2 if text[m.end(): m.end() + 2].lower() in ("'s", "’s") else 0)
        spans.append((start, end, period))
    return spans


def parse_period(text: str, today: date) -> tuple[Period | None, str]:
    """Find the first time phrase in free text → (period or None, text with the phrase removed).

    "tickets in the past 30 days?" → (past 30 days, "tickets?").
    """
    spans = find_period_spans(text, today)
    if not spans:
        return None, text.strip()
    start, end, period = spans[0]
    rest = re.sub(r"\s{2,}", " ", text[:start] + " " + text[end:])
    rest = re.sub(r"\s+([?.!,;:])", r"\1", rest)
    return period, re.sub(r"^[\s,;:]+", "", rest).strip()


def parse_date(text: str, today: date) -> date | None:
    """One day written in *text* ("2026-11-01", "Nov 1st", "yesterday", "last Monday",
    "3 days ago"), else None — also None for longer spans such as "March" or "last week".
    """
    text = re.sub(r"^\s*(?:on\s+)?(?:the\s+)?|[\s?.!,]+$", "", text)
    span = _anchor(text, today) if text else None
    return span[0] if span and span[1] - span[0] == DAY1 else None
