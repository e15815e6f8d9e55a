"""Units and readable titles for result columns, judged by the column's name.

The engine names its measures by what they hold (``tickets``, ``avg_first_response_hours``,
``csat_pct``, ``share_pct``, ``reopen_rate_pct``); SQL typed by an administrator is read by
the same words.

>>> axis_title("avg_first_response_hours")
'Avg first response (hours)'
>>> axis_title("csat_pct"), axis_title("tickets"), axis_title("count")
('CSAT (%)', 'Tickets', 'Count (tickets)')
"""

from __future__ import annotations

import re

HOURS, PERCENT, TICKETS = "hours", "%", "tickets"

_WORDS = re.compile(r"[^a-z0-9]+")
_PERCENT_WORDS = frozenset({"pct", "percent", "percentage", "share", "csat", "rate", "ratio_pct"})
_COUNT_WORDS = frozenset({"tickets", "count", "n", "total", "num", "number"})
_UNIT_SUFFIXES = ("hours", "pct", "percent", "percentage")
# What a category column is, in words a reader expects on an axis.
_DIMENSION_TITLES = {
    "day": "Day", "week": "Week starting", "month": "Month", "quarter": "Quarter starting", "year": "Year",
    "hour_of_day": "Hour of day (UTC)", "day_of_week": "Day of week", "day_type": "Weekday or weekend",
    "product_area": "Product area", "ticket_type": "Ticket type",
}
# Engine measures whose plain label would lose what they are a share or rate of.
_MEASURE_LABELS = {"share_pct": "Share of tickets", "csat_pct": "CSAT", "reopen_rate_pct": "Reopen rate",
                   "avg_sentiment": "Average sentiment (−1 to 1)"}
_ACRONYMS = {"csat": "CSAT", "api": "API", "sla": "SLA", "id": "ID", "utc": "UTC"}


def words(column: str) -> list[str]:
    return [w for w in _WORDS.split(str(column).lower()) if w]


def unit_for(column: str) -> str | None:
    """'hours', '%', 'tickets', or None when the name says nothing about the unit."""
    parts = words(column)
    if not parts:
        return None
    if parts[-1] in ("hours", "hour", "h") and column != "hour_of_day":
        return HOURS
    if any(p in _PERCENT_WORDS for p in parts):
        return PERCENT
    if parts[-1] in _COUNT_WORDS or parts[0] in ("tickets", "ticket") and parts[-1] in ("count", "tickets"):
        return TICKETS
    return None


def is_share(column: str) -> bool:
    """A share of a whole (parts add up to 100), as opposed to a rate or a score in %."""
    parts = words(column)
    return bool({"share", "percent", "percentage"} & set(parts)) or parts[-2:] == ["share", "pct"]


def label(column: str) -> str:
    """'avg_first_response_hours' -> 'Avg first response': the name without its unit word."""
    if column in _DIMENSION_TITLES:
        return _DIMENSION_TITLES[column]
    if column in _MEASURE_LABELS:
        return _MEASURE_LABELS[column]
    parts = words(column)
    while len(parts) > 1 and parts[-1] in _UNIT_SUFFIXES:
        parts = parts[:-1]
    if not parts:
        return str(column)
    shown = [_ACRONYMS.get(p, p) for p in parts]
    first = shown[0] if shown[0].isupper() else shown[0].capitalize()
    return " ".join([first, *shown[1:]])


def axis_title(column: str) -> str:
    """The label with its unit in brackets, unless the label already names it ('Tickets')."""
    text, unit = label(column), unit_for(column)
    if unit is None or (unit == TICKETS and text.lower().endswith("tickets")):
        return text
    return f"{text} ({unit})"


def noun(column: str) -> str:
    """The column as words inside a sentence: 'product_area' -> 'product area', 'csat_pct' -> 'CSAT'."""
    if column in _MEASURE_LABELS:
        return _MEASURE_LABELS[column] if column == "csat_pct" else _MEASURE_LABELS[column].lower()
    return " ".join(_ACRONYMS.get(w, w) for w in words(column)) or str(column)


def format_value(value: float | None, column: str) -> str:
    """A value for a sentence: '412', '4.2 hours', '87.5 %'."""
    if value is None or value != value:  # None or NaN
        return "no value"
    unit = unit_for(column)
    shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if "sentiment" in words(column):  # VADER's −1 … 1: one decimal would read 0.33 and 0.26 alike
        return f"{value:+.2f}"
    if unit == HOURS:
        return f"{shown} hours"
    if unit == PERCENT:
        return f"{shown} %"
    return shown
