"""Time phrases of CONTRACT §2 ("last week", "Q3", "since March") → half-open day ranges.

``period`` holds the range type and its calendar units, ``words`` the month, weekday and
number words, ``phrases`` the table of phrase patterns and their resolvers.
"""

from supportwise.engine.periods.period import ALL_TIME, Period
from supportwise.engine.periods.phrases import find_all_periods, find_period_spans, parse_date, parse_period

__all__ = ["ALL_TIME", "Period", "find_all_periods", "find_period_spans", "parse_date", "parse_period"]
