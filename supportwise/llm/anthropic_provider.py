"""Claude through the official ``anthropic`` SDK (imported on first use).

Structured answers use tool use: the JSON Schema becomes the tool's ``input_schema`` and
``tool_choice`` forces that tool, so the reply is the tool call's ``input`` — already a
JSON object, no text parsing.
"""

from __future__ import annotations

import json
import time
from typing import Any

from supportwise.errors import ProviderError
from supportwise.llm.base import (
    AUTH,
    BAD_OUTPUT,
    SERVER_ERROR,
    TIMEOUT,
    UNREACHABLE,
    LLMProvider,
    LLMReply,
    Usage,
    elapsed_ms,
    provider_error,
    reason_for_status,
    require_sdk,
)


class AnthropicProvider(LLMProvider):
    """Claude via the Messages API; ``base_url`` points it at a gateway (or a test server)."""

    name = "anthropic"

    def __init__(self, api_key: str, model: str, *, base_url: str | None = None,
                 max_tokens: int = 2048):
        self.model = model
        self.base_url = base_url
        self.max_tokens = max_tokens
        self._api_key = api_key
        self._client: Any = None
        self._sdk: Any = None

    def structured(self, *, system: str, prompt: str, schema: dict, tool_name: str, timeout_s: float) -> LLMReply:
        tool = {"name": tool_name, "description": "Record the answer as structured data.", "input_schema": schema}
        started = time.perf_counter()
        message = self._create(system=system, prompt=prompt, timeout_s=timeout_s, tools=[tool],
                               tool_choice={"type": "tool", "name": tool_name})
        latency = elapsed_ms(started)
        usage = _usage(message)
        data = _tool_input(message, tool_name)
        if not isinstance(data, dict):
            raise provider_error(self.name, BAD_OUTPUT, usage=usage,
                                 detail=f"no {tool_name} tool call in the reply (stop_reason={message.stop_reason})")
        return LLMReply(self.name, self.model, data=data, text=None, usage=usage, latency_ms=latency)

    def complete(self, *, system: str, prompt: str, timeout_s: float) -> LLMReply:
        started = time.perf_counter()
        message = self._create(system=system, prompt=prompt, timeout_s=timeout_s)
        latency = elapsed_ms(started)
        usage = _usage(message)
        text = "".join(block.text or "" for block in message.content if getattr(block, "type", None) == "text")
        if not text.strip():
            raise provider_error(self.name, BAD_OUTPUT, usage=usage,
                                 detail=f"empty text reply (stop_reason={message.stop_reason})")
        return LLMReply(self.name, self.model, data=None, text=text, usage=usage, latency_ms=latency)

    def _create(self, *, system: str, prompt: str, timeout_s: float, **extra: Any) -> Any:
        """One Messages API call, SDK errors translated to ProviderError."""
        client = self._get_client()
        try:
            message = client.messages.create(model=self.model, max_tokens=self.max_tokens, system=system,
                                             messages=[{"role": "user", "content": prompt}], timeout=timeout_s,
                                             **extra)
        except self._sdk.AnthropicError as exc:
            raise self._translate(exc) from exc
        except json.JSONDecodeError as exc:  # a proxy's HTML page labelled as JSON
            raise provider_error(self.name, BAD_OUTPUT, detail=f"reply body is not JSON: {exc}") from exc
        # the SDK hands back whatever JSON arrived when it does not look like a message (lenient parsing)
        if not isinstance(message, self._sdk.types.Message) or message.usage is None \
                or not isinstance(message.content, list):
            raise provider_error(self.name, BAD_OUTPUT, detail="reply is not a Messages API message")
        return message

    def _get_client(self) -> Any:
        if self._client is None:
            self._sdk = require_sdk("anthropic", "anthropic", self.name)
            # no SDK retries: the chain falls back to the next provider instead of waiting
            self._client = self._sdk.Anthropic(api_key=self._api_key, base_url=self.base_url, max_retries=0)
        return self._client

    def _translate(self, exc: Exception) -> ProviderError:
        sdk = self._sdk
        if isinstance(exc, sdk.APITimeoutError):
            reason = TIMEOUT
        elif isinstance(exc, sdk.APIConnectionError):
            reason = UNREACHABLE
        elif isinstance(exc, sdk.APIStatusError):
            reason = reason_for_status(exc.status_code)
        elif isinstance(exc, sdk.APIResponseValidationError):
            reason = BAD_OUTPUT
        elif isinstance(exc, sdk.CredentialsError):
            reason = AUTH
        else:
            reason = SERVER_ERROR
        return provider_error(self.name, reason, detail=f"{type(exc).__name__}: {exc}", secret=self._api_key)


def _usage(message: Any) -> Usage:
    usage = message.usage
    return Usage(input_tokens=usage.input_tokens or 0, output_tokens=usage.output_tokens or 0)


def _tool_input(message: Any, tool_name: str) -> Any:
    for block in message.content:
        if getattr(block, "type", None) == "tool_use" and getattr(block, "name", None) == tool_name:
            return block.input
    return None
