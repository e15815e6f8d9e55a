"""Providers from settings: none, auto (in SUPPORTWISE_LLM_ORDER), or one forced provider."""

from __future__ import annotations

import pytest

from supportwise.errors import ConfigError
from supportwise.llm.ledger import MemoryLedger
from supportwise.llm.registry import chain_from_settings, providers_from_settings
from supportwise.platform.settings import Settings

KEYS = {"ANTHROPIC_API_KEY": "sk-ant-test", "GEMINI_API_KEY": "g-test",
        "SUPPORTWISE_LLM_URL": "http://127.0.0.1:11434/v1"}


def names(env: dict[str, str]) -> list[tuple[str, str]]:
    return [(p.name, p.model) for p in providers_from_settings(Settings.from_env(env))]


@pytest.mark.parametrize("env, expected", [
    ({"SUPPORTWISE_LLM": "none", **KEYS}, []),
    ({}, []),
    ({"GEMINI_API_KEY": "g"}, [("gemini", "gemini-2.5-flash")]),
    (KEYS, [("anthropic", "claude-sonnet-4-5"), ("gemini", "gemini-2.5-flash"), ("openai", "llama3.1")]),
    ({**KEYS, "SUPPORTWISE_LLM_ORDER": "openai, gemini"}, [("openai", "llama3.1"), ("gemini", "gemini-2.5-flash")]),
    ({**KEYS, "SUPPORTWISE_ANTHROPIC_MODEL": "claude-haiku-4-5", "SUPPORTWISE_OPENAI_MODEL": "qwen2.5"},
     [("anthropic", "claude-haiku-4-5"), ("gemini", "gemini-2.5-flash"), ("openai", "qwen2.5")]),
    ({**KEYS, "SUPPORTWISE_LLM": "gemini"}, [("gemini", "gemini-2.5-flash")]),
    ({"SUPPORTWISE_LLM": "openai", "SUPPORTWISE_LLM_URL": "http://gpu-box:8000/v1"}, [("openai", "llama3.1")]),
], ids=["none", "auto-nothing-set", "auto-one-key", "auto-all", "auto-ordered", "models", "forced", "forced-url"])
def test_providers_from_settings(env, expected):
    assert names(env) == expected


@pytest.mark.parametrize("forced, needed", [("anthropic", "ANTHROPIC_API_KEY"), ("gemini", "GEMINI_API_KEY"),
                                            ("openai", "SUPPORTWISE_LLM_URL")])
def test_forced_provider_without_its_key_is_a_config_error(forced, needed):
    with pytest.raises(ConfigError, match=needed):
        providers_from_settings(Settings.from_env({"SUPPORTWISE_LLM": forced}))


@pytest.mark.parametrize("env, name", [
    ({"SUPPORTWISE_LLM_ORDER": "anthropic,gpt"}, "SUPPORTWISE_LLM_ORDER"),
    ({"SUPPORTWISE_LLM_ORDER": "gemini,gemini"}, "SUPPORTWISE_LLM_ORDER"),
    ({"SUPPORTWISE_LLM_TIMEOUT_S": "0"}, "SUPPORTWISE_LLM_TIMEOUT_S"),
    ({"SUPPORTWISE_LLM_TIMEOUT_S": "soon"}, "SUPPORTWISE_LLM_TIMEOUT_S"),
    ({"SUPPORTWISE_LLM_URL": "localhost:11434"}, "SUPPORTWISE_LLM_URL"),
    ({"SUPPORTWISE_LLM_PRICES": "/no/such/prices.yaml"}, "SUPPORTWISE_LLM_PRICES"),
])
def test_bad_llm_settings_fail_loudly(env, name):
    with pytest.raises(ConfigError, match=name):
        Settings.from_env(env)


def test_keys_are_not_in_provider_reprs():
    for provider in providers_from_settings(Settings.from_env(KEYS)):
        assert "sk-ant-test" not in repr(provider) and "g-test" not in repr(provider)


def test_chain_from_settings_uses_timeout_and_prices(tmp_path):
    prices = tmp_path / "prices.json"
    prices.write_text('{"openai": {"llama3.1": {"input": 0.1, "output": 0.2}}}')
    env = {"SUPPORTWISE_LLM_URL": "http://127.0.0.1:1/v1", "SUPPORTWISE_LLM_TIMEOUT_S": "7.5",
           "SUPPORTWISE_LLM_PRICES": str(prices)}
    chain = chain_from_settings(Settings.from_env(env), MemoryLedger())
    assert chain.timeout_s == 7.5 and [p.name for p in chain.providers] == ["openai"]
    assert chain.prices.price("openai", "llama3.1").input == 0.1
