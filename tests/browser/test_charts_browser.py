"""Charts as Chromium draws them on the Ask page: a heatmap has rows tall enough to read and labels
that do not overlap; a weekly line is ticked once per week, on the Mondays its weeks start.
(Issue 11: heatmaps drew as a zero-height strip; week-grain lines had day or Sunday ticks.)"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page

from tests.browser.test_ask_flows import _ask, _last_answer, _page, _shot

pytestmark = pytest.mark.browser


def _boxes(locator) -> list[dict]:
    return [b for b in (e.bounding_box() for e in locator.all()) if b is not None]


def _overlap(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def _chart(page: Page):
    chart = _last_answer(page).get_by_test_id("stVegaLiteChart")
    chart.locator("svg").wait_for()
    page.wait_for_timeout(400)
    return chart


def test_a_heatmap_has_readable_rows_and_separate_labels(browser, streamlit_app):
    page = _page(browser, streamlit_app, "manager", "manager-demo-pass")
    _ask(page, "tickets by channel and priority last month")
    chart = _chart(page)
    _shot(page, "chart-heatmap")
    cells = _boxes(chart.locator(".mark-rect path[role='graphics-symbol']"))
    assert len(cells) >= 8, "no heatmap cells drawn"
    assert min(c["height"] for c in cells) >= 20, [c["height"] for c in cells]
    for axis in chart.locator(".role-axis").all():
        labels = _boxes(axis.locator(".role-axis-label text"))
        for i, a in enumerate(labels):
            assert not any(_overlap(a, b) for b in labels[i + 1:]), "axis labels drawn over each other"


def test_a_weekly_line_ticks_on_week_starts(browser, streamlit_app):
    page = _page(browser, streamlit_app, "manager", "manager-demo-pass")
    _ask(page, "tickets created per week in the last 6 weeks")
    chart = _chart(page)
    _shot(page, "chart-weekly-line")
    assert chart.locator(".mark-line").count() == 1
    x_axis = chart.locator(".role-axis").filter(has=page.locator(".role-axis-title", has_text="Week"))
    labels = [t.strip() for t in x_axis.locator(".role-axis-label text").all_text_contents()]
    assert labels and all(re.fullmatch(r"[A-Z][a-z]{2} \d{2}", label) for label in labels), labels  # "Oct 12"
    days = [dt.datetime.strptime(f"{label} 2026", "%b %d %Y").date() for label in labels]
    assert all(day.weekday() == 0 for day in days), labels                    # Mondays: week starts
    assert all((b - a).days % 7 == 0 and b > a for a, b in zip(days, days[1:])), labels
