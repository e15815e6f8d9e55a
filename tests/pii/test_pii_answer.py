"""mask_answer / mask_records: admin sees data as stored, every other role sees placeholders.

The one exception: a team lead sees the full names of their own team's agents (issue 11 item 6).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from supportwise.pii import build_masker, mask_answer, mask_records
from supportwise.pii.masker import clear_cache
from supportwise.questions.answer import Answer
from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records.roles import ROLES, Principal
from tests.conftest import TEST_TODAY

ADMIN = Principal.local_admin()
OTHERS = [Principal("tl", "team_lead", "Billing"), Principal("mgr", "manager"), Principal("vw", "viewer")]

CUSTOMER_SQL = """
SELECT c.name, c.email, c.phone, o.name AS organization_name, count(t.id) AS tickets,
       min(t.created_at) AS first_ticket, avg(t.reopens)::numeric(6,2) AS avg_reopens,
       (SELECT body FROM comments cm JOIN tickets t2 ON t2.id = cm.ticket_id
         WHERE t2.requester_id = c.id AND cm.author_type = 'customer' ORDER BY cm.id LIMIT 1) AS first_comment
FROM customers c JOIN organizations o ON o.id = c.organization_id JOIN tickets t ON t.requester_id = c.id
GROUP BY c.id, o.name ORDER BY count(t.id) DESC, c.id LIMIT 25
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
                  sql=f"SELECT … WHERE c.name = '{rows[0][0]}' AND c.email = '{rows[0][1]}'")


def test_every_role_but_admin_lacks_pii():
    assert [r for r in ROLES if Principal("x", r, "Billing").sees_pii] == ["admin"]


def test_admin_sees_the_answer_as_stored(seeded_db):
    answer = _customer_answer(seeded_db)
    masker = build_masker(seeded_db.reader)
    assert mask_answer(answer, ADMIN, masker) is answer


@pytest.mark.parametrize("who", OTHERS, ids=lambda p: p.role)
def test_other_roles_see_placeholders(seeded_db, who):
    answer = _customer_answer(seeded_db)
    raw_rows = [list(r) for r in answer.rows]
    masked = mask_answer(answer, who, build_masker(seeded_db.reader))
    assert masked is not answer and answer.rows == raw_rows          # the original is not modified
    assert masked.columns == answer.columns and len(masked.rows) == len(answer.rows)
    for n, (raw, row) in enumerate(zip(answer.rows, masked.rows), start=1):
        name, email, phone, org, tickets, first_ticket, avg_reopens, comment = row
        # each requester is a different person: numbered placeholders keep them apart
        assert (name, email) == (f"<PERSON {n}>", f"<EMAIL {n}>") and phone in (None, *[f"<PHONE {i}>"
                                                                                         for i in range(1, n + 1)])
        assert (phone is None) == (raw[2] is None)
        assert org == raw[3]                                          # organization names are not personal
        assert tickets == raw[4] and isinstance(tickets, int)
        assert first_ticket == raw[5] and isinstance(first_ticket, dt.datetime)
        assert avg_reopens == raw[6] and isinstance(avg_reopens, Decimal)
        for value in raw[:3]:
            if value:
                assert value not in (comment or "")
        assert raw[0] not in masked.interpretation and raw[1] not in masked.sql
    assert masked.interpretation == "Tickets by requester · top is <PERSON>"
    assert masked.sql == "SELECT … WHERE c.name = '<PERSON>' AND c.email = '<EMAIL>'"
    assert masked.to_json()                                           # still serialisable


def test_missing_principal_is_masked(seeded_db):
    answer = _customer_answer(seeded_db)
    assert mask_answer(answer, None, build_masker(seeded_db.reader)).rows[0][0] == "<PERSON 1>"


def test_breakdown_by_agent_from_the_pipeline(seeded_db, test_settings):
    manager = Principal("mgr", "manager")
    answer = ask("tickets solved per agent this month", AskContext(seeded_db, test_settings, manager, TEST_TODAY))
    assert answer.status == "ok" and answer.columns == ["agent", "tickets"]
    masker = build_masker(seeded_db.reader)
    assert mask_answer(answer, ADMIN, masker).rows == answer.rows
    masked = mask_answer(answer, manager, masker)
    assert [r[1] for r in masked.rows] == [r[1] for r in answer.rows]
    assert sum(r[1] for r in masked.rows) == sum(r[1] for r in answer.rows)
    # Agents stay told apart, without names: <PERSON 1> is the first row's agent, and so on.
    named = [r[0] for r in answer.rows if r[0] is not None]
    numbered = [r[0] for r in masked.rows if r[0] is not None]
    assert len(set(numbered)) == len(set(named)) > 1
    assert numbered == [f"<PERSON {list(dict.fromkeys(named)).index(n) + 1}>" for n in named]
    assert mask_answer(masked, manager, masker).rows == masked.rows  # masking again changes nothing


def test_non_ok_answers_are_masked_too(seeded_db):
    with seeded_db.reader.connect() as conn:  # an agent of another team than the lead's (Billing)
        agent = conn.execute(sa.text("SELECT name FROM agents WHERE team <> 'Billing' ORDER BY id LIMIT 1")
                             ).scalar_one()
    answer = Answer(status="unanswerable", question="q", reason=f"No agent called {agent}",
                    suggestions=[f"tickets for {agent}?"])
    masker = build_masker(seeded_db.reader)
    masked = mask_answer(answer, OTHERS[0], masker)
    assert masked.rows == [] and masked.sql is None and masked.status == "unanswerable"
    assert masked.reason == "No agent called <PERSON>" and masked.suggestions == ["tickets for <PERSON>?"]


