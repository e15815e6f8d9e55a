"""The validated tree as the SQL text to run: PostgreSQL, no comments, in psycopg's paramstyle."""

from __future__ import annotations

from sqlglot import exp

from supportwise.guard.statement import DIALECT


def strip_comments(root: exp.Expression) -> exp.Expression:
    """Drop every comment: what runs is exactly what was checked, nothing hides in /* … */."""
    for node in root.walk():
        node.pop_comments()
    return root


def render_sql(root: exp.Expression) -> str:
    """SQL text for ``executor.run_readonly`` — run this, never the text that was validated.

    run_readonly always hands a params dict to psycopg, which then reads ``%`` as a
    placeholder marker: a literal ``%`` (LIKE '%sync%', the modulo operator) must be ``%%``.
    """
    return root.sql(dialect=DIALECT, comments=False).replace("%", "%%")
