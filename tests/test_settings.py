from datetime import date
from pathlib import Path

import pytest

from supportwise.errors import ConfigError
from supportwise.platform.settings import SETTINGS, Settings, describe


def test_defaults_are_embedded_demo():
    s = Settings.from_env({})
    assert s.env == "demo" and s.embedded_db and s.embedded_redis
    assert s.data_dir == Path(".supportwise")
    assert s.statement_timeout_ms == 10_000 and s.row_limit == 10_000


def test_values_are_parsed():
    s = Settings.from_env({"DATABASE_URL": "postgres://u@h:5432/db", "SUPPORTWISE_TODAY": "2026-11-23",
                           "SUPPORTWISE_ROW_LIMIT": "500", "SUPPORTWISE_LLM": "NONE"})
    assert s.database_url == "postgresql://u@h:5432/db"
    assert s.today == date(2026, 11, 23) and s.current_date() == date(2026, 11, 23)
    assert s.row_limit == 500 and s.llm == "none"


@pytest.mark.parametrize("env, name", [
    ({"SUPPORTWISE_ROW_LIMIT": "0"}, "SUPPORTWISE_ROW_LIMIT"),
    ({"SUPPORTWISE_ROW_LIMIT": "many"}, "SUPPORTWISE_ROW_LIMIT"),
    ({"SUPPORTWISE_PORT": "70000"}, "SUPPORTWISE_PORT"),
    ({"SUPPORTWISE_TODAY": "23/11/2026"}, "SUPPORTWISE_TODAY"),
    ({"SUPPORTWISE_TIMEZONE": "Mars/Olympus"}, "SUPPORTWISE_TIMEZONE"),
    ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
    ({"REDIS_URL": "http://x"}, "REDIS_URL"),
    ({"SUPPORTWISE_ENV": "staging"}, "SUPPORTWISE_ENV"),
    ({"SUPPORTWISE_LLM": "gpt"}, "SUPPORTWISE_LLM"),
])
def test_bad_values_fail_loudly_naming_the_variable(env, name):
    with pytest.raises(ConfigError) as err:
        Settings.from_env(env)
    assert name in str(err.value)


def test_secrets_are_not_echoed_in_errors():
    with pytest.raises(ConfigError) as err:
        Settings.from_env({"DATABASE_URL": "mysql://user:hunter2@x"})
    assert "hunter2" not in str(err.value)


def test_production_needs_servers_and_cookie_key():
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        Settings.from_env({"SUPPORTWISE_ENV": "production"})
    with pytest.raises(ConfigError, match="COOKIE_KEY"):
        Settings.from_env({"SUPPORTWISE_ENV": "production", "DATABASE_URL": "postgresql://h/db",
                           "REDIS_URL": "redis://h:6379/0"})
    s = Settings.from_env({"SUPPORTWISE_ENV": "production", "DATABASE_URL": "postgresql://h/db",
                           "REDIS_URL": "redis://h:6379/0", "SUPPORTWISE_COOKIE_KEY": "k" * 32})
    assert s.signing_key() == "k" * 32


def test_demo_has_a_fallback_cookie_key():
    assert Settings.from_env({}).signing_key()


def test_describe_lists_every_setting_and_hides_secrets():
    text = describe(Settings.from_env({"ANTHROPIC_API_KEY": "sk-secret", "SUPPORTWISE_ROW_LIMIT": "42"}))
    for setting in SETTINGS:
        assert setting.env in text
    assert "sk-secret" not in text
    assert "42" in text
