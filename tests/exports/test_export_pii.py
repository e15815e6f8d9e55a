"""Exports carry personal data only for roles that may see it, masked once however often they are masked."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
import sqlalchemy as sa

from supportwise.pii import build_masker, mask_answer
from supportwise.pii.masker import clear_cache
from supportwise.questions.answer import Answer
from supportwise.records.roles import Principal
from supportwise.views.exports import FORMATS, export_answer, masked_for

ADMIN = Principal.local_admin()
LEAD = Principal("lead", "team_lead", "Billing")

CUSTOMER_SQL = """
SELECT c.name, c.email, c.phone, o.name AS organization_name, count(t.id) AS tickets,
       (SELECT body FROM comments cm JOIN tickets t2 ON t2.id = cm.ticket_id
         WHERE t2.requester_id = c.id AND cm.author_type = 'customer' ORDER BY cm.id LIMIT 1) AS first_comment
FROM customers c JOIN organizations o ON o.id = c.organization_id JOIN tickets t ON t.requester_id = c.id
GROUP BY c.id, o.name ORDER BY count(t.id) DESC, c.id LIMIT 10
"""


@pytest.fixture(autouse=True)
def _fresh_masker_cache():
    clear_cache()
    yield
    clear_cache()


def _customer_answer(db) -> Answer:
    with db.reader.connect() as conn:
        result = conn.execute(sa.text(CUSTOMER_SQL))
        columns, rows = list(result.keys()), [list(r) for r in result]
    return Answer(status="ok", question="who files most tickets?", columns=columns, rows=rows,
                  interpretation=f"Tickets by requester · top is {rows[0][0]}",
                  sql=f"SELECT … WHERE c.email = '{rows[0][1]}'", chart={"type": "table", "x": None, "y": None})


def _personal_values(answer: Answer) -> list[str]:
    return [v for row in answer.rows for v in row[:3] if v]


def _text_of(fmt: str, data: bytes) -> str:
    if fmt == "xlsx":
        return pd.read_excel(io.BytesIO(data), sheet_name=None).__repr__() + \
            "".join(pd.read_excel(io.BytesIO(data), sheet_name=s).to_csv() for s in ("Answer", "About"))
    if fmt == "parquet":
        return pd.read_parquet(io.BytesIO(data)).to_csv()
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "parquet"])
def test_team_lead_exports_placeholders(seeded_db, fmt):
    answer = _customer_answer(seeded_db)
    text = _text_of(fmt, export_answer(answer, fmt, principal=LEAD, db=seeded_db).data)
    for value in _personal_values(answer):
        assert value not in text
    assert "<PERSON 1>" in text and "<EMAIL 1>" in text and "<PERSON 2>" in text
    assert answer.rows[0][3] in text                         # organization names are not personal


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_admin_exports_the_data_as_stored(seeded_db, fmt):
    answer = _customer_answer(seeded_db)
    text = _text_of(fmt, export_answer(answer, fmt, principal=ADMIN, db=seeded_db).data)
    assert answer.rows[0][0] in text and answer.rows[0][1] in text


def test_json_metadata_is_masked_too(seeded_db):
    answer = _customer_answer(seeded_db)
    document = json.loads(export_answer(answer, "json", principal=LEAD, db=seeded_db).data)
    assert document["interpretation"] == "Tickets by requester · top is <PERSON>"
    assert document["sql"] == "SELECT … WHERE c.email = '<EMAIL>'"
    assert document["question"] == answer.question          # the asker's own words, as mask_answer leaves them


def test_masking_twice_is_masking_once(seeded_db):
    """The Ask page hands over answers it already masked; exporting them masks again, harmlessly."""
    answer = _customer_answer(seeded_db)
    once = mask_answer(answer, LEAD, build_masker(seeded_db.reader))
    assert masked_for(once, LEAD, seeded_db) == once
    fresh = export_answer(answer, "csv", principal=LEAD, db=seeded_db).data
    again = export_answer(once, "csv", principal=LEAD, db=seeded_db).data
    assert fresh == again


def test_chart_files_are_masked(seeded_db):
    answer = _customer_answer(seeded_db)
    by_agent = Answer(status="ok", question="tickets per requester", columns=["requester", "tickets"],
                      rows=[[r[0], r[4]] for r in answer.rows], chart={"type": "bar", "x": "requester", "y": "tickets"})
    for fmt in ("svg", "html"):
        text = export_answer(by_agent, fmt, principal=LEAD, db=seeded_db).data.decode()
        for row in by_agent.rows:
            assert row[0] not in text
        assert "<PERSON 1>" in text.replace("\\u003c", "<").replace("\\u003e", ">").replace("&lt;", "<") \
            .replace("&gt;", ">")


def test_audit_sql_is_the_masked_sql(seeded_db):
    answer = _customer_answer(seeded_db)
    export_answer(answer, "csv", principal=LEAD, db=seeded_db)
    with seeded_db.app.connect() as conn:
        sql = conn.execute(sa.text("SELECT sql FROM app.audit_log WHERE action = 'export'")).scalar_one()
    assert sql == "SELECT … WHERE c.email = '<EMAIL>'"


def test_every_format_is_covered():
    assert set(FORMATS) == {"csv", "xlsx", "json", "parquet", "png", "svg", "html"}


def test_team_lead_exports_their_own_agents_by_name(seeded_db):
    with seeded_db.reader.connect() as conn:
        rows = conn.execute(sa.text("SELECT name, team FROM agents ORDER BY id")).all()
    own = next(n for n, t in rows if t == "Billing")
    other = next(n for n, t in rows if t != "Billing")
    answer = Answer(status="ok", question="top agents", columns=["agent", "tickets"], rows=[[own, 9], [other, 4]],
                    chart={"type": "bar", "x": "agent", "y": "tickets"})
    text = _text_of("csv", export_answer(answer, "csv", principal=LEAD, db=seeded_db).data)
    assert own in text and other not in text and "<PERSON 1>" in text
