"""Try providers in order until one answers: skip open circuits, time-box each, record every call.

    chain = FallbackChain(providers_from_settings(s), CircuitBreaker(redis=r), DatabaseLedger(db.app))
    reply = chain.structured(who=principal, purpose="spec", system=..., prompt=question,
                             schema=SPEC_SCHEMA, tool_name="query_spec")

Each attempt, answered or failed, becomes one ledger row with its tokens and cost (a
garbage answer still costs tokens). When no provider answers, the ProviderError lists each
provider with its reason, e.g. ``anthropic (timeout), gemini (rate-limit)``.
"""

from __future__ import annotations

import time
from typing import Callable, Mapping, Sequence

from supportwise.errors import ProviderError
from supportwise.llm.base import (
    ALL_FAILED,
    BAD_OUTPUT,
    CIRCUIT_OPEN,
    NO_PROVIDER,
    LLMProvider,
    LLMReply,
    Usage,
    elapsed_ms,
    provider_error,
)
from supportwise.llm.breaker import CircuitBreaker
from supportwise.llm.ledger import Ledger
from supportwise.llm.pricing import PriceTable, cost_usd
from supportwise.records.roles import Principal

Ask = Callable[[LLMProvider, float], LLMReply]

_ERROR_CHARS = 500  # llm_calls.error is for people scanning a table, not for full dumps


class FallbackChain:
    """Providers in order of preference, behind one breaker and one ledger."""

    def __init__(self, providers: Sequence[LLMProvider], breaker: CircuitBreaker, ledger: Ledger, *,
                 prices: PriceTable | None = None, timeout_s: float = 20.0,
                 timeouts: Mapping[str, float] | None = None):
        self.providers = list(providers)
        self.breaker = breaker
        self.ledger = ledger
        self.prices = prices
        self.timeout_s = timeout_s
        self.timeouts = dict(timeouts or {})

    def structured(self, *, who: Principal, purpose: str, system: str, prompt: str, schema: dict, tool_name: str,
                   fingerprint: str | None = None) -> LLMReply:
        """The first provider's JSON object answer; anything but a JSON object counts as a failure."""
        def ask(provider: LLMProvider, timeout_s: float) -> LLMReply:
            reply = provider.structured(system=system, prompt=prompt, schema=schema, tool_name=tool_name,
                                        timeout_s=timeout_s)
            if not isinstance(reply.data, dict):
                raise provider_error(provider.name, BAD_OUTPUT, usage=reply.usage,
                                     detail=f"structured reply is {type(reply.data).__name__}, not a JSON object")
            return reply

        return self._first_answer(ask, who=who, purpose=purpose, fingerprint=fingerprint)

    def complete(self, *, who: Principal, purpose: str, system: str, prompt: str,
                 fingerprint: str | None = None) -> LLMReply:
        """The first provider's plain-text answer."""
        def ask(provider: LLMProvider, timeout_s: float) -> LLMReply:
            return provider.complete(system=system, prompt=prompt, timeout_s=timeout_s)

        return self._first_answer(ask, who=who, purpose=purpose, fingerprint=fingerprint)

    def _first_answer(self, ask: Ask, *, who: Principal, purpose: str, fingerprint: str | None) -> LLMReply:
        if not self.providers:
            raise ProviderError("No LLM provider is configured (SUPPORTWISE_LLM=none, or no API key or URL set)",
                                provider="chain", reason=NO_PROVIDER)
        failures: list[ProviderError] = []
        for provider in self.providers:
            if not self.breaker.allow(provider.name):
                failures.append(provider_error(provider.name, CIRCUIT_OPEN, detail="circuit breaker open"))
                continue
            outcome = self._attempt(provider, ask, who=who, purpose=purpose, fingerprint=fingerprint)
            if isinstance(outcome, LLMReply):
                return outcome
            failures.append(outcome)
        raise _all_failed(failures)

    def _attempt(self, provider: LLMProvider, ask: Ask, *, who: Principal, purpose: str,
                 fingerprint: str | None) -> LLMReply | ProviderError:
        """One call: the reply, or the ProviderError it ended with; either way recorded and fed to the breaker."""
        started = time.perf_counter()
        try:
            reply = ask(provider, self.timeouts.get(provider.name, self.timeout_s))
        except ProviderError as exc:
            usage = exc.usage if isinstance(exc.usage, Usage) else Usage()
            self.breaker.record_failure(provider.name)
            error = f"{exc.reason}: {exc.detail or exc}"[:_ERROR_CHARS]
            self._record(who, provider, purpose, fingerprint, usage, elapsed_ms(started), ok=False, error=error)
            return exc
        self.breaker.record_success(provider.name)
        self._record(who, provider, purpose, fingerprint, reply.usage, reply.latency_ms, ok=True, error=None)
        return reply

    def _record(self, who: Principal, provider: LLMProvider, purpose: str, fingerprint: str | None, usage: Usage,
                latency_ms: float, *, ok: bool, error: str | None) -> None:
        self.ledger.record(who, provider=provider.name, model=provider.model, purpose=purpose, usage=usage,
                           cost_usd=cost_usd(provider.name, provider.model, usage, self.prices),
                           latency_ms=latency_ms, ok=ok, error=error, fingerprint=fingerprint)


def _all_failed(failures: list[ProviderError]) -> ProviderError:
    summary = ", ".join(f"{f.provider} ({f.reason})" for f in failures)
    detail = "\n".join(f"{f.provider}: {f.reason}: {f.detail or f}" for f in failures)
    return ProviderError(f"No LLM provider could answer: {summary}", provider="chain", reason=ALL_FAILED,
                         detail=detail, failures=tuple((f.provider, f.reason) for f in failures))
