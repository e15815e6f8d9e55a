"""Step 5: every column resolves to a column of a support table, a CTE or a subquery.

sqlglot's optimizer does the scope work (aliases, CTE outputs, subqueries, USING, stars):
``qualify`` with the schema dict raises for a name it cannot resolve. Column names with
non-ASCII letters are refused first, so no look-alike can be folded onto a real column.
"""

from __future__ import annotations

import re

from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.qualify import qualify

from supportwise.guard.allowlist import SCHEMA_NAME, SUPPORT_SCHEMA
from supportwise.guard.identifiers import display, fold
from supportwise.guard.position import rejection
from supportwise.guard.statement import DIALECT

_QUALIFY_SCHEMA = {SCHEMA_NAME: SUPPORT_SCHEMA}
_LINE_COL_SUFFIX = re.compile(r"\.? Line: \d+, Col: \d+\.?$")
_COLUMN_IN_MESSAGE = re.compile(r"Column '([^']+)' could not be resolved|Unknown column: (\S+)")


def check_columns(root: exp.Expression, sql: str) -> None:
    """Raise SqlRejected on a column that does not exist or cannot be resolved."""
    for column in root.find_all(exp.Column):
        _check_column_parts(column, sql)
    candidate = _name_unnest_columns(root.copy())
    try:
        qualify(candidate, schema=_QUALIFY_SCHEMA, dialect=DIALECT, db=SCHEMA_NAME,
                validate_qualify_columns=True, quote_identifiers=False)
    except SqlglotError as exc:
        raise _unresolved(root, sql, exc) from exc
    except AssertionError as exc:
        # the optimizer checks tree shapes with assert_is(); a shape it cannot handle is refused
        raise rejection(f"a query shape the column check cannot follow ({exc})", None, sql, detail=str(exc)) from exc


def _check_column_parts(column: exp.Column, sql: str) -> None:
    for part in column.parts:
        if not part.name.isascii():
            raise rejection(f"the name {display(part)} contains non-ASCII characters "
                            "(look-alike of an allowed name?)", column, sql)
    if column.args.get("catalog") is not None:
        raise rejection(f"the column {column.sql(dialect=DIALECT)} names another database", column, sql)
    schema = column.args.get("db")
    if schema is not None and fold(schema) != SCHEMA_NAME:
        raise rejection(f"the column {column.sql(dialect=DIALECT)} names the schema {display(schema)}",
                        column, sql)


def _name_unnest_columns(tree: exp.Expression) -> exp.Expression:
    """``unnest(t.tags) AS tag`` names its column ``tag`` in PostgreSQL; tell the optimizer so."""
    for node in tree.find_all(exp.Unnest, exp.Lateral):
        if isinstance(node, exp.Lateral) and not isinstance(node.this, exp.Unnest):
            continue
        alias = node.args.get("alias")
        if isinstance(alias, exp.TableAlias) and alias.this is not None and not alias.columns:
            alias.set("columns", [alias.this.copy()])
    return tree


def _unresolved(root: exp.Expression, sql: str, exc: SqlglotError):
    message = _LINE_COL_SUFFIX.sub("", str(exc).split("\n")[0])
    match = _COLUMN_IN_MESSAGE.search(message)
    culprit = None
    if match:
        wanted = match.group(1) or match.group(2)
        culprit = next((c for c in root.find_all(exp.Column) if c.name == wanted or fold(c.this) == wanted), None)
    return rejection(f"a column that does not exist or cannot be resolved: {message}", culprit, sql,
                     detail=str(exc))
