"""Connections to PostgreSQL: one admin URL, and the reader and app roles derived from it.

``Database`` holds three lazily created SQLAlchemy engines:
- ``admin``: the migrating user (DATABASE_URL, or the embedded superuser) — migrations, seeding;
- ``reader``: ``supportwise_reader`` — every question's SQL runs here;
- ``app``: ``supportwise_app`` — users, audit, reports and the rest of schema ``app``.
Engines are created in the process that uses them (RQ workers build their own).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import psycopg
from sqlalchemy import Engine, create_engine

from supportwise.errors import ServiceUnavailable
from supportwise.platform import embedded
from supportwise.platform.settings import Settings

READER_ROLE = "supportwise_reader"
APP_ROLE = "supportwise_app"
EMBEDDED_DB_NAME = "supportwise"


def with_user(url: str, user: str, password: str | None = None) -> str:
    """Return url with its user (and password) replaced; host, port, database and query kept."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = quote(user, safe="")
    if password:
        netloc += ":" + quote(password, safe="")
    netloc += "@" + host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def with_database(url: str, dbname: str) -> str:
    """Return url pointing at another database on the same server."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, parts.fragment))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "postgres"


def _sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def psycopg_conninfo(url: str) -> str:
    """psycopg accepts the URL itself; an empty password ('postgres:@') is dropped for clarity."""
    parts = urlsplit(url)
    query = urlencode(parse_qsl(parts.query))
    return urlunsplit((parts.scheme, parts.netloc.replace(":@", "@"), parts.path, query, parts.fragment))


def ensure_database(server_url: str, dbname: str) -> None:
    """Create dbname on the server of server_url if it does not exist yet."""
    with psycopg.connect(psycopg_conninfo(server_url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            try:
                conn.execute(f'CREATE DATABASE "{dbname}"')
            except psycopg.errors.DuplicateDatabase:
                pass  # another process won the race


@dataclass
class Database:
    admin_url: str
    reader_url: str
    app_url: str
    _engines: dict[str, Engine] = field(default_factory=dict, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Database":
        """Resolve URLs (starting the embedded server when DATABASE_URL is unset)."""
        if settings.embedded_db:
            server = embedded.ensure_postgres(settings.data_dir)
            ensure_database(server, EMBEDDED_DB_NAME)
            admin = with_database(server, EMBEDDED_DB_NAME)
        else:
            admin = settings.database_url
        return cls.for_admin_url(admin, settings)

    @classmethod
    def for_admin_url(cls, admin_url: str, settings: Settings) -> "Database":
        reader = settings.reader_url or with_user(admin_url, READER_ROLE, settings.reader_password)
        app = settings.app_url or with_user(admin_url, APP_ROLE, settings.app_password)
        return cls(admin_url=admin_url, reader_url=reader, app_url=app)

    def _engine(self, name: str, url: str, **kwargs: Any) -> Engine:
        if name not in self._engines:
            self._engines[name] = create_engine(_sqlalchemy_url(url), pool_pre_ping=True, **kwargs)
        return self._engines[name]

    @property
    def admin(self) -> Engine:
        return self._engine("admin", self.admin_url, pool_size=2)

    @property
    def reader(self) -> Engine:
        return self._engine("reader", self.reader_url, pool_size=5, max_overflow=10)

    @property
    def app(self) -> Engine:
        return self._engine("app", self.app_url, pool_size=5, max_overflow=10)

    def connect_admin(self, **kwargs: Any) -> psycopg.Connection:
        """A raw psycopg connection as the admin user (COPY streaming, migrations)."""
        try:
            return psycopg.connect(psycopg_conninfo(self.admin_url), **kwargs)
        except psycopg.OperationalError as exc:
            raise ServiceUnavailable("Cannot connect to PostgreSQL", detail=str(exc)) from exc

    def dispose(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()
