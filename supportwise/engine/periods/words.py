"""Date words, number words and calendar arithmetic for :mod:`supportwise.engine.periods.phrases`.

Everything here is pure and standard-library only. Regex fragments are plain
strings (compiled with ``re.IGNORECASE`` by the caller); the ones with named
groups can be made group-free with :func:`nocap` so they can be embedded in a
larger pattern.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

DAY1 = timedelta(days=1)

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

# Full names only: "sat", "sun", "wed" and friends are ordinary English words.
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
          "seventeen", "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90}
NUMBER_WORDS = {w: i + 1 for i, w in enumerate(_UNITS)}
NUMBER_WORDS.update({w: i + 10 for i, w in enumerate(_TEENS)})
NUMBER_WORDS.update(_TENS)
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4,
            "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def alt(words) -> str:
    """Regex alternation of *words*, longest first so "june" wins over "jun"."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def nocap(pattern: str) -> str:
    """Turn named groups into non-capturing ones: ``(?P<x>a)`` → ``(?:a)``."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


MONTH = rf"(?:{alt(MONTHS)})\b\.?"
WEEKDAY = rf"(?:{alt(WEEKDAYS)})\b"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
YEAR = r"(?:19|20)\d\d\b(?![-/]\d)"
NUM = (rf"(?:\d{{1,3}}|(?:{alt(_TENS)})(?:[-\s](?:{alt(_UNITS)}))?"
       rf"|{alt(_TEENS)}|{alt(_UNITS)})\b")

# One calendar day, written out. Groups: ISO i*, US m/d/y u*, "Nov 1" m*, "1 Nov" d*.
DATE = (
    r"\b(?P<iy>\d{4})[-/](?P<im>\d{1,2})[-/](?P<id>\d{1,2})\b"
    r"|\b(?P<um>\d{1,2})/(?P<ud>\d{1,2})/(?P<uy>\d{4}|\d{2})\b"
    rf"|\b(?P<mm>{MONTH})\s+(?:the\s+)?(?P<md>{DAY})(?:,?\s*(?P<my>{YEAR}))?"
    rf"|\b(?P<dd>{DAY})\s+(?:of\s+)?(?P<dm>{MONTH})(?:,?\s*(?P<dy>{YEAR}))?"
)


def number_value(text: str) -> int:
    """``"7"`` → 7, ``"seven"`` → 7, ``"twenty-one"`` → 21, ``"a"``/``"an"`` → 1."""
    text = text.lower().strip()
    if text.isdigit():
        return int(text)
    if text in ("a", "an"):
        return 1
    return sum(NUMBER_WORDS[w] for w in re.split(r"[-\s]+", text))


def month_number(text: str) -> int:
    """``"Sept."`` → 9."""
    return MONTHS[text.lower().rstrip(".")]


def safe_date(y: int, m: int, d: int) -> date | None:
    """``date(y, m, d)`` or None when the day does not exist (Feb 30)."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def add_months(d: date, k: int) -> date:
    """Move *d* by *k* calendar months, clamping the day (Mar 31 - 1 month → Feb 28/29)."""
    y, m = divmod(d.year * 12 + d.month - 1 + k, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def add_years(d: date, k: int) -> date:
    """Move *d* by *k* years; Feb 29 becomes Feb 28 in a non-leap year."""
    return add_months(d, 12 * k)


def week_start(d: date) -> date:
    """Monday of *d*'s ISO week."""
    return d - timedelta(days=d.weekday())


def month_start(d: date) -> date:
    return d.replace(day=1)


def quarter_start(d: date) -> date:
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def latest_day(month: int, day: int, today: date) -> date | None:
    """The latest *month*/*day* not after *today* ("Feb 29" looks back to a leap year)."""
    for year in range(today.year, today.year - 9, -1):
        d = safe_date(year, month, day)
        if d and d <= today:
            return d
    return None


def parse_day_match(m: re.Match, today: date) -> date | None:
    """Resolve a match of :data:`DATE` to a day; year-less dates use :func:`latest_day`.

    >>> parse_day_match(re.fullmatch(DATE, "Nov 30", re.I), date(2026, 11, 23))
    datetime.date(2025, 11, 30)
    """
    g = m.groupdict()
    if g["iy"]:
        return safe_date(int(g["iy"]), int(g["im"]), int(g["id"]))
    if g["uy"]:
        year = int(g["uy"]) + (2000 if len(g["uy"]) == 2 else 0)
        return safe_date(year, int(g["um"]), int(g["ud"]))
    mon, day, year = (g["mm"], g["md"], g["my"]) if g["mm"] else (g["dm"], g["dd"], g["dy"])
    month, day = month_number(mon), int(re.match(r"\d+", day).group())
    if year:
        return safe_date(int(year), month, day)
    return latest_day(month, day, today)


# Day ranges inside one month: "between 1 and 15 September", "1-15 Sept 2025", "November 3rd to 10th".
_TO = r"\s*(?:and|to|through|thru|till|until|[-–—])\s*(?:the\s+)?"
DAY_RANGES = (
    rf"\b(?:between\s+|from\s+)?(?:the\s+)?(?P<d1>{DAY}){_TO}(?P<d2>{DAY})\s+(?:of\s+)?(?P<mon>{MONTH})"
    rf"(?:\s*,?\s*(?P<yr>{YEAR}))?",
    rf"\b(?:between\s+|from\s+)?(?P<mon>{MONTH})\s+(?:the\s+)?(?P<d1>{DAY}){_TO}(?P<d2>{DAY})"
    rf"(?:\s*,?\s*(?P<yr>{YEAR}))?",
)


def resolve_day_range(m: re.Match, today: date) -> tuple[date, date, str] | None:
    """[first day, last day + 1) of a day range in one month; a year-less month is the latest such range begun."""
    month = month_number(m["mon"])
    d1, d2 = (int(re.match(r"\d+", m[g]).group()) for g in ("d1", "d2"))
    if m["yr"]:
        start = safe_date(int(m["yr"]), month, d1)
    else:
        start = latest_day(month, d1, today)
    end = safe_date(start.year, month, d2) if start else None
    if start is None or end is None or end < start:
        return None
    return start, end + DAY1, "day"
