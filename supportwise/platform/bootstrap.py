"""Open the database for a process: resolve URLs, migrate, set role passwords, demo accounts."""

from __future__ import annotations

import sqlalchemy as sa
from psycopg import sql

from supportwise.platform.database import APP_ROLE, READER_ROLE, Database
from supportwise.platform.migrate import migrate
from supportwise.platform.settings import Settings


def open_database(settings: Settings, *, run_migrations: bool = True) -> Database:
    """The Database for these settings, migrated (migrations also run on every start)."""
    database = Database.from_settings(settings)
    if run_migrations:
        with database.connect_admin() as conn:
            migrate(conn)
            _set_role_passwords(conn, settings)
    return database


def _set_role_passwords(conn, settings: Settings) -> None:
    for role, password in ((READER_ROLE, settings.reader_password), (APP_ROLE, settings.app_password)):
        if password:
            conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), sql.Literal(password)))
    conn.commit()


def ticket_count(database: Database) -> int:
    with database.reader.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM tickets")).scalar_one()
