"""What to ask next: starter questions for an empty page, follow-ups under an answer, and
the period an answer's headline number is compared with.

Every suggestion is a phrase the offline parser answers (a test asks each one), so a click
never ends in "I can't answer that".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from supportwise.engine.spec import DateRange, QuerySpec
from supportwise.records.roles import Principal

# Breakdowns offered after an answer, in the order a support lead tends to want them.
_BREAKDOWNS = ("channel", "priority", "product_area", "team")
_GRAIN_BEFORE = {"week": "the week before", "month": "the month before", "quarter": "the quarter before",
                 "year": "the year before", "day": "the day before"}
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
    grain = spec.period.grain if spec.period else None
    bounded = spec.period is not None and spec.period.start is not None and spec.period.end is not None
    if bounded and not spec.compare_to:
        offers.append(f"What about {_GRAIN_BEFORE.get(grain or '', 'the period before')}?")
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


def previous_window(period: DateRange | None, today: date) -> Window | None:
    """The comparable period before this one, or None when there is nothing fair to compare.

    A period still running (this week, this month) is compared with the same number of days
    at the start of the one before: Monday–Wednesday against last Monday–Wednesday, not
    against a whole week.
    """
    if period is None or period.start is None or period.end is None:
        return None
    try:
        before = period.shifted(-1)
    except ValueError:
        return None
    elapsed = (min(period.end, today + timedelta(days=1)) - period.start).days
    running = before.start + timedelta(days=elapsed) < before.end
    if running:
        before = before.model_copy(update={"end": before.start + timedelta(days=elapsed)})
    unit = {"week": "week", "month": "month", "quarter": "quarter", "year": "year", "day": "day"}.get(
        period.grain or "", "period")
    label = f"same days of the previous {unit}" if running else f"previous {unit}"
    return Window(before, label)
