"""One settings object, read once from the environment and validated.

Every setting is listed in ``SETTINGS`` with its default and help text, so
``python -m supportwise settings`` can print them all. A bad value fails loudly
with a ``ConfigError`` naming the variable.
"""

from __future__ import annotations

import math
import os
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Mapping

from supportwise.errors import ConfigError

ENVIRONMENTS = ("demo", "production")
LLM_MODES = ("auto", "none", "anthropic", "gemini", "openai")
LLM_PROVIDERS = ("anthropic", "gemini", "openai")


@dataclass(frozen=True)
class Setting:
    env: str
    attr: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str
    secret: bool = False


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError("must be a positive whole number")
    return value


def _non_negative_float(raw: str) -> float:
    value = float(raw)
    if not math.isfinite(value) or value < 0:
        raise ValueError("must be a number of at least 0")
    return value


def _port(raw: str) -> int:
    value = int(raw)
    if not 1 <= value <= 65535:
        raise ValueError("must be a port number between 1 and 65535")
    return value


def _choice(options: tuple[str, ...]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.strip().lower()
        if value not in options:
            raise ValueError(f"must be one of {', '.join(options)}")
        return value

    return parse


def _positive_float(raw: str) -> float:
    value = float(raw)
    if not (value > 0 and math.isfinite(value)):
        raise ValueError("must be a positive number")
    return value


def _provider_order(raw: str) -> str:
    names = [part.strip().lower() for part in raw.split(",") if part.strip()]
    unknown = [name for name in names if name not in LLM_PROVIDERS]
    if not names or unknown or len(set(names)) != len(names):
        raise ValueError(f"must be a comma-separated list of distinct providers from {', '.join(LLM_PROVIDERS)}")
    return ",".join(names)


def _http_url(raw: str) -> str:
    if not raw.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https:// (e.g. http://localhost:11434/v1)")
    return raw.rstrip("/")


def _existing_file(raw: str) -> Path:
    path = Path(raw).expanduser()
    if not path.is_file():
        raise ValueError("is not an existing file")
    return path


def _iso_date(raw: str) -> date:
    return date.fromisoformat(raw.strip())


def _timezone(raw: str) -> str:
    try:
        zoneinfo.ZoneInfo(raw)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("is not a known IANA time zone such as UTC or Europe/Berlin") from exc
    return raw


def _db_url(raw: str) -> str:
    if not raw.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        raise ValueError("must start with postgresql:// (e.g. postgresql://user@host:5432/dbname)")
    return raw.replace("postgresql+psycopg://", "postgresql://", 1).replace("postgres://", "postgresql://", 1)


def _redis_url(raw: str) -> str:
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("must start with redis://, rediss:// or unix://")
    return raw


SETTINGS: tuple[Setting, ...] = (
    Setting("SUPPORTWISE_ENV", "env", "demo", "demo (embedded servers, demo users) or production", _choice(ENVIRONMENTS)),
    Setting("DATABASE_URL", "database_url", None,
            "PostgreSQL URL of a user that may migrate (create schemas and roles); unset: embedded pgserver", _db_url,
            secret=True),
    Setting("REDIS_URL", "redis_url", None, "Redis URL; unset: embedded redis under the data folder", _redis_url,
            secret=True),
    Setting("SUPPORTWISE_DATA_DIR", "data_dir", Path(".supportwise"), "folder for the embedded servers' data", Path),
    Setting("SUPPORTWISE_READER_URL", "reader_url", None,
            "URL used to run question SQL; unset: DATABASE_URL with user supportwise_reader", _db_url, secret=True),
    Setting("SUPPORTWISE_APP_URL", "app_url", None,
            "URL used for the app's own tables; unset: DATABASE_URL with user supportwise_app", _db_url, secret=True),
    Setting("SUPPORTWISE_READER_PASSWORD", "reader_password", None,
            "password given to the supportwise_reader role by migrate", secret=True),
    Setting("SUPPORTWISE_APP_PASSWORD", "app_password", None,
            "password given to the supportwise_app role by migrate", secret=True),
    Setting("SUPPORTWISE_TODAY", "today", None, "fixed 'today' (YYYY-MM-DD) for demos and tests; unset: the real date",
            _iso_date),
    Setting("SUPPORTWISE_TIMEZONE", "timezone", "UTC", "time zone in which time phrases are read", _timezone),
    Setting("SUPPORTWISE_COOKIE_KEY", "cookie_key", None,
            "secret signing the login cookie; required in production", secret=True),
    Setting("SUPPORTWISE_STATEMENT_TIMEOUT_MS", "statement_timeout_ms", 10_000,
            "longest a question's SQL may run, in milliseconds", _positive_int),
    Setting("SUPPORTWISE_ROW_LIMIT", "row_limit", 10_000, "most rows a question returns", _positive_int),
    Setting("SUPPORTWISE_DEMO_TICKETS", "demo_tickets", 30_000, "tickets seeded on first start in demo mode",
            _positive_int),
    Setting("SUPPORTWISE_DEMO_SEED", "demo_seed", 7, "random seed of the demo data", int),
    Setting("SUPPORTWISE_PORT", "port", 8501, "port of the Streamlit app", _port),
    Setting("SUPPORTWISE_LLM", "llm", "auto", "auto (use configured keys), none (offline only), or one provider",
            _choice(LLM_MODES)),
    Setting("ANTHROPIC_API_KEY", "anthropic_api_key", None, "Claude API key", secret=True),
    Setting("GEMINI_API_KEY", "gemini_api_key", None, "Gemini API key (google-genai)", secret=True),
    Setting("SUPPORTWISE_LLM_URL", "llm_url", None,
            "OpenAI-compatible API root for a local or gateway model (e.g. http://localhost:11434/v1 for Ollama)",
            _http_url),
    Setting("SUPPORTWISE_LLM_API_KEY", "llm_api_key", None, "API key for SUPPORTWISE_LLM_URL, if it needs one",
            secret=True),
    Setting("SUPPORTWISE_LLM_ORDER", "llm_order", "anthropic,gemini,openai",
            "order in which configured providers are tried in auto mode; providers not listed are not used",
            _provider_order),
    Setting("SUPPORTWISE_ANTHROPIC_MODEL", "anthropic_model", "claude-sonnet-4-5", "Claude model"),
    Setting("SUPPORTWISE_GEMINI_MODEL", "gemini_model", "gemini-2.5-flash", "Gemini model"),
    Setting("SUPPORTWISE_OPENAI_MODEL", "openai_model", "llama3.1", "model name at SUPPORTWISE_LLM_URL"),
    Setting("SUPPORTWISE_LLM_TIMEOUT_S", "llm_timeout_s", 20.0,
            "longest one LLM call may take, in seconds, before the next provider is tried", _positive_float),
    Setting("SUPPORTWISE_DAILY_BUDGET_USD", "daily_budget_usd", 2.0,
            "LLM spend a user may cause per UTC day; warning from 80 %, offline-only at 100 %", _non_negative_float),
    Setting("SUPPORTWISE_RATE_LIMIT_PER_MIN", "rate_limit_per_min", 30, "questions a user may ask per minute",
            _positive_int),
    # Planner cost units, not seconds. On 100k demo tickets simple questions plan at 100–17,000 and a
    # year of per-ticket comment counts at 128,000–700,000 (measured for the Ask page, issue 5).
    Setting("SUPPORTWISE_HEAVY_QUERY_COST", "heavy_query_cost", 100_000.0,
            "planner cost (EXPLAIN Total Cost) above which a question is answered in the background",
            _positive_float),
    Setting("SUPPORTWISE_LLM_PRICES", "llm_prices", None,
            "JSON or YAML file of LLM prices (USD per million tokens) overriding the built-in table", _existing_file),
)


@dataclass(frozen=True)
class Settings:
    env: str = "demo"
    database_url: str | None = None
    redis_url: str | None = None
    data_dir: Path = Path(".supportwise")
    reader_url: str | None = None
    app_url: str | None = None
    reader_password: str | None = None
    app_password: str | None = None
    today: date | None = None
    timezone: str = "UTC"
    cookie_key: str | None = None
    statement_timeout_ms: int = 10_000
    row_limit: int = 10_000
    demo_tickets: int = 30_000
    demo_seed: int = 7
    port: int = 8501
    llm: str = "auto"
    anthropic_api_key: str | None = None
    gemini_api_key: str | None = None
    llm_url: str | None = None
    llm_api_key: str | None = None
    llm_order: str = "anthropic,gemini,openai"
    anthropic_model: str = "claude-sonnet-4-5"
    gemini_model: str = "gemini-2.5-flash"
    openai_model: str = "llama3.1"
    llm_timeout_s: float = 20.0
    llm_prices: Path | None = None
    daily_budget_usd: float = 2.0
    rate_limit_per_min: int = 30
    heavy_query_cost: float = 100_000.0

    @property
    def embedded_db(self) -> bool:
        return self.database_url is None

    @property
    def embedded_redis(self) -> bool:
        return self.redis_url is None

    @property
    def is_demo(self) -> bool:
        return self.env == "demo"

    def current_date(self) -> date:
        """The date time phrases are read against: SUPPORTWISE_TODAY, else today in the configured zone."""
        if self.today is not None:
            return self.today
        return datetime.now(zoneinfo.ZoneInfo(self.timezone)).date()

    def signing_key(self) -> str:
        """The cookie key; demo mode may fall back to a fixed key, production may not."""
        if self.cookie_key:
            return self.cookie_key
        if self.is_demo:
            return "supportwise-demo-cookie-key-not-for-production"
        raise ConfigError("SUPPORTWISE_COOKIE_KEY must be set when SUPPORTWISE_ENV=production")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """Read and validate every setting; raise ConfigError naming each bad variable."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        problems: list[str] = []
        for setting in SETTINGS:
            raw = environ.get(setting.env)
            if raw is None or raw.strip() == "":
                values[setting.attr] = setting.default
                continue
            try:
                values[setting.attr] = setting.parse(raw.strip())
            except ValueError as exc:
                shown = "***" if setting.secret else repr(raw)
                problems.append(f"{setting.env}={shown}: {exc}")
        if problems:
            raise ConfigError("Invalid settings:\n  " + "\n  ".join(problems))
        settings = cls(**values)
        if settings.env == "production":
            if settings.embedded_db or settings.embedded_redis:
                raise ConfigError("Production mode needs DATABASE_URL and REDIS_URL (embedded servers are for demos)")
            settings.signing_key()
        return settings


def describe(settings: Settings | None = None) -> str:
    """A --help style listing of every setting, its default and (secrets hidden) current value."""
    lines = []
    for setting in SETTINGS:
        default = "(unset)" if setting.default is None else str(setting.default)
        line = f"{setting.env:34} default {default:14} {setting.help}"
        if settings is not None:
            current = getattr(settings, setting.attr)
            if current is not None and current != setting.default and str(current) != default:
                line += f"\n{'':34} now     {'***' if setting.secret else current}"
        lines.append(line)
    return "\n".join(lines)


_cached: Settings | None = None


def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    global _cached
    if _cached is None:
        _cached = Settings.from_env()
    return _cached


def reset_settings() -> None:
    """Forget the cached settings (tests and the CLI's --today use this)."""
    global _cached
    _cached = None
