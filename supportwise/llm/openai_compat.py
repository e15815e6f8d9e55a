"""Any OpenAI-compatible chat-completions endpoint (Ollama, vLLM, LM Studio …) over httpx.

``url`` is the API root, e.g. ``http://localhost:11434/v1``; requests go to
``{url}/chat/completions``. Structured answers ask for
``response_format={"type": "json_schema", ...}``; servers too old for that answer 400 or
422, and the call is repeated once with ``{"type": "json_object"}`` and the schema spelled
out in the system prompt.
"""

from __future__ import annotations

import json
import time
from typing import Any

from supportwise.llm.base import (
    BAD_OUTPUT,
    TIMEOUT,
    UNREACHABLE,
    LLMProvider,
    LLMReply,
    Usage,
    elapsed_ms,
    parse_json_object,
    provider_error,
    reason_for_status,
    require_sdk,
)


class OpenAICompatProvider(LLMProvider):
    """A self-hosted or gateway model; the API key is optional (local servers rarely need one)."""

    name = "openai"

    def __init__(self, url: str, model: str, *, api_key: str | None = None, max_tokens: int = 2048):
        self.model = model
        self.url = url.rstrip("/")
        self.max_tokens = max_tokens
        self._api_key = api_key

    def structured(self, *, system: str, prompt: str, schema: dict, tool_name: str, timeout_s: float) -> LLMReply:
        json_schema = {"type": "json_schema", "json_schema": {"name": tool_name, "schema": schema}}
        started = time.perf_counter()
        try:
            body = self._post(system, prompt, timeout_s, response_format=json_schema)
        except _Refused:
            spelled_out = f"{system}\n\nAnswer with one JSON object matching this JSON Schema:\n{json.dumps(schema)}"
            body = self._post(spelled_out, prompt, timeout_s, response_format={"type": "json_object"},
                              refused_is_final=True)
        latency = elapsed_ms(started)
        usage = _usage(body)
        data = parse_json_object(self.name, _content(body), usage)
        return LLMReply(self.name, self.model, data=data, text=None, usage=usage, latency_ms=latency)

    def complete(self, *, system: str, prompt: str, timeout_s: float) -> LLMReply:
        started = time.perf_counter()
        body = self._post(system, prompt, timeout_s, refused_is_final=True)
        latency = elapsed_ms(started)
        usage = _usage(body)
        text = _content(body)
        if not text or not text.strip():
            raise provider_error(self.name, BAD_OUTPUT, usage=usage, detail="empty text reply")
        return LLMReply(self.name, self.model, data=None, text=text, usage=usage, latency_ms=latency)

    def _post(self, system: str, prompt: str, timeout_s: float, *, refused_is_final: bool = False,
              **extra: Any) -> dict[str, Any]:
        """POST one chat completion; return the decoded body or raise ProviderError (or _Refused)."""
        httpx = require_sdk("httpx", "httpx", self.name)
        payload = {"model": self.model, "max_tokens": self.max_tokens, "temperature": 0,
                   "messages": [{"role": "system", "content": system}, {"role": "user", "content": prompt}], **extra}
        headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
        try:
            # proxies come from the environment like for the vendor SDKs: put local servers in NO_PROXY
            response = httpx.post(f"{self.url}/chat/completions", json=payload, headers=headers, timeout=timeout_s)
        except httpx.TimeoutException as exc:
            raise provider_error(self.name, TIMEOUT, detail=type(exc).__name__) from exc
        except httpx.TransportError as exc:
            raise provider_error(self.name, UNREACHABLE, detail=f"{type(exc).__name__}: {exc}",
                                 secret=self._api_key) from exc
        if response.status_code in (400, 422) and not refused_is_final:
            raise _Refused()
        if response.status_code >= 400:
            raise provider_error(self.name, reason_for_status(response.status_code), secret=self._api_key,
                                 detail=f"HTTP {response.status_code}: {response.text[:300]}")
        try:
            body = response.json()
        except ValueError as exc:
            raise provider_error(self.name, BAD_OUTPUT, detail=f"body is not JSON: {response.text[:200]!r}") from exc
        if not isinstance(body, dict):
            raise provider_error(self.name, BAD_OUTPUT, detail="body is not a chat completion object")
        return body


class _Refused(Exception):
    """The server rejected ``response_format=json_schema``; retry with json_object."""


def _usage(body: dict[str, Any]) -> Usage:
    usage = body.get("usage")
    usage = usage if isinstance(usage, dict) else {}
    return Usage(input_tokens=_count(usage.get("prompt_tokens")), output_tokens=_count(usage.get("completion_tokens")))


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _content(body: dict[str, Any]) -> str | None:
    """The first choice's message text, or None when the body has none."""
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None
    message = choices[0].get("message")
    content = message.get("content") if isinstance(message, dict) else None
    return content if isinstance(content, str) else None
