"""Is a question heavy? The planner's estimate decides whether it runs in the background.

The question's SQL — compiled and already scoped, exactly what would run — is wrapped in
``EXPLAIN (FORMAT JSON)`` and sent through the same read-only path as the question itself
(``run_readonly`` as ``supportwise_reader``: read-only transaction, statement timeout,
extended protocol so nothing can be stacked behind it). EXPLAIN without ANALYZE plans the
query and never executes it, so asking costs milliseconds whatever the query.

The planner's "Total Cost" is in arbitrary units (roughly: sequential page reads), not
seconds; ``SUPPORTWISE_HEAVY_QUERY_COST`` is the line, chosen by measurement on 100k demo
tickets (see the setting's help and the README).
"""

from __future__ import annotations

from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from supportwise.errors import QueryFailed, Rejected
from supportwise.platform.database import Database
from supportwise.platform.readonly import run_readonly
from supportwise.platform.settings import Settings


def plan_cost(db: Database, sql: str, params: dict[str, Any], settings: Settings) -> float:
    """The planner's estimated total cost of one query, as the reader role; it is not run."""
    _require_one_query(sql)
    result = run_readonly(db.reader, "EXPLAIN (FORMAT JSON) " + sql, params,
                          timeout_ms=settings.statement_timeout_ms, row_limit=1, timezone=settings.timezone)
    try:
        document = result.rows[0][0]
        return float(document[0]["Plan"]["Total Cost"])
    except (IndexError, KeyError, TypeError, ValueError) as exc:
        raise QueryFailed("The database did not return a query plan.", detail=repr(result.rows)[:500]) from exc


def is_heavy(db: Database, sql: str, params: dict[str, Any], settings: Settings) -> bool:
    """True when the planner expects the query to cost more than SUPPORTWISE_HEAVY_QUERY_COST."""
    return plan_cost(db, sql, params, settings) > settings.heavy_query_cost


def _require_one_query(sql: str) -> None:
    """Only a single query may be explained: EXPLAIN of anything else would be a way around the rules.

    The question path only hands compiled SELECTs here; this keeps a stray caller honest.
    Placeholders (``%(p0)s``) parse as PostgreSQL parameters.
    """
    try:
        statements = [s for s in sqlglot.parse(sql, read="postgres") if s is not None]
    except SqlglotError as exc:
        raise Rejected("Only a query can be checked for cost.", detail=str(exc)) from exc
    if len(statements) != 1 or not isinstance(statements[0], exp.Query):
        raise Rejected("Only a single query can be checked for cost.", detail=sql[:200])
