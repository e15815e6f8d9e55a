"""Ordered .sql migrations applied idempotently, recorded in app.schema_migrations.

Files in ``supportwise/platform/sql/migrations`` (package data, read with importlib.resources)
are named ``NNNN_description.sql`` and applied in order,
each in its own transaction. An advisory lock serializes concurrent migrators of one
database (app, worker and CLI may all start at once). Roles and their grants live in the
cluster's shared catalog, which that lock does not cover: when two databases of one server
migrate at the same moment, PostgreSQL may refuse one with "tuple concurrently updated", and
the whole run (one transaction) is tried again. Editing an applied file is refused: its
checksum no longer matches.
"""

from __future__ import annotations

import hashlib
import random
import re
import time
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable

import psycopg

from supportwise.errors import MigrationError

SQL_DIR: Traversable = files("supportwise.platform") / "sql"
MIGRATIONS_DIR: Traversable = SQL_DIR / "migrations"
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
# Any constant works; it only has to be the same for every SupportWise process.
_LOCK_KEY = 0x5357_4D49  # "SWMI"
_ATTEMPTS = 5
_SHARED_CATALOG_RACE = "tuple concurrently updated"

_BOOTSTRAP = """
CREATE SCHEMA IF NOT EXISTS app;
CREATE TABLE IF NOT EXISTS app.schema_migrations (
    version     text PRIMARY KEY,
    name        text NOT NULL,
    checksum    text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
"""


_DATABASE_PRIVILEGES = """
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO supportwise_reader, supportwise_app', current_database());
END $$;
"""


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def load_migrations(folder: Traversable = MIGRATIONS_DIR) -> list[Migration]:
    """The migration files in order; a badly named file is an error, not silently skipped."""
    migrations = []
    for path in sorted((p for p in folder.iterdir() if p.name.endswith(".sql")), key=lambda p: p.name):
        match = _NAME.match(path.name)
        if not match:
            raise MigrationError(f"Migration file {path.name} must be named NNNN_description.sql")
        migrations.append(Migration(match.group(1), path.name, path.read_text()))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise MigrationError("Two migration files share a version number")
    return migrations


def migrate(conn: psycopg.Connection, folder: Traversable = MIGRATIONS_DIR) -> list[str]:
    """Apply pending migrations on an admin connection; return the names applied."""
    for attempt in range(1, _ATTEMPTS):
        try:
            return _migrate_once(conn, folder)
        except (psycopg.errors.InternalError, MigrationError) as exc:
            if _SHARED_CATALOG_RACE not in str(exc):
                raise
            time.sleep(random.uniform(0.05, 0.2) * attempt)  # another database's migration holds the role rows
    return _migrate_once(conn, folder)


def _migrate_once(conn: psycopg.Connection, folder: Traversable) -> list[str]:
    applied_now: list[str] = []
    conn.autocommit = False
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        conn.execute(_BOOTSTRAP)
        done = dict(conn.execute("SELECT version, checksum FROM app.schema_migrations").fetchall())
        for migration in load_migrations(folder):
            if migration.version in done:
                if done[migration.version] != migration.checksum:
                    raise MigrationError(
                        f"Migration {migration.name} was changed after it was applied; "
                        "add a new migration instead of editing an old one")
                continue
            try:
                with conn.transaction():
                    conn.execute(migration.sql)
                    conn.execute(
                        "INSERT INTO app.schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
                        (migration.version, migration.name, migration.checksum))
            except psycopg.Error as exc:
                raise MigrationError(f"Migration {migration.name} failed: {exc}", detail=str(exc)) from exc
            applied_now.append(migration.name)
        # Database-level privileges live in the shared catalog, not in the database: a copy
        # made with CREATE DATABASE … TEMPLATE does not inherit them, so apply them every time.
        conn.execute(_DATABASE_PRIVILEGES)
    return applied_now
