"""export_answer: every format round-trips the answer's rows, chart files are well formed, each export is audited."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from supportwise.charts import choose_chart
from supportwise.errors import InvalidInput
from supportwise.questions.answer import Answer
from supportwise.records.roles import Principal
from supportwise.views.exports import FORMATS, export_answer, export_filename

ADMIN = Principal.local_admin()
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc)
WEEKS = [dt.date(2026, 10, 5) + dt.timedelta(weeks=i) for i in range(4)]
COLUMNS = ["week", "channel", "tickets", "avg_first_response_hours", "first_ticket_at", "escalated"]
ROWS = [
    [WEEKS[0], "email", 412, Decimal("4.25"), dt.datetime(2026, 10, 5, 8, 15, tzinfo=dt.timezone.utc), True],
    [WEEKS[1], "chat", 80, Decimal("1.5"), dt.datetime(2026, 10, 12, 0, 1, tzinfo=dt.timezone.utc), False],
    [WEEKS[2], "api", 37, None, None, None],
    [WEEKS[3], "web, portal", 120, Decimal("12.125"), dt.datetime(2026, 10, 19, 23, 59, tzinfo=dt.timezone.utc), True],
]


def _answer(columns=COLUMNS, rows=ROWS, **kwargs) -> Answer:
    fields = {"status": "ok", "question": "Tickets by week and channel, last month?", "columns": list(columns),
              "rows": [list(r) for r in rows], "interpretation": "Tickets · created 2026-10-01 – 2026-10-31 · count",
              "sql": "SELECT …", "chart": {"type": "table", "x": None, "y": None}}
    return Answer(**{**fields, **kwargs})


def _expected() -> pd.DataFrame:
    """The answer as a reader of the file should see it: numbers as numbers, dates as dates."""
    return pd.DataFrame({
        "week": WEEKS, "channel": ["email", "chat", "api", "web, portal"], "tickets": [412, 80, 37, 120],
        "avg_first_response_hours": [4.25, 1.5, np.nan, 12.125],
        "first_ticket_at": pd.to_datetime(["2026-10-05T08:15:00Z", "2026-10-12T00:01:00Z", None,
                                           "2026-10-19T23:59:00Z"], utc=True),
        "escalated": [True, False, None, True]})


def _audit_rows(db) -> list[dict]:
    with db.app.connect() as conn:
        return [dict(r) for r in conn.execute(sa.text(
            "SELECT username, role, action, question, sql, row_count, status, detail FROM app.audit_log "
            "WHERE action = 'export' ORDER BY id")).mappings()]


def test_csv_round_trip(db):
    out = export_answer(_answer(), "csv", principal=ADMIN, db=db, now=NOW)
    assert out.mime == "text/csv" and out.filename == "tickets-by-week-and-channel-last-month-2026-11-23.csv"
    back = pd.read_csv(io.BytesIO(out.data))
    want = _expected()
    assert list(back.columns) == COLUMNS
    assert back["week"].tolist() == [w.isoformat() for w in WEEKS]
    assert back["tickets"].tolist() == want["tickets"].tolist() and back["tickets"].dtype == "int64"
    pd.testing.assert_series_equal(back["avg_first_response_hours"], want["avg_first_response_hours"])
    pd.testing.assert_series_equal(pd.to_datetime(back["first_ticket_at"], utc=True), want["first_ticket_at"],
                                   check_dtype=False)
    assert back["channel"].tolist() == want["channel"].tolist()      # the comma inside a value is quoted


def test_xlsx_round_trip(db):
    out = export_answer(_answer(), "xlsx", principal=ADMIN, db=db, now=NOW)
    assert out.mime == FORMATS["xlsx"].mime and out.filename.endswith(".xlsx")
    sheets = pd.read_excel(io.BytesIO(out.data), sheet_name=None)
    assert list(sheets) == ["Answer", "About"]
    back, want = sheets["Answer"], _expected()
    assert list(back.columns) == COLUMNS
    assert [d.date() for d in back["week"]] == WEEKS                        # real Excel dates
    assert back["tickets"].tolist() == want["tickets"].tolist()
    pd.testing.assert_series_equal(back["avg_first_response_hours"], want["avg_first_response_hours"])
    assert back["first_ticket_at"].tolist()[:2] == [pd.Timestamp("2026-10-05 08:15"), pd.Timestamp("2026-10-12 00:01")]
    sheet = openpyxl.load_workbook(io.BytesIO(out.data))["Answer"]
    assert [sheet.cell(row=r, column=6).value for r in range(2, 6)] == [True, False, None, True]
    about = dict(openpyxl.load_workbook(io.BytesIO(out.data))["About"].iter_rows(values_only=True))
    assert about["Question"] == "Tickets by week and channel, last month?" and about["SQL"] == "SELECT …"


def test_json_round_trip_with_metadata(db):
    out = export_answer(_answer(), "json", principal=ADMIN, db=db, now=NOW)
    document = json.loads(out.data)
    assert out.mime == "application/json"
    assert {k: document[k] for k in ("question", "interpretation", "sql", "generated_at", "columns", "row_count")} == {
        "question": "Tickets by week and channel, last month?",
        "interpretation": "Tickets · created 2026-10-01 – 2026-10-31 · count", "sql": "SELECT …",
        "generated_at": "2026-11-23T09:30:00+00:00", "columns": COLUMNS, "row_count": 4}
    back = pd.DataFrame(document["records"])
    assert back["week"].tolist() == [w.isoformat() for w in WEEKS]
    assert document["records"][0] == {"week": "2026-10-05", "channel": "email", "tickets": 412,
                                      "avg_first_response_hours": 4.25, "first_ticket_at": "2026-10-05T08:15:00+00:00",
                                      "escalated": True}
    assert document["records"][2]["avg_first_response_hours"] is None


def test_parquet_round_trip_keeps_types(db):
    out = export_answer(_answer(), "parquet", principal=ADMIN, db=db, now=NOW)
    assert out.mime == "application/vnd.apache.parquet" and out.data[:4] == b"PAR1"
    table = pq.read_table(io.BytesIO(out.data))
    types = {f.name: f.type for f in table.schema}
    assert types["week"] == pa.date32() and types["tickets"] == pa.int64()
    assert types["avg_first_response_hours"] == pa.float64() and types["escalated"] == pa.bool_()
    assert pa.types.is_timestamp(types["first_ticket_at"]) and types["first_ticket_at"].tz == "UTC"
    about = json.loads(table.schema.metadata[b"supportwise"])
    assert about["question"] == "Tickets by week and channel, last month?" and about["sql"] == "SELECT …"
    back, want = pd.read_parquet(io.BytesIO(out.data)), _expected()
    assert back["week"].tolist() == WEEKS and back["tickets"].tolist() == want["tickets"].tolist()
    pd.testing.assert_series_equal(back["avg_first_response_hours"], want["avg_first_response_hours"])
    assert back["first_ticket_at"].tolist()[0] == want["first_ticket_at"][0]
    assert back["escalated"].tolist()[:2] == [True, False] and pd.isna(back["escalated"][2])


def test_durations_are_hours_and_duplicate_names_are_told_apart(db):
    answer = _answer(columns=["name", "name", "wait"], rows=[["a", "b", dt.timedelta(minutes=90)]])
    back = pd.read_parquet(io.BytesIO(export_answer(answer, "parquet", principal=ADMIN, db=db).data))
    assert list(back.columns) == ["name", "name_2", "wait"] and back["wait"].tolist() == [1.5]


CHART_ANSWER = {"columns": ["channel", "tickets"], "rows": [["email", 412], ["web", 120], ["chat", 80], ["api", 37]],
                "chart": {"type": "bar", "x": "channel", "y": "tickets"}}


def test_png(db):
    out = export_answer(_answer(**CHART_ANSWER), "png", principal=ADMIN, db=db, now=NOW)
    assert out.mime == "image/png" and out.data.startswith(b"\x89PNG\r\n\x1a\n") and out.filename.endswith(".png")


def test_svg_is_xml_with_its_text_alternative(db):
    out = export_answer(_answer(**CHART_ANSWER), "svg", principal=ADMIN, db=db, now=NOW)
    root = ET.fromstring(out.data)
    assert out.mime == "image/svg+xml" and root.tag == "{http://www.w3.org/2000/svg}svg"
    text = "Bar chart of tickets by channel; highest email 412, lowest api 37; 4 categories."
    assert root.get("role") == "img" and root.get("aria-label") == text
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.find("s:title", ns).text == "Tickets by channel" and root.find("s:desc", ns).text == text


def test_html_is_interactive_and_offline(db):
    out = export_answer(_answer(**CHART_ANSWER), "html", principal=ADMIN, db=db, now=NOW)
    page = out.data.decode("utf-8")
    assert out.mime == "text/html" and page.startswith("<!DOCTYPE html>")
    assert "vegaEmbed(" in page and '"mark": {"type": "bar"' in page and '"channel": "email"' in page
    assert not re.search(r"<script[^>]+src=", page)                    # nothing fetched: the bundle is inline
    assert "cdn.jsdelivr" not in page and "<link" not in page
    assert "Bar chart of tickets by channel" in page                   # the text alternative is on the page


def test_html_cannot_be_broken_out_of_by_data(db):
    nasty = '</script><script>alert("x")</script><!--'
    answer = _answer(columns=["channel", "tickets"], rows=[[nasty, 3], ["web", 1]], question=f"tickets for {nasty}")
    page = export_answer(answer, "html", principal=ADMIN, db=db).data.decode()
    assert nasty not in page and "alert(\"x\")</script>" not in page
    assert page.count("<script") == 2


def test_chart_kind_can_be_switched(db):
    answer = _answer(**CHART_ANSWER)
    plan = choose_chart(answer.columns, answer.rows, answer.chart)
    out = export_answer(answer, "svg", principal=ADMIN, db=db, plan=plan, kind="pie")
    assert ET.fromstring(out.data).get("aria-label").startswith("Pie chart of tickets by channel")
    with pytest.raises(InvalidInput, match="bar, pie, table"):
        export_answer(answer, "svg", principal=ADMIN, db=db, plan=plan, kind="scatter")


def test_a_long_series_exports_every_row(db):
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    rows = [[start + dt.timedelta(hours=i), float(i % 97)] for i in range(10_000)]
    answer = _answer(columns=["created_at", "resolution_hours"], rows=rows)
    back = pd.read_csv(io.BytesIO(export_answer(answer, "csv", principal=ADMIN, db=db).data))
    assert len(back) == 10_000
    assert export_answer(answer, "png", principal=ADMIN, db=db).data.startswith(b"\x89PNG")


def test_every_export_is_audited(db):
    answer = _answer(**CHART_ANSWER)
    lead = Principal("lead", "team_lead", "Billing")
    for fmt in FORMATS:
        export_answer(answer, fmt, principal=lead, db=db, now=NOW)
    rows = _audit_rows(db)
    assert [r["detail"]["format"] for r in rows] == list(FORMATS)
    for row, fmt in zip(rows, FORMATS):
        assert (row["username"], row["role"], row["action"], row["status"]) == ("lead", "team_lead", "export", "ok")
        assert row["question"] == answer.question and row["sql"] == "SELECT …" and row["row_count"] == 4
        assert row["detail"]["filename"] == f"tickets-by-week-and-channel-last-month-2026-11-23.{fmt}"
        assert row["detail"]["bytes"] > 0


def test_empty_answers_export_headers_only(db):
    empty = _answer(rows=[])
    assert export_answer(empty, "csv", principal=ADMIN, db=db).data.decode().strip() == ",".join(COLUMNS)
    assert list(pd.read_excel(io.BytesIO(export_answer(empty, "xlsx", principal=ADMIN, db=db).data)).columns) == COLUMNS
    document = json.loads(export_answer(empty, "json", principal=ADMIN, db=db).data)
    assert document["records"] == [] and document["columns"] == COLUMNS and document["row_count"] == 0
    back = pd.read_parquet(io.BytesIO(export_answer(empty, "parquet", principal=ADMIN, db=db).data))
    assert list(back.columns) == COLUMNS and back.empty
    for fmt in ("png", "svg", "html"):
        with pytest.raises(InvalidInput, match="no chart"):
            export_answer(empty, fmt, principal=ADMIN, db=db)
    assert [r["row_count"] for r in _audit_rows(db)] == [0, 0, 0, 0]


@pytest.mark.parametrize("status", ["unanswerable", "rejected", "error"])
def test_answers_that_are_not_ok_are_refused(db, status):
    answer = Answer(status=status, question="delete all tickets", reason="not allowed")
    with pytest.raises(InvalidInput, match=status):
        export_answer(answer, "csv", principal=ADMIN, db=db)
    assert _audit_rows(db) == []


@pytest.mark.parametrize("fmt", ["pdf", "", "CSV;rm"])
def test_unknown_formats_are_refused_with_the_list(db, fmt):
    with pytest.raises(InvalidInput, match="csv, xlsx, json, parquet, png, svg, html"):
        export_answer(_answer(), fmt, principal=ADMIN, db=db)


def test_format_names_are_case_insensitive(db):
    assert export_answer(_answer(), " CSV ", principal=ADMIN, db=db).filename.endswith(".csv")


def test_table_results_have_no_chart_file(db):
    listing = _answer(columns=["id", "subject", "status"], rows=[[1, "Login fails", "open"]])
    with pytest.raises(InvalidInput, match="CSV, XLSX, JSON or Parquet"):
        export_answer(listing, "png", principal=ADMIN, db=db)


@pytest.mark.parametrize("question, name", [
    ("Tickets by channel — last week?", "tickets-by-channel-last-week-2026-11-23.csv"),
    ("Café & crème: CSAT", "cafe-creme-csat-2026-11-23.csv"),
    ("", "answer-2026-11-23.csv"),
    ("???", "answer-2026-11-23.csv"),
    ("../../etc/passwd", "etc-passwd-2026-11-23.csv"),
    ("x" * 200, "x" * 60 + "-2026-11-23.csv"),
])
def test_file_names(question, name):
    assert export_filename(question, NOW.date(), "csv") == name


def test_text_that_looks_like_a_formula_stays_text(db):
    rows = [["=HYPERLINK(\"http://evil\",\"x\")", 1], ["+1-555", 2], ["@SUM(A1)", 3], ["plain", 4]]
    answer = _answer(columns=["subject", "tickets"], rows=rows)
    back = pd.read_csv(io.BytesIO(export_answer(answer, "csv", principal=ADMIN, db=db).data))
    assert back["subject"].tolist() == ["'" + rows[0][0], "'+1-555", "'@SUM(A1)", "plain"]
    book = openpyxl.load_workbook(io.BytesIO(export_answer(answer, "xlsx", principal=ADMIN, db=db).data))
    cells = [book["Answer"].cell(row=r, column=1) for r in range(2, 6)]
    assert [c.data_type for c in cells] == ["s"] * 4 and cells[0].value == rows[0][0]


def test_control_characters_do_not_break_the_workbook(db):
    answer = _answer(columns=["subject"], rows=[["bell\x07 and nul\x00"]])
    back = pd.read_excel(io.BytesIO(export_answer(answer, "xlsx", principal=ADMIN, db=db).data))
    assert back["subject"][0] == "bell\ufffd and nul\ufffd"


def test_odd_values_still_make_valid_files(db):
    answer = _answer(columns=["big", "nan", "long_text", "mixed"],
                     rows=[[Decimal("1e30"), Decimal("NaN"), "x" * 40_000, "text"],
                           [Decimal("2"), float("nan"), "short", 7]])
    document = json.loads(export_answer(answer, "json", principal=ADMIN, db=db).data)   # strict JSON: no NaN
    assert document["records"][0]["nan"] is None and document["records"][1]["nan"] is None
    back = pd.read_parquet(io.BytesIO(export_answer(answer, "parquet", principal=ADMIN, db=db).data))
    assert back["big"].tolist() == [1e30, 2.0] and back["mixed"].tolist() == ["text", "7"]
    sheet = pd.read_excel(io.BytesIO(export_answer(answer, "xlsx", principal=ADMIN, db=db).data))
    assert len(sheet["long_text"][0]) == 32_767 and sheet["long_text"][0].endswith("…")
