"""The SQL request through the real vendor SDKs, against recorded responses on 127.0.0.1.

For each vendor: what the SDK sends for the SQL request (its tool or JSON schema, the SQL system
prompt, no data), how the reply becomes one SELECT with its cost, and the whole ask() on the seeded
database — a recorded "the spec cannot express this", then a recorded SELECT (answered, with the
right number) or a recorded hostile statement (refused, nothing run). Also: one vendor failing
on the SQL request falls back to the next.
"""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from supportwise.engine.llm_sql import reply_schema, sql_schema_text, write_sql_with_llm
from supportwise.llm.base import Usage
from supportwise.llm.breaker import CircuitBreaker
from supportwise.llm.chain import FallbackChain
from supportwise.llm.ledger import DatabaseLedger, MemoryLedger
from supportwise.llm.pricing import cost_usd
from supportwise.llm.prompts import SQL_TOOL, sql_system_prompt
from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY
from tests.llm.replay_server import ReplayServer
from tests.llm.test_llm_providers import VENDORS, Vendor

pytestmark = pytest.mark.filterwarnings("ignore:The model 'claude-sonnet-4-5' is deprecated:DeprecationWarning")

QUESTION = "flurbish: how many customers have raised more than ten tickets?"
SQL = ("SELECT count(*) AS customers FROM (SELECT requester_id FROM tickets GROUP BY requester_id "
       "HAVING count(*) > 10) AS c")
WHO = Principal("maria", "manager")
RECORDED = {  # (spec reply saying SQL is needed, SQL reply, hostile SQL reply, its usage)
    "anthropic": ("anthropic/messages_spec_needs_sql", "anthropic/messages_sql_tool_use",
                  "anthropic/messages_sql_hostile", (2391, 58)),
    "gemini": ("gemini/generate_content_spec_needs_sql", "gemini/generate_content_sql",
               "gemini/generate_content_sql_hostile", (2077, 61 + 210)),
    "openai": ("openai/chat_completion_spec_needs_sql", "openai/chat_completion_sql",
               "openai/chat_completion_sql_hostile", (1760, 55)),
}
SENT_TOOL = {"anthropic": lambda body: (body["tool_choice"]["name"], body["tools"][0]["name"]),
             "gemini": lambda body: (SQL_TOOL, SQL_TOOL),  # JSON mode: no tool name on the wire
             "openai": lambda body: (body["response_format"]["json_schema"]["name"],) * 2}
by_name = pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.name)


def _repeaters(db) -> int:
    with db.admin.connect() as conn:
        per_customer = Counter(r[0] for r in conn.execute(sa.text("SELECT requester_id FROM tickets")))
    return sum(1 for n in per_customer.values() if n > 10)


@by_name
def test_the_sql_request_and_its_reply(vendor: Vendor, replay: ReplayServer):
    replay.reply(200, RECORDED[vendor.name][1])
    provider = vendor.make(replay.url)
    ledger = MemoryLedger()
    written = write_sql_with_llm(QUESTION, TEST_TODAY, FallbackChain([provider], CircuitBreaker(), ledger), WHO)
    assert written.sql == SQL, "one SELECT, any Markdown fence around it dropped"
    inputs, outputs = RECORDED[vendor.name][3]
    assert written.provider == vendor.name
    assert written.cost_usd == pytest.approx(cost_usd(vendor.name, provider.model, Usage(inputs, outputs)))
    [request] = replay.requests
    assert vendor.sent_schema(request.body) == reply_schema()
    assert vendor.sent_system(request.body) == sql_system_prompt(sql_schema_text())
    assert SENT_TOOL[vendor.name](request.body) == (SQL_TOOL, SQL_TOOL)
    assert QUESTION in str(request.body) and "2026-11-23" in str(request.body)
    assert [(c["purpose"], c["ok"]) for c in ledger.calls] == [("question_sql", True)]


def _ctx(db, settings, *providers):
    chain = FallbackChain(list(providers), CircuitBreaker(), DatabaseLedger(db.app))
    return AskContext(db, settings, WHO, TEST_TODAY, llm=chain)


