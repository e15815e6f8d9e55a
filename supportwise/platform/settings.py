"""One settings object, read once from the environment and validated.

Every setting is a field of ``Settings`` declared with ``setting(VARIABLE, default, help,
parse=…)``: the one source. ``SETTINGS`` is made from those fields, so
``python -m supportwise settings`` prints them all and nothing is written twice. A bad value fails loudly
with a ``ConfigError`` naming the variable.
"""

from __future__ import annotations

import math
import os
import zoneinfo
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Mapping

from supportwise.errors import ConfigError

ENVIRONMENTS = ("demo", "production")
LLM_MODES = ("auto", "none", "anthropic", "gemini", "openai")
LLM_PROVIDERS = ("anthropic", "gemini", "openai")


@dataclass(frozen=True)
class Setting:
    """One variable: its name, the Settings attribute it fills, default, help, parser, and whether it is secret."""

    env: str
    attr: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str
    secret: bool = False


def setting(env: str, default: Any, help: str, *, parse: Callable[[str], Any] = str, secret: bool = False) -> Any:
    """A Settings field that knows its environment variable (SETTINGS is made from these)."""
    return field(default=default, metadata={"setting": {"env": env, "default": default, "help": help,
                                                        "parse": parse, "secret": secret}})


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


def _bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("expected true or false")


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


