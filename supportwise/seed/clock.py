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


def epoch_day(day: dt.date) -> int:
    """Days since 1970-01-01 of a calendar date."""
    return (day - dt.date(1970, 1, 1)).days


class Span:
    """The calendar the demo data lives in: ``days`` days ending with ``today`` (inclusive).

    Day index 0 is the first day, ``days - 1`` is today; ``end`` is the last second of
    today, the latest timestamp anything may carry.
    """

    def __init__(self, today: dt.date, days: int):
        self.today = today
        self.days = days
        self.first_day = today - dt.timedelta(days=days - 1)
        self.first_epoch_day = epoch_day(self.first_day)
        self.start = self.first_epoch_day * DAY
        self.end = (epoch_day(today) + 1) * DAY - 1
        self._prefix_base = self.first_epoch_day - 4000
        self._prefixes = tuple(
            (dt.date(1970, 1, 1) + dt.timedelta(days=d)).isoformat() + " "
            for d in range(self._prefix_base, epoch_day(today) + 2))

    def day_start(self, index: int) -> int:
        """Epoch second at midnight of span day ``index``."""
        return self.start + index * DAY

    def date_of(self, index: int) -> dt.date:
        """Calendar date of span day ``index``."""
        return self.first_day + dt.timedelta(days=index)

    def format(self, seconds: int) -> str:
        """'YYYY-MM-DD HH:MM:SS+00' for an epoch second within ~11 years before today."""
        return self._prefixes[seconds // DAY - self._prefix_base] + _TIME_OF_DAY[seconds % DAY]
