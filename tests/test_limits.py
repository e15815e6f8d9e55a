"""Rate limit per user per minute (Redis) and the daily LLM budget (the cost ledger)."""

from dataclasses import replace

import sqlalchemy as sa

from supportwise.errors import RateLimited
from supportwise.llm.breaker import CircuitBreaker
from supportwise.llm.chain import FallbackChain
from supportwise.llm.fake import FakeProvider
from supportwise.llm.ledger import DatabaseLedger
from supportwise.questions.context import AskContext
from supportwise.questions.limits import check_rate
from supportwise.questions.router import ask
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY

ODD = "how many of the tickets that clients raised during the most recent full calendar week were P1?"
SPEC = {"unanswerable": False, "spec": {"metric": "ticket_count", "period": {"start": "2026-11-16",
                                                                            "end": "2026-11-23"}}}


def test_rate_limit_per_user_and_minute(redis_conn):
    for _ in range(3):
        check_rate(redis_conn, "ann", 3, now=1_000_000.0)
    try:
        check_rate(redis_conn, "ann", 3, now=1_000_010.0)
        raise AssertionError("the fourth question in a minute was allowed")
    except RateLimited as exc:
        assert "Slow down" in str(exc) and "10 s" in str(exc)
    check_rate(redis_conn, "bob", 3, now=1_000_010.0)   # other users are not affected
    check_rate(redis_conn, "ann", 3, now=1_000_060.0)   # the next minute starts afresh


def test_ask_reports_slow_down_and_audits_it(seeded_db, test_settings, redis_conn):
    ctx = AskContext(seeded_db, replace(test_settings, rate_limit_per_min=2), Principal("ann", "manager"),
                     TEST_TODAY, redis=redis_conn)
    answers = [ask("tickets last week", ctx) for _ in range(3)]
    assert [a.status for a in answers] == ["ok", "ok", "error"] and "Slow down" in answers[2].reason
    with seeded_db.app.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM app.audit_log WHERE status = 'error'")).scalar() == 1


def _spend(db, username, usd):
    with db.app.begin() as conn:
        conn.execute(sa.text("INSERT INTO app.llm_calls (username, provider, model, purpose, cost_usd, ok) "
                             "VALUES (:u, 'anthropic', 'claude-sonnet-4-5', 'question_spec', :c, true)"),
                     {"u": username, "c": usd})


def _ctx(db, settings, provider, budget):
    chain = FallbackChain([provider], CircuitBreaker(), DatabaseLedger(db.app))
    return AskContext(db, replace(settings, daily_budget_usd=budget), Principal("ann", "manager"), TEST_TODAY,
                      llm=chain)


def test_budget_warning_from_80_percent(seeded_db, test_settings):
    _spend(seeded_db, "ann", 0.85)
    answer = ask(ODD, _ctx(seeded_db, test_settings, FakeProvider([SPEC]), budget=1.0))
    assert answer.status == "ok" and answer.engine == "llm:fake"
    assert any("% of today's LLM budget" in n for n in answer.notices)


def test_budget_exhausted_falls_back_to_offline_only(seeded_db, test_settings):
    _spend(seeded_db, "ann", 1.0)
    provider = FakeProvider([SPEC])
    answer = ask(ODD, _ctx(seeded_db, test_settings, provider, budget=1.0))
    assert answer.status == "unanswerable" and "budget" in answer.reason and provider.call_count == 0
    offline = ask("tickets last week", _ctx(seeded_db, test_settings, provider, budget=1.0))
    assert offline.status == "ok" and offline.engine == "semantic"
