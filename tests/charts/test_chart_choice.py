"""choose_chart: the result's shape decides the chart; the engine's hint only breaks ties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from supportwise.charts import choose_chart
from supportwise.charts.shape import MAX_PIE_SLICES

WEEKS = [dt.date(2026, 8, 3) + dt.timedelta(weeks=i) for i in range(16)]
CHANNELS = ["email", "web", "chat", "phone", "api"]
PRIORITIES = ["low", "normal", "high", "urgent"]

# (id, columns, rows, hint, kind, x, y, color, alternatives)
CASES = [
    ("count by channel", ["channel", "tickets"], [[c, 100 - 10 * i] for i, c in enumerate(CHANNELS)],
     {"type": "bar", "x": "channel", "y": "tickets"}, "bar", "channel", "tickets", None, ("bar", "pie", "table")),
    ("mean by channel: no pie", ["channel", "avg_resolution_hours"],
     [[c, Decimal("3.5") + i] for i, c in enumerate(CHANNELS)], None, "bar", "channel", "avg_resolution_hours", None,
     ("bar", "table")),
    ("too many slices for a pie", ["organization", "tickets"], [[f"org {i}", i] for i in range(20)], None,
     "bar", "organization", "tickets", None, ("bar", "table")),
    ("weekly series", ["week", "tickets"], [[w, i] for i, w in enumerate(WEEKS)],
     {"type": "line", "x": "week", "y": "tickets"}, "line", "week", "tickets", None, ("line", "bar", "table")),
    ("dates that went through JSON", ["month", "csat_pct"], [["2026-09-01", 81.5], ["2026-10-01", 84.0]], None,
     "line", "month", "csat_pct", None, ("line", "bar", "table")),
    ("timestamps", ["created_at", "resolution_hours"],
     [[dt.datetime(2026, 11, 1, h, tzinfo=dt.timezone.utc), h / 2] for h in range(10)], None,
     "line", "created_at", "resolution_hours", None, ("line", "bar", "table")),
    ("series per channel", ["week", "channel", "tickets"], [[w, c, 1] for w in WEEKS[:4] for c in CHANNELS], None,
     "line", "week", "tickets", "channel", ("line", "heatmap", "table")),
    ("too many series: heatmap", ["week", "organization", "tickets"],
     [[w, f"org {i}", 1] for w in WEEKS[:3] for i in range(12)], None,
     "heatmap", "week", "tickets", "organization", ("heatmap", "table")),
    ("share of the whole", ["channel", "share_pct"],
     [["email", Decimal("40.1")], ["web", Decimal("29.9")], ["chat", Decimal("30.0")]], None,
     "bar", "channel", "share_pct", None, ("bar", "pie", "table")),
    ("share, engine asks for a pie", ["channel", "share_pct"], [["email", 55.0], ["web", 45.0]],
     {"type": "pie", "x": "channel", "y": "share_pct"}, "pie", "channel", "share_pct", None, ("pie", "bar", "table")),
    ("rates that do not add up to 100 are no pie", ["channel", "csat_pct"], [["email", 50.0], ["web", 50.0]],
     {"type": "pie"}, "bar", "channel", "csat_pct", None, ("bar", "table")),
    ("single value", ["tickets"], [[412]], {"type": "number", "x": None, "y": "tickets"},
     "number", None, "tickets", None, ("number", "table")),
    ("single value from a one-row breakdown the engine calls a number", ["period", "tickets"], [["this week", 12]],
     {"type": "number", "y": "tickets"}, "number", None, "tickets", None, ("number", "table")),
    ("two categories", ["channel", "priority", "tickets"], [[c, p, 1] for c in CHANNELS for p in PRIORITIES],
     {"type": "table", "x": "channel", "y": "tickets", "color": "priority"},
     "heatmap", "channel", "tickets", "priority", ("heatmap", "grouped_bar", "table")),
    ("two measures with a label", ["agent", "tickets", "avg_resolution_hours"],
     [[f"agent {i}", i, Decimal(i) / 3] for i in range(12)], None,
     "scatter", "tickets", "avg_resolution_hours", None, ("scatter", "table")),
    ("two measures, no label", ["tickets", "reopens"], [[i, i * 2] for i in range(5)], None,
     "scatter", "tickets", "reopens", None, ("scatter", "table")),
    ("hour of day is a category, in its own order", ["hour_of_day", "tickets"], [[h, 5] for h in range(24)],
     {"type": "bar", "x": "hour_of_day", "y": "tickets"}, "bar", "hour_of_day", "tickets", None, ("bar", "table")),
    ("the hint names a numeric category", ["bucket", "tickets"], [[b, 10 - b] for b in range(5)],
     {"type": "bar", "x": "bucket", "y": "tickets"}, "bar", "bucket", "tickets", None, ("bar", "pie", "table")),
    ("a comparison's periods are no pie", ["period", "tickets"], [["2026-11-16 – 2026-11-22", 71], ["2026-11-23", 13]],
     {"type": "bar", "x": "period", "y": "tickets"}, "bar", "period", "tickets", None, ("bar", "table")),
    ("a listing", ["id", "subject", "status", "created_at"],
     [[1, "Cannot log in", "open", dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc)]], {"type": "table"},
     "table", None, None, None, ("table",)),
    ("arrays are not drawable", ["channel", "tags"], [["email", ["vip"]]], None, "table", None, None, None, ("table",)),
    ("no rows", ["channel", "tickets"], [], {"type": "bar", "x": "channel", "y": "tickets"},
     "table", None, None, None, ("table",)),
    ("three measures", ["a", "b", "c"], [[1, 2, 3]], None, "table", None, None, None, ("table",)),
]


@pytest.mark.parametrize("columns, rows, hint, kind, x, y, color, alternatives",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_chart_from_shape(columns, rows, hint, kind, x, y, color, alternatives):
    plan = choose_chart(columns, rows, hint)
    assert (plan.kind, plan.x, plan.y, plan.color, plan.alternatives) == (kind, x, y, color, alternatives)
    assert plan.kind == plan.alternatives[0] and plan.alternatives[-1] == "table"
    assert plan.text.endswith(".") and len(plan.text) < 300


def test_bars_are_ranked_but_ordered_categories_are_not():
    assert choose_chart(["channel", "tickets"], [["a", 1], ["b", 2]], None).sort_by_value
    assert not choose_chart(["hour_of_day", "tickets"], [[0, 1], [1, 2]], {"x": "hour_of_day"}).sort_by_value
    assert not choose_chart(["period", "tickets"], [["this week", 1], ["last week", 2]], None).sort_by_value


@pytest.mark.parametrize("columns, x_title, y_title", [
    (["channel", "tickets"], "Channel", "Tickets"),
    (["product_area", "avg_first_response_hours"], "Product area", "Avg first response (hours)"),
    (["team", "median_resolution_hours"], "Team", "Median resolution (hours)"),
    (["channel", "csat_pct"], "Channel", "CSAT (%)"),
    (["channel", "reopen_rate_pct"], "Channel", "Reopen rate (%)"),
    (["channel", "share_pct"], "Channel", "Share of tickets (%)"),
    (["channel", "count"], "Channel", "Count (tickets)"),
])
def test_axis_titles_carry_units(columns, x_title, y_title):
    plan = choose_chart(columns, [["email", 50], ["web", 50]], None)
    assert (plan.x_title, plan.y_title) == (x_title, y_title)


def test_titles():
    plan = choose_chart(["week", "channel", "tickets"], [[WEEKS[0], "email", 1]], None)
    assert plan.title == "Tickets by week and channel" and plan.color_title == "Channel"
    assert plan.x_title == "Week starting"


@pytest.mark.parametrize("columns, rows, hint, text", [
    (["channel", "tickets"], [["email", 412], ["web", 120], ["chat", 80], ["phone", 60], ["api", 37]], None,
     "Bar chart of tickets by channel; highest email 412, lowest api 37; 5 categories."),
    (["channel", "share_pct"], [["email", 55.0], ["web", 45.0]], {"type": "pie"},
     "Pie chart of share of tickets by channel; largest email 55 %, smallest web 45 %; 2 categories."),
    (["week", "avg_first_response_hours"], [[WEEKS[0], Decimal("4.25")], [WEEKS[1], Decimal("2.5")]], None,
     "Line chart of avg first response hours by week from 2026-08-03 to 2026-08-10; highest 4.2 hours on "
     "2026-08-03, lowest 2.5 hours on 2026-08-10; 2 points."),
    (["csat_pct"], [[Decimal("87.5")]], None, "CSAT: 87.5 %."),
    (["channel", "priority", "tickets"], [["email", "low", 3], ["email", "high", 9], ["web", "low", 1],
                                          ["web", "high", 2]], None,
     "Heatmap of tickets by channel and priority; highest email / high 9, lowest web / low 1; 2 × 2 cells."),
    (["hour_of_day", "tickets"], [[9, 40], [10, 55]], {"x": "hour_of_day"},
     "Bar chart of tickets by hour of day; highest 55 at hour of day 10, lowest 40 at hour of day 9; 2 categories."),
    (["id", "subject"], [[1, "a"]], None, "Table of 1 row and 2 columns: id, subject."),
])
def test_text_alternative(columns, rows, hint, text):
    assert choose_chart(columns, rows, hint).text == text


def test_pie_is_offered_only_up_to_the_palette_size():
    rows = [[f"c{i}", 1] for i in range(MAX_PIE_SLICES)]
    assert "pie" in choose_chart(["category", "tickets"], rows, None).alternatives
    rows.append(["one more", 1])
    assert "pie" not in choose_chart(["category", "tickets"], rows, None).alternatives


def test_duplicate_column_names_are_told_apart():
    plan = choose_chart(["name", "name", "tickets"], [["a", "b", 1], ["c", "d", 2]], None)
    assert (plan.kind, plan.x, plan.color) in {("heatmap", "name", "name_2"), ("heatmap", "name_2", "name")}


def test_several_numbers_of_one_row_are_a_table_not_a_one_point_scatter():
    plan = choose_chart(["tickets", "solved_tickets"], [[307, 306]], {"type": "table", "x": None, "y": "tickets"})
    assert plan.kind == "table"
    assert choose_chart(["tickets", "solved_tickets"], [[307, 306], [20, 25]], None).kind == "scatter"
