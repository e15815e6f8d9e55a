"""The SQL guard: raw SQL in, a checked sqlglot expression out (or SqlRejected).

    from supportwise.guard import validate_sql, render_sql
    sql_text = render_sql(validate_sql(raw_sql, row_limit=settings.row_limit))
"""

from supportwise.errors import SqlRejected
from supportwise.guard.render import render_sql
from supportwise.guard.validator import DEFAULT_ROW_LIMIT, validate_sql

__all__ = ["DEFAULT_ROW_LIMIT", "SqlRejected", "render_sql", "validate_sql"]
