"""build_chart: the Vega-Lite spec has the expected mark, encodings, units, palette and description."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc

from supportwise.charts import OKABE_ITO, build_chart, choose_chart
from supportwise.charts.build import MAX_BARS, MAX_POINTS_PER_SERIES, week_ticks
from supportwise.errors import InvalidInput

WEEKS = [dt.date(2026, 8, 3) + dt.timedelta(weeks=i) for i in range(16)]


def _spec(columns, rows, hint=None, kind=None):
    plan = choose_chart(columns, rows, hint)
    chart = build_chart(pd.DataFrame(rows, columns=columns), plan, kind)
    return plan, chart.to_dict()


def _values(spec, data=None):
    """The records a spec draws (Altair moves inline values to top-level ``datasets``)."""
    data = data or spec["data"]
    return spec["datasets"][data["name"]] if "name" in data else data["values"]


def test_bar_ranked_with_units_tooltips_and_description():
    rows = [["email", 412], ["web", 120], ["api", 37]]
    plan, spec = _spec(["channel", "tickets"], rows)
    enc = spec["encoding"]
    assert spec["mark"]["type"] == "bar" and spec["mark"]["color"] == OKABE_ITO[0]
    assert enc["x"]["field"] == "channel" and enc["x"]["type"] == "nominal" and enc["x"]["sort"] == "-y"
    # counts get whole-number ticks only
    assert enc["y"] == {"field": "tickets", "type": "quantitative", "title": "Tickets",
                        "axis": {"format": ",d", "tickMinStep": 1}}
    assert [t["field"] for t in enc["tooltip"]] == ["channel", "tickets"]
    assert spec["title"] == "Tickets by channel"
    assert spec["description"] == plan.text == "Bar chart of tickets by channel; highest email 412, lowest api 37; " \
                                               "3 categories."


def test_decimals_become_floats_and_hours_show_in_titles():
    rows = [["email", Decimal("4.25")], ["web", Decimal("1.5")]]
    _, spec = _spec(["channel", "avg_first_response_hours"], rows)
    assert spec["encoding"]["y"]["title"] == "Avg first response (hours)"
    assert [r["avg_first_response_hours"] for r in _values(spec)] == [4.25, 1.5]
    json.dumps(spec)  # nothing left that JSON cannot hold


def test_line_over_dates_in_utc():
    rows = [[w, Decimal(i)] for i, w in enumerate(WEEKS)]
    _, spec = _spec(["week", "csat_pct"], rows)
    enc = spec["encoding"]
    assert spec["mark"]["type"] == "line"
    assert enc["x"]["type"] == "temporal" and enc["x"]["scale"] == {"type": "utc"}
    assert enc["x"]["title"] == "Week starting" and enc["y"]["title"] == "CSAT (%)"
    assert _values(spec)[0]["week"] == "2026-08-03T00:00:00Z" and _values(spec)[0]["__when"] == "2026-08-03"


def test_a_weekly_line_ticks_on_its_week_starts():
    _, spec = _spec(["week", "tickets"], [[w, i] for i, w in enumerate(WEEKS[:4])])
    axis = spec["encoding"]["x"]["axis"]
    assert axis["values"] == [f"{w.isoformat()}T00:00:00Z" for w in WEEKS[:4]] and axis["format"] == "%b %d"
    # a long series: every n-th week start, never more than MAX_WEEK_TICKS labels
    _, spec = _spec(["week", "tickets"], [[w, i] for i, w in enumerate(WEEKS)])
    assert spec["encoding"]["x"]["axis"]["values"] == [f"{w.isoformat()}T00:00:00Z" for w in WEEKS[::2]]
    # Mondays a week apart are a weekly series whatever the column is called; days are not
    assert week_ticks(pd.Series(pd.to_datetime(WEEKS[:3], utc=True)), "period_start") is not None
    days = pd.Series(pd.date_range("2026-11-02", periods=10, freq="D", tz="UTC"))
    assert week_ticks(days, "day") is None
    _, daily = _spec(["day", "tickets"], [[d.date(), i] for i, d in enumerate(days)])
    assert "values" not in (daily["encoding"]["x"].get("axis") or {})


def test_line_per_series_uses_okabe_ito_and_dashes():
    rows = [[w, c, i] for i, w in enumerate(WEEKS[:3]) for c in ("email", "chat")]
    _, spec = _spec(["week", "channel", "tickets"], rows)
    enc = spec["encoding"]
    assert enc["color"]["field"] == "channel" and enc["color"]["scale"]["range"] == OKABE_ITO[:2]
    assert enc["strokeDash"]["field"] == "channel"


def test_long_series_is_thinned_for_drawing_only():
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    rng = np.random.default_rng(1)
    rows = [[start + dt.timedelta(hours=i), float(v)] for i, v in enumerate(rng.normal(10, 2, 10_000))]
    rows[4_321][1] = 99.0
    frame = pd.DataFrame(rows, columns=["created_at", "resolution_hours"])
    plan = choose_chart(frame.columns, rows, None)
    spec = build_chart(frame, plan).to_dict()
    drawn = _values(spec)
    assert len(drawn) == MAX_POINTS_PER_SERIES and len(frame) == 10_000          # the frame is untouched
    assert drawn[0]["created_at"] == "2026-01-01T00:00:00Z" and max(r["resolution_hours"] for r in drawn) == 99.0
    assert "10,000 points" in spec["description"]                                # the text tells all the data


def test_each_series_is_thinned_on_its_own():
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    rows = [[start + dt.timedelta(hours=i), s, i % 7] for i in range(3_000) for s in ("a", "b")]
    plan = choose_chart(["created_at", "series", "tickets"], rows, None)
    spec = build_chart(pd.DataFrame(rows, columns=["created_at", "series", "tickets"]), plan).to_dict()
    counts = pd.Series([r["series"] for r in _values(spec)]).value_counts()
    assert counts.to_dict() == {"a": MAX_POINTS_PER_SERIES, "b": MAX_POINTS_PER_SERIES}


@pytest.mark.parametrize("kind, mark", [("pie", "arc"), ("bar", "bar")])
def test_pie_and_bar_of_a_share(kind, mark):
    rows = [["email", 55.0], ["web", 45.0]]
    plan, spec = _spec(["channel", "share_pct"], rows, kind=kind)
    assert spec["mark"]["type"] == mark
    if kind == "pie":
        assert spec["encoding"]["theta"]["field"] == "share_pct"
        assert spec["encoding"]["color"]["scale"]["range"] == OKABE_ITO[:2]
        assert spec["description"].startswith("Pie chart of share of tickets by channel")


def test_heatmap_and_grouped_bar():
    rows = [[c, p, i] for i, (c, p) in enumerate((c, p) for c in ("email", "web", "chat") for p in ("low", "high"))]
    plan, heat = _spec(["channel", "priority", "tickets"], rows)
    assert heat["mark"]["type"] == "rect" and heat["encoding"]["color"]["scale"]["scheme"] == "viridis"
    assert heat["encoding"]["color"]["title"] == "Tickets"
    assert {heat["encoding"]["x"]["field"], heat["encoding"]["y"]["field"]} == {"channel", "priority"}
    # the cells get their own height; title, axes and legend are added on top (not squeezed into it)
    assert heat["height"] >= 3 * 28 and heat["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert heat["encoding"]["color"]["legend"]["gradientLength"] <= heat["height"]
    _, grouped = _spec(["channel", "priority", "tickets"], rows, kind="grouped_bar")
    assert grouped["mark"]["type"] == "bar" and grouped["encoding"]["xOffset"]["field"] == plan.color
    assert grouped["description"].startswith("Grouped bar chart of tickets by channel and priority")


def test_scatter_with_labels():
    rows = [[f"agent {i}", i, Decimal(i) / 4] for i in range(1, 8)]
    _, spec = _spec(["agent", "tickets", "avg_resolution_hours"], rows)
    enc = spec["encoding"]
    assert spec["mark"]["type"] == "circle"
    assert (enc["x"]["field"], enc["y"]["field"]) == ("tickets", "avg_resolution_hours")
    assert enc["y"]["title"] == "Avg resolution (hours)" and enc["tooltip"][0]["field"] == "agent"


def test_a_single_number_is_drawn_as_text():
    _, spec = _spec(["csat_pct"], [[Decimal("87.5")]])
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["text", "text"]
    assert _values(spec) == [{"value": "87.5 %", "label": "CSAT (%)"}]


def test_many_categories_draw_the_tallest():
    rows = [[f"org {i}", i] for i in range(100)]
    _, spec = _spec(["organization", "tickets"], rows)
    assert len(_values(spec)) == MAX_BARS and min(r["tickets"] for r in _values(spec)) == 100 - MAX_BARS


def test_ordered_categories_keep_their_order():
    rows = [[h, 24 - h] for h in range(24)]
    _, spec = _spec(["hour_of_day", "tickets"], rows, {"type": "bar", "x": "hour_of_day", "y": "tickets"})
    assert spec["encoding"]["x"]["sort"] == [str(h) for h in range(24)]


def test_null_categories_are_named():
    _, spec = _spec(["team", "tickets"], [[None, 3], ["Billing", 2]])
    assert {r["team"] for r in _values(spec)} == {"(none)", "Billing"}


def test_switching_kind_updates_the_description():
    rows = [["email", 412], ["api", 37]]
    plan, spec = _spec(["channel", "tickets"], rows, kind="pie")
    assert spec["description"].startswith("Pie chart") and plan.text.startswith("Bar chart")


def test_kinds_outside_the_alternatives_are_refused():
    plan = choose_chart(["channel", "avg_resolution_hours"], [["email", 1.0]], None)
    with pytest.raises(InvalidInput, match="bar, table"):
        build_chart(pd.DataFrame([["email", 1.0]], columns=["channel", "avg_resolution_hours"]), plan, "pie")
    with pytest.raises(InvalidInput):
        build_chart(pd.DataFrame([["email", 1.0]], columns=["channel", "avg_resolution_hours"]), plan, "table")


def test_rows_that_went_through_json_draw_the_same():
    raw = [[w, Decimal(i)] for i, w in enumerate(WEEKS[:3])]
    as_json = [[w.isoformat(), float(i)] for i, w in enumerate(WEEKS[:3])]
    plan = choose_chart(["week", "tickets"], raw, None)
    a = build_chart(pd.DataFrame(raw, columns=["week", "tickets"]), plan).to_dict()
    b = build_chart(pd.DataFrame(as_json, columns=["week", "tickets"]), plan).to_dict()
    assert a == b


@pytest.mark.parametrize("columns, rows, kind", [
    (["channel", "tickets"], [["email", 4], ["web", 2]], "bar"),
    (["channel", "tickets"], [["email", 4], ["web", 2]], "pie"),
    (["week", "tickets"], [[w, i] for i, w in enumerate(WEEKS)], "line"),
    (["week", "tickets"], [[w, i] for i, w in enumerate(WEEKS)], "bar"),
    (["channel", "priority", "tickets"], [["email", "low", 1], ["web", "high", 2]], "heatmap"),
    (["channel", "priority", "tickets"], [["email", "low", 1], ["web", "high", 2]], "grouped_bar"),
    (["agent", "tickets", "avg_resolution_hours"], [["a", 1, 2.0], ["b", 3, 1.0]], "scatter"),
    (["tickets"], [[7]], "number"),
])
def test_every_kind_compiles_and_renders(columns, rows, kind):
    _, spec = _spec(columns, rows, kind=kind)
    assert vlc.vegalite_to_vega(spec)["description"] == spec["description"]     # Vega's aria description
    assert vlc.vegalite_to_svg(spec, allowed_base_urls=[]).lstrip().startswith("<svg")


def test_equal_values_are_described_as_equal():
    plan, spec = _spec(["channel", "tickets"], [["chat", 1], ["email", 1]])
    assert plan.text == "Bar chart of tickets by channel; all 1; 2 categories."


def test_average_sentiment_reads_with_two_decimals():
    plan, spec = _spec(["week", "avg_sentiment"], [["2026-11-02", 0.331], ["2026-11-09", 0.262], ["2026-11-16", -0.05]])
    assert plan.kind == "line" and plan.y_title == "Average sentiment (−1 to 1)"
    assert "+0.33" in plan.text and "-0.05" in plan.text
