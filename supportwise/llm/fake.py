"""A scripted provider for tests of the engine: no network, deterministic, counts its calls.

    fake = FakeProvider([{"metric": "ticket_count"}], fail_times=1)
    fake.structured(...)   # 1st call raises ProviderError(reason="server-error")
    fake.structured(...)   # 2nd call answers {"metric": "ticket_count"}; fake.call_count == 2

Each scripted reply is used in turn and the last one repeats. A reply may be a dict (the
structured answer), a str (the text answer; for ``structured`` it is parsed like a real
model's output, so garbage text fails as bad-output), a ``ProviderError`` (raised), or
any other value (handed back as ``data`` unchecked, to play a provider that misbehaves).
Instead of a list, pass a function ``prompt -> reply``.

``by_tool`` scripts the replies per request kind (tool name), each list with its own turn:

    fake = FakeProvider.writing_sql("SELECT count(*) AS n FROM tickets")
    # the QuerySpec request gets "the spec cannot express this"; the SQL request gets the SELECT
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from supportwise.errors import ProviderError
from supportwise.llm.base import (
    BAD_OUTPUT,
    SERVER_ERROR,
    TIMEOUT,
    LLMProvider,
    LLMReply,
    Usage,
    parse_json_object,
    provider_error,
)
from supportwise.llm.prompts import SPEC_TOOL, SQL_TOOL

Reply = Any
Script = Sequence[Reply] | Callable[[str], Reply]


@dataclass(frozen=True)
class FakeCall:
    """What one call asked for."""

    kind: str  # "structured" or "complete"
    system: str
    prompt: str
    schema: dict | None
    tool_name: str | None
    timeout_s: float


class FakeProvider(LLMProvider):
    """Answers from a script; the first ``fail_times`` calls fail; ``latency`` (seconds) is reported, not slept."""

    def __init__(self, replies: Script = (), *, name: str = "fake", model: str = "fake-1", fail_times: int = 0,
                 fail_reason: str = SERVER_ERROR, latency: float = 0.0, by_tool: Mapping[str, Script] | None = None):
        self.name = name
        self.model = model
        self.replies = replies
        self.by_tool = dict(by_tool or {})
        self.fail_times = fail_times
        self.fail_reason = fail_reason
        self.latency = latency
        self.calls: list[FakeCall] = []

    @classmethod
    def writing_sql(cls, sql: Reply, *, reason: str = "The query specification cannot express this.",
                    **kwargs: Any) -> "FakeProvider":
        """A model that finds no QuerySpec and then writes ``sql`` (a str, or any scripted reply for the SQL call)."""
        sql_reply = {"unanswerable": False, "sql": sql} if isinstance(sql, str) else sql
        return cls(by_tool={SPEC_TOOL: [{"unanswerable": True, "sql_needed": True, "reason": reason}],
                            SQL_TOOL: [sql_reply]}, **kwargs)

    @property
    def call_count(self) -> int:
        return len(self.calls)

    def structured(self, *, system: str, prompt: str, schema: dict, tool_name: str, timeout_s: float) -> LLMReply:
        reply = self._next("structured", system, prompt, schema, tool_name, timeout_s)
        if isinstance(reply, str):
            usage = _usage(system, prompt, reply)
            data = parse_json_object(self.name, reply, usage)
        else:
            usage = _usage(system, prompt, json.dumps(reply, default=str))
            data = reply
        return LLMReply(self.name, self.model, data=data, text=None, usage=usage, latency_ms=self.latency * 1000)

    def complete(self, *, system: str, prompt: str, timeout_s: float) -> LLMReply:
        reply = self._next("complete", system, prompt, None, None, timeout_s)
        text = reply if isinstance(reply, str) else json.dumps(reply, default=str)
        if not text.strip():
            raise provider_error(self.name, BAD_OUTPUT, detail="empty text reply")
        return LLMReply(self.name, self.model, data=None, text=text, usage=_usage(system, prompt, text),
                        latency_ms=self.latency * 1000)

    def _next(self, kind: str, system: str, prompt: str, schema: dict | None, tool_name: str | None,
              timeout_s: float) -> Reply:
        """Record the call, apply the scripted failures, and pick the scripted reply."""
        self.calls.append(FakeCall(kind, system, prompt, schema, tool_name, timeout_s))
        if self.call_count <= self.fail_times:
            raise provider_error(self.name, self.fail_reason, detail=f"scripted failure {self.call_count}")
        if self.latency > timeout_s:
            raise provider_error(self.name, TIMEOUT, detail=f"scripted latency {self.latency}s > {timeout_s}s")
        reply = self._scripted(prompt, tool_name)
        if isinstance(reply, ProviderError):
            raise reply
        return reply

    def _scripted(self, prompt: str, tool_name: str | None) -> Reply:
        replies, answered = self.replies, self.call_count - self.fail_times - 1
        if tool_name in self.by_tool:
            replies = self.by_tool[tool_name]
            answered = sum(1 for c in self.calls[self.fail_times:] if c.tool_name == tool_name) - 1
        if callable(replies):
            return replies(prompt)
        if not replies:
            raise provider_error(self.name, BAD_OUTPUT, detail="FakeProvider has no scripted replies")
        return replies[min(answered, len(replies) - 1)]


def _usage(system: str, prompt: str, output: str) -> Usage:
    # about four characters a token, like the real tokenizers on English text
    return Usage(input_tokens=(len(system) + len(prompt)) // 4 + 1, output_tokens=len(output) // 4 + 1)
