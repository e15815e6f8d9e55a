"""Draw a ChartPlan with Altair: line, bar, pie, heatmap, grouped bar, scatter, or a big number.

Every chart carries a title, axis titles with units, tooltips and a ``description`` (the
text alternative Vega renders as the SVG's aria-label). Categories use the Okabe–Ito palette.
A line longer than ``MAX_POINTS_PER_SERIES`` is thinned with LTTB for drawing only; the
data behind tables and exports is never touched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from supportwise.charts import units
from supportwise.charts.describe import text_alternative
from supportwise.charts.frame import NO_VALUE, TEMPORAL, to_number, unique_columns, utc_timestamps, value_kind
from supportwise.charts.lttb import lttb_indices
from supportwise.charts.palette import OKABE_ITO, PRIMARY, SEQUENTIAL_SCHEME
from supportwise.charts.shape import CHART_KINDS, ORDERED_CATEGORIES, ChartPlan
from supportwise.errors import InvalidInput

MAX_POINTS_PER_SERIES = 1000   # more points than pixels across a chart: the extra ones are never seen
MAX_BARS = 40                  # beyond this, bars are unreadable: the tallest are drawn, the table has all
HEIGHT = 300
HEATMAP_ROW = 32               # px per heatmap row: the row label and the cell's colour both readable
HEATMAP_MIN_ROWS = 3
MAX_WEEK_TICKS = 14            # a weekly axis labels at most this many week starts
_WHEN = "__when"               # a preformatted date for tooltips (Vega would show local time)


def build_chart(frame: pd.DataFrame, plan: ChartPlan, kind: str | None = None) -> alt.Chart | alt.LayerChart:
    """The Altair chart for ``plan`` (or for ``kind``, one of ``plan.alternatives``).

    ``frame`` holds the answer's rows under its columns (``pd.DataFrame(answer.rows,
    columns=answer.columns)`` will do). A number comes back as a layered chart.
    """
    kind = kind or plan.kind
    if kind not in CHART_KINDS:
        drawable = ", ".join(k for k in plan.alternatives if k in CHART_KINDS) or "none"
        raise InvalidInput(f"A {kind} has no chart; choose one of: {drawable}.")
    if kind not in plan.alternatives:
        raise InvalidInput(f"This result cannot be drawn as {kind}; choose one of: {', '.join(plan.alternatives)}.")
    data = _drawable(frame, plan)
    # the text is always told from the rows drawn here (masked rows tell masked names)
    plan = replace(plan, kind=kind)
    plan = replace(plan, text=text_alternative(data, plan))
    chart = _DRAW[kind](data, plan)
    return chart.properties(title=plan.title, description=plan.text)


# --- data -------------------------------------------------------------------------------
def _drawable(frame: pd.DataFrame, plan: ChartPlan) -> pd.DataFrame:
    """Measures as floats (Decimal, timedelta → hours), dates as UTC timestamps, categories as text.

    Accepts the answer's rows as they come (Decimal, date, ISO strings after JSON) or a
    frame already made by ``chart_frame``.
    """
    data = frame.reset_index(drop=True)
    data.columns = unique_columns(data.columns)
    measures = [plan.y] + ([plan.x] if plan.kind == "scatter" else [])
    for column in data.columns:
        values = data[column]
        if column in measures:
            data[column] = values.astype("float64") if values.dtype.kind in "fiub" else \
                pd.Series([_number(v) for v in values], index=data.index, dtype="float64")
        elif pd.api.types.is_datetime64_any_dtype(values) or \
                value_kind(column, values.where(values.notna(), None).tolist()) == TEMPORAL:
            data[column] = utc_timestamps(values)
        elif column in (plan.x, plan.color, plan.label):
            data[column] = values.map(lambda v: NO_VALUE if v is None or (isinstance(v, float) and np.isnan(v))
                                      else str(v)).astype(object)
    return data


def _number(value: Any) -> float:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    return to_number(value) if isinstance(value, (Decimal, dt.timedelta)) else float(value)


def thin_series(data: pd.DataFrame, x: str, y: str, series: str | None = None,
                limit: int = MAX_POINTS_PER_SERIES) -> pd.DataFrame:
    """Each series cut to at most ``limit`` points with LTTB (x ascending); shorter series are kept whole."""
    parts = []
    for _, part in (data.groupby(series, sort=False, dropna=False) if series else [(None, data)]):
        part = part.dropna(subset=[y]).sort_values(x, kind="stable")
        if len(part) > limit:
            xs = part[x].astype("int64").to_numpy() if pd.api.types.is_datetime64_any_dtype(part[x]) \
                else part[x].to_numpy(dtype="float64")
            part = part.iloc[lttb_indices(xs, part[y].to_numpy(dtype="float64"), limit)]
        parts.append(part)
    return pd.concat(parts) if parts else data


def _values(data: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """Inline records: ISO strings with 'Z' for times, None for NaN.

    A plain ``{"values": [...]}`` rather than ``alt.Data`` or the frame: ``alt.Data`` checks
    every record against the JSON schema (0.7 s for 4,000 points), and a frame meets
    Altair's 5,000-row guard — every series here is already thinned, and a scatter of
    10,000 points draws fine. Altair moves the records to the spec's ``datasets``.
    """
    out = data.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    records = out.astype(object).where(out.notna(), None).to_dict(orient="records")
    return {"values": records}


def _with_when(data: pd.DataFrame, x: str) -> pd.DataFrame:
    stamps = data[x]
    midnight = (stamps == stamps.dt.normalize()).all()
    return data.assign(**{_WHEN: stamps.dt.strftime("%Y-%m-%d" if midnight else "%Y-%m-%d %H:%M UTC")})


def _number_format(column: str) -> str:
    if "sentiment" in column:
        return "+.2f"
    return ",.1f" if column.endswith(("hours", "pct")) or "csat" in column else ",.4~g"


def _y(plan: ChartPlan) -> alt.Y:
    """The measure axis; a count never shows fractional ticks (two tickets drew as 0.0, 0.2 … 1.0)."""
    if units.unit_for(plan.y) == units.TICKETS:
        return alt.Y(f"{plan.y}:Q", title=plan.y_title, axis=alt.Axis(tickMinStep=1, format=",d"))
    return alt.Y(f"{plan.y}:Q", title=plan.y_title)


# --- marks ------------------------------------------------------------------------------
def _x_time(plan: ChartPlan, data: pd.DataFrame) -> alt.X:
    weeks = week_ticks(data[plan.x], plan.x)
    if weeks is None:
        return alt.X(f"{plan.x}:T", title=plan.x_title, scale=alt.Scale(type="utc"))
    # Vega's own time ticks fall on days (a 4-week series ticked every day) or on Sundays; a
    # weekly series is ticked on its own points, the Mondays its weeks start on (CONTRACT §2).
    return alt.X(f"{plan.x}:T", title=plan.x_title, scale=alt.Scale(type="utc"),
                 axis=alt.Axis(values=weeks, format="%b %d", labelOverlap=True))


def week_ticks(stamps: pd.Series, column: str = "", most: int = MAX_WEEK_TICKS) -> list[str] | None:
    """Axis tick values (UTC ISO times) for a week-grain series, one per week start; None if it is not one.

    A series is weekly when its column is named for weeks ("week", "created_week") or when every
    point is a Monday midnight and the points are whole weeks apart. More than ``most`` weeks are
    ticked every n-th week, counted from the first.
    """
    points = pd.Series(stamps.dropna().unique()).sort_values(ignore_index=True)
    if len(points) < 2:
        return None
    mondays = bool(((points.dt.day_of_week == 0) & (points == points.dt.normalize())).all())
    gaps = points.diff().dropna()
    whole_weeks = bool((gaps % pd.Timedelta(days=7) == pd.Timedelta(0)).all())
    named = column == "week" or column.endswith("_week")
    if not (mondays and (named or whole_weeks)):
        return None
    every = -(-len(points) // most)
    # ISO strings, not epoch numbers: Streamlit's chart element drew no labels for those
    return [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in points.iloc[::every]]


def _palette(plan: ChartPlan, data: pd.DataFrame, column: str) -> alt.Scale:
    domain = list(dict.fromkeys(data[column].tolist()))
    return alt.Scale(domain=domain, range=OKABE_ITO[:max(1, len(domain))])


def _line(data: pd.DataFrame, plan: ChartPlan) -> alt.Chart:
    temporal = pd.api.types.is_datetime64_any_dtype(data[plan.x])
    drawn = thin_series(data, plan.x, plan.y, plan.color) if temporal else data
    tooltip = [alt.Tooltip(f"{plan.y}:Q", title=plan.y_title, format=_number_format(plan.y))]
    if temporal:
        drawn = _with_when(drawn, plan.x)
        x = _x_time(plan, drawn)
        tooltip.insert(0, alt.Tooltip(f"{_WHEN}:N", title=plan.x_title))
    else:
        x = alt.X(f"{plan.x}:O", title=plan.x_title, sort=None, axis=alt.Axis(labelAngle=0))
        tooltip.insert(0, alt.Tooltip(f"{plan.x}:O", title=plan.x_title))
    encoding: dict[str, Any] = {"x": x, "y": _y(plan), "tooltip": tooltip}
    mark: dict[str, Any] = {"strokeWidth": 2.5, "point": len(drawn) <= 60}
    if plan.color:
        encoding["color"] = alt.Color(f"{plan.color}:N", title=plan.color_title,
                                      scale=_palette(plan, drawn, plan.color), legend=alt.Legend(orient="top"))
        # dashes tell the lines apart without colour as well
        encoding["strokeDash"] = alt.StrokeDash(f"{plan.color}:N", legend=None)
        tooltip.insert(1, alt.Tooltip(f"{plan.color}:N", title=plan.color_title))
    else:
        mark["color"] = PRIMARY
    return alt.Chart(_values(drawn)).mark_line(**mark).encode(**encoding).properties(height=HEIGHT)


def _bar(data: pd.DataFrame, plan: ChartPlan) -> alt.Chart:
    temporal = pd.api.types.is_datetime64_any_dtype(data[plan.x])
    if temporal:
        drawn = _with_when(thin_series(data, plan.x, plan.y, plan.color), plan.x)
        x = _x_time(plan, drawn)
        x_tip = alt.Tooltip(f"{_WHEN}:N", title=plan.x_title)
    else:
        drawn = data.dropna(subset=[plan.y])
        if len(drawn) > MAX_BARS:
            drawn = drawn.nlargest(MAX_BARS, plan.y)
        order = "-y" if plan.sort_by_value else list(dict.fromkeys(drawn[plan.x]))
        x = alt.X(f"{plan.x}:N", title=plan.x_title, sort=order,
                  axis=alt.Axis(labelAngle=0 if drawn[plan.x].str.len().max() <= 12 else -40))
        x_tip = alt.Tooltip(f"{plan.x}:N", title=plan.x_title)
    chart = alt.Chart(_values(drawn)).mark_bar(color=PRIMARY, cornerRadiusTopLeft=3, cornerRadiusTopRight=3)
    return chart.encode(x=x, y=_y(plan),
                        tooltip=[x_tip, alt.Tooltip(f"{plan.y}:Q", title=plan.y_title,
                                                    format=_number_format(plan.y))]).properties(height=HEIGHT)


def _pie(data: pd.DataFrame, plan: ChartPlan) -> alt.Chart:
    drawn = data.dropna(subset=[plan.y]).sort_values(plan.y, ascending=False, kind="stable")
    return (alt.Chart(_values(drawn))
            .mark_arc(innerRadius=50, stroke="#ffffff")
            .encode(theta=alt.Theta(f"{plan.y}:Q", stack=True),
                    color=alt.Color(f"{plan.x}:N", title=plan.x_title, scale=_palette(plan, drawn, plan.x),
                                    sort=list(drawn[plan.x])),
                    order=alt.Order(f"{plan.y}:Q", sort="descending"),
                    tooltip=[alt.Tooltip(f"{plan.x}:N", title=plan.x_title),
                             alt.Tooltip(f"{plan.y}:Q", title=plan.y_title, format=_number_format(plan.y))])
            .properties(height=HEIGHT, width=HEIGHT))


def _heatmap(data: pd.DataFrame, plan: ChartPlan) -> alt.Chart:
    temporal = pd.api.types.is_datetime64_any_dtype(data[plan.x])
    if temporal:
        drawn = _with_when(data.sort_values(plan.x, kind="stable"), plan.x)
        x_field, x_sort = f"{_WHEN}:O", None
    else:
        drawn = data
        x_field, x_sort = f"{plan.x}:N", None if plan.x in ORDERED_CATEGORIES else "ascending"
    labels = drawn[_WHEN if temporal else plan.x].astype(str)
    x = alt.X(x_field, title=plan.x_title, sort=x_sort,
              axis=alt.Axis(labelAngle=0 if labels.str.len().max() <= 12 and labels.nunique() <= 12 else -40,
                            labelOverlap=True, labelLimit=160))
    height = max(HEATMAP_MIN_ROWS, data[plan.color].nunique()) * HEATMAP_ROW
    return (alt.Chart(_values(drawn))
            .mark_rect()
            .encode(x=x, y=alt.Y(f"{plan.color}:N", title=plan.color_title,
                                 sort=None if plan.color in ORDERED_CATEGORIES else "ascending",
                                 axis=alt.Axis(labelLimit=200)),
                    color=alt.Color(f"{plan.y}:Q", title=plan.y_title, scale=alt.Scale(scheme=SEQUENTIAL_SCHEME),
                                    legend=alt.Legend(gradientLength=max(60, min(200, height)))),
                    tooltip=[alt.Tooltip(f"{_WHEN if temporal else plan.x}:N", title=plan.x_title),
                             alt.Tooltip(f"{plan.color}:N", title=plan.color_title),
                             alt.Tooltip(f"{plan.y}:Q", title=plan.y_title, format=_number_format(plan.y))])
            # The height is the cells' own (HEATMAP_ROW a row); the title, axes and legend come on top.
            # Streamlit's default autosize "fit" squeezed all of them into this height, and the 200 px
            # legend left the cells a zero-height strip with the row labels drawn over each other.
            .properties(height=height, autosize=alt.AutoSizeParams(type="fit-x", contains="padding")))


def _grouped_bar(data: pd.DataFrame, plan: ChartPlan) -> alt.Chart:
    drawn = data.dropna(subset=[plan.y])
    return (alt.Chart(_values(drawn))
            .mark_bar()
            .encode(x=alt.X(f"{plan.x}:N", title=plan.x_title, sort=None, axis=alt.Axis(labelAngle=0)),
                    xOffset=alt.XOffset(f"{plan.color}:N", sort=None),
                    y=_y(plan),
                    color=alt.Color(f"{plan.color}:N", title=plan.color_title,
                                    scale=_palette(plan, drawn, plan.color), legend=alt.Legend(orient="top")),
                    tooltip=[alt.Tooltip(f"{plan.x}:N", title=plan.x_title),
                             alt.Tooltip(f"{plan.color}:N", title=plan.color_title),
                             alt.Tooltip(f"{plan.y}:Q", title=plan.y_title, format=_number_format(plan.y))])
            .properties(height=HEIGHT))


def _scatter(data: pd.DataFrame, plan: ChartPlan) -> alt.Chart:
    drawn = data.dropna(subset=[plan.x, plan.y])
    tooltip = [alt.Tooltip(f"{plan.x}:Q", title=plan.x_title, format=_number_format(plan.x)),
               alt.Tooltip(f"{plan.y}:Q", title=plan.y_title, format=_number_format(plan.y))]
    if plan.label:
        tooltip.insert(0, alt.Tooltip(f"{plan.label}:N", title=plan.label.replace("_", " ").capitalize()))
    return (alt.Chart(_values(drawn))
            .mark_circle(color=PRIMARY, size=60, opacity=0.7 if len(drawn) > 200 else 0.9)
            .encode(x=alt.X(f"{plan.x}:Q", title=plan.x_title, scale=alt.Scale(zero=False)),
                    y=alt.Y(f"{plan.y}:Q", title=plan.y_title, scale=alt.Scale(zero=False)),
                    tooltip=tooltip)
            .properties(height=HEIGHT))


def _big_number(data: pd.DataFrame, plan: ChartPlan) -> alt.Chart:
    """One value, large, with its label below: for an image export of a single number."""
    value = data[plan.y].iloc[0] if len(data) else np.nan
    shown = units.format_value(None if pd.isna(value) else float(value), plan.y)
    base = alt.Chart({"values": [{"value": shown, "label": plan.y_title or plan.y}]})
    number = base.mark_text(fontSize=56, fontWeight="bold", color=PRIMARY, dy=-14).encode(text="value:N")
    caption = base.mark_text(fontSize=16, dy=34, color="#333333").encode(text="label:N")
    return alt.layer(number, caption).properties(height=160, width=320)


_DRAW = {"line": _line, "bar": _bar, "pie": _pie, "heatmap": _heatmap, "grouped_bar": _grouped_bar,
         "scatter": _scatter, "number": _big_number}
