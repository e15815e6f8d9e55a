"""What to ask next: starter questions for an empty page, follow-ups under an answer, and
the period an answer's headline number is compared with.

Every suggestion is a phrase the offline parser answers (a test asks each one), so a click
never ends in "I can't answer that".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from supportwise.engine.periods.period import like_bound
from supportwise.engine.spec import DateRange, QuerySpec
from supportwise.records.roles import Principal

# Breakdowns offered after an answer, in the order a support lead tends to want them.
_BREAKDOWNS = ("channel", "priority", "product_area", "team")
_CALENDAR_UNITS = ("month", "quarter", "year")
# A period that is not a calendar unit, named by its length in days ("last 30 days" is a month's worth:
# its follow-up is "the month before", which the parser shifts by the period's own 30 days).
_UNIT_BY_DAYS = (("day", 1, 1), ("week", 7, 7), ("month", 28, 31), ("quarter", 89, 92), ("year", 365, 366))
_NUMBER_METRICS = ("ticket_count", "solved_count", "first_response_time", "resolution_time", "csat")


@dataclass(frozen=True)
class Window:
    """The period a headline number is compared with, and how to say it."""

    range: DateRange
    label: str


def starters(principal: Principal, *, k: int = 4) -> list[str]:
    """Starter questions for an empty Ask page, fitted to the person's role.

    A team lead runs a queue: today's pressure first. A manager or admin looks at outcomes
    across teams. Everyone gets a number, a breakdown and a trend.
    """
    if principal.role == "team_lead":
        questions = ["How many urgent tickets did we get last week?",
                     "Open tickets by priority",
                     "What is the median first response time this week?",
                     "Tickets by channel in the last 30 days",
                     "Weekly ticket volume over the last 8 weeks"]
    elif principal.role in ("manager", "admin"):
        questions = ["What was our CSAT last month?",
                     "Average resolution time by team last quarter",
                     "Tickets by product area this month",
                     "How many tickets were solved this month?",
                     "Weekly ticket volume over the last 8 weeks"]
    else:
        questions = ["How many tickets did we get last week?",
                     "Tickets by channel in the last 30 days",
                     "How many tickets were solved this month?",
                     "Weekly ticket volume over the last 8 weeks"]
    return questions[:k]


def follow_ups(spec: QuerySpec, *, k: int = 3) -> list[str]:
    """Up to k follow-ups that edit this answer's question: an earlier period, a breakdown, a narrower slice."""
    offers: list[str] = []
    bounded = spec.period is not None and spec.period.start is not None and spec.period.end is not None
    if bounded and not spec.compare_to:
        unit = period_unit(spec.period)
        offers.append(f"What about the {unit or 'period'} before?")
    if not spec.listing and len(spec.group_by) == 0:
        taken = {f.dimension for f in spec.filters}
        dimension = next((d for d in _BREAKDOWNS if d not in taken), None)
        if dimension:
            offers.append(f"Break that down by {dimension.replace('_', ' ')}")
    if not any(f.dimension == "priority" for f in spec.filters):
        offers.append("Only urgent tickets")
    elif not any(f.dimension == "plan" for f in spec.filters):
        offers.append("Only enterprise customers")
    if spec.metric == "ticket_count" and spec.statistic is None and not spec.group_by and not spec.listing:
        offers.append("Show me those tickets")
    return offers[:k]


def period_unit(period: DateRange) -> str | None:
    """The unit a bounded period is one of — day, week, month, quarter, year — or None.

    Calendar periods keep their grain (a running "this month" is a month); others are named by
    their length: "last 30 days" → month, "last 7 days" → week, "yesterday" → day, "last 6 weeks",
    "last 3 months" or "last 14 days" → None (said as "the period before").

    >>> period_unit(DateRange(start=date(2026, 10, 25), end=date(2026, 11, 24), grain="day"))
    'month'
    """
    if period.start is None or period.end is None:
        return None
    days = (period.end - period.start).days
    longest = {high for unit, _, high in _UNIT_BY_DAYS if unit == period.grain}
    if period.grain in _CALENDAR_UNITS and period.start.day == 1 and days <= min(longest):
        return period.grain  # one calendar unit, perhaps still running ("last 3 months" is not one)
    if period.grain == "week" and days <= 7:
        return "week"
    return next((unit for unit, low, high in _UNIT_BY_DAYS if low <= days <= high), None)


def previous_window(period: DateRange | None, today: date) -> Window | None:
    """The comparable period before this one, or None when there is nothing fair to compare.

    A period still running (this week, this month) is compared with the same number of days
    at the start of the one before: Monday–Wednesday against last Monday–Wednesday, not
    against a whole week. A finished one is compared with the whole one before: November's
    30 days against all 31 of October, not October's first 30.

    >>> previous_window(DateRange(start=date(2026, 11, 1), end=date(2026, 12, 1), grain="month"),
    ...                 date(2026, 12, 7)).range.end
    datetime.date(2026, 11, 1)
    """
    if period is None or period.start is None or period.end is None:
        return None
    try:
        before = period.shifted(-1)
    except ValueError:
        return None
    tomorrow = like_bound(today + timedelta(days=1), period.end)
    elapsed = (min(period.end, tomorrow) - period.start).days
    # Only a period that reaches today is still running; a finished month shorter than the one
    # before (30 days after 31) is still a whole month.
    running = period.end > like_bound(today, period.end) and before.start + timedelta(days=elapsed) < before.end
    if running:
        before = before.model_copy(update={"end": before.start + timedelta(days=elapsed)})
    days = (period.end - period.start).days
    unit = period_unit(period)
    if unit is None or (period.grain not in (unit, "week") and days > 1):
        unit = f"{days} days"  # "last 30 days" against the "previous 30 days", not a "previous day"
    label = f"same days of the previous {unit}" if running else f"previous {unit}"
    return Window(before, label)
