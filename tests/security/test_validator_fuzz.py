"""Property tests for the SQL guard.

1. Nothing crashes it: random text, token soup and mangled legitimate queries give either a
   checked expression or SqlRejected, never another exception.
2. A write spliced anywhere into a legitimate query (at random positions, in a CTE, after a
   semicolon, inside comments that end early, inside string literals) is never accepted as a
   write: an accepted result holds no write node, renders to one statement, and runs as the
   reader without changing any data.
"""

from __future__ import annotations

from pathlib import Path

import sqlglot
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot import exp

from supportwise.errors import QueryFailed, SqlRejected
from supportwise.guard import render_sql, validate_sql
from supportwise.guard.allowlist import WRITE_NODES
from supportwise.platform.readonly import run_readonly

LEGIT = [case["sql"] for case in yaml.safe_load((Path(__file__).parent / "legit_sql.yaml").read_text("utf-8"))]

WRITES = [
    "DELETE FROM tickets",
    "DELETE FROM comments WHERE id > 0 RETURNING id",
    "UPDATE tickets SET status = 'closed' RETURNING id",
    "INSERT INTO agents (id, name) VALUES (999, 'x') RETURNING id",
    "MERGE INTO tickets t USING agents a ON t.assignee_id = a.id WHEN MATCHED THEN DELETE",
    "DROP TABLE tickets",
    "TRUNCATE tickets",
    "CREATE TABLE loot AS SELECT * FROM customers",
    "ALTER TABLE tickets DROP COLUMN subject",
    "COPY tickets TO '/tmp/x'",
    "SELECT * INTO loot FROM customers",
    "SELECT id FROM tickets FOR UPDATE",
    "GRANT ALL ON tickets TO PUBLIC",
    "SET default_transaction_read_only = off",
    "DO $$ BEGIN DELETE FROM tickets; END $$",
    "LOCK TABLE tickets",
    "VACUUM tickets",
]

TOKENS = [
    "SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "LIMIT", "WITH", "RECURSIVE", "AS", "UNION", "ALL",
    "JOIN", "ON", "LATERAL", "VALUES", "CASE", "WHEN", "THEN", "END", "OVER", "FILTER", "INTO", "RETURNING",
    "DELETE", "INSERT", "UPDATE", "SET", "DROP", "TABLE", "COPY", "DO", "FOR UPDATE", "TRUNCATE",
    "tickets", "comments", "agents", "app.users", "pg_catalog.pg_authid", "\"Tickets\"", "public.tickets",
    "id", "status", "tags", "created_at", "*", ",", "(", ")", "[", "]", ";", "::", "=", "<>", "||", "+",
    "--", "/*", "*/", "\n", "'", "\"", "$$", "$1", "E'", "U&\"", "1", "0.5", "'open'", "NULL", "TRUE",
    "count(*)", "sum(reopens)", "pg_sleep(1)", "pg_read_file('/etc/passwd')", "unnest(tags)",
    "generate_series(1, 9)", "now()", "current_user", "dеlete", "tiсkets", "\u200b", "ＳＥＬＥＣＴ",
]


def _outcome(sql: str) -> exp.Expression | None:
    """validate_sql's result, or None when refused; any other exception fails the test."""
    try:
        return validate_sql(sql, row_limit=100)
    except SqlRejected:
        return None


def _assert_read_only(checked: exp.Expression) -> str:
    assert not any(isinstance(node, WRITE_NODES) for node in checked.walk()), checked.sql()
    rendered = checked.sql(dialect="postgres")
    statements = [s for s in sqlglot.parse(rendered, dialect="postgres") if s is not None]
    assert len(statements) == 1
    assert not any(isinstance(node, WRITE_NODES) for node in statements[0].walk())
    return rendered


@st.composite
def spliced(draw) -> str:
    """A legitimate query with a write spliced in somewhere."""
    query = draw(st.sampled_from(LEGIT))
    write = draw(st.sampled_from(WRITES))
    mode = draw(st.sampled_from(["position", "cte", "after_semicolon", "before_semicolon", "early_comment",
                                 "line_comment", "literal", "subquery"]))
    if mode == "position":
        cut = draw(st.integers(0, len(query)))
        return f"{query[:cut]} {write} {query[cut:]}"
    if mode == "cte":
        return f"WITH w AS ({write}) {query}"
    if mode == "after_semicolon":
        return f"{query}; {write}"
    if mode == "before_semicolon":
        return f"{write}; {query}"
    if mode == "early_comment":
        return f"{query} /* harmless */ {write} /* */"
    if mode == "line_comment":
        return f"{query} -- note\n{write}"
    if mode == "literal":
        return query.replace("'", f"'{write.replace(chr(39), '')} ", 1)
    return f"SELECT count(*) FROM ({write}) AS s"


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(max_size=300))
def test_random_text_never_crashes(text):
    _outcome(text)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join))
def test_token_soup_never_crashes(soup):
    checked = _outcome(soup)
    if checked is not None:
        _assert_read_only(checked)


@settings(max_examples=300, deadline=None, database=None)
@given(st.sampled_from(LEGIT), st.data())
def test_mangled_legit_queries_never_crash(query, data):
    chars = list(query)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(chars)))
        if data.draw(st.booleans()) and at < len(chars):
            del chars[at]
        else:
            chars.insert(at, data.draw(st.sampled_from(list(";'\"()/*-$\\\n,.:[]") + ["\u200b", "е"])))
    checked = _outcome("".join(chars))
    if checked is not None:
        _assert_read_only(checked)


@settings(max_examples=300, deadline=None, database=None)
@given(spliced())
def test_spliced_writes_are_never_accepted_as_writes(sql):
    checked = _outcome(sql)
    if checked is not None:
        _assert_read_only(checked)


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spliced())
def test_accepted_spliced_sql_changes_nothing_in_the_database(seeded_db, data_fingerprint, sql):
    checked = _outcome(sql)
    if checked is None:
        return
    _assert_read_only(checked)
    before = data_fingerprint(seeded_db)
    try:
        run_readonly(seeded_db.reader, render_sql(checked), {}, timeout_ms=2000, row_limit=100)
    except QueryFailed:
        pass  # e.g. a type error PostgreSQL finds at run time; refusing is fine, changing is not
    assert data_fingerprint(seeded_db) == before
