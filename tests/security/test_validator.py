"""The SQL guard over its data files: hostile SQL refused, legitimate SQL accepted and runnable."""

from __future__ import annotations

import pytest
from sqlglot import exp

from supportwise.errors import QueryFailed, Rejected, SqlRejected
from supportwise.guard import DEFAULT_ROW_LIMIT, render_sql, validate_sql
from supportwise.guard.allowlist import WRITE_NODES
from supportwise.platform.readonly import run_readonly

ROW_LIMIT = 500


def test_hostile_sql_is_refused(hostile_case):
    with pytest.raises(SqlRejected) as refused:
        validate_sql(hostile_case.sql)
    message = str(refused.value)
    assert message.startswith("Refused: ")
    assert hostile_case.names.lower() in message.lower(), f"message does not name {hostile_case.names!r}: {message}"
    assert isinstance(refused.value, Rejected) and refused.value.status == "rejected"


def test_legit_sql_is_accepted(legit_case):
    checked = validate_sql(legit_case.sql, row_limit=ROW_LIMIT)
    assert isinstance(checked, exp.Query)
    assert not any(isinstance(node, WRITE_NODES) for node in checked.walk())
    limit = checked.args["limit"].expression
    assert limit.is_int and int(limit.this) <= ROW_LIMIT
    # what runs is the rendered tree; checking it again changes nothing
    rendered = checked.sql(dialect="postgres")
    assert validate_sql(rendered, row_limit=ROW_LIMIT).sql(dialect="postgres") == rendered


def test_legit_sql_runs_as_reader(legit_case, seeded_db):
    checked = validate_sql(legit_case.sql, row_limit=ROW_LIMIT)
    result = run_readonly(seeded_db.reader, render_sql(checked), {}, timeout_ms=10_000, row_limit=ROW_LIMIT)
    assert result.columns
    assert len(result.rows) <= ROW_LIMIT


def test_limit_is_added_or_capped(limit_case):
    if limit_case.row_limit is None:
        checked = validate_sql(limit_case.sql)
    else:
        checked = validate_sql(limit_case.sql, row_limit=limit_case.row_limit)
    assert checked.args["limit"].expression == exp.Literal.number(limit_case.limit)
    offset = getattr(limit_case, "offset", None)
    if offset is not None:
        assert checked.args["offset"].expression == exp.Literal.number(offset)
    assert f"LIMIT {limit_case.limit}" in checked.sql(dialect="postgres")


def test_default_row_limit_is_ten_thousand():
    assert DEFAULT_ROW_LIMIT == 10_000


@pytest.mark.parametrize("row_limit", [0, -1, 2.5, True, None])
def test_bad_row_limit_is_a_programming_error(row_limit):
    with pytest.raises(ValueError):
        validate_sql("SELECT id FROM tickets", row_limit=row_limit)


MULTI_LINE = [
    # (sql, line, column, text the message names)
    ("SELECT id,\n       status,\n       pg_read_file('/etc/passwd')\nFROM tickets", 3, 8, "pg_read_file"),
    ("SELECT id\nFROM tickets t\nJOIN app.users u\n  ON u.id = t.requester_id", 3, 6, "app"),
    ("SELECT count(*)\n  FROM tickets\n WHERE status = 'open';\nDELETE FROM tickets", 4, 1, "2 statements"),
    ("SELECT id,\n  nope\nFROM tickets", 2, 3, "nope"),
    # sqlglot reports the column where the unexpected token ends
    ("SELECT id\nFROM tickets\nWHERE (status = 'open'", 3, 22, "could not be parsed"),
    ("WITH x AS (\n  DELETE FROM tickets RETURNING id\n)\nSELECT * FROM x", 2, 3, "DELETE"),
    ("\n\n   UPDATE tickets SET status = 'x'", 3, 4, "UPDATE"),
]


@pytest.mark.parametrize("sql, line, col, names", MULTI_LINE)
def test_refusal_says_where(sql, line, col, names):
    with pytest.raises(SqlRejected) as refused:
        validate_sql(sql)
    assert (refused.value.line, refused.value.col) == (line, col), str(refused.value)
    assert f"line {line}, column {col}" in str(refused.value)
    assert names.lower() in str(refused.value).lower()


def test_comments_never_reach_the_database():
    checked = validate_sql("SELECT id /* a */ FROM tickets -- b */; DELETE FROM tickets\n")
    rendered = render_sql(checked)
    assert "/*" not in rendered and "--" not in rendered and "DELETE" not in rendered


def test_percent_signs_survive_rendering(seeded_db):
    checked = validate_sql("SELECT count(*) AS n, 7 % 3 AS m FROM tickets WHERE subject LIKE '%a%'")
    result = run_readonly(seeded_db.reader, render_sql(checked), {}, timeout_ms=5000, row_limit=10)
    assert result.rows[0][1] == 1


def test_oversized_and_deeply_nested_sql_is_refused():
    with pytest.raises(SqlRejected, match="longer than"):
        validate_sql("SELECT id FROM tickets" + " " * 30_000)
    with pytest.raises(SqlRejected, match="nested too deeply"):
        validate_sql("SELECT " + "(" * 400 + "1" + ")" * 400)


def test_executor_refuses_what_reaches_it_unvalidated(seeded_db):
    # the guard is the first line; a refused statement must never be run at all
    with pytest.raises(SqlRejected):
        validate_sql("SELECT pg_sleep(5)")
    with pytest.raises(QueryFailed):
        run_readonly(seeded_db.reader, "SELECT * FROM app.users", {}, timeout_ms=2000, row_limit=10)
