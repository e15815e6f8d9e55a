"""Which providers the settings ask for, in which order.

- ``SUPPORTWISE_LLM=none``: no provider; the app answers only what the semantic engine parses.
- ``auto``: every provider that is configured (ANTHROPIC_API_KEY, GEMINI_API_KEY,
  SUPPORTWISE_LLM_URL), in the order of ``SUPPORTWISE_LLM_ORDER``.
- ``anthropic`` / ``gemini`` / ``openai``: only that one; ConfigError when its key or URL is missing.

No SDK is imported here: providers import theirs on their first call.
"""

from __future__ import annotations

from typing import Any, Callable

from supportwise.errors import ConfigError
from supportwise.llm.anthropic_provider import AnthropicProvider
from supportwise.llm.base import LLMProvider
from supportwise.llm.breaker import CircuitBreaker
from supportwise.llm.chain import FallbackChain
from supportwise.llm.gemini_provider import GeminiProvider
from supportwise.llm.ledger import Ledger
from supportwise.llm.openai_compat import OpenAICompatProvider
from supportwise.llm.pricing import prices_from_settings
from supportwise.platform.settings import Settings

# provider -> the setting it cannot work without (variable, Settings attribute)
_REQUIRED = {"anthropic": ("ANTHROPIC_API_KEY", "anthropic_api_key"), "gemini": ("GEMINI_API_KEY", "gemini_api_key"),
             "openai": ("SUPPORTWISE_LLM_URL", "llm_url")}


def _anthropic(s: Settings) -> LLMProvider:
    return AnthropicProvider(s.anthropic_api_key, s.anthropic_model)


def _gemini(s: Settings) -> LLMProvider:
    return GeminiProvider(s.gemini_api_key, s.gemini_model)


def _openai(s: Settings) -> LLMProvider:
    return OpenAICompatProvider(s.llm_url, s.openai_model, api_key=s.llm_api_key)


_BUILDERS: dict[str, Callable[[Settings], LLMProvider]] = {"anthropic": _anthropic, "gemini": _gemini,
                                                          "openai": _openai}


def is_configured(name: str, settings: Settings) -> bool:
    """Is the key (or URL) this provider needs set?"""
    return bool(getattr(settings, _REQUIRED[name][1]))


def providers_from_settings(settings: Settings) -> list[LLMProvider]:
    """The providers to try, in order (empty when SUPPORTWISE_LLM=none or nothing is configured)."""
    if settings.llm == "none":
        return []
    if settings.llm == "auto":
        order = settings.llm_order.split(",")
        return [_BUILDERS[name](settings) for name in order if is_configured(name, settings)]
    if not is_configured(settings.llm, settings):
        raise ConfigError(f"SUPPORTWISE_LLM={settings.llm} needs {_REQUIRED[settings.llm][0]} to be set")
    return [_BUILDERS[settings.llm](settings)]


def chain_from_settings(settings: Settings, ledger: Ledger, *, redis: Any = None) -> FallbackChain:
    """A FallbackChain over the configured providers, prices and timeout (breaker shared via ``redis``)."""
    return FallbackChain(providers_from_settings(settings), CircuitBreaker(redis=redis), ledger,
                         prices=prices_from_settings(settings), timeout_s=settings.llm_timeout_s)
