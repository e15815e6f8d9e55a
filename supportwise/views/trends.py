"""Data for the Trends page: KPI cards against the previous period, weekly series, daily volume and spikes.

Every figure honours the same filters (team, channel, priority, product area, plan) and the
viewer's team scope; the queries are sql/queries/trends_*.sql and daily_volume_by_area.sql,
run by supportwise.views.trend_data (reader role, read-only, cached in Redis).

    >>> view = trends_view(db, manager, date(2026, 10, 27), date(2026, 11, 23),
    ...                    TrendFilters(channels=("chat",), plans=("enterprise",)), today=date(2026, 11, 23))
    >>> view.kpi("created").value, view.kpi("created").previous   # the 30,000-ticket demo data
    (231.0, 234.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pandas as pd

from supportwise.errors import InvalidInput
from supportwise.platform.database import Database
from supportwise.platform.settings import Settings
from supportwise.questions.cache import ResultCache
from supportwise.records.roles import Principal
from supportwise.views import spikes as spike_detector
from supportwise.views import trend_data
from supportwise.views.spikes import Spike

ENRICH_HINT = "sentiment not computed yet — run `python -m supportwise enrich`"
MAX_DAYS = 730  # two years of daily scores is plenty for a page; longer ranges are a report

# key → (label, unit); the order is the order of the cards
KPI_LABELS = {
    "created": ("Tickets created", ""),
    "backlog": ("Open backlog", ""),
    "median_first_response_hours": ("Median first response", " h"),
    "median_resolution_hours": ("Median resolution", " h"),
    "csat": ("CSAT", " %"),
    "negative_share": ("Negative sentiment", " %"),
}
FILTER_LABELS = {"teams": "Team", "channels": "Channel", "priorities": "Priority", "areas": "Product area",
                 "plans": "Plan"}
_OPTION_DIMENSIONS = {"team": "teams", "channel": "channels", "priority": "priorities",
                      "product_area": "areas", "plan": "plans"}


@dataclass(frozen=True)
class TrendFilters:
    """What the page is narrowed to; an empty tuple means every value."""

    teams: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()

    def params(self, who: Principal) -> dict[str, list[str] | None]:
        """SQL parameters (a list, or None for all); a scoped viewer only ever gets their team."""
        values = {name: (sorted(getattr(self, name)) or None) for name in FILTER_LABELS}
        if who.scope_team:
            values["teams"] = [who.scope_team]
        return values

    def describe(self) -> str:
        """'channel chat · plan enterprise', or 'no filters'."""
        parts = [f"{FILTER_LABELS[name].lower()} {', '.join(sorted(getattr(self, name)))}"
                 for name in FILTER_LABELS if getattr(self, name)]
        return " · ".join(parts) or "no filters"


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: float | None
    previous: float | None
    unit: str

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass(frozen=True)
class TrendsView:
    start: date
    end: date                          # inclusive
    filters: TrendFilters
    scope_team: str | None
    kpis: list[Kpi]
    weekly: pd.DataFrame               # week, created, solved, medians, csat, negative_share, mean_sentiment …
    weekly_by_area: pd.DataFrame       # week, product_area, tickets
    daily: pd.DataFrame                # spikes.SCORE_COLUMNS for every day and area of the range
    spikes: list[Spike] = field(default_factory=list)
    sentiment_computed: bool = False   # False while ticket_text is empty (enrichment never ran)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous_start(self) -> date:
        return self.start - timedelta(days=self.days)

    def kpi(self, key: str) -> Kpi:
        return next(k for k in self.kpis if k.key == key)


def filter_options(db: Database, who: Principal, *, settings: Settings,
                   cache: ResultCache | None = None) -> dict[str, list[str]]:
    """The values each filter offers (key as in TrendFilters: teams, channels, …), sorted; a team lead's own only."""
    rows = trend_data.run(db, "trends_filter_options", {}, **_run_options(db, settings, cache, who, None))
    options: dict[str, list[str]] = {name: [] for name in FILTER_LABELS}
    for dimension, value in rows.itertuples(index=False):
        options[_OPTION_DIMENSIONS[dimension]].append(str(value))
    return {name: sorted(values) for name, values in options.items()}


def trends_view(db: Database, who: Principal, start: date, end: date, filters: TrendFilters | None = None, *,
                settings: Settings, today: date | None = None, cache: ResultCache | None = None) -> TrendsView:
    """Everything the page shows for [start, end] (end inclusive) under filters, for who's scope."""
    today = today or settings.current_date()
    filters = filters or TrendFilters()
    if end < start:
        raise InvalidInput("The end date is before the start date")
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidInput(f"Pick at most {MAX_DAYS} days; for longer spans ask a question or save a report")
    days = (end - start).days + 1
    stop = end + timedelta(days=1)
    where = filters.params(who)
    options = _run_options(db, settings, cache, who, None, today)

    def run(name: str, first: date, last_exclusive: date) -> pd.DataFrame:
        return trend_data.run(db, name, {**where, "start": first, "end": last_exclusive},
                             **{**options, "range_end": last_exclusive})

    current = run("trends_kpis", start, stop)
    previous = run("trends_kpis", start - timedelta(days=days), start)
    kpis = [Kpi(key, label, _num(current.at[0, key]), _num(previous.at[0, key]), unit)
            for key, (label, unit) in KPI_LABELS.items()]
    daily = run("daily_volume_by_area", spike_detector.history_start(start), stop)
    scores = spike_detector.score_days(daily, start=start, end=end)
    return TrendsView(
        start=start, end=end, filters=filters, scope_team=who.scope_team, kpis=kpis,
        weekly=run("trends_weekly", start, stop), weekly_by_area=run("trends_weekly_by_area", start, stop),
        daily=scores, spikes=spike_detector.find_spikes(scores),
        sentiment_computed=bool(current.at[0, "sentiment_computed"]))


def _run_options(db: Database, settings: Settings, cache: ResultCache | None, who: Principal,
                 range_end: date | None, today: date | None = None) -> dict[str, Any]:
    where = {"timezone": settings.timezone, "timeout_ms": settings.statement_timeout_ms}
    version = trend_data.data_version(db, **where, scope_team=who.scope_team) if cache is not None else ""
    return {**where, "cache": cache, "scope_team": who.scope_team, "range_end": range_end,
            "today": today or settings.current_date(), "version": version}


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
