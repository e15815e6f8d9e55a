"""The real vendor SDKs against recorded responses replayed on 127.0.0.1 — no network, no mocks.

One table of vendors; each test runs for all three. The replay server records what the SDK
sent, so the tests check the request (tool/schema, system prompt, key header) as well as the
parsed reply, token usage, cost and error mapping.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import pytest

from supportwise.errors import ProviderError
from supportwise.llm.anthropic_provider import AnthropicProvider
from supportwise.llm.base import LLMProvider, Usage
from supportwise.llm.gemini_provider import GeminiProvider
from supportwise.llm.openai_compat import OpenAICompatProvider
from supportwise.llm.pricing import cost_usd
from supportwise.llm.prompts import spec_system_prompt
from tests.llm.replay_server import ReplayServer, SeenRequest

KEY = "sk-test-3f9c1d2e-not-a-real-key"
SYSTEM = spec_system_prompt("Table tickets(id, team, priority, created_at). Metric ticket_count = count(*).")
QUESTION = "How many urgent tickets per team last month?"
SCHEMA = {
    "type": "object",
    "properties": {
        "unanswerable": {"type": "boolean"},
        "reason": {"type": "string"},
        "metric": {"type": "string"},
        "group_by": {"type": "array", "items": {"type": "string"}},
        "filters": {"type": "array", "items": {"type": "object"}},
        "period": {"type": "string"},
    },
    "required": ["unanswerable"],
}
EXPECTED = {"unanswerable": False, "metric": "ticket_count", "group_by": ["team"],
            "filters": [{"column": "priority", "values": ["urgent"]}], "period": "last month"}


# The SDK warns that claude-sonnet-4-5 retires on 2026-11-30; the default model is a setting.
pytestmark = pytest.mark.filterwarnings("ignore:The model 'claude-sonnet-4-5' is deprecated:DeprecationWarning")


def _bearer(request: SeenRequest) -> str | None:
    return (request.header("authorization") or "").removeprefix("Bearer ") or None


@dataclass(frozen=True)
class Vendor:
    name: str
    make: Callable[[str], LLMProvider]
    path: str                      # where the SDK posts, below the base URL
    usage: Usage                   # of the structured recording
    text_usage: Usage              # of the text recording
    cost: float                    # of the structured recording at list price
    sent_schema: Callable[[Any], Any]
    sent_system: Callable[[Any], str]
    sent_key: Callable[[SeenRequest], str | None]
    asks_for_json: Callable[[Any], bool]


VENDORS = [
    Vendor("anthropic", lambda url: AnthropicProvider(KEY, "claude-sonnet-4-5", base_url=url), "/v1/messages",
           Usage(1432, 87), Usage(1388, 31), 0.005601,
           sent_schema=lambda body: body["tools"][0]["input_schema"],
           sent_system=lambda body: body["system"],
           # anthropic 2.x sends the key as a bearer token; 0.x used x-api-key
           sent_key=lambda req: req.header("x-api-key") or _bearer(req),
           asks_for_json=lambda body: body["tool_choice"] == {"type": "tool", "name": "query_spec"}
           and body["tools"][0]["name"] == "query_spec"),
    Vendor("gemini", lambda url: GeminiProvider(KEY, "gemini-2.5-flash", base_url=url),
           "/v1/models/gemini-2.5-flash:generateContent",
           Usage(1210, 64 + 120), Usage(845, 22), 0.000823,  # thinking tokens are billed as output
           sent_schema=lambda body: body["generationConfig"]["responseJsonSchema"],
           sent_system=lambda body: body["systemInstruction"]["parts"][0]["text"],
           sent_key=lambda req: req.header("x-goog-api-key"),
           asks_for_json=lambda body: body["generationConfig"]["responseMimeType"] == "application/json"),
    Vendor("openai", lambda url: OpenAICompatProvider(url + "/v1", "llama3.1", api_key=KEY), "/v1/chat/completions",
           Usage(980, 52), Usage(610, 14), 0.0,
           sent_schema=lambda body: body["response_format"]["json_schema"]["schema"],
           sent_system=lambda body: body["messages"][0]["content"],
           sent_key=lambda req: _bearer(req),
           asks_for_json=lambda body: body["response_format"]["type"] == "json_schema"
           and body["response_format"]["json_schema"]["name"] == "query_spec"),
]
RECORDED = {
    "anthropic": ("anthropic/messages_tool_use", "anthropic/messages_text"),
    "gemini": ("gemini/generate_content_json", "gemini/generate_content_text"),
    "openai": ("openai/chat_completion_json", "openai/chat_completion_text"),
}
by_name = pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.name)


def ask_structured(provider: LLMProvider, timeout_s: float = 5.0):
    return provider.structured(system=SYSTEM, prompt=QUESTION, schema=SCHEMA, tool_name="query_spec",
                               timeout_s=timeout_s)


@by_name
def test_structured_reply_is_parsed_with_usage_and_cost(vendor: Vendor, replay: ReplayServer):
    replay.reply(200, RECORDED[vendor.name][0])
    reply = ask_structured(vendor.make(replay.url))
    assert reply.data == EXPECTED and reply.text is None
    assert (reply.provider, reply.usage) == (vendor.name, vendor.usage)
    assert cost_usd(reply.provider, reply.model, reply.usage) == pytest.approx(vendor.cost)
    assert reply.latency_ms > 0


@by_name
def test_structured_request_carries_schema_system_prompt_and_key(vendor: Vendor, replay: ReplayServer):
    replay.reply(200, RECORDED[vendor.name][0])
    ask_structured(vendor.make(replay.url))
    [request] = replay.requests
    assert request.path.split("?")[0] == vendor.path
    assert vendor.sent_schema(request.body) == SCHEMA
    assert vendor.sent_system(request.body) == SYSTEM
    assert vendor.asks_for_json(request.body)
    assert QUESTION in str(request.body)
    assert vendor.sent_key(request) == KEY


@by_name
def test_complete_returns_text(vendor: Vendor, replay: ReplayServer):
    replay.reply(200, RECORDED[vendor.name][1])
    reply = vendor.make(replay.url).complete(system="Summarise for a support manager.", prompt=QUESTION, timeout_s=5)
    assert reply.data is None and reply.text and len(reply.text) > 20
    assert reply.usage == vendor.text_usage
    [request] = replay.requests
    assert vendor.sent_system(request.body) == "Summarise for a support manager."


@pytest.mark.parametrize("status, reason", [(401, "auth"), (429, "rate-limit"), (500, "server-error")])
@by_name
def test_error_status_becomes_provider_error(vendor: Vendor, replay: ReplayServer, status: int, reason: str):
    replay.reply(status, f"{vendor.name}/error_{status}")
    with pytest.raises(ProviderError) as err:
        ask_structured(vendor.make(replay.url))
    assert (err.value.provider, err.value.reason) == (vendor.name, reason)
    assert vendor.name in str(err.value) and reason in str(err.value)
    assert len(replay.requests) == 1, "providers do not retry: the chain falls back instead"


@pytest.mark.parametrize("vendor, status", [("anthropic", 529), ("gemini", 503)])
def test_overloaded_is_a_server_error(vendor: str, status: int, replay: ReplayServer):
    replay.reply(status, f"{vendor}/error_{status}")
    make = {v.name: v.make for v in VENDORS}[vendor]
    with pytest.raises(ProviderError) as err:
        ask_structured(make(replay.url))
    assert err.value.reason == "server-error"


@by_name
def test_slow_reply_is_a_timeout(vendor: Vendor, replay: ReplayServer):
    replay.reply(200, RECORDED[vendor.name][0], delay_s=3)
    with pytest.raises(ProviderError) as err:
        ask_structured(vendor.make(replay.url), timeout_s=0.5)
    assert err.value.reason == "timeout"


@by_name
def test_unreachable_server(vendor: Vendor):
    with ReplayServer() as gone:
        url = gone.url
    with pytest.raises(ProviderError) as err:
        ask_structured(vendor.make(url))
    assert err.value.reason == "unreachable"


@by_name
def test_api_key_is_never_in_the_error(vendor: Vendor, replay: ReplayServer):
    # a misbehaving gateway that echoes the key back in its error body
    replay.reply(401, {"error": {"code": 401, "message": f"key {KEY} is invalid", "status": "UNAUTHENTICATED",
                                 "type": "authentication_error"}, "type": "error"})
    with pytest.raises(ProviderError) as err:
        ask_structured(vendor.make(replay.url))
    assert err.value.reason == "auth"
    assert KEY not in str(err.value) and KEY not in (err.value.detail or "")
    assert KEY not in repr(vendor.make(replay.url))


@pytest.mark.parametrize("vendor, recorded, tokens", [
    ("anthropic", "anthropic/messages_no_tool_call", Usage(1401, 19)),
    ("gemini", "gemini/generate_content_truncated", Usage(1210, 12)),
])
def test_reply_without_the_json_object_is_bad_output_and_keeps_usage(vendor, recorded, tokens, replay):
    replay.reply(200, recorded)
    make = {v.name: v.make for v in VENDORS}[vendor]
    with pytest.raises(ProviderError) as err:
        ask_structured(make(replay.url))
    assert err.value.reason == "bad-output"
    assert err.value.usage == tokens, "a useless answer is billed all the same"


@pytest.mark.parametrize("body", [b'["a", "list"]', b'{"unexpected": true}', b'"just a string"',
                                  b"<html><body>200 OK from a captive portal</body></html>"],
                         ids=["list", "dict", "str", "html"])
@by_name
def test_a_body_in_the_wrong_shape_is_bad_output(vendor: Vendor, replay: ReplayServer, body: bytes):
    replay.reply_raw(200, body)
    with pytest.raises(ProviderError) as err:
        ask_structured(vendor.make(replay.url))
    assert err.value.reason == "bad-output"


def test_openai_compat_falls_back_to_json_object_when_json_schema_is_refused(replay: ReplayServer):
    replay.reply(400, "openai/error_400_response_format").reply(200, "openai/chat_completion_json")
    reply = ask_structured(OpenAICompatProvider(replay.url + "/v1", "llama3.1"))
    assert reply.data == EXPECTED
    first, second = replay.requests
    assert first.body["response_format"]["type"] == "json_schema"
    assert second.body["response_format"] == {"type": "json_object"}
    assert '"unanswerable"' in second.body["messages"][0]["content"], "the schema moves into the system prompt"


def test_openai_compat_sends_no_authorization_without_a_key(replay: ReplayServer):
    replay.reply(200, "openai/chat_completion_text")
    OpenAICompatProvider(replay.url + "/v1", "llama3.1").complete(system="s", prompt="p", timeout_s=5)
    assert replay.requests[0].header("authorization") is None
    assert replay.requests[0].body["model"] == "llama3.1"
