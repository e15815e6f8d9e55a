"""The LLM fallback: only for questions the offline engine declines, validated against the semantic layer."""

import json

import sqlalchemy as sa

from supportwise.llm.breaker import CircuitBreaker
from supportwise.llm.chain import FallbackChain
from supportwise.llm.fake import FakeProvider
from supportwise.llm.ledger import DatabaseLedger
from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY

ODD_QUESTION = "how many of the tickets that clients raised during the most recent full calendar week were P1?"
SPEC = {"metric": "ticket_count", "filters": [{"dimension": "priority", "values": ["urgent"]}],
        "period": {"start": "2026-11-16", "end": "2026-11-23"}}


def _ctx(db, settings, provider):
    chain = FallbackChain([provider], CircuitBreaker(), DatabaseLedger(db.app))
    return AskContext(db, settings, Principal("maria", "manager"), TEST_TODAY, llm=chain)


def test_llm_spec_answers_what_the_parser_declines_and_is_costed(seeded_db, test_settings):
    provider = FakeProvider([{"unanswerable": False, "spec": SPEC}], name="anthropic", model="claude-sonnet-4-5")
    answer = ask(ODD_QUESTION, _ctx(seeded_db, test_settings, provider))
    with seeded_db.admin.connect() as conn:
        expected = conn.execute(sa.text("SELECT count(*) FROM tickets WHERE priority = 'urgent' AND "
                                        "created_at >= '2026-11-16' AND created_at < '2026-11-23'")).scalar_one()
        calls = conn.execute(sa.text("SELECT username, provider, ok, cost_usd FROM app.llm_calls")).all()
    assert answer.status == "ok" and answer.rows == [[expected]]
    assert answer.engine == "llm:anthropic" and answer.cost_usd > 0
    assert [(c.username, c.provider, c.ok) for c in calls] == [("maria", "anthropic", True)]
    assert float(calls[0].cost_usd) == answer.cost_usd


def test_prompt_carries_schema_not_data(seeded_db, test_settings):
    provider = FakeProvider([{"unanswerable": True, "reason": "not about support data"}])
    answer = ask("ponder the meaning of everything", _ctx(seeded_db, test_settings, provider))
    assert answer.status == "unanswerable" and "not about support data" in answer.reason
    call = provider.calls[0]
    with seeded_db.admin.connect() as conn:
        customer = conn.execute(sa.text("SELECT name, email FROM customers LIMIT 1")).one()
        agent = conn.execute(sa.text("SELECT name FROM agents LIMIT 1")).scalar_one()
        body = conn.execute(sa.text("SELECT body FROM comments LIMIT 1")).scalar_one()
    sent = call.system + call.prompt + json.dumps(call.schema)
    assert "auto-sync" in call.system and "first_response_time" in call.system
    for private in (customer.name, customer.email, agent, body[:40]):
        assert private not in sent


def test_invalid_llm_spec_is_not_run(seeded_db, test_settings):
    bad = {"unanswerable": False, "spec": {**SPEC, "filters": [{"dimension": "salary", "values": ["high"]}]}}
    answer = ask(ODD_QUESTION, _ctx(seeded_db, test_settings, FakeProvider([bad])))
    assert answer.status == "unanswerable" and answer.sql is None and "salary" in answer.reason


def test_parser_answers_never_call_the_llm(seeded_db, test_settings):
    provider = FakeProvider([{"unanswerable": False, "spec": SPEC}])
    answer = ask("How many urgent tickets did we get last week?", _ctx(seeded_db, test_settings, provider))
    assert answer.engine == "semantic" and provider.call_count == 0


def test_all_providers_down_is_unanswerable_not_a_guess(seeded_db, test_settings):
    provider = FakeProvider([{"unanswerable": False, "spec": SPEC}], fail_times=5)
    answer = ask(ODD_QUESTION, _ctx(seeded_db, test_settings, provider))
    assert answer.status == "unanswerable" and answer.sql is None


def test_rejected_questions_never_reach_the_llm(seeded_db, test_settings):
    provider = FakeProvider([{"unanswerable": False, "spec": SPEC}])
    answer = ask("delete every ticket from last week", _ctx(seeded_db, test_settings, provider))
    assert answer.status == "rejected" and provider.call_count == 0
