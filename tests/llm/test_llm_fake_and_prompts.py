"""The shipped FakeProvider (engine tests lean on it) and the system prompt."""

from __future__ import annotations

import pytest

from supportwise.errors import ProviderError
from supportwise.llm.fake import FakeProvider
from supportwise.llm.prompts import spec_system_prompt


def structured(fake: FakeProvider, prompt: str = "q", timeout_s: float = 5):
    return fake.structured(system="s", prompt=prompt, schema={"type": "object"}, tool_name="t", timeout_s=timeout_s)


def test_replies_in_order_then_the_last_repeats_after_scripted_failures():
    fake = FakeProvider([{"n": 1}, {"n": 2}], fail_times=2, fail_reason="rate-limit")
    for _ in range(2):
        with pytest.raises(ProviderError) as err:
            structured(fake)
        assert err.value.reason == "rate-limit"
    assert [structured(fake).data["n"] for _ in range(3)] == [1, 2, 2]
    assert fake.call_count == 5 and fake.calls[0].tool_name == "t"


def test_a_function_answers_by_prompt_and_usage_is_deterministic():
    fake = FakeProvider(lambda prompt: {"echo": prompt})
    first, again = structured(fake, "tickets by team"), structured(fake, "tickets by team")
    assert first.data == {"echo": "tickets by team"} and first.usage == again.usage


def test_scripted_errors_and_garbage():
    fake = FakeProvider([ProviderError("boom", provider="fake", reason="auth"), "no json here"])
    with pytest.raises(ProviderError, match="boom"):
        structured(fake)
    with pytest.raises(ProviderError) as err:
        structured(fake)
    assert err.value.reason == "bad-output"


def test_latency_beyond_the_timeout_is_a_timeout_without_sleeping():
    fake = FakeProvider([{"ok": True}], latency=30)
    with pytest.raises(ProviderError) as err:
        structured(fake, timeout_s=2)
    assert err.value.reason == "timeout"
    assert structured(fake, timeout_s=60).latency_ms == 30_000


def test_complete_text():
    assert FakeProvider(["a summary"]).complete(system="s", prompt="p", timeout_s=1).text == "a summary"


def test_spec_prompt_carries_the_schema_and_the_rules():
    prompt = spec_system_prompt("Table tickets(id, team, priority). Metric ticket_count.")
    assert "tickets(id, team, priority)" in prompt
    for rule in ("read-only", "Use only the tables", "tool", '"unanswerable"'):
        assert rule in prompt
    with pytest.raises(ValueError):
        spec_system_prompt("  ")