@by_name
def test_a_recorded_select_answers_the_question_on_the_database(vendor: Vendor, replay: ReplayServer, seeded_db,
                                                                test_settings):
    spec, sql, _, _ = RECORDED[vendor.name]
    replay.reply(200, spec).reply(200, sql)
    answer = ask(QUESTION, _ctx(seeded_db, test_settings, vendor.make(replay.url)))
    assert answer.status == "ok", answer.reason
    assert answer.rows == [[_repeaters(seeded_db)]] and answer.engine == f"llm:{vendor.name}"
    assert answer.sql_origin == "model" and "checked by the guard" in answer.interpretation
    with seeded_db.admin.connect() as conn:
        calls = conn.execute(sa.text("SELECT purpose, ok, cost_usd FROM app.llm_calls ORDER BY id")).all()
    assert [(c.purpose, c.ok) for c in calls] == [("question_spec", True), ("question_sql", True)]
    assert answer.cost_usd == pytest.approx(float(sum(c.cost_usd for c in calls)), abs=2e-6)


@by_name
def test_a_recorded_hostile_statement_is_refused_and_not_run(vendor: Vendor, replay: ReplayServer, seeded_db,
                                                             test_settings):
    spec, _, hostile, _ = RECORDED[vendor.name]
    replay.reply(200, spec).reply(200, hostile)
    with seeded_db.admin.connect() as conn:
        before = conn.execute(sa.text("SELECT count(*) FROM tickets")).scalar_one()
    answer = ask(QUESTION, _ctx(seeded_db, test_settings, vendor.make(replay.url)))
    assert answer.status == "rejected" and answer.sql is None and "guard refused" in answer.reason
    with seeded_db.admin.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM tickets")).scalar_one() == before
        logged = conn.execute(sa.text("SELECT status, detail FROM app.audit_log ORDER BY id DESC LIMIT 1")).one()
    assert logged.status == "rejected" and logged.detail["model_sql"] in str(replay.queue[-1].body.decode())


def test_a_vendor_failing_on_the_sql_request_falls_back_to_the_next(seeded_db, test_settings):
    anthropic, gemini = VENDORS[0], VENDORS[1]
    with ReplayServer() as first, ReplayServer() as second:
        first.reply(200, RECORDED["anthropic"][0]).reply(529, "anthropic/error_529")
        second.reply(200, RECORDED["gemini"][1])
        answer = ask(QUESTION, _ctx(seeded_db, test_settings, anthropic.make(first.url), gemini.make(second.url)))
        assert len(first.requests) == 2 and len(second.requests) == 1
    assert answer.status == "ok" and answer.engine == "llm:gemini" and answer.rows == [[_repeaters(seeded_db)]]
    with seeded_db.admin.connect() as conn:
        calls = conn.execute(sa.text("SELECT provider, purpose, ok FROM app.llm_calls ORDER BY id")).all()
    assert [tuple(c) for c in calls] == [("anthropic", "question_spec", True), ("anthropic", "question_sql", False),
                                        ("gemini", "question_sql", True)]


def test_the_fake_scripts_each_request_kind_in_its_own_turn():
    from supportwise.errors import ProviderError
    from supportwise.llm.fake import FakeProvider
    from supportwise.llm.prompts import SPEC_TOOL

    fake = FakeProvider(by_tool={SPEC_TOOL: [{"n": 1}, {"n": 2}], SQL_TOOL: [{"sql": "SELECT 1"}]}, fail_times=1)

    def ask_(tool):
        return fake.structured(system="s", prompt="p", schema={}, tool_name=tool, timeout_s=1).data

    with pytest.raises(ProviderError):
        ask_(SPEC_TOOL)  # the scripted failure
    assert [ask_(SPEC_TOOL), ask_(SQL_TOOL), ask_(SPEC_TOOL), ask_(SQL_TOOL)] == [
        {"n": 1}, {"sql": "SELECT 1"}, {"n": 2}, {"sql": "SELECT 1"}]


@pytest.mark.parametrize("reply, sql", [
    ("SELECT 1", "SELECT 1"),
    ("```sql\nSELECT 1\n```", "SELECT 1"),
    ("```\nSELECT 1\n```", "SELECT 1"),
    ("  SELECT 1;  ", "SELECT 1;"),
])
def test_a_fence_around_the_statement_is_dropped(reply, sql):
    from supportwise.llm.fake import FakeProvider

    chain = FallbackChain([FakeProvider([{"unanswerable": False, "sql": reply}])], CircuitBreaker(), MemoryLedger())
    assert write_sql_with_llm(QUESTION, TEST_TODAY, chain, WHO).sql == sql


def test_a_model_without_sql_declines_with_the_first_steps_reason():
    from supportwise.errors import Unanswerable
    from supportwise.llm.fake import FakeProvider

    chain = FallbackChain([FakeProvider([{"unanswerable": False}])], CircuitBreaker(), MemoryLedger())
    with pytest.raises(Unanswerable, match="no field for staffing"):
        write_sql_with_llm(QUESTION, TEST_TODAY, chain, WHO, declined="no field for staffing")
