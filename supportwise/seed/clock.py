"""Time as integer UTC epoch seconds, and its cheap formatting for COPY.

The generator works in whole seconds (no datetime arithmetic in the hot loop) and
formats with two lookup tables: a "YYYY-MM-DD " prefix per day of the span and an
"HH:MM:SS+00" suffix per second of the day.
"""

from __future__ import annotations

import datetime as dt

DAY = 86_400
HOUR = 3_600
MINUTE = 60

_TIME_OF_DAY = tuple(f"{s // HOUR:02d}:{s // MINUTE % 60:02d}:{s % 60:02d}+00" for s in range(DAY))


def seeding_cutoff(today: dt.date, now: dt.datetime) -> int | None:
    """The latest second demo data for ``today`` may carry, or None for whole days.

    Seeding the real current (UTC) date stops at the seeding clock: nothing may have happened
    later than now. Any other date — past ones (tests, the eval) or a future demo date — keeps
    whole days, so the same arguments give the same rows.
    """
    now = now.astimezone(dt.timezone.utc)
    return int(now.timestamp()) if now.date() == today else None


def epoch_day(day: dt.date) -> int:
    """Days since 1970-01-01 of a calendar date."""
    return (day - dt.date(1970, 1, 1)).days


class Span:
    """The calendar the demo data lives in: ``days`` days ending with ``today`` (inclusive).

    Day index 0 is the first day, ``days - 1`` is today; ``end`` is the latest timestamp
    anything may carry: the last second of today, or ``now`` (epoch seconds) when that is
    earlier — seeding the real today must not write tickets that have not arrived yet.
    ``today_share`` is the part of today before ``end`` (1.0 for a whole day).
    """

    def __init__(self, today: dt.date, days: int, now: int | None = None):
        self.today = today
        self.days = days
        self.first_day = today - dt.timedelta(days=days - 1)
        self.first_epoch_day = epoch_day(self.first_day)
        self.start = self.first_epoch_day * DAY
        today_start = epoch_day(today) * DAY
        self.end = today_start + DAY - 1 if now is None else max(today_start, min(today_start + DAY - 1, now))
        self.today_share = (self.end - today_start + 1) / DAY
        self._prefix_base = self.first_epoch_day - 4000
        self._prefixes = tuple(
            (dt.date(1970, 1, 1) + dt.timedelta(days=d)).isoformat() + " "
            for d in range(self._prefix_base, epoch_day(today) + 2))

    def share_of(self, index: int) -> float:
        """How much of span day ``index`` lies before ``end``: 1.0 but for a today cut at ``now``."""
        return self.today_share if index == self.days - 1 else 1.0

    def day_start(self, index: int) -> int:
        """Epoch second at midnight of span day ``index``."""
        return self.start + index * DAY

    def date_of(self, index: int) -> dt.date:
        """Calendar date of span day ``index``."""
        return self.first_day + dt.timedelta(days=index)

    def format(self, seconds: int) -> str:
        """'YYYY-MM-DD HH:MM:SS+00' for an epoch second within ~11 years before today."""
        return self._prefixes[seconds // DAY - self._prefix_base] + _TIME_OF_DAY[seconds % DAY]
