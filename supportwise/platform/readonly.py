"""Run a question's SQL as the read-only reader role, bounded in time and rows."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy import Engine

from supportwise.errors import QueryFailed


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool
    duration_ms: float


def run_readonly(engine: Engine, sql: str, params: dict[str, Any], *, timeout_ms: int, row_limit: int,
                 timezone: str = "UTC") -> QueryResult:
    """Execute one statement in a READ ONLY transaction with statement_timeout; keep at most row_limit rows."""
    started = time.perf_counter()
    try:
        with engine.connect() as conn:
            with conn.begin():
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                conn.execute(sa.text("SELECT set_config('statement_timeout', :t, true), "
                                     "set_config('TimeZone', :z, true)"), {"t": str(timeout_ms), "z": timezone})
                # prepare=True sends the SQL with the extended protocol, which refuses a second
                # statement ("SELECT 1; COMMIT; …") whatever got past the validator.
                with conn.connection.driver_connection.cursor() as cursor:
                    cursor.execute(sql, params, prepare=True)
                    if cursor.description is None:
                        raise QueryFailed("Only queries that return rows can be run.")
                    columns = [column.name for column in cursor.description]
                    rows = [tuple(r) for r in cursor.fetchmany(row_limit + 1)]
    except psycopg.Error as exc:
        if exc.sqlstate == "57014":
            raise QueryFailed(f"The query took longer than {timeout_ms / 1000:g} s and was stopped.",
                              detail=str(exc)) from exc
        raise QueryFailed("The database could not run this query.", detail=str(exc)) from exc
    except sa.exc.DBAPIError as exc:
        original = getattr(exc, "orig", exc)
        if getattr(original, "sqlstate", None) == "57014":
            raise QueryFailed(f"The query took longer than {timeout_ms / 1000:g} s and was stopped.",
                              detail=str(original)) from exc
        raise QueryFailed("The database could not run this query.", detail=str(original)) from exc
    truncated = len(rows) > row_limit
    return QueryResult(columns, rows[:row_limit], truncated, (time.perf_counter() - started) * 1000)
