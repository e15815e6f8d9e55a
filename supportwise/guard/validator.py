"""The SQL guard for SQL the engine did not compile itself (LLM output, SQL pasted by an admin).

A pipeline of small checks over sqlglot's tree, never over the text or its first word:

    parse_single → query_root → refuse_writes → check_nodes → check_tables → check_columns
    → strip_comments → apply_limit → the same checks again on the text it renders to

Decisions (documented for reviewers):
- now(), current_date, current_timestamp are allowed: they only read the clock.
- current_user, session_user, current_schema, version() and every other function not in
  allowlist.py are refused: harmless or not, nothing outside the list runs.
- unnest() is allowed only over a column (``unnest(t.tags)``); no other function in FROM.
- Cross joins and recursive CTEs are valid SELECTs and are accepted; the executor's
  statement_timeout is what stops them (tests/security/timeout_sql.yaml).
- Run ``render_sql(validate_sql(text))``, never ``text``: the regenerated SQL is what was
  checked, so no tokenizer disagreement between sqlglot and PostgreSQL can matter.
"""

from __future__ import annotations

from sqlglot import exp

from supportwise.errors import SqlRejected
from supportwise.guard.columns import check_columns
from supportwise.guard.limit import apply_limit, check_row_limit
from supportwise.guard.nodes import check_nodes
from supportwise.guard.position import at
from supportwise.guard.render import strip_comments
from supportwise.guard.statement import DIALECT, parse_single, query_root
from supportwise.guard.tables import check_tables
from supportwise.guard.writes import refuse_writes

DEFAULT_ROW_LIMIT = 10_000
# Far beyond any analytical question; bounds parse time and memory for pasted or generated text.
MAX_SQL_CHARS = 20_000


def validate_sql(sql: str, *, row_limit: int = DEFAULT_ROW_LIMIT) -> exp.Expression:
    """Return the checked (LIMIT-bounded) expression for sql, or raise SqlRejected.

    >>> validate_sql("SELECT status, count(*) FROM tickets GROUP BY 1").sql()
    'SELECT status, COUNT(*) FROM tickets GROUP BY 1 LIMIT 10000'
    """
    check_row_limit(row_limit)
    if len(sql) > MAX_SQL_CHARS:
        raise at(f"the SQL is longer than {MAX_SQL_CHARS} characters", None, None)
    try:
        root = apply_limit(_checked(sql), row_limit)
        _recheck_rendered(root, row_limit)
    except RecursionError as exc:
        # sqlglot parses and qualifies recursively; ~200 nested parentheses exhaust the stack
        raise at("the SQL is nested too deeply", None, None) from exc
    return root


def _checked(sql: str) -> exp.Query:
    root = query_root(parse_single(sql), sql)
    refuse_writes(root, sql)
    check_nodes(root, sql)
    check_tables(root, sql)
    check_columns(root, sql)
    return strip_comments(root)


def _recheck_rendered(root: exp.Query, row_limit: int) -> None:
    """The text that will run must pass the same checks and render to itself.

    sqlglot's generator prints some values verbatim (a date_part unit, for one); if a string
    ever came out as SQL, the rendered text would no longer be a fixed point, or would fail.
    """
    rendered = root.sql(dialect=DIALECT)
    try:
        again = apply_limit(_checked(rendered), row_limit).sql(dialect=DIALECT)
    except SqlRejected as exc:
        raise at(f"the SQL changes meaning when printed back ({exc})", None, None, detail=rendered) from exc
    if again != rendered:
        raise at("the SQL changes meaning when printed back", None, None, detail=f"{rendered}\n{again}")
