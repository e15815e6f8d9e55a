"""Which chart fits a result, decided from the shape of its data.

The columns' value kinds (date, number, category) decide; the engine's chart hint
(CONTRACT §3) only breaks ties: which number column is the category axis, pie over bar
for a share, a single value shown as a number.

>>> plan = choose_chart(["channel", "tickets"], [["email", 412], ["chat", 80], ["api", 37]], None)
>>> plan.kind, plan.alternatives, plan.y_title
('bar', ('bar', 'pie', 'table'), 'Tickets')
>>> plan.text
'Bar chart of tickets by channel; highest email 412, lowest api 37; 3 categories.'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from supportwise.charts import units
from supportwise.charts.describe import text_alternative
from supportwise.charts.frame import CATEGORY, NUMERIC, OTHER, TEMPORAL, chart_frame, unique_columns, value_kind

KINDS = ("line", "bar", "pie", "heatmap", "grouped_bar", "scatter", "number", "table")
CHART_KINDS = ("line", "bar", "pie", "heatmap", "grouped_bar", "scatter", "number")  # what build_chart draws
MAX_PIE_SLICES = 8        # one Okabe–Ito colour each; more slices are unreadable anyway
MAX_SERIES = 8            # lines or bar groups told apart by colour
SHARE_TOTAL = (98.5, 101.5)  # shares rounded per row still add up to about 100
# Categories with a natural order: drawn in the result's order, not by value.
ORDERED_CATEGORIES = frozenset({"hour_of_day", "day_of_week", "day_type", "period", "priority", "year"})
# Categories that are not parts of one whole: a comparison's periods are two wholes side by side.
NOT_PARTS = frozenset({"period", "year"})


@dataclass(frozen=True)
class ChartPlan:
    """How to draw one result, and what the reader may switch to.

    ``x`` is the category or time axis (the first measure for a scatter), ``y`` the
    measure, ``color`` a second category (heatmap rows, line series, bar groups), ``label``
    the name column of a scatter. ``sort_by_value``: bars tallest first; otherwise the
    result's order is kept (time, hours of the day, a comparison's periods). ``text`` is
    the screen-reader alternative for ``kind``.
    """

    kind: str
    x: str | None = None
    y: str | None = None
    color: str | None = None
    label: str | None = None
    alternatives: tuple[str, ...] = ("table",)
    title: str = ""
    x_title: str | None = None
    y_title: str | None = None
    color_title: str | None = None
    sort_by_value: bool = False
    text: str = ""

    def switched(self, kind: str, frame: pd.DataFrame) -> "ChartPlan":
        """This plan drawn as another of its alternatives, with the text alternative to match."""
        if kind not in self.alternatives:
            raise ValueError(f"{kind!r} is not an alternative here: {', '.join(self.alternatives)}")
        if kind == self.kind:
            return self
        plan = replace(self, kind=kind)
        return replace(plan, text=text_alternative(frame, plan))


def choose_chart(columns: Sequence[Any], rows: Sequence[Sequence[Any]], hint: dict | None) -> ChartPlan:
    """The chart for this result: line, bar, pie, heatmap, scatter, number or table (see module doc)."""
    names = unique_columns(columns)
    hint = hint or {}
    kinds = {n: value_kind(n, [r[i] if i < len(r) else None for r in rows]) for i, n in enumerate(names)}
    hint_x = hint.get("x") if hint.get("x") in kinds else None
    if hint_x and kinds[hint_x] == NUMERIC:
        kinds[hint_x] = CATEGORY   # the engine knows this number names a slot (an hour, a year)
    frame = chart_frame(names, rows, kinds)
    plan = _by_shape(names, kinds, frame, hint, hint_x)
    if hint.get("title"):  # the engine's title names the question's filters and period (engine/title.py)
        plan = replace(plan, title=hint["title"])
    return replace(plan, text=text_alternative(frame, plan))


def _by_shape(names: list[str], kinds: dict[str, str], frame: pd.DataFrame, hint: dict,
              hint_x: str | None) -> ChartPlan:
    times = [n for n in names if kinds[n] == TEMPORAL]
    measures = [n for n in names if kinds[n] == NUMERIC]
    categories = [n for n in names if kinds[n] == CATEGORY]
    if frame.empty or OTHER in kinds.values():
        return _table(names)
    if hint_x and hint_x in categories and len(categories) > 1:
        categories.remove(hint_x)
        categories.insert(0, hint_x)
    if len(measures) == 1 and len(frame) == 1 and (len(names) == 1 or hint.get("type") == "number"):
        return ChartPlan("number", y=measures[0], alternatives=("number", "table"), title=units.axis_title(measures[0]),
                         y_title=units.axis_title(measures[0]))
    if len(measures) == 1 and len(times) == 1 and len(categories) <= 1:
        return _time_series(times[0], measures[0], categories[0] if categories else None, frame)
    if len(measures) == 1 and len(categories) == 1 and not times:
        return _one_category(categories[0], measures[0], frame, hint)
    if len(measures) == 1 and len(categories) == 2 and not times:
        return _two_categories(categories[0], categories[1], measures[0], frame, hint_x)
    if len(measures) > 1 and len(frame) == 1:  # "received vs solved last week": numbers side by side, no plot
        return _table(names)
    if len(measures) == 2 and len(categories) <= 1 and not times:
        return _scatter(measures[0], measures[1], categories[0] if categories else None)
    return _table(names)


def _table(names: list[str]) -> ChartPlan:
    return ChartPlan("table", alternatives=("table",), title="Result table")


def _titles(x: str | None, y: str, color: str | None = None) -> dict[str, Any]:
    by = " and ".join(units.noun(c) for c in (x, color) if c)
    return {"title": f"{units.label(y)} by {by}" if by else units.label(y),
            "x_title": units.axis_title(x) if x else None, "y_title": units.axis_title(y),
            "color_title": units.axis_title(color) if color else None}


def _time_series(x: str, y: str, series: str | None, frame: pd.DataFrame) -> ChartPlan:
    if series is None:
        return ChartPlan("line", x=x, y=y, alternatives=("line", "bar", "table"), **_titles(x, y))
    if frame[series].nunique() <= MAX_SERIES:
        return ChartPlan("line", x=x, y=y, color=series, alternatives=("line", "heatmap", "table"),
                         **_titles(x, y, series))
    return ChartPlan("heatmap", x=x, y=y, color=series, alternatives=("heatmap", "table"), **_titles(x, y, series))


def _one_category(x: str, y: str, frame: pd.DataFrame, hint: dict) -> ChartPlan:
    values = frame[y].dropna()
    additive = bool(len(values)) and (values >= 0).all()
    is_share = additive and _is_share(y, values)
    is_count = additive and units.unit_for(y) == units.TICKETS
    pie_ok = (is_share or is_count) and x not in NOT_PARTS and frame[x].nunique() <= MAX_PIE_SLICES
    kind = "pie" if pie_ok and hint.get("type") == "pie" else "bar"
    alternatives = ("bar", "pie", "table") if pie_ok else ("bar", "table")
    if kind == "pie":
        alternatives = ("pie", "bar", "table")
    ordered = x in ORDERED_CATEGORIES or x == hint.get("x") and hint.get("type") == "line"
    return ChartPlan(kind, x=x, y=y, alternatives=alternatives, sort_by_value=not ordered, **_titles(x, y))


def _is_share(y: str, values: pd.Series) -> bool:
    """Parts of a whole: a % column (not a rate or a score) whose values add up to about 100."""
    if units.unit_for(y) != units.PERCENT:
        return False
    low, high = SHARE_TOTAL
    return units.is_share(y) and low <= float(values.sum()) <= high


def _two_categories(a: str, b: str, y: str, frame: pd.DataFrame, hint_x: str | None) -> ChartPlan:
    # the category with more values runs along x; the one with fewer becomes rows / bar groups
    x, color = (a, b) if hint_x == a or frame[a].nunique() >= frame[b].nunique() else (b, a)
    grouped_ok = frame[color].nunique() <= MAX_SERIES
    alternatives = ("heatmap", "grouped_bar", "table") if grouped_ok else ("heatmap", "table")
    return ChartPlan("heatmap", x=x, y=y, color=color, alternatives=alternatives, **_titles(x, y, color))


def _scatter(x: str, y: str, label: str | None) -> ChartPlan:
    return ChartPlan("scatter", x=x, y=y, label=label, alternatives=("scatter", "table"),
                     title=f"{units.label(y)} against {units.noun(x)}", x_title=units.axis_title(x),
                     y_title=units.axis_title(y), color_title=None)
