"""The provider interface: one abstract base, one module per vendor, replies as plain data.

A provider answers two kinds of request:

- ``structured``: a JSON object matching a JSON Schema (the semantic engine's QuerySpec
  when its own parser gives up);
- ``complete``: plain text (last-resort SQL, analysis summaries).

Every failure is a ``ProviderError`` whose ``reason`` is one of ``REASONS``; callers (the
``FallbackChain``) decide what to try next. Providers do not retry: the chain falls back
to the next provider instead, which is faster than waiting out one vendor's back-off.
"""

from __future__ import annotations

import importlib
import json
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from supportwise.errors import ConfigError, ProviderError

TIMEOUT = "timeout"
AUTH = "auth"
RATE_LIMIT = "rate-limit"
BAD_OUTPUT = "bad-output"
SERVER_ERROR = "server-error"
BAD_REQUEST = "bad-request"
UNREACHABLE = "unreachable"
CIRCUIT_OPEN = "circuit-open"
NO_PROVIDER = "no-provider"
ALL_FAILED = "all-failed"
REASONS = (TIMEOUT, AUTH, RATE_LIMIT, BAD_OUTPUT, SERVER_ERROR, BAD_REQUEST, UNREACHABLE, CIRCUIT_OPEN, NO_PROVIDER,
           ALL_FAILED)

_REASON_TEXT = {
    TIMEOUT: "did not answer in time",
    AUTH: "rejected the API key",
    RATE_LIMIT: "is rate-limiting us",
    BAD_OUTPUT: "answered with something that is not the requested JSON",
    SERVER_ERROR: "had a server error",
    BAD_REQUEST: "refused the request",
    UNREACHABLE: "could not be reached",
    CIRCUIT_OPEN: "is paused after repeated failures",
}


@dataclass(frozen=True)
class Usage:
    """Tokens billed for one call."""

    input_tokens: int = 0
    output_tokens: int = 0


@dataclass(frozen=True)
class LLMReply:
    """One provider's answer: ``data`` for structured calls, ``text`` for plain ones."""

    provider: str
    model: str
    data: dict[str, Any] | None
    text: str | None
    usage: Usage
    latency_ms: float


class LLMProvider(ABC):
    """A vendor's model behind the two calls SupportWise needs."""

    name: str = "provider"
    model: str = ""

    @abstractmethod
    def structured(self, *, system: str, prompt: str, schema: dict, tool_name: str, timeout_s: float) -> LLMReply:
        """Ask for one JSON object matching ``schema``; ``reply.data`` is that object, parsed."""

    @abstractmethod
    def complete(self, *, system: str, prompt: str, timeout_s: float) -> LLMReply:
        """Ask for plain text; ``reply.text`` is the answer."""

    def __repr__(self) -> str:
        # never the key: reprs end up in logs and tracebacks
        return f"{type(self).__name__}(name={self.name!r}, model={self.model!r})"


def provider_error(provider: str, reason: str, *, detail: str | None = None, secret: str | None = None,
                   usage: Usage | None = None) -> ProviderError:
    """A ProviderError with a readable message and a detail scrubbed of ``secret``."""
    message = f"LLM provider {provider} {_REASON_TEXT.get(reason, 'failed')} ({reason})"
    return ProviderError(message, provider=provider, reason=reason, detail=scrub(detail, secret), usage=usage)


def scrub(text: str | None, secret: str | None) -> str | None:
    """Replace every occurrence of ``secret`` in ``text``; SDK messages may echo request data."""
    if text is None or not secret:
        return text
    return text.replace(secret, "***")


def reason_for_status(status: int) -> str:
    """Map an HTTP status to a failure reason (401/403 auth, 429 rate-limit, 5xx server-error …)."""
    if status in (401, 403):
        return AUTH
    if status == 429:
        return RATE_LIMIT
    if status in (408, 504):
        return TIMEOUT
    if status >= 500:
        return SERVER_ERROR
    return BAD_REQUEST


def parse_json_object(provider: str, raw: str | None, usage: Usage) -> dict[str, Any]:
    """Parse a model's JSON answer; anything but one JSON object is a bad-output ProviderError.

    Models sometimes wrap JSON in a Markdown fence even when told not to, so one fence is
    tolerated: ``parse_json_object("x", '```json\\n{"a": 1}\\n```', u) == {"a": 1}``.
    """
    text = (raw or "").strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise provider_error(provider, BAD_OUTPUT, detail=f"not JSON: {text[:200]!r}", usage=usage) from exc
    if not isinstance(data, dict):
        raise provider_error(provider, BAD_OUTPUT, detail=f"JSON {type(data).__name__}, not an object", usage=usage)
    return data


def elapsed_ms(started: float) -> float:
    """Milliseconds since ``started`` (a ``time.perf_counter()`` value)."""
    return (time.perf_counter() - started) * 1000.0


def require_sdk(module: str, package: str, provider: str) -> ModuleType:
    """Import an optional SDK, or fail with the pip command that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ConfigError(f"The {provider} LLM provider needs the {package!r} package: pip install {package}",
                          detail=str(exc)) from exc
