"""Altair charts used by the pages, all in the Okabe–Ito palette (readable with colour-blindness)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from supportwise.charts.palette import OKABE_ITO, PRIMARY  # one palette for pages and exports


def numeric(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """A copy with the given columns as floats (PostgreSQL numerics arrive as Decimal objects)."""
    out = frame.copy()
    for column in columns:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    return out


def ranked_bars(frame: pd.DataFrame, category: str, value: str = "tickets") -> alt.Chart:
    """One bar per category, tallest first."""
    data = numeric(frame, value)
    data[category] = data[category].astype(str)
    return (alt.Chart(data)
            .mark_bar(color=PRIMARY, cornerRadiusTopLeft=3, cornerRadiusTopRight=3)
            .encode(x=alt.X(f"{category}:N", sort="-y", title=category.replace("_", " ").capitalize(),
                            axis=alt.Axis(labelAngle=0)),
                    y=alt.Y(f"{value}:Q", title=value.replace("_", " ").capitalize()),
                    tooltip=[alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{value}:Q", format=",")])
            .properties(height=280))


def time_line(frame: pd.DataFrame, x: str, y: str) -> alt.Chart:
    """One line of y over the dates in x, in time order."""
    data = numeric(frame, y)
    data[x] = pd.to_datetime(data[x])
    return (alt.Chart(data)
            .mark_line(point=True, color=PRIMARY, strokeWidth=2.5)
            .encode(x=alt.X(f"{x}:T", title=x.replace("_", " ").capitalize()),
                    y=alt.Y(f"{y}:Q", title=y.replace("_", " ").capitalize()),
                    tooltip=[alt.Tooltip(f"{x}:T", format="%Y-%m-%d"), alt.Tooltip(f"{y}:Q", format=",")])
            .properties(height=280))


def weekly_lines(frame: pd.DataFrame, series: dict[str, str], *, y_title: str = "Tickets") -> alt.Chart:
    """One line per column in series (column → legend label) over the 'week' column."""
    data = numeric(frame, *series)
    data["week"] = pd.to_datetime(data["week"])
    long = data.melt(id_vars="week", value_vars=list(series), var_name="series", value_name="value")
    long["series"] = long["series"].map(series)
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=list(series.values()),
                                                               range=OKABE_ITO[:len(series)]),
                       legend=alt.Legend(orient="top"))
    return (alt.Chart(long)
            .mark_line(point=True, strokeWidth=2.5)
            .encode(x=alt.X("yearmonthdate(week):O", title="Week starting",
                            axis=alt.Axis(format="%d %b", labelAngle=0)),
                    y=alt.Y("value:Q", title=y_title),
                    color=colour,
                    strokeDash=alt.StrokeDash("series:N", legend=None),
                    tooltip=[alt.Tooltip("week:T", title="Week of", format="%Y-%m-%d"),
                             alt.Tooltip("series:N", title="Series"), alt.Tooltip("value:Q", title=y_title)])
            .properties(height=300))


def stacked_weekly(frame: pd.DataFrame, *, x: str, stack: str, value: str, stack_title: str,
                   x_title: str, value_format: str = ",") -> alt.Chart:
    """Stacked bars of value per x (a date column), one colour per stack category."""
    data = numeric(frame, value)
    data[x] = pd.to_datetime(data[x])
    return (alt.Chart(data)
            .mark_bar()
            .encode(x=alt.X(f"yearmonthdate({x}):O", title=x_title, axis=alt.Axis(format="%d %b", labelAngle=0)),
                    y=alt.Y(f"sum({value}):Q", title=value.replace("_", " ").capitalize()),
                    color=alt.Color(f"{stack}:N", title=stack_title, scale=alt.Scale(range=OKABE_ITO),
                                    legend=alt.Legend(orient="right")),
                    order=alt.Order(f"{stack}:N"),
                    tooltip=[alt.Tooltip(f"{x}:T", format="%Y-%m-%d"), alt.Tooltip(f"{stack}:N"),
                             alt.Tooltip(f"{value}:Q", format=value_format)])
            .properties(height=320))
