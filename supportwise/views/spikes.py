"""Spikes in daily ticket volume per product area, found with a rolling, weekday-adjusted z-score.

For each product area and day: the baseline is the mean of the ``WINDOW_DAYS`` days before
it (the day itself excluded), after dividing every day by its weekday's usual share of
volume — Mondays bring about three times a Sunday's tickets, and a trailing mean that
ignores this flags every Monday. The expected count is that baseline times the day's
weekday factor; the spread is the window's standard deviation, never below the Poisson
spread sqrt(expected) nor below one ticket. A day is a spike when

    z = (tickets - expected) / spread >= Z_MIN   and   tickets >= MIN_TICKETS.

Consecutive spike days of one area are one Spike. Only days inside the page's range are
flagged; the window before the range is read so its first day has a full baseline.

    >>> spikes = find_spikes(score_days(daily, start=date(2026, 10, 27), end=date(2026, 11, 23)))
    >>> [(s.product_area, s.first_day) for s in spikes]   # the demo data's planted outage
    [('login', datetime.date(2026, 10, 31)), ('api', datetime.date(2026, 10, 31))]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

# 28 days: four of each weekday, long enough that one bad day barely moves the baseline,
# short enough that a volume that has stayed high for a month becomes the new normal.
WINDOW_DAYS = 28
# 4, not the textbook 3: with eight areas a month holds ~240 area-days, and at z >= 3 the
# 30,000-ticket demo data flags one or two ordinary days a month (busy Tuesdays, Poisson noise);
# at 4 it flags only its planted events (the Auto-sync 2.0 release and the login/API outage).
Z_MIN = 4.0
# Below 5 tickets a day a z-score over a near-empty baseline is noise: 3 tickets on a day that
# usually has 0.3 is already z > 2 even with the one-ticket floor, and nobody needs a chart for 3 tickets.
MIN_TICKETS = 5
# A weekday's factor is never taken below this, so a weekday that usually has no tickets
# at all (a filter down to a tiny slice) cannot divide by zero.
MIN_WEEKDAY_FACTOR = 0.05

SCORE_COLUMNS = ["day", "product_area", "tickets", "expected", "z", "spike"]


@dataclass(frozen=True)
class Spike:
    """One run of consecutive spike days in one product area."""

    product_area: str
    first_day: date
    last_day: date
    peak_day: date
    tickets: int        # created on the spike's days
    expected: float     # what the baseline expected on those days
    z: float            # the highest z-score of its days

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def key(self) -> str:
        return f"{self.product_area}:{self.first_day.isoformat()}:{self.last_day.isoformat()}"

    def when(self) -> str:
        """'2026-10-31', or '2026-10-13 – 2026-10-14' for a run of days."""
        if self.days == 1:
            return self.first_day.isoformat()
        return f"{self.first_day.isoformat()} – {self.last_day.isoformat()}"

    def question(self) -> str:
        """The root-cause question for this slice: the area and exactly the spike's days."""
        if self.days == 1:
            return f"Why did {self.product_area} tickets spike on {self.first_day.isoformat()}?"
        return (f"Why did {self.product_area} tickets spike between {self.first_day.isoformat()} "
                f"and {self.last_day.isoformat()}?")


def history_start(start: date) -> date:
    """The first day whose volume the detector needs for a range starting at start."""
    return start - timedelta(days=WINDOW_DAYS)


def score_days(daily: pd.DataFrame, *, start: date, end: date) -> pd.DataFrame:
    """Every (day, area) in [start, end] (end inclusive) with tickets, expected, z and spike.

    ``daily``: columns day, product_area, tickets from history_start(start) to end; missing
    days count as zero tickets.
    """
    if daily.empty:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    days = pd.date_range(history_start(start), end, freq="D")
    counts = (daily.assign(day=pd.to_datetime(daily["day"]), tickets=daily["tickets"].astype("float64"))
              .pivot_table(index="day", columns="product_area", values="tickets", aggfunc="sum")
              .reindex(days, fill_value=0.0).fillna(0.0))
    factor = _weekday_factors(counts)
    adjusted = counts.div(factor, axis=0)
    window = adjusted.shift(1).rolling(WINDOW_DAYS, min_periods=WINDOW_DAYS)
    expected = window.mean().mul(factor, axis=0)
    spread = np.maximum(window.std().mul(factor, axis=0), np.sqrt(expected.clip(lower=1.0)))
    z = (counts - expected) / spread
    inside = (counts.index >= pd.Timestamp(start)) & (counts.index <= pd.Timestamp(end))

    def long(frame: pd.DataFrame, name: str) -> pd.Series:
        return frame[inside].stack(future_stack=True).rename(name)

    scores = pd.concat([long(counts, "tickets"), long(expected, "expected"), long(z, "z")], axis=1)
    scores = scores.rename_axis(["day", "product_area"]).reset_index()
    scores["tickets"] = scores["tickets"].astype("int64")
    scores["spike"] = (scores["z"] >= Z_MIN) & (scores["tickets"] >= MIN_TICKETS)
    scores["day"] = scores["day"].dt.date
    return scores[SCORE_COLUMNS].sort_values(["day", "product_area"], ignore_index=True)


def _weekday_factors(counts: pd.DataFrame) -> pd.Series:
    """Each day's weekday factor: that weekday's median total volume over the mean of the seven medians.

    Medians, so a spike (the outage fell on a Saturday) does not make its weekday look busy.
    """
    total = counts.sum(axis=1)
    weekday = pd.Series(counts.index.day_of_week, index=counts.index)
    medians = total.groupby(weekday).median().reindex(range(7), fill_value=0.0)
    mean = medians.mean()
    factors = (medians / mean if mean > 0 else medians * 0 + 1.0).clip(lower=MIN_WEEKDAY_FACTOR)
    return weekday.map(factors)


def find_spikes(scores: pd.DataFrame) -> list[Spike]:
    """The spike days of score_days joined into runs per area; the strongest first."""
    flagged = scores[scores["spike"]] if not scores.empty else scores
    spikes: list[Spike] = []
    for area, rows in flagged.groupby("product_area", sort=True):
        rows = rows.sort_values("day")
        run: list = []
        for row in rows.itertuples(index=False):
            if run and row.day - run[-1].day > timedelta(days=1):
                spikes.append(_spike(str(area), run))
                run = []
            run.append(row)
        if run:
            spikes.append(_spike(str(area), run))
    return sorted(spikes, key=lambda s: (-s.z, s.first_day, s.product_area))


def _spike(area: str, run: list) -> Spike:
    peak = max(run, key=lambda row: row.z)
    return Spike(area, run[0].day, run[-1].day, peak.day, int(sum(row.tickets for row in run)),
                 float(sum(row.expected for row in run)), float(peak.z))
