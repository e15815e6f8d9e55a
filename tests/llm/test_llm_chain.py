"""FallbackChain over fake and real providers, every call read back from app.llm_calls."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from supportwise.errors import ProviderError
from supportwise.llm.anthropic_provider import AnthropicProvider
from supportwise.llm.base import Usage
from supportwise.llm.breaker import OPEN, CircuitBreaker
from supportwise.llm.chain import FallbackChain
from supportwise.llm.fake import FakeProvider
from supportwise.llm.gemini_provider import GeminiProvider
from supportwise.llm.ledger import DatabaseLedger, MemoryLedger, record_call, spend_today
from supportwise.llm.pricing import cost_usd
from supportwise.records.roles import Principal

pytestmark = pytest.mark.filterwarnings("ignore:The model 'claude-sonnet-4-5' is deprecated:DeprecationWarning")

WHO = Principal(username="mara", role="manager", department="Support Ops")
SPEC = {"unanswerable": False, "metric": "ticket_count"}
SCHEMA = {"type": "object", "properties": {"unanswerable": {"type": "boolean"}}}


def ask(chain: FallbackChain, **kwargs):
    return chain.structured(who=WHO, purpose="spec", system="rules", prompt="tickets per team",
                            schema=SCHEMA, tool_name="query_spec", fingerprint="fp-1", **kwargs)


def ledger_rows(db) -> list[dict]:
    with db.app.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.text(
            "SELECT username, department, provider, model, purpose, input_tokens, output_tokens, cost_usd, "
            "latency_ms, ok, error, fingerprint FROM app.llm_calls ORDER BY id"))]


def test_first_provider_fails_second_answers_and_both_calls_are_recorded(db):
    first = FakeProvider([SPEC], name="anthropic", model="claude-sonnet-4-5", fail_times=1)
    second = FakeProvider([SPEC], name="gemini", model="gemini-2.5-flash")
    reply = ask(FallbackChain([first, second], CircuitBreaker(), DatabaseLedger(db.app)))
    assert reply.provider == "gemini" and reply.data == SPEC
    assert (first.call_count, second.call_count) == (1, 1)
    failed, answered = ledger_rows(db)
    assert (failed["provider"], failed["ok"], failed["input_tokens"], failed["cost_usd"]) == (
        "anthropic", False, 0, Decimal("0"))
    assert failed["error"].startswith("server-error")
    assert (answered["provider"], answered["model"], answered["ok"], answered["error"]) == (
        "gemini", "gemini-2.5-flash", True, None)
    assert (answered["input_tokens"], answered["output_tokens"]) == (reply.usage.input_tokens,
                                                                     reply.usage.output_tokens)
    assert answered["cost_usd"] == Decimal(str(cost_usd("gemini", "gemini-2.5-flash", reply.usage)))
    assert answered["cost_usd"] > 0
    for row in (failed, answered):
        assert (row["username"], row["department"], row["purpose"], row["fingerprint"]) == (
            "mara", "Support Ops", "spec", "fp-1")


def test_all_providers_fail_lists_each_reason(db):
    chain = FallbackChain([FakeProvider(name="anthropic", fail_times=9, fail_reason="rate-limit"),
                           FakeProvider(name="gemini", fail_times=9, fail_reason="auth")],
                          CircuitBreaker(), DatabaseLedger(db.app))
    with pytest.raises(ProviderError) as err:
        ask(chain)
    assert "anthropic (rate-limit)" in str(err.value) and "gemini (auth)" in str(err.value)
    assert err.value.failures == (("anthropic", "rate-limit"), ("gemini", "auth"))
    assert err.value.reason == "all-failed"
    assert [(r["provider"], r["ok"]) for r in ledger_rows(db)] == [("anthropic", False), ("gemini", False)]


@pytest.mark.parametrize("garbage", ["Sure! Here is the spec you asked for.", ["metric", "ticket_count"], None])
def test_garbage_output_is_a_failure_and_the_next_provider_answers(db, garbage):
    chain = FallbackChain([FakeProvider([garbage], name="openai", model="llama3.1"),
                           FakeProvider([SPEC], name="gemini", model="gemini-2.5-flash")],
                          CircuitBreaker(), DatabaseLedger(db.app))
    assert ask(chain).provider == "gemini"
    bad, good = ledger_rows(db)
    assert (bad["provider"], bad["ok"], good["ok"]) == ("openai", False, True)
    assert bad["error"].startswith("bad-output")
    assert bad["input_tokens"] > 0, "the tokens of a useless answer are still recorded"


def test_open_circuit_is_skipped_without_a_call(clock):
    breaker = CircuitBreaker(threshold=1, clock=clock)
    breaker.record_failure("anthropic")
    skipped, answering = FakeProvider([SPEC], name="anthropic"), FakeProvider([SPEC], name="gemini")
    ledger = MemoryLedger()
    assert ask(FallbackChain([skipped, answering], breaker, ledger)).provider == "gemini"
    assert skipped.call_count == 0
    assert [c["provider"] for c in ledger.calls] == ["gemini"]


def test_repeated_failures_open_the_circuit(clock):
    flaky = FakeProvider(name="anthropic", fail_times=99)
    chain = FallbackChain([flaky, FakeProvider([SPEC], name="gemini")], CircuitBreaker(threshold=3, clock=clock),
                          MemoryLedger())
    for _ in range(5):
        ask(chain)
    assert flaky.call_count == 3 and chain.breaker.state("anthropic") == OPEN


def test_each_provider_gets_its_own_timeout():
    slow = FakeProvider([SPEC], name="anthropic", latency=8)
    fast = FakeProvider([SPEC], name="gemini", latency=0.4)
    chain = FallbackChain([slow, fast], CircuitBreaker(), MemoryLedger(), timeout_s=10,
                          timeouts={"anthropic": 5})
    reply = ask(chain)
    assert reply.provider == "gemini" and reply.latency_ms == pytest.approx(400)
    assert (slow.calls[0].timeout_s, fast.calls[0].timeout_s) == (5, 10)


def test_complete_goes_through_the_chain():
    ledger = MemoryLedger()
    chain = FallbackChain([FakeProvider(["SELECT 1"], name="openai")], CircuitBreaker(), ledger)
    reply = chain.complete(who=WHO, purpose="sql", system="rules", prompt="q")
    assert reply.text == "SELECT 1" and reply.data is None
    assert ledger.calls[0]["purpose"] == "sql" and ledger.calls[0]["ok"]


def test_no_providers_is_a_clear_error():
    with pytest.raises(ProviderError, match="No LLM provider is configured"):
        ask(FallbackChain([], CircuitBreaker(), MemoryLedger()))


def test_real_sdks_fall_back_and_are_priced_from_their_usage(db, replay, clock):
    """Anthropic answers 500, Gemini answers: recorded wire responses, real SDKs, real ledger."""
    replay.reply(500, "anthropic/error_500")
    with type(replay)() as gemini_server:
        gemini_server.reply(200, "gemini/generate_content_json")
        chain = FallbackChain([AnthropicProvider("sk-test", "claude-sonnet-4-5", base_url=replay.url),
                               GeminiProvider("g-test", "gemini-2.5-flash", base_url=gemini_server.url)],
                              CircuitBreaker(threshold=2, clock=clock), DatabaseLedger(db.app))
        for _ in range(3):
            assert ask(chain).data["metric"] == "ticket_count"
    assert len(replay.requests) == 2, "after two failures the anthropic circuit is open"
    rows = ledger_rows(db)
    assert [(r["provider"], r["ok"]) for r in rows] == [("anthropic", False), ("gemini", True)] * 2 + [
        ("gemini", True)]
    assert rows[0]["error"].startswith("server-error") and "sk-test" not in rows[0]["error"]
    assert (rows[1]["input_tokens"], rows[1]["output_tokens"], rows[1]["cost_usd"]) == (1210, 184,
                                                                                        Decimal("0.000823"))


def test_spend_today_sums_this_utc_day_for_one_user(db):
    for cost in (0.25, 0.125):
        record_call(db.app, WHO, provider="anthropic", model="claude-sonnet-4-5", purpose="spec",
                    usage=Usage(10, 5), cost_usd=cost, latency_ms=12.5, ok=True, error=None, fingerprint=None)
    other = Principal(username="olu", role="viewer")
    record_call(db.app, other, provider="gemini", model="gemini-2.5-flash", purpose="spec", usage=Usage(1, 1),
                cost_usd=9.0, latency_ms=None, ok=False, error="timeout", fingerprint=None)
    old_id = record_call(db.app, WHO, provider="anthropic", model="claude-sonnet-4-5", purpose="spec",
                         usage=Usage(1, 1), cost_usd=5.0, latency_ms=1, ok=True, error=None, fingerprint=None)
    with db.admin.begin() as conn:
        conn.execute(sa.text("UPDATE app.llm_calls SET at = now() - interval '2 days' WHERE id = :id"),
                     {"id": old_id})
    assert spend_today(db.app, "mara") == pytest.approx(0.375)
    assert spend_today(db.app, "olu") == pytest.approx(9.0)
    assert spend_today(db.app, "nobody") == 0.0
