"""Step 4: tables only from the allow-list, or CTEs that PostgreSQL would really resolve to."""

from __future__ import annotations

from collections.abc import Collection

from sqlglot import exp

from supportwise.guard.allowlist import ALLOWED_TABLES, SCHEMA_NAME
from supportwise.guard.identifiers import display, fold
from supportwise.guard.position import rejection


def check_tables(root: exp.Expression, sql: str, *, extra_functions: Collection[type[exp.Expression]] = ()) -> None:
    """Raise SqlRejected on a table outside the six support tables, another schema or database.

    ``extra_functions``: functions a tree built in code may read rows from (see guard.compiled).
    """
    for table in root.find_all(exp.Table):
        name_node = table.this
        if type(name_node) in extra_functions:
            continue
        if not isinstance(name_node, exp.Identifier):
            raise rejection("a function in FROM (only tables, subqueries and unnest(column) are allowed)",
                            table, sql)
        if table.args.get("catalog") is not None:
            raise rejection(f"the three-part name {table.sql(dialect='postgres')} (another database)", table, sql)
        schema = table.args.get("db")
        if schema is not None and fold(schema) != SCHEMA_NAME:
            raise rejection(f"the schema {display(schema)} (only the support tables in public are allowed)",
                            table, sql)
        name = fold(name_node)
        if schema is None and _is_visible_cte(table, name):
            continue
        if name not in ALLOWED_TABLES:
            raise rejection(f"the table {display(name_node)} is not one of the support tables "
                            f"({', '.join(sorted(ALLOWED_TABLES))})", table, sql)


def _is_visible_cte(table: exp.Table, name: str | None) -> bool:
    """True when an enclosing WITH defines name where PostgreSQL can see it from this table.

    Conservative on purpose: a non-recursive CTE sees only the CTEs before it (not itself, so
    ``WITH pg_authid AS (SELECT * FROM pg_authid)`` reaches the catalog and is refused); a
    recursive one also sees itself. Treating too few names as CTEs only refuses more.
    """
    below: exp.Expression | None = None
    child: exp.Expression = table
    node = table.parent
    while node is not None:
        with_ = node.args.get("with_")
        if isinstance(with_, exp.With):
            ctes = list(with_.expressions)
            if child is with_:
                # we came up through one of this WITH's own CTEs: `below` is that CTE
                index = next((i for i, cte in enumerate(ctes) if cte is below), None)
                if index is None:
                    visible = []
                else:
                    visible = ctes[:index + 1] if with_.args.get("recursive") else ctes[:index]
            else:
                visible = ctes
            if any(fold(cte.args["alias"].this) == name for cte in visible if cte.args.get("alias")):
                return True
        below, child, node = child, node, node.parent
    return False
