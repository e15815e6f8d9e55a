"""The checked tree as the SQL text to run: PostgreSQL, no comments, in psycopg's paramstyle."""

from __future__ import annotations

from collections.abc import Collection

from sqlglot import exp

from supportwise.guard.statement import DIALECT


def strip_comments(root: exp.Expression) -> exp.Expression:
    """Drop every comment: what runs is exactly what was checked, nothing hides in /* … */."""
    for node in root.walk():
        node.pop_comments()
    return root


def render_sql(root: exp.Expression, params: Collection[str] = ()) -> str:
    """SQL text for ``readonly.run_readonly`` — run this, never the text that was validated.

    run_readonly always hands a params dict to psycopg, which then reads ``%`` as a
    placeholder marker: a literal ``%`` (LIKE '%sync%', the modulo operator) must be ``%%``.
    The named placeholders of ``params`` (the scope's ``%(scope_team)s``) stay placeholders.
    """
    escaped = root.sql(dialect=DIALECT, comments=False).replace("%", "%%")
    for name in params:
        escaped = escaped.replace(f"%%({name})s", f"%({name})s")
    return escaped
