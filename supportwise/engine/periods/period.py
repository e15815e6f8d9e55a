"""A half-open day range and the calendar units it is measured in (CONTRACT §2)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone

from supportwise.engine.periods.words import DAY1, add_months, month_start, quarter_start, week_start

MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True)
class Period:
    """A half-open day range ``[start, end)``; ``None`` bounds mean unbounded.

    A bound may be an instant (an aware datetime, e.g. a feature release's ``released_at``):
    "the 14 days after Auto-sync 2.0 shipped" starts at the release, not at midnight. When
    one bound is an instant both are (a day bound becomes its midnight UTC).
    """

    start: date | None
    end: date | None
    phrase: str
    grain_hint: str | None = None  # "day" / "week" / "month" / "quarter" / "year"

    def __post_init__(self) -> None:
        if isinstance(self.start, datetime) or isinstance(self.end, datetime):
            object.__setattr__(self, "start", as_instant(self.start))
            object.__setattr__(self, "end", as_instant(self.end))

    def label(self) -> str:
        """Concrete dates with an inclusive end: ``"2026-11-16 – 2026-11-22"``, ``"all time"``;
        instants with the exclusive end: ``"2026-10-12 16:00 – 2026-10-26 16:00 UTC"``."""
        if self.start is None and self.end is None:
            return "all time"
        if isinstance(self.start, datetime) or isinstance(self.end, datetime):
            return instant_label(self.start, self.end)
        if self.start is None:
            return f"up to {self.end - DAY1}"
        if self.end is None:
            return f"from {self.start}"
        last = self.end - DAY1
        return str(self.start) if last == self.start else f"{self.start} – {last}"

    def shifted(self, n: int = -1) -> "Period":
        """The period *n* of its own lengths earlier (n < 0) or later (n > 0).

        Weeks move by whole weeks, months/quarters/years by calendar months (a
        partial "this month" counts as one whole month, so it shifts to the full
        previous month), anything else by its length in days:
        last week → the week before; "last 7 days" → the 7 days before those.
        Raises ValueError for an unbounded period.
        """
        if self.start is None or self.end is None:
            raise ValueError(f"cannot shift an unbounded period ({self.label()})")
        grain, days = self.grain_hint or "day", (self.end - self.start).days
        if grain in MONTHS_IN and self.start.day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
            months += self.end.day > 1
            step = MONTHS_IN[grain]
            k = -(-months // step) * step
            start = add_months(self.start, n * k)
            end = add_months(start, k)
        else:
            k = -(-days // 7) * 7 if grain == "week" else days
            start = self.start + timedelta(days=n * k)
            end = start + timedelta(days=k)
        return replace(self, start=start, end=end, phrase=f"{self.phrase} (shifted {n:+d})")


ALL_TIME = Period(None, None, "all time")


def as_instant(bound: date | None) -> datetime | None:
    """A bound as an aware UTC datetime (a day → its midnight UTC; a naive instant is UTC)."""
    if bound is None:
        return None
    if not isinstance(bound, datetime):
        return datetime.combine(bound, time(), tzinfo=timezone.utc)
    return bound.astimezone(timezone.utc) if bound.tzinfo else bound.replace(tzinfo=timezone.utc)


def like_bound(day: date, bound: date | None) -> date:
    """*day* as the same kind as *bound*: its midnight UTC beside an instant, else the day itself."""
    return as_instant(day) if isinstance(bound, datetime) else day


def instant_label(start: datetime | None, end: datetime | None) -> str:
    """``"2026-10-12 16:00 – 2026-10-26 16:00 UTC"``; an end at midnight is the day before's end."""
    stamp = "%Y-%m-%d %H:%M"
    if end is not None and end.time() == time():
        last = f"end of {(end - DAY1).date()}"
    elif end is not None:
        last = f"{end:{stamp}} UTC"
    if start is None:
        return f"before {last}"
    if end is None:
        return f"from {start:{stamp}} UTC"
    return f"{start:{stamp}} UTC – {last}"


# --- unit helpers ------------------------------------------------------------------

def unit_start(unit: str, d: date) -> date:
    """Start of the day/week/month/quarter/year containing *d*."""
    return {"day": lambda x: x, "week": week_start, "month": month_start,
            "quarter": quarter_start, "year": lambda x: date(x.year, 1, 1)}[unit](d)


def unit_add(unit: str, d: date, k: int) -> date:
    """*d* moved by *k* units."""
    if unit in ("day", "week"):
        return d + timedelta(days=k * (7 if unit == "week" else 1))
    return add_months(d, k * MONTHS_IN[unit])


def units_ago(unit: str, k: int, today: date):
    """The whole unit *k* units before the current one (k=1 → last week/month…)."""
    start = unit_add(unit, unit_start(unit, today), -k)
    return start, unit_add(unit, start, 1), unit


def to_date(unit: str, today: date):
    """Start of the current unit → end of today ("this week", "ytd")."""
    return unit_start(unit, today), today + DAY1, unit


def unit_of(text: str) -> str:
    return text.lower().rstrip("s")
