"""Data for the Trends page: KPI cards against the previous period, weekly volume by area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from supportwise import queries
from supportwise.db import Database
from supportwise.errors import InvalidInput
from supportwise.roles import Principal

KPI_LABELS = {
    "created": ("Tickets created", ""),
    "solved": ("Tickets solved", ""),
    "backlog": ("Open backlog now", ""),
    "median_first_response_hours": ("Median first response", " h"),
    "median_resolution_hours": ("Median resolution", " h"),
    "csat": ("CSAT", " %"),
}


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: float | None
    previous: float | None
    unit: str

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None or self.key == "backlog":
            return None
        return self.value - self.previous


@dataclass(frozen=True)
class TrendsView:
    start: date
    end: date  # inclusive
    kpis: list[Kpi]
    weekly_by_area: pd.DataFrame


def trends_view(db: Database, who: Principal, start: date, end: date) -> TrendsView:
    """KPIs for [start, end] (end inclusive) against the same-length period before, and weekly volume."""
    if end < start:
        raise InvalidInput("The end date is before the start date")
    days = (end - start).days + 1
    team = who.scope_team
    current = queries.frame(db.reader, "kpis", {"start": start, "end": end + timedelta(days=1), "team": team})
    previous = queries.frame(db.reader, "kpis", {"start": start - timedelta(days=days), "end": start, "team": team})
    kpis = [Kpi(key, label, _num(current.at[0, key]), _num(previous.at[0, key]), unit)
            for key, (label, unit) in KPI_LABELS.items()]
    weeks = max(1, days // 7)
    weekly = queries.frame(db.reader, "weekly_volume_by_area", {"today": end, "weeks": weeks, "team": team})
    return TrendsView(start, end, kpis, weekly)


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
