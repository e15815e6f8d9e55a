"""What a person reads first names every filter (issue 11, item 6): the headline's label and the chart's
title say "urgent" and the period, not only the grey "Read as" line; a non-integer headline keeps its
decimals and its change badge (PostgreSQL numerics arrive as Decimal: 4.57 h once showed as "4"); "why did
CSAT drop last month?" shows where it moved, not "Something went wrong"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_ask_flows import _ask, _last_answer, _page, _shot
from tests.browser.test_charts_browser import _chart

pytestmark = pytest.mark.browser


def test_the_headline_and_the_chart_title_name_the_filters(browser, streamlit_app):
    page = _page(browser, streamlit_app, "lead", "lead-demo-pass")
    _ask(page, "How many urgent tickets did we get last week?")
    expect(_last_answer(page).get_by_test_id("stMetricLabel")).to_have_text(
        "Urgent tickets of team Frontline, last week")

    _ask(page, "urgent tickets by channel in the last 30 days")
    chart = _chart(page)
    _shot(page, "title-urgent-by-channel")
    expect(chart.locator(".role-title text").first).to_have_text(
        "Urgent tickets of team Frontline by channel, last 30 days")


def test_a_decimal_headline_keeps_its_decimals_and_its_change(browser, streamlit_app):
    page = _page(browser, streamlit_app, "manager", "manager-demo-pass")
    _ask(page, "average resolution time last week")
    answer = _last_answer(page)
    _shot(page, "title-decimal-headline")
    expect(answer.get_by_test_id("stMetricLabel")).to_have_text("Average resolution time (hours), last week")
    expect(answer.get_by_test_id("stMetricValue")).to_have_text(re.compile(r"^\s*[\d,]+\.\d{1,2}\s*$"))
    expect(answer.get_by_test_id("stMetricDelta")).to_have_text(re.compile(r"^\s*[+-][\d,]+(\.\d{1,2})?\s*$"))


def test_why_did_csat_drop_shows_where_it_moved(browser, streamlit_app):
    page = _page(browser, streamlit_app, "manager", "manager-demo-pass")
    _ask(page, "Why did CSAT drop last month?")
    answer = _last_answer(page)
    _shot(page, "why-csat-dropped")
    expect(answer.get_by_text("Where it moved: CSAT (%), last month")).to_be_visible()
    expect(answer.get_by_test_id("stDataFrame")).to_be_visible()
    expect(answer.get_by_text(re.compile(r"against [\d.]+ in the previous month \(September 2026\)"))).to_be_visible()
    expect(answer.get_by_test_id("stAlertContentError")).to_have_count(0)
