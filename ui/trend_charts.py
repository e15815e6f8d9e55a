"""The Trends page's cards and charts (Okabe–Ito palette): KPI cards, weekly lines, daily volume with spikes."""

from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from supportwise.charts.palette import OKABE_ITO
from supportwise.views.spikes import Spike
from supportwise.views.trends import ENRICH_HINT, Kpi, TrendsView
from ui.charts import numeric

# For these a fall is good news, so a negative change is shown in green.
LOWER_IS_BETTER = {"backlog", "median_first_response_hours", "median_resolution_hours", "negative_share"}
NEUTRAL = {"created"}

SPIKE_COLOUR = "#000000"


def daily_with_spikes(daily: pd.DataFrame, spikes: list[Spike]) -> alt.Chart:
    """One line per product area over the days, each spike day marked with a triangle, each spike labelled once."""
    data = numeric(daily, "tickets", "expected", "z")
    data["day"] = pd.to_datetime(data["day"])
    areas = sorted(data["product_area"].astype(str).unique())
    colour = alt.Color("product_area:N", title="Product area", scale=alt.Scale(domain=areas, range=OKABE_ITO),
                       legend=alt.Legend(orient="right"))
    x = alt.X("day:T", title="Day", axis=alt.Axis(format="%d %b", labelAngle=0))
    y = alt.Y("tickets:Q", title="Tickets created")
    tooltip = [alt.Tooltip("day:T", title="Day", format="%a %Y-%m-%d"),
               alt.Tooltip("product_area:N", title="Product area"),
               alt.Tooltip("tickets:Q", title="Tickets", format=","),
               alt.Tooltip("expected:Q", title="Expected", format=",.1f"),
               alt.Tooltip("z:Q", title="z-score", format=".1f")]
    lines = alt.Chart(data).mark_line(strokeWidth=1.8, opacity=0.85).encode(x=x, y=y, color=colour, tooltip=tooltip)
    marks = (alt.Chart(data[data["spike"].astype(bool)])
             .mark_point(shape="triangle-down", size=160, filled=True, color=SPIKE_COLOUR, yOffset=-12)
             .encode(x=x, y=y, tooltip=tooltip))
    peaks = pd.DataFrame([(pd.Timestamp(s.peak_day), s.product_area, f"{s.product_area} spike") for s in spikes],
                         columns=["day", "product_area", "label"])
    peaks = peaks.merge(data[["day", "product_area", "tickets"]], on=["day", "product_area"])  # at its peak
    labels = (alt.Chart(peaks).mark_text(dy=-30, fontWeight="bold", color=SPIKE_COLOUR)
              .encode(x=x, y=y, text="label:N"))
    return alt.layer(lines, marks, labels).properties(height=320)


def weekly_line(frame: pd.DataFrame, column: str, *, y_title: str, colour: str = OKABE_ITO[0],
                value_format: str = ",.1f", extra: dict[str, str] | None = None) -> alt.Chart:
    """One weekly series (a line with points over 'week'); extra columns (column → title) join the tooltip."""
    extra = extra or {}
    data = numeric(frame, column, *extra)
    data["week"] = pd.to_datetime(data["week"])
    tooltip = [alt.Tooltip("week:T", title="Week of", format="%Y-%m-%d"),
               alt.Tooltip(f"{column}:Q", title=y_title, format=value_format),
               *(alt.Tooltip(f"{name}:Q", title=title, format=",.2f") for name, title in extra.items())]
    return (alt.Chart(data)
            .mark_line(point=True, strokeWidth=2.5, color=colour)
            .encode(x=alt.X("yearmonthdate(week):O", title="Week starting",
                            axis=alt.Axis(format="%d %b", labelAngle=0)),
                    y=alt.Y(f"{column}:Q", title=y_title, scale=alt.Scale(zero=True)),
                    tooltip=tooltip)
            .properties(height=220))


def duration(hours: float | None) -> str:
    """Hours for people: '18 min' under an hour, '15.4 h' above, '—' for none."""
    if hours is None:
        return "—"
    return f"{hours * 60:,.0f} min" if abs(hours) < 1 else f"{hours:,.1f} h"


def duration_change(hours: float) -> str:
    """A signed change of a duration, in the unit duration() would pick for it."""
    sign = "+" if hours >= 0 else "-"
    return sign + duration(abs(hours))


def kpi_cards(view: TrendsView, today: date) -> None:
    """The six cards in two rows, each with its change against the previous period."""
    for row in (view.kpis[:3], view.kpis[3:]):
        for column, kpi in zip(st.columns(3), row):
            _card(column, kpi, view, today)
    if not view.sentiment_computed:
        st.caption(f"Negative sentiment: {ENRICH_HINT}.")


def _card(column, kpi: Kpi, view: TrendsView, today: date) -> None:
    label = kpi.label
    if kpi.key == "backlog":
        label = "Open backlog now" if view.end >= today else f"Open backlog on {view.end:%d %b}"
    if kpi.unit.strip() == "h":
        show, change = duration, duration_change
    else:
        digits = 0 if not kpi.unit.strip() else 1
        change_unit = " pts" if kpi.unit.strip() == "%" else kpi.unit  # a change of a percentage is in points

        def show(v: float | None) -> str:
            return "—" if v is None else f"{v:,.{digits}f}{kpi.unit}"

        def change(v: float) -> str:
            return f"{v:+,.{digits}f}{change_unit}"
    colour = "inverse" if kpi.key in LOWER_IS_BETTER else "off" if kpi.key in NEUTRAL else "normal"
    before = view.start - timedelta(days=1)
    note = f"Previous period ({view.previous_start:%d %b} – {before:%d %b}): {show(kpi.previous)}"
    if kpi.key == "backlog":
        note = f"Open at the end of the period; at the end of the previous one: {show(kpi.previous)}"
    if kpi.key == "negative_share" and not view.sentiment_computed:
        note = ENRICH_HINT.capitalize()
    column.metric(label, show(kpi.value), delta=None if kpi.change is None else change(kpi.change),
                  delta_color=colour, border=True, help=note, height="stretch")