def test_mask_records(seeded_db):
    masker = build_masker(seeded_db.reader)
    with seeded_db.reader.connect() as conn:
        name, email = conn.execute(sa.text("SELECT name, email FROM customers ORDER BY id LIMIT 1")).one()
    records = [
        {"id": 1, "at": dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc), "username": "mgr",
         "question": f"tickets from {name}?", "sql": f"SELECT 1 WHERE c.email = '{email}' AND t.id = 3",
         "row_count": 4, "detail": {"requester_email": email, "note": f"called {name}"}},
        {"id": 2, "question": None, "detail": None},
    ]
    assert mask_records(records, ADMIN, masker) == records
    masked = mask_records(records, OTHERS[1], masker)
    assert masked[0]["id"] == 1 and masked[0]["at"] == records[0]["at"] and masked[0]["row_count"] == 4
    assert masked[0]["username"] == "<PERSON>"                        # a login names a person too
    assert masked[0]["question"] == "tickets from <PERSON>?"
    assert masked[0]["sql"] == "SELECT 1 WHERE c.email = '<EMAIL>' AND t.id = 3"
    assert masked[0]["detail"] == {"requester_email": "<EMAIL>", "note": "called <PERSON>"}
    assert masked[1] == records[1]
    assert records[0]["question"] == f"tickets from {name}?"           # input untouched
    assert mask_records(None, OTHERS[0], masker) == []


def _agents(db, team: str) -> tuple[list[str], list[str]]:
    """The names of ``team``'s agents and of every other team's agents."""
    with db.reader.connect() as conn:
        rows = conn.execute(sa.text("SELECT name, team FROM agents ORDER BY id")).all()
    return [n for n, t in rows if t == team], [n for n, t in rows if t != team]


@pytest.mark.parametrize("question", ["top 5 agents by tickets solved this month", "CSAT by agent this month"])
def test_team_lead_sees_their_own_agents_by_name(seeded_db, test_settings, question):
    lead = Principal("tl", "team_lead", "Frontline")
    own, others = _agents(seeded_db, "Frontline")
    answer = ask(question, AskContext(seeded_db, test_settings, lead, TEST_TODAY))
    assert answer.status == "ok", answer.reason
    agent_column = answer.columns.index("agent")
    shown = [row[agent_column] for row in answer.rows if row[agent_column] is not None]
    assert shown and set(shown) <= set(own)                          # names, not <PERSON n>, all of the team
    assert not any(cell.startswith("<PERSON") for cell in shown)
    # a manager (no team scope) still sees placeholders for the same kind of answer
    masked = ask(question, AskContext(seeded_db, test_settings, Principal("mgr", "manager"), TEST_TODAY))
    assert all(row[0] is None or row[0].startswith("<PERSON ") for row in masked.rows)


def test_team_lead_still_sees_customers_and_other_teams_masked(seeded_db):
    own, others = _agents(seeded_db, "Billing")
    lead = OTHERS[0]                                                  # team lead of Billing
    with seeded_db.reader.connect() as conn:
        customer, email = conn.execute(sa.text("SELECT name, email FROM customers ORDER BY id LIMIT 1")).one()
        agent_email = conn.execute(sa.text("SELECT email FROM agents WHERE name = :n"), {"n": own[0]}).scalar_one()
    answer = Answer(status="ok", question="q", columns=["agent", "agent_email", "customer", "tickets"],
                    rows=[[own[0], agent_email, customer, 3], [others[0], None, customer, 2]],
                    interpretation=f"{own[0]} and {others[0]} helped {customer} ({email})",
                    sql=f"SELECT … WHERE a.name = '{own[0]}' OR a.name = '{others[0]}'")
    masked = mask_answer(answer, lead, build_masker(seeded_db.reader))
    assert masked.rows == [[own[0], "<EMAIL 1>", "<PERSON 1>", 3], ["<PERSON 1>", None, "<PERSON 1>", 2]]
    assert masked.interpretation == f"{own[0]} and <PERSON> helped <PERSON> (<EMAIL>)"
    assert masked.sql == f"SELECT … WHERE a.name = '{own[0]}' OR a.name = '<PERSON>'"
    # records (audit views, exports) follow the same rule
    record = mask_records([{"agent": own[0], "note": f"{others[0]} called {customer}"}], lead,
                          build_masker(seeded_db.reader))
    assert record == [{"agent": own[0], "note": "<PERSON> called <PERSON>"}]


def test_an_agent_who_shares_a_customers_name_stays_masked(seeded_db):
    own, _ = _agents(seeded_db, "Billing")
    with seeded_db.admin.begin() as conn:
        conn.execute(sa.text("INSERT INTO customers (id, organization_id, name, email, phone, created_at) "
                             "VALUES (999002, 1, :name, 'twin@example.com', NULL, now())"), {"name": own[0]})
    masker = build_masker(seeded_db.reader).for_team("Billing")
    assert masker.mask_text(f"{own[0]} wrote") == "<PERSON> wrote"
    assert masker.mask_text(f"{own[1]} wrote") == f"{own[1]} wrote"
