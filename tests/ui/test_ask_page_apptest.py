"""The Ask page headlessly (Streamlit AppTest): comparison headline, chart switching, follow-up
buttons, feedback, save as report, exports offered, history restored on a new visit, admin SQL."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from tests.ui.test_pages_apptest import URGENT_LAST_WEEK, _by_label, app_scalar, as_int, open_page, scalar, sign_in

BY_CHANNEL = "tickets by channel last month"


def _ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def _chart_spec(at: AppTest, n: int = -1) -> dict:
    return json.loads(at.get("vega_lite_chart")[n].proto.spec)


def test_a_number_shows_the_change_against_the_week_before(app_db):
    at = _ask(open_page(sign_in("team_lead"), "ask"), URGENT_LAST_WEEK)
    before = scalar(app_db, "SELECT count(*) FROM tickets WHERE priority = 'urgent' AND team = 'Frontline' "
                            "AND created_at >= '2026-11-09' AND created_at < '2026-11-16'")
    now = as_int(at.metric[0].value)
    assert at.metric[0].delta == f"{now - before:+,}"
    assert any(f"{before:,} in the previous week" == c.value for c in at.caption)
    # every format, the number card included as an image
    labels = [b.label for b in at.download_button]
    assert labels == ["CSV", "Excel (XLSX)", "JSON", "Parquet (for BI tools)", "Chart as PNG", "Chart as SVG",
                      "Interactive chart (HTML)"]


def test_a_decimal_headline_keeps_its_decimals_and_its_change(app_db):
    # AVG over an interval in hours is a PostgreSQL numeric: it arrives as decimal.Decimal (issue 11 item 7)
    at = _ask(open_page(sign_in("manager"), "ask"), "average first response time last week")
    hours = "avg(extract(epoch FROM first_response_at - created_at) / 3600.0)"
    where = "first_response_at IS NOT NULL AND created_at >= :start AND created_at < :end"
    now = scalar(app_db, f"SELECT {hours} FROM tickets WHERE {where}", start="2026-11-16", end="2026-11-23")
    before = scalar(app_db, f"SELECT {hours} FROM tickets WHERE {where}", start="2026-11-09", end="2026-11-16")
    assert not float(now).is_integer()
    assert float(at.metric[0].value.replace(",", "")) == pytest.approx(float(now), abs=0.005)
    assert at.metric[0].delta and float(at.metric[0].delta) == pytest.approx(float(now - before), abs=0.006)


def test_a_ticket_list_offers_only_the_data_formats(app_db):
    at = _ask(open_page(sign_in("admin"), "ask"), "Show me the urgent tickets created yesterday")
    assert [b.label for b in at.download_button] == ["CSV", "Excel (XLSX)", "JSON", "Parquet (for BI tools)"]


def test_the_chart_type_can_be_switched_and_described(app_db):
    at = _ask(open_page(sign_in("manager"), "ask"), BY_CHANNEL)
    assert _chart_spec(at)["mark"]["type"] == "bar"
    [switch] = [g for g in at.button_group if g.key == "sw_chart_kind_0"]
    assert list(switch.options) and switch.value == "bar"
    description = next(c.value for c in at.caption if c.value.startswith("Bar chart of tickets by channel"))
    switch.set_value("pie").run()
    assert not at.exception
    assert _chart_spec(at)["mark"]["type"] == "arc"
    assert any(c.value.startswith("Pie chart") for c in at.caption), description
    _by_label(at.button_group, "Chart type").set_value("table").run()
    assert not at.get("vega_lite_chart") and list(at.dataframe[0].value.columns) == ["channel", "tickets"]
    assert len(at.download_button) == 7  # the chart can still be exported as drawn by default


def test_follow_up_buttons_ask_the_follow_up(app_db):
    at = _ask(open_page(sign_in("admin"), "ask"), URGENT_LAST_WEEK)
    follow_ups = [b for b in at.button if (b.key or "").startswith("sw_follow_0_")]
    assert [b.label for b in follow_ups] == ["What about the week before?", "Break that down by channel",
                                             "Only enterprise customers"]
    follow_ups[1].click().run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    expected = scalar(app_db, "SELECT count(*) FROM tickets WHERE priority = 'urgent' "
                              "AND created_at >= '2026-11-16' AND created_at < '2026-11-23'")
    assert list(table.columns) == ["channel", "tickets"] and table["tickets"].sum() == expected
    # only the latest answer offers follow-ups
    assert not [b for b in at.button if (b.key or "").startswith("sw_follow_0_")]


def test_feedback_is_stored_against_the_question(app_db):
    at = _ask(open_page(sign_in("team_lead"), "ask"), URGENT_LAST_WEEK)
    at.feedback[0].set_value(0).run()
    assert not at.exception
    row = _one(app_db, "SELECT f.verdict, a.question, a.action FROM app.feedback f "
                       "JOIN app.audit_log a ON a.id = f.audit_id")
    assert tuple(row) == ("wrong", URGENT_LAST_WEEK, "question")


def test_save_as_report_stores_the_spec(app_db):
    at = _ask(open_page(sign_in("manager"), "ask"), BY_CHANNEL)
    _by_label(at.text_input, "Report name").input("Channel mix")
    _by_label(at.button, "Save").click().run()
    assert not at.exception and not at.error
    assert "Saved as “Channel mix”" in at.success[0].value
    row = _one(app_db, "SELECT r.question, r.spec->'group_by' AS g FROM app.reports r")
    assert row.question == BY_CHANNEL and row.g == ["channel"]


def test_history_comes_back_on_a_new_visit_and_follow_ups_still_work(app_db):
    at = _ask(open_page(sign_in("admin"), "ask"), URGENT_LAST_WEEK)
    first = as_int(at.metric[0].value)
    again = open_page(sign_in("admin"), "ask")   # a reload: a new session, the same user
    assert [m.markdown[0].value for m in again.chat_message if m.name == "user"] == [URGENT_LAST_WEEK]
    assert as_int(again.metric[0].value) == first
    _ask(again, "what about the week before?")
    expected = scalar(app_db, "SELECT count(*) FROM tickets WHERE priority = 'urgent' "
                              "AND created_at >= '2026-11-09' AND created_at < '2026-11-16'")
    assert as_int(again.metric[1].value) == expected
    assert app_scalar(app_db, "SELECT count(*) FROM app.conversation_turns") == 2


def test_an_admin_runs_pasted_sql_through_the_guard(app_db):
    at = open_page(sign_in("admin"), "ask")
    _by_label(at.sidebar.toggle, "SQL mode").set_value(True).run()
    _ask(at, "SELECT channel, count(*) AS tickets FROM tickets GROUP BY channel")
    total = scalar(app_db, "SELECT count(*) FROM tickets")
    assert at.dataframe[0].value["tickets"].sum() == total
    assert any("your SQL" in c.value for c in at.caption)
    at.chat_input[0].set_value("DELETE FROM tickets").run()
    assert not at.exception
    last = [m for m in at.chat_message if m.name == "assistant"][-1]
    assert last.warning or last.error
    assert scalar(app_db, "SELECT count(*) FROM tickets") == total
    assert app_scalar(app_db, "SELECT count(*) FROM app.audit_log WHERE action = 'sql_run'") == 2


def test_sql_mode_is_for_admins_only(app_db):
    at = open_page(sign_in("manager"), "ask")
    assert not [t for t in at.sidebar.toggle if t.label == "SQL mode"]


def _one(database, query: str):
    with database.app.connect() as conn:
        return conn.execute(sa.text(query)).one()


def test_a_saved_report_is_re_run_for_a_new_period_in_the_runners_scope(app_db):
    at = _ask(open_page(sign_in("manager"), "ask"), BY_CHANNEL)
    _by_label(at.text_input, "Report name").input("Channel mix")
    _by_label(at.button, "Save").click().run()
    lead = open_page(sign_in("team_lead"), "reports")
    assert "Channel mix" in list(lead.dataframe[1].value["name"])
    _by_label(lead.text_input, "Period").input("last week")
    _by_label(lead.button, "Run").click().run()
    assert not lead.exception and not lead.error, [e.value for e in lead.error]
    shown = {row.channel: row.tickets for row in lead.dataframe[2].value.itertuples()}
    with app_db.reader.connect() as conn:
        expected = dict(conn.execute(sa.text(
            "SELECT channel, count(*) FROM tickets WHERE team = 'Frontline' AND created_at >= '2026-11-16' "
            "AND created_at < '2026-11-23' GROUP BY 1")).all())
    assert shown == expected
    runs = lead.dataframe[-1].value
    assert list(runs["by"]) == ["lead"] and list(runs["status"]) == ["ok"]
    assert str(runs["from"][0]) == "2026-11-16" and len(lead.download_button) == 7
    assert app_scalar(app_db, "SELECT count(*) FROM app.audit_log WHERE action = 'report_run'") == 1
    assert list(lead.dataframe[1].value["runs"]) == [1]  # the saved-reports table counts the run at once


def test_a_period_that_is_not_one_gets_a_clear_message(app_db):
    at = _ask(open_page(sign_in("manager"), "ask"), BY_CHANNEL)
    _by_label(at.text_input, "Report name").input("Channel mix")
    _by_label(at.button, "Save").click().run()
    reports = open_page(at, "reports")
    _by_label(reports.text_input, "Period").input("the blue moon")
    _by_label(reports.button, "Run").click().run()
    assert not reports.exception
    assert "not a time period I know" in reports.error[0].value
    assert app_scalar(app_db, "SELECT count(*) FROM app.report_runs") == 0


def test_a_failed_re_run_shows_only_its_error(app_db):
    at = _ask(open_page(sign_in("manager"), "ask"), BY_CHANNEL)
    _by_label(at.text_input, "Report name").input("Channel mix")
    _by_label(at.button, "Save").click().run()
    reports = open_page(at, "reports")
    weekly_only = len(reports.get("vega_lite_chart"))                 # the weekly summary's own chart
    _by_label(reports.button, "Run").click().run()
    assert not reports.exception and not reports.error
    assert len(reports.get("vega_lite_chart")) == weekly_only + 1 and any(c.value.startswith("Run ")
                                                                           for c in reports.caption)
    _by_label(reports.text_input, "Period").input("the blue moon")
    _by_label(reports.button, "Run").click().run()
    assert not reports.exception
    assert "not a time period I know" in reports.error[0].value
    # the earlier run's chart, caption and exports are gone: nothing looks like this run's result
    assert len(reports.get("vega_lite_chart")) == weekly_only and not reports.download_button
    assert not any(c.value.startswith("Run ") for c in reports.caption)
