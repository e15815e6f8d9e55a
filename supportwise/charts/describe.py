"""The text alternative of a chart: one or two sentences a screen reader speaks instead.

It names the chart, what is measured by what, the extremes and the size, from every row
(never from the thinned points a long line is drawn with).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from supportwise.charts import units

if TYPE_CHECKING:
    from supportwise.charts.shape import ChartPlan

_NAMES = {"line": "Line chart", "bar": "Bar chart", "pie": "Pie chart", "heatmap": "Heatmap",
          "grouped_bar": "Grouped bar chart", "scatter": "Scatter plot"}


def text_alternative(frame: pd.DataFrame, plan: "ChartPlan") -> str:
    """'Bar chart of tickets by channel; highest email 412, lowest api 37; 5 categories.'"""
    kind = plan.kind
    if kind == "table" or plan.y is None or plan.y not in frame:
        return f"Table of {_count(len(frame), 'row')} and {_count(len(frame.columns), 'column')}" + \
            (f": {', '.join(map(str, frame.columns[:8]))}{' …' if len(frame.columns) > 8 else ''}."
             if len(frame.columns) else ".")
    y = plan.y
    if kind == "number":
        value = frame[y].iloc[0] if len(frame) else None
        return f"{units.label(y)}: {units.format_value(None if pd.isna(value) else float(value), y)}."
    if kind == "scatter":
        return _scatter(frame, plan)
    data = frame.dropna(subset=[y])
    what = f"{_NAMES[kind]} of {units.noun(y)} by {units.noun(plan.x)}"
    if plan.color:
        what += f" and {units.noun(plan.color)}"
    if data.empty:
        return f"{what}; no values."
    values = data[y].to_numpy(dtype="float64")
    top, bottom = data.iloc[int(values.argmax())], data.iloc[int(values.argmin())]
    high, low = ("largest", "smallest") if kind == "pie" else ("highest", "lowest")
    temporal = pd.api.types.is_datetime64_any_dtype(data[plan.x])
    if kind == "heatmap":
        size = f"{data[plan.x].nunique()} × {data[plan.color].nunique()} cells"
    elif plan.color:
        size = _count(data[plan.color].nunique(), "series", "series") + ", " + _count(len(data), "point") \
            if kind == "line" else _count(len(data), "bar")
    elif temporal:
        size = _count(len(data), "point")
    else:
        size = _count(len(data), "category", "categories")
    if temporal:
        what += f" from {_when(data[plan.x].min())} to {_when(data[plan.x].max())}"
    if len(data) == 1:
        return f"{what}; {_extreme(top, plan, '')}; {size}."
    if values.max() == values.min():
        return f"{what}; all {units.format_value(float(values.max()), y)}; {size}."
    return f"{what}; {_extreme(top, plan, high)}, {_extreme(bottom, plan, low)}; {size}."


def _scatter(frame: pd.DataFrame, plan: "ChartPlan") -> str:
    data = frame.dropna(subset=[plan.x, plan.y])
    text = f"Scatter plot of {units.noun(plan.y)} against {units.noun(plan.x)}; {_count(len(data), 'point')}"
    if len(data) >= 3 and data[plan.x].std() > 0 and data[plan.y].std() > 0:
        text += f", correlation {data[plan.x].corr(data[plan.y]):.2f}"
    if len(data):
        top = data.iloc[int(data[plan.y].to_numpy(dtype="float64").argmax())]
        who = f" ({top[plan.label]})" if plan.label else ""
        text += f"; highest {units.noun(plan.y)} {_value(top, plan.y)}{who}"
    return text + "."


def _extreme(row: pd.Series, plan: "ChartPlan", word: str) -> str:
    """'highest email 412', 'highest 412 on 2026-10-05 (chat)', 'highest 33 at hour of day 23'."""
    value, x = _value(row, plan.y), row[plan.x]
    series = f" ({row[plan.color]})" if plan.color else ""
    word = f"{word} " if word else ""
    if isinstance(x, pd.Timestamp):
        return f"{word}{value} on {_when(x)}{series}"
    where = f"{x} / {row[plan.color]}" if plan.color else str(x)
    if _looks_numeric(str(x)):
        return f"{word}{value} at {units.noun(plan.x)} {where}"
    return f"{word}{where} {value}"


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _value(row: pd.Series, column: str) -> str:
    return units.format_value(float(row[column]), column)


def _when(stamp: pd.Timestamp) -> str:
    return stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.strftime("%Y-%m-%d %H:%M UTC")


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
