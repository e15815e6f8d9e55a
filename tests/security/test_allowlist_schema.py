"""The guard's schema dict mirrors the real support tables (CONTRACT §1) column for column."""

from __future__ import annotations

import sqlalchemy as sa

from supportwise.guard import render_sql, validate_sql
from supportwise.guard.allowlist import ALLOWED_TABLES, SCHEMA_NAME, SUPPORT_SCHEMA
from supportwise.platform.readonly import run_readonly

# allowlist.py spells types the short PostgreSQL way; information_schema spells them out
_INFORMATION_SCHEMA_TYPE = {
    "bigint": "bigint", "int": "integer", "text": "text", "text[]": "ARRAY", "boolean": "boolean",
    "timestamptz": "timestamp with time zone", "real": "real", "tsvector": "tsvector",
}


def _database_columns(engine) -> dict[str, dict[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = :schema AND table_name = ANY(:tables)"),
            {"schema": SCHEMA_NAME, "tables": sorted(ALLOWED_TABLES)}).all()
    found: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        found.setdefault(table, {})[column] = data_type
    return found


def test_schema_dict_matches_information_schema(db):
    expected = {table: {column: _INFORMATION_SCHEMA_TYPE[kind] for column, kind in columns.items()}
                for table, columns in SUPPORT_SCHEMA.items()}
    assert _database_columns(db.admin) == expected


def test_every_allowed_column_is_readable_by_the_reader(seeded_db):
    for table, columns in SUPPORT_SCHEMA.items():
        sql = f"SELECT {', '.join(columns)} FROM {table}"
        result = run_readonly(seeded_db.reader, render_sql(validate_sql(sql, row_limit=5)), {},
                              timeout_ms=5000, row_limit=5)
        assert result.columns == list(columns)
