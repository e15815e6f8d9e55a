"""LLM providers behind one interface, for what the offline semantic engine cannot parse.

    providers_from_settings(settings) -> [LLMProvider, ...]         (registry.py)
    FallbackChain(providers, CircuitBreaker(...), DatabaseLedger(engine))
        .structured(who=, purpose=, system=, prompt=, schema=, tool_name=) -> LLMReply(data=...)
        .complete(who=, purpose=, system=, prompt=) -> LLMReply(text=...)

One module per vendor (anthropic_provider, gemini_provider, openai_compat), each importing
its SDK on first use; ``fake.FakeProvider`` for tests. Failures are ``ProviderError``.
"""

from supportwise.llm.base import LLMProvider, LLMReply, Usage
from supportwise.llm.breaker import CircuitBreaker
from supportwise.llm.chain import FallbackChain
from supportwise.llm.fake import FakeProvider
from supportwise.llm.ledger import DatabaseLedger, MemoryLedger, record_call, spend_today
from supportwise.llm.pricing import cost_usd
from supportwise.llm.registry import chain_from_settings, providers_from_settings

__all__ = ["LLMProvider", "LLMReply", "Usage", "CircuitBreaker", "FallbackChain", "FakeProvider", "DatabaseLedger",
           "MemoryLedger", "record_call", "spend_today", "cost_usd", "chain_from_settings", "providers_from_settings"]
