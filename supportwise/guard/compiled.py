"""The guard for trees built in code: compiled questions (the offline engine's, or an LLM's plan
compiled the same way), saved-report runs and fixed queries.

Pasted SQL may carry no parameters; a tree built in code binds every value it holds (``%(p0)s``),
so here each placeholder must be named and bound in ``params``. Otherwise the checks are those of
``validate_sql``, run over the tree that is about to run — not over text printed from it:

    query_root → bound placeholders → refuse_writes → check_nodes → check_tables → check_columns

No LIMIT is added: the executor keeps at most the row limit, and the SQL a person is shown stays
the SQL that ran. Trusting the compiler is not the point — a compiler bug that emitted a write, an
unknown table or a function off the list is refused here like anything else.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlglot import exp

from supportwise.guard.columns import check_columns
from supportwise.guard.nodes import check_nodes
from supportwise.guard.position import at, rejection
from supportwise.guard.statement import DIALECT, query_root
from supportwise.guard.tables import check_tables
from supportwise.guard.writes import refuse_writes


def check_query(expression: exp.Expression, params: Mapping[str, Any], *,
                extra_functions: Collection[type[exp.Expression]] = ()) -> exp.Query:
    """Return the tree's query root if it may run with params, else raise SqlRejected.

    ``extra_functions``: sqlglot function classes a fixed query may use beyond the allow-list
    (the Trends calendar's generate_series); questions never pass any.
    """
    sql = expression.sql(dialect=DIALECT)
    try:
        root = query_root(expression, sql)
        _check_placeholders(root, params, sql)
        refuse_writes(root, sql)
        extra = frozenset(extra_functions)
        check_nodes(root, sql, bound=frozenset(params), extra_functions=extra)
        check_tables(root, sql, extra_functions=extra)
        check_columns(root, sql)
    except RecursionError as exc:
        raise at("the query is nested too deeply", None, None) from exc
    return root


def _check_placeholders(root: exp.Expression, params: Mapping[str, Any], sql: str) -> None:
    for node in root.find_all(exp.Placeholder, exp.Parameter):
        if isinstance(node, exp.Parameter) or node.name not in params:
            raise rejection(f"the parameter {node.sql(dialect=DIALECT)} is not bound", node, sql)
