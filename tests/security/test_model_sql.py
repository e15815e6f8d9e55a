"""Hostile SQL in the model's reply: refused by the guard (or kept inside the team scope), never run, audited.

Table-driven from model_sql.yaml (writes, other tables, the catalog, several statements, functions,
scope escapes) and every case of hostile_sql.yaml, each as the SQL a scripted model writes for a
question the offline engine declines — through the whole ask(): guard, scope, reader role, audit.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from supportwise.llm.breaker import CircuitBreaker
from supportwise.llm.chain import FallbackChain
from supportwise.llm.fake import FakeProvider
from supportwise.llm.ledger import MemoryLedger
from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY

HERE = Path(__file__).parent
CASES = yaml.safe_load((HERE / "model_sql.yaml").read_text())
HOSTILE = yaml.safe_load((HERE / "hostile_sql.yaml").read_text())
WHO = {"manager": Principal("maria", "manager"), "lead": Principal("lee", "team_lead", "Frontline")}
QUESTION = "flurbish: something the query specification cannot say"
# what a refused statement must not have changed or created
STATE = ("SELECT (SELECT count(*) FROM tickets), (SELECT sum(length(status)) FROM tickets), "
         "(SELECT count(*) FROM comments), (SELECT count(*) FROM pg_class WHERE relname = 'stolen')")


def _ask(db, settings, sql: str, who: Principal):
    model = FakeProvider.writing_sql(sql, name="anthropic", model="claude-sonnet-4-5")
    ctx = AskContext(db, settings, who, TEST_TODAY, llm=FallbackChain([model], CircuitBreaker(), MemoryLedger()))
    started = time.perf_counter()
    answer = ask(QUESTION, ctx)
    return answer, time.perf_counter() - started


def _state(db):
    with db.admin.connect() as conn:
        return tuple(conn.execute(sa.text(STATE)).one())


def _last_audit(db):
    with db.admin.connect() as conn:
        return conn.execute(sa.text("SELECT status, engine, sql, cost_usd, detail FROM app.audit_log "
                                    "ORDER BY id DESC LIMIT 1")).one()


def test_corpus_covers_every_family():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)) and len(CASES) >= 40
    text = " ".join(c["sql"].lower() for c in CASES)
    for family in ("delete", "app.users", "pg_catalog", ";", "pg_sleep", "dblink", "information_schema"):
        assert family in text
    assert sum(1 for c in CASES if c["as"] == "lead" and c["expect"] != "rejected") >= 8


def _assert_refused(db, answer, sql: str, seconds: float) -> None:
    assert answer.status == "rejected", (answer.status, answer.reason)
    assert answer.sql is None and answer.rows == [] and answer.engine == "llm:anthropic"
    assert "guard refused" in answer.reason and "Nothing was run" in answer.reason
    assert "Traceback" not in answer.reason
    assert seconds < 5, "nothing ran: not even a sleep"
    logged = _last_audit(db)
    assert (logged.status, logged.engine, logged.sql) == ("rejected", "llm:anthropic", None)
    assert logged.detail["model_sql"] in sql, "the SQL the model wrote (a Markdown fence around it dropped)"
    assert "guard refused" in logged.detail["reason"]
    assert float(logged.cost_usd) > 0, "the refused answer still cost two LLM calls"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_model_sql_case(seeded_db, test_settings, case):
    who = WHO[case["as"]]
    before = _state(seeded_db)
    answer, seconds = _ask(seeded_db, test_settings, case["sql"], who)
    assert _state(seeded_db) == before
    expect = case["expect"]
    if expect == "rejected":
        _assert_refused(seeded_db, answer, case["sql"], seconds)
        return
    assert answer.status == "ok", answer.reason
    assert answer.sql_origin == "model" and "team = 'Frontline'" in answer.sql
    if expect == "team_only":
        column = answer.columns.index("team")
        assert answer.rows and {row[column] for row in answer.rows} == {"Frontline"}
    else:
        with seeded_db.admin.connect() as conn:
            wanted = [list(r) for r in conn.execute(sa.text(expect["same_as"]), {"team": who.scope_team})]
        assert json.dumps(sorted(answer.to_dict()["rows"])) == json.dumps(sorted(wanted, key=str), default=str)


def test_every_hostile_guard_case_is_refused_as_model_sql(seeded_db, test_settings):
    before = _state(seeded_db)
    wrong = []
    for case in HOSTILE:
        answer, seconds = _ask(seeded_db, test_settings, case["sql"], WHO["manager"])
        try:
            if not case["sql"].strip():  # no SQL at all: the model declined, nothing to refuse
                assert answer.status == "unanswerable" and answer.sql is None
                continue
            _assert_refused(seeded_db, answer, case["sql"], seconds)
        except AssertionError as exc:
            wrong.append(f"{case['id']}: {exc}")
    assert not wrong, "\n".join(wrong)
    assert _state(seeded_db) == before
    assert len(HOSTILE) >= 100


INJECTIONS = yaml.safe_load((HERE / "prompt_injection.yaml").read_text())
OBEDIENT_SQL = ["SELECT team, count(*) AS n FROM tickets GROUP BY team",   # every team's tickets
                "SELECT username, password_hash FROM app.users"]           # what the injection asked for


@pytest.mark.parametrize("sql", OBEDIENT_SQL, ids=["all_teams", "app_users"])
def test_an_injected_question_gets_model_sql_only_within_the_rules(seeded_db, test_settings, sql):
    lead = WHO["lead"]
    before = _state(seeded_db)
    wrong = []
    for question in INJECTIONS:
        model = FakeProvider.writing_sql(sql, name="anthropic", model="claude-sonnet-4-5")
        ctx = AskContext(seeded_db, test_settings, lead, TEST_TODAY,
                         llm=FallbackChain([model], CircuitBreaker(), MemoryLedger()))
        answer = ask(question, ctx)
        if answer.status == "ok":
            teams = {row[0] for row in answer.rows}
            if answer.sql_origin == "model" and (teams != {"Frontline"} or "team = 'Frontline'" not in answer.sql):
                wrong.append(f"{question}: {answer.rows}")
        elif answer.status not in ("rejected", "unanswerable") or answer.sql is not None:
            wrong.append(f"{question}: {answer.status} {answer.sql}")
    assert not wrong, "\n".join(wrong)
    assert _state(seeded_db) == before
