"""Gemini through the ``google-genai`` SDK (imported on first use).

Structured answers use JSON mode: ``response_mime_type="application/json"`` with the
schema as ``response_json_schema`` (plain JSON Schema, no conversion to Gemini's OpenAPI
subset). The reply's text is then parsed and must be one JSON object.
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


class GeminiProvider(LLMProvider):
    """Gemini via generateContent; ``base_url`` points it at a gateway (or a test server)."""

    name = "gemini"

    def __init__(self, api_key: str, model: str, *, base_url: str | None = None,
                 max_output_tokens: int = 2048):
        self.model = model
        self.base_url = base_url
        self.max_output_tokens = max_output_tokens
        self._api_key = api_key
        self._client: Any = None
        self._sdk: Any = None

    def structured(self, *, system: str, prompt: str, schema: dict, tool_name: str, timeout_s: float) -> LLMReply:
        # tool_name has no place in JSON mode; it is part of the interface for tool-use vendors
        started = time.perf_counter()
        response = self._generate(prompt, timeout_s, system_instruction=system,
                                  response_mime_type="application/json", response_json_schema=schema)
        latency = elapsed_ms(started)
        usage = _usage(response)
        data = parse_json_object(self.name, _text(response), usage)
        return LLMReply(self.name, self.model, data=data, text=None, usage=usage, latency_ms=latency)

    def complete(self, *, system: str, prompt: str, timeout_s: float) -> LLMReply:
        started = time.perf_counter()
        response = self._generate(prompt, timeout_s, system_instruction=system)
        latency = elapsed_ms(started)
        usage = _usage(response)
        text = _text(response)
        if not text or not text.strip():
            raise provider_error(self.name, BAD_OUTPUT, usage=usage, detail="empty text reply")
        return LLMReply(self.name, self.model, data=None, text=text, usage=usage, latency_ms=latency)

    def _generate(self, prompt: str, timeout_s: float, **config: Any) -> Any:
        """One generateContent call, SDK and transport errors translated to ProviderError."""
        client = self._get_client()
        types = self._sdk.types
        options = types.GenerateContentConfig(
            temperature=0, max_output_tokens=self.max_output_tokens,
            http_options=types.HttpOptions(timeout=max(1, int(timeout_s * 1000))), **config)
        try:
            return client.models.generate_content(model=self.model, contents=prompt, config=options)
        except self._sdk.errors.APIError as exc:
            raise provider_error(self.name, reason_for_status(exc.code), secret=self._api_key,
                                 detail=f"{exc.code} {exc.status}: {exc.message}") from exc
        except json.JSONDecodeError as exc:  # a proxy's HTML page labelled as JSON
            raise provider_error(self.name, BAD_OUTPUT, detail=f"reply body is not JSON: {exc}") from exc
        except _timeout_errors() as exc:
            raise provider_error(self.name, TIMEOUT, detail=type(exc).__name__) from exc
        except _connect_errors() as exc:
            raise provider_error(self.name, UNREACHABLE, detail=f"{type(exc).__name__}: {exc}",
                                 secret=self._api_key) from exc

    def _get_client(self) -> Any:
        if self._client is None:
            genai = require_sdk("google.genai", "google-genai", self.name)
            self._sdk = genai
            # retry_options unset: the SDK makes one attempt, the chain falls back instead
            options = genai.types.HttpOptions(base_url=self.base_url) if self.base_url else None
            self._client = genai.Client(api_key=self._api_key, http_options=options)
        return self._client


def _transport_errors(attr: str) -> tuple[type[BaseException], ...]:
    """httpx's and httpx2's exception class ``attr``: google-genai uses whichever is installed."""
    found = []
    for module in ("httpx", "httpx2"):
        try:
            found.append(getattr(__import__(module), attr))
        except ImportError:
            continue
    return tuple(found)


def _timeout_errors() -> tuple[type[BaseException], ...]:
    return _transport_errors("TimeoutException")


def _connect_errors() -> tuple[type[BaseException], ...]:
    return _transport_errors("TransportError")


def _usage(response: Any) -> Usage:
    meta = response.usage_metadata
    if meta is None:
        return Usage()
    # thinking tokens are billed as output on Gemini 2.5
    output = (meta.candidates_token_count or 0) + (meta.thoughts_token_count or 0)
    return Usage(input_tokens=meta.prompt_token_count or 0, output_tokens=output)


def _text(response: Any) -> str | None:
    """The answer's text parts joined (thought parts excluded), or None when there are none."""
    if not response.candidates:
        return None
    content = response.candidates[0].content
    if content is None or not content.parts:
        return None
    texts = [part.text for part in content.parts if part.text and not part.thought]
    return "".join(texts) or None
