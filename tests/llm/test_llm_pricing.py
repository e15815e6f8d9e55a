"""Prices: list prices by (provider, model), prefix matches, a safe-side fallback, override files."""

from __future__ import annotations

import logging

import pytest

from supportwise.errors import ConfigError
from supportwise.llm.base import Usage
from supportwise.llm.pricing import DEFAULT_PRICES, PriceTable, cost_usd, load_prices, prices_from_settings
from supportwise.platform.settings import Settings

MTOK = Usage(1_000_000, 1_000_000)


@pytest.mark.parametrize("provider, model, expected", [
    ("anthropic", "claude-sonnet-4-5", 3.00 + 15.00),
    ("anthropic", "claude-sonnet-4-5-20250929", 3.00 + 15.00),  # dated id -> its family
    ("anthropic", "claude-haiku-4-5", 1.00 + 5.00),
    ("gemini", "gemini-2.5-flash", 0.30 + 2.50),
    ("gemini", "gemini-2.5-flash-lite", 0.10 + 0.40),           # longest prefix wins over gemini-2.5-flash
    ("gemini", "gemini-2.5-pro", 1.25 + 10.00),
    ("openai", "llama3.1", 0.0),                                 # local models are free
    ("fake", "fake-1", 0.0),
])
def test_known_prices(provider, model, expected):
    assert cost_usd(provider, model, MTOK) == pytest.approx(expected)


def test_small_call_is_rounded_to_the_ledgers_six_decimals():
    assert cost_usd("anthropic", "claude-sonnet-4-5", Usage(1000, 200)) == 0.006
    assert cost_usd("gemini", "gemini-2.5-flash", Usage(1, 1)) == 0.000003


def test_unknown_model_costs_the_providers_most_expensive_price_and_warns(caplog):
    table = PriceTable(DEFAULT_PRICES)
    with caplog.at_level(logging.WARNING, logger="supportwise.llm.pricing"):
        assert table.cost_usd("gemini", "gemini-9-ultra", MTOK) == pytest.approx(1.25 + 10.00)
        table.cost_usd("gemini", "gemini-9-ultra", MTOK)
    assert not table.is_known("gemini", "gemini-9-ultra")
    warnings = [r for r in caplog.records if "gemini-9-ultra" in r.getMessage()]
    assert len(warnings) == 1, "loud, but once per model"


def test_unknown_provider_costs_the_most_expensive_price_of_all():
    most = max(DEFAULT_PRICES.values(), key=lambda p: p.output)
    assert cost_usd("mystery", "m", MTOK) == pytest.approx(most.input + most.output)


@pytest.mark.parametrize("name, text", [
    ("prices.json", '{"anthropic": {"claude-sonnet-4-5": {"input": 2.5, "output": 12}}, '
                    '"openai": {"*": {"input": 0.5, "output": 1.5}}}'),
    ("prices.yaml", "anthropic:\n  claude-sonnet-4-5: {input: 2.5, output: 12}\n"
                    "openai:\n  '*': {input: 0.5, output: 1.5}\n"),
])
def test_price_file_overrides_and_extends_the_defaults(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    table = prices_from_settings(Settings.from_env({"SUPPORTWISE_LLM_PRICES": str(path)}))
    assert table.cost_usd("anthropic", "claude-sonnet-4-5", MTOK) == pytest.approx(14.5)
    assert table.cost_usd("openai", "qwen2.5", MTOK) == pytest.approx(2.0)
    assert table.cost_usd("gemini", "gemini-2.5-flash", MTOK) == pytest.approx(2.8), "defaults kept"


@pytest.mark.parametrize("text", ["[1, 2]", '{"anthropic": {"m": {"input": -1, "output": 1}}}',
                                  '{"anthropic": {"m": {"in": 1, "out": 1}}}', '{"anthropic": 3}', "{not json"])
def test_bad_price_file_is_a_config_error_naming_the_setting(tmp_path, text):
    path = tmp_path / "prices.json"
    path.write_text(text)
    with pytest.raises(ConfigError, match="SUPPORTWISE_LLM_PRICES"):
        load_prices(path)