@dataclass(frozen=True)
class Settings:
    """Every setting: the one list. Each field names its variable, default, help text and parser."""

    env: str = setting("SUPPORTWISE_ENV", "demo",
        "demo (embedded servers, demo users) or production", parse=_choice(ENVIRONMENTS))
    database_url: str | None = setting("DATABASE_URL", None,
        "PostgreSQL URL of a user that may migrate (create schemas and roles); unset: embedded pgserver",
        parse=_db_url, secret=True)
    redis_url: str | None = setting("REDIS_URL", None,
        "Redis URL; unset: embedded redis under the data folder", parse=_redis_url, secret=True)
    data_dir: Path = setting("SUPPORTWISE_DATA_DIR", Path(".supportwise"),
        "folder for the embedded servers' data", parse=Path)
    reader_url: str | None = setting("SUPPORTWISE_READER_URL", None,
        "URL used to run question SQL; unset: DATABASE_URL with user supportwise_reader", parse=_db_url, secret=True)
    app_url: str | None = setting("SUPPORTWISE_APP_URL", None,
        "URL used for the app's own tables; unset: DATABASE_URL with user supportwise_app", parse=_db_url, secret=True)
    reader_password: str | None = setting("SUPPORTWISE_READER_PASSWORD", None,
        "password given to the supportwise_reader role by migrate", secret=True)
    app_password: str | None = setting("SUPPORTWISE_APP_PASSWORD", None,
        "password given to the supportwise_app role by migrate", secret=True)
    today: date | None = setting("SUPPORTWISE_TODAY", None,
        "fixed 'today' (YYYY-MM-DD) for demos and tests; unset: the real date", parse=_iso_date)
    timezone: str = setting("SUPPORTWISE_TIMEZONE", "UTC",
        "time zone in which time phrases are read", parse=_timezone)
    cookie_key: str | None = setting("SUPPORTWISE_COOKIE_KEY", None,
        "secret signing the login cookie; required in production", secret=True)
    statement_timeout_ms: int = setting("SUPPORTWISE_STATEMENT_TIMEOUT_MS", 10_000,
        "longest a question's SQL may run, in milliseconds", parse=_positive_int)
    row_limit: int = setting("SUPPORTWISE_ROW_LIMIT", 10_000, "most rows a question returns", parse=_positive_int)
    schedule_min_minutes: int = setting("SUPPORTWISE_SCHEDULE_MIN_MINUTES", 15,
        "shortest gap between two runs of a schedule, in minutes", parse=_positive_int)
    schedule_run_timeout_s: int = setting("SUPPORTWISE_SCHEDULE_RUN_TIMEOUT_S", 600,
        "a scheduled run still running after this many seconds (its worker died) is retried", parse=_positive_int)
    schedule_attempts: int = setting("SUPPORTWISE_SCHEDULE_ATTEMPTS", 3,
        "times a scheduled run is tried when its worker dies under it", parse=_positive_int)
    clock_shift_s: float = setting("SUPPORTWISE_CLOCK_SHIFT_S", 0.0,
        "seconds added to the real clock by schedules (tests and demos of 'every Monday at 9')", parse=float)
    smtp_host: str | None = setting("SUPPORTWISE_SMTP_HOST", None, "SMTP server for emailed reports; unset: no email")
    smtp_port: int = setting("SUPPORTWISE_SMTP_PORT", 587, "SMTP port", parse=_port)
    smtp_starttls: bool = setting("SUPPORTWISE_SMTP_STARTTLS", True, "upgrade the SMTP connection with STARTTLS",
        parse=_bool)
    smtp_user: str | None = setting("SUPPORTWISE_SMTP_USER", None, "SMTP login, if the server wants one")
    smtp_password: str | None = setting("SUPPORTWISE_SMTP_PASSWORD", None, "SMTP password", secret=True)
    smtp_sender: str = setting("SUPPORTWISE_SMTP_SENDER", "supportwise@localhost", "From address of emailed reports")
    outgoing_hosts: str = setting("SUPPORTWISE_OUTGOING_HOSTS", "hooks.slack.com",
        "hosts Slack and webhook deliveries may post to, comma-separated (*.example.com for subdomains)")
    outgoing_allow_private: bool = setting("SUPPORTWISE_OUTGOING_ALLOW_PRIVATE", False,
        "allow deliveries to private and loopback addresses (off: refused even when the host is listed)", parse=_bool)
    webhook_secret: str | None = setting("SUPPORTWISE_WEBHOOK_SECRET", None,
        "key signing webhook bodies (HMAC-SHA256); webhooks are not sent unsigned", secret=True)
    delivery_timeout_s: float = setting("SUPPORTWISE_DELIVERY_TIMEOUT_S", 10.0,
        "longest one delivery attempt (SMTP or HTTP) may take, in seconds", parse=_positive_float)
    delivery_attempts: int = setting("SUPPORTWISE_DELIVERY_ATTEMPTS", 3, "tries per delivery", parse=_positive_int)
    delivery_backoff_s: float = setting("SUPPORTWISE_DELIVERY_BACKOFF_S", 2.0,
        "wait before the second try; doubled before each next one", parse=_non_negative_float)
    delivery_backoff_cap_s: float = setting("SUPPORTWISE_DELIVERY_BACKOFF_CAP_S", 60.0,
        "longest wait between two tries", parse=_non_negative_float)
    public_url: str | None = setting("SUPPORTWISE_PUBLIC_URL", None,
        "address of the app that deliveries link back to; unset: http://localhost:SUPPORTWISE_PORT", parse=_http_url)
    demo_tickets: int = setting("SUPPORTWISE_DEMO_TICKETS", 30_000,
        "tickets seeded on first start in demo mode", parse=_positive_int)
    demo_seed: int = setting("SUPPORTWISE_DEMO_SEED", 7, "random seed of the demo data", parse=int)
    port: int = setting("SUPPORTWISE_PORT", 8501, "port of the Streamlit app", parse=_port)
    llm: str = setting("SUPPORTWISE_LLM", "auto",
        "auto (use configured keys), none (offline only), or one provider", parse=_choice(LLM_MODES))
    anthropic_api_key: str | None = setting("ANTHROPIC_API_KEY", None, "Claude API key", secret=True)
    gemini_api_key: str | None = setting("GEMINI_API_KEY", None, "Gemini API key (google-genai)", secret=True)
    llm_url: str | None = setting("SUPPORTWISE_LLM_URL", None,
        "OpenAI-compatible API root for a local or gateway model (e.g. http://localhost:11434/v1 for Ollama)",
        parse=_http_url)
    llm_api_key: str | None = setting("SUPPORTWISE_LLM_API_KEY", None,
        "API key for SUPPORTWISE_LLM_URL, if it needs one", secret=True)
    llm_order: str = setting("SUPPORTWISE_LLM_ORDER", "anthropic,gemini,openai",
        "order in which configured providers are tried in auto mode; providers not listed are not used",
        parse=_provider_order)
    anthropic_model: str = setting("SUPPORTWISE_ANTHROPIC_MODEL", "claude-sonnet-4-5", "Claude model")
    gemini_model: str = setting("SUPPORTWISE_GEMINI_MODEL", "gemini-2.5-flash", "Gemini model")
    openai_model: str = setting("SUPPORTWISE_OPENAI_MODEL", "llama3.1", "model name at SUPPORTWISE_LLM_URL")
    llm_timeout_s: float = setting("SUPPORTWISE_LLM_TIMEOUT_S", 20.0,
        "longest one LLM call may take, in seconds, before the next provider is tried", parse=_positive_float)
    daily_budget_usd: float = setting("SUPPORTWISE_DAILY_BUDGET_USD", 2.0,
        "LLM spend a user may cause per UTC day; warning from 80 %, offline-only at 100 %", parse=_non_negative_float)
    rate_limit_per_min: int = setting("SUPPORTWISE_RATE_LIMIT_PER_MIN", 30,
        "questions a user may ask per minute", parse=_positive_int)
    # Planner cost units, not seconds. On 100k demo tickets simple questions plan at 100–17,000 and a
    # year of per-ticket comment counts at 128,000–700,000 (measured for the Ask page, issue 5).
    heavy_query_cost: float = setting("SUPPORTWISE_HEAVY_QUERY_COST", 100_000.0,
        "planner cost (EXPLAIN Total Cost) above which a question is answered in the background", parse=_positive_float)
    llm_prices: Path | None = setting("SUPPORTWISE_LLM_PRICES", None,
        "JSON or YAML file of LLM prices (USD per million tokens) overriding the built-in table", parse=_existing_file)

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

    def now(self) -> datetime:
        """The time schedules run by: the real clock, moved by SUPPORTWISE_CLOCK_SHIFT_S (aware, UTC)."""
        return datetime.now(timezone.utc) + timedelta(seconds=self.clock_shift_s)

    @property
    def app_link(self) -> str:
        return (self.public_url or f"http://localhost:{self.port}").rstrip("/")

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


# The list `python -m supportwise settings` prints and from_env reads, in the order of the fields.
SETTINGS: tuple[Setting, ...] = tuple(Setting(attr=f.name, **f.metadata["setting"]) for f in fields(Settings))


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
