"""The one read path: every query a person's request causes runs here, read-only and bounded.

``read_only(engine, timeout_ms, tz)`` opens a connection in a ``READ ONLY`` transaction with
a statement timeout and the time zone that day and week buckets follow (CONTRACT §2), and
turns database failures into ``QueryFailed`` with a sentence for people. The transaction is
rolled back at the end: nothing a reader does is ever kept. ``run_readonly`` runs one
statement through it with the extended protocol and a row limit.

    with read_only(db.reader, timeout_ms=settings.statement_timeout_ms, tz=settings.timezone) as conn:
        rows = conn.execute(sa.text("SELECT count(*) FROM tickets")).all()
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from supportwise.errors import QueryFailed

TIMEOUT_SQLSTATE = "57014"  # query_canceled: statement_timeout struck


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool
    duration_ms: float


@contextmanager
def read_only(engine: Engine, *, timeout_ms: int, tz: str = "UTC") -> Iterator[Connection]:
    """A connection inside a READ ONLY transaction with statement_timeout and TimeZone set, rolled back after.

    A database error inside the block becomes QueryFailed ("took longer than 10 s …" for a timeout).
    """
    try:
        with engine.connect() as conn:
            transaction = conn.begin()
            try:
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                conn.execute(sa.text("SELECT set_config('statement_timeout', :t, true), "
                                     "set_config('TimeZone', :z, true)"), {"t": str(timeout_ms), "z": tz})
                yield conn
            finally:
                if transaction.is_active:
                    transaction.rollback()
    except (psycopg.Error, sa.exc.DBAPIError) as exc:
        raise _failed(exc, timeout_ms) from exc


def run_readonly(engine: Engine, sql: str, params: dict[str, Any], *, timeout_ms: int, row_limit: int,
                 timezone: str = "UTC") -> QueryResult:
    """Execute one statement through read_only; keep at most row_limit rows."""
    started = time.perf_counter()
    with read_only(engine, timeout_ms=timeout_ms, tz=timezone) as conn:
        # prepare=True sends the SQL with the extended protocol, which refuses a second
        # statement ("SELECT 1; COMMIT; …") whatever got past the guard.
        with conn.connection.driver_connection.cursor() as cursor:
            cursor.execute(sql, params, prepare=True)
            if cursor.description is None:
                raise QueryFailed("Only queries that return rows can be run.")
            columns = [column.name for column in cursor.description]
            rows = [tuple(r) for r in cursor.fetchmany(row_limit + 1)]
    truncated = len(rows) > row_limit
    return QueryResult(columns, rows[:row_limit], truncated, (time.perf_counter() - started) * 1000)


def _failed(exc: Exception, timeout_ms: int) -> QueryFailed:
    original = getattr(exc, "orig", None) or exc
    if getattr(original, "sqlstate", None) == TIMEOUT_SQLSTATE:
        return QueryFailed(f"The query took longer than {timeout_ms / 1000:g} s and was stopped.",
                           detail=str(original))
    return QueryFailed("The database could not run this query.", detail=str(original))
