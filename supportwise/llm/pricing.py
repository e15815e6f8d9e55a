"""What an LLM call cost: a table of USD per million input/output tokens per (provider, model).

The defaults are the vendors' list prices for standard (non-batch, uncached) requests;
override or extend them with a JSON or YAML file named by ``SUPPORTWISE_LLM_PRICES``::

    anthropic:
      claude-sonnet-4-5: {input: 3.00, output: 15.00}
    openai:
      "*": {input: 0, output: 0}        # "*" prices every model of that provider

Model names match exactly, else by the longest known prefix, so the dated id
``claude-sonnet-4-5-20250929`` is priced as ``claude-sonnet-4-5``.

Unknown models are priced LOUDLY on the safe side: the most expensive known price of that
provider (of any provider, if the provider itself is unknown), with a warning logged once
per model. Budgets built on these costs then stop a user too early, never too late.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from supportwise.errors import ConfigError
from supportwise.llm.base import Usage
from supportwise.platform.settings import Settings

log = logging.getLogger(__name__)

ANY_MODEL = "*"


@dataclass(frozen=True)
class Price:
    """USD per million tokens."""

    input: float
    output: float


# List prices as published in late 2025 (anthropic.com/pricing, ai.google.dev/gemini-api/docs/pricing);
# written down offline, so re-check them there and override with SUPPORTWISE_LLM_PRICES when they change.
# Gemini 2.5 Pro costs more for prompts over 200k tokens; our prompts are a few thousand.
DEFAULT_PRICES: dict[tuple[str, str], Price] = {
    ("anthropic", "claude-sonnet-4-5"): Price(3.00, 15.00),
    ("anthropic", "claude-haiku-4-5"): Price(1.00, 5.00),
    ("anthropic", "claude-opus-4-1"): Price(15.00, 75.00),
    ("gemini", "gemini-2.5-flash"): Price(0.30, 2.50),
    ("gemini", "gemini-2.5-flash-lite"): Price(0.10, 0.40),
    ("gemini", "gemini-2.5-pro"): Price(1.25, 10.00),
    # self-hosted models (Ollama, vLLM) cost nothing per token; a paid gateway sets its own price
    ("openai", ANY_MODEL): Price(0.0, 0.0),
    ("fake", ANY_MODEL): Price(0.0, 0.0),
}


class PriceTable:
    """Prices per (provider, model), with the safe-side fallback described in the module doc."""

    def __init__(self, prices: Mapping[tuple[str, str], Price]):
        self.prices = dict(prices)
        self._warned: set[tuple[str, str]] = set()

    def is_known(self, provider: str, model: str) -> bool:
        return self._lookup(provider, model) is not None

    def price(self, provider: str, model: str) -> Price:
        """The price of a model; unknown models get the provider's most expensive price (and a warning)."""
        found = self._lookup(provider, model)
        if found is not None:
            return found
        fallback = self._most_expensive(provider)
        if (provider, model) not in self._warned:
            self._warned.add((provider, model))
            log.warning("No price for LLM model %s/%s; charging the highest known price %s/%s USD per Mtok. "
                        "Add it to SUPPORTWISE_LLM_PRICES.", provider, model, fallback.input, fallback.output)
        return fallback

    def cost_usd(self, provider: str, model: str, usage: Usage) -> float:
        """USD for one call, rounded to the ledger's 6 decimals."""
        price = self.price(provider, model)
        cost = (usage.input_tokens * price.input + usage.output_tokens * price.output) / 1_000_000
        return round(cost, 6)

    def _lookup(self, provider: str, model: str) -> Price | None:
        if (provider, model) in self.prices:
            return self.prices[(provider, model)]
        prefixes = [m for (p, m) in self.prices if p == provider and m != ANY_MODEL and model.startswith(m)]
        if prefixes:
            return self.prices[(provider, max(prefixes, key=len))]
        return self.prices.get((provider, ANY_MODEL))

    def _most_expensive(self, provider: str) -> Price:
        own = [price for (p, _), price in self.prices.items() if p == provider]
        candidates = own or list(self.prices.values())
        return max(candidates, key=lambda price: (price.output, price.input))


def load_prices(path: Path) -> PriceTable:
    """The default table overlaid with a JSON or YAML price file; ConfigError naming the file if it is bad."""
    try:
        text = Path(path).read_text()
        raw = json.loads(text) if Path(path).suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"SUPPORTWISE_LLM_PRICES: cannot read {path}", detail=str(exc)) from exc
    prices = dict(DEFAULT_PRICES)
    prices.update(_parse_price_file(raw, path))
    return PriceTable(prices)


def _parse_price_file(raw: Any, path: Path) -> dict[tuple[str, str], Price]:
    if not isinstance(raw, dict):
        raise ConfigError(f"SUPPORTWISE_LLM_PRICES: {path} must map provider -> model -> {{input, output}}")
    prices = {}
    for provider, models in raw.items():
        if not isinstance(models, dict):
            raise ConfigError(f"SUPPORTWISE_LLM_PRICES: {path}: {provider} must map model names to prices")
        for model, entry in models.items():
            prices[(str(provider), str(model))] = _parse_price(entry, f"{path}: {provider}/{model}")
    return prices


def _parse_price(entry: Any, where: str) -> Price:
    if not isinstance(entry, dict) or set(entry) != {"input", "output"}:
        raise ConfigError(f"SUPPORTWISE_LLM_PRICES: {where} needs exactly 'input' and 'output' (USD per Mtok)")
    values = entry["input"], entry["output"]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 for v in values):
        raise ConfigError(f"SUPPORTWISE_LLM_PRICES: {where}: prices must be numbers >= 0")
    return Price(float(values[0]), float(values[1]))


def prices_from_settings(settings: Settings) -> PriceTable:
    """The configured price table: the defaults, overlaid with SUPPORTWISE_LLM_PRICES if set."""
    if settings.llm_prices is None:
        return PriceTable(DEFAULT_PRICES)
    return load_prices(settings.llm_prices)


_default_table = PriceTable(DEFAULT_PRICES)


def cost_usd(provider: str, model: str, usage: Usage, table: PriceTable | None = None) -> float:
    """USD for one call at ``table`` (default: the built-in list prices).

    ``cost_usd("anthropic", "claude-sonnet-4-5", Usage(1000, 200)) == 0.006``
    """
    return (table or _default_table).cost_usd(provider, model, usage)
