"""Step 3: every node of the tree is an allowed piece of syntax, function or data type.

Default deny: a node type missing from allowlist.py is refused, so a new sqlglot class or a
function we never thought about cannot slip through.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from sqlglot import exp

from supportwise.guard.allowlist import (
    ALLOWED_ANONYMOUS_FUNCTIONS,
    ALLOWED_FUNCTIONS,
    ALLOWED_SYNTAX,
    ALLOWED_TYPES,
    REFUSED_LABELS,
    VAR_SLOTS,
)
from supportwise.guard.identifiers import fold
from supportwise.guard.position import rejection, source_text

_UNIT = re.compile(r"[A-Za-z_]{1,32}")


def check_nodes(root: exp.Expression, sql: str, *, bound: Collection[str] = (),
                extra_functions: Collection[type[exp.Expression]] = ()) -> None:
    """Raise SqlRejected on the first node that is not on the allow-list.

    ``bound`` names the parameters a tree built in code may carry (``%(p0)s``); pasted SQL has
    none. ``extra_functions`` widens the function list for such a tree (see guard.compiled).
    """
    for node in root.walk():
        kind = type(node)
        if kind is exp.Placeholder and node.name in bound:
            continue
        if kind in extra_functions:
            continue
        if kind is exp.Anonymous:
            _check_anonymous(node, sql)
        elif kind in ALLOWED_FUNCTIONS:
            _check_function_arguments(node, sql)
        elif kind in ALLOWED_SYNTAX:
            _check_syntax(node, sql)
        elif isinstance(node, exp.Func):
            raise rejection(f"the function {function_name(node, sql)}() is not allowed", node, sql)
        elif isinstance(node, exp.DataType):
            raise rejection(f"the type {node.sql(dialect='postgres')} is not allowed", node, sql)
        else:
            raise rejection(f"{_label(node)} is not allowed", node, sql)


def function_name(node: exp.Expression, sql: str) -> str:
    """The function name as written (``version``), else sqlglot's name (``CURRENT_VERSION``)."""
    if isinstance(node, exp.Anonymous):
        return node.name
    written = source_text(node, sql)
    if written and written.replace("_", "").isalnum():
        return written
    return node.sql_name().lower()


def _check_anonymous(node: exp.Anonymous, sql: str) -> None:
    name_node = node.this
    quoted = isinstance(name_node, exp.Identifier) and name_node.quoted
    name = node.name if quoted else fold(node.name)
    if name not in ALLOWED_ANONYMOUS_FUNCTIONS:
        raise rejection(f"the function {node.name}() is not allowed", node, sql)


def _check_function_arguments(node: exp.Expression, sql: str) -> None:
    # unnest() is allowed only over a column (tickets.tags); anything else could be a row generator
    if isinstance(node, exp.Unnest):
        if not node.expressions or not all(isinstance(arg, exp.Column) for arg in node.expressions):
            raise rejection("unnest() is allowed only over a column, e.g. unnest(t.tags)", node, sql)
        if node.args.get("offset"):
            raise rejection("unnest() WITH ORDINALITY is not allowed", node, sql)
        in_from = isinstance(node.parent, (exp.From, exp.Join, exp.Lateral))
        holder = node.parent if isinstance(node.parent, exp.Lateral) else node
        if in_from and not holder.args.get("alias"):
            raise rejection("unnest() in FROM needs an alias, e.g. unnest(t.tags) AS tag", node, sql)


def _check_syntax(node: exp.Expression, sql: str) -> None:
    if isinstance(node, exp.Var):
        slot = (type(node.parent), node.arg_key)
        if slot not in VAR_SLOTS:
            raise rejection(f"the bare word {node.name} is not allowed here", node, sql)
        # sqlglot turns date_part('dow', …) / date_trunc('week', …) strings into bare words and
        # prints them unquoted: a "unit" holding quotes or parentheses would become SQL
        if not _UNIT.fullmatch(node.name):
            raise rejection(f"the unit {node.name!r} is not a plain word", node.parent, sql)
    elif isinstance(node, exp.Subquery) and not isinstance(node.this, exp.Query):
        raise rejection("parentheses in FROM must hold a query", node, sql)
    elif isinstance(node, exp.Select) and not node.expressions:
        raise rejection("a SELECT without columns", node, sql, keyword="SELECT")
    elif type(node) is exp.DataType:
        if node.this not in ALLOWED_TYPES:
            raise rejection(f"the type {node.sql(dialect='postgres')} is not allowed", node, sql)
    elif isinstance(node, exp.Lateral) and not isinstance(node.this, (exp.Subquery, exp.Unnest)):
        if isinstance(node.this, exp.Func):
            raise rejection(f"the function {function_name(node.this, sql)}() in LATERAL is not allowed", node, sql)
        raise rejection("LATERAL is allowed only with a subquery or unnest(column)", node, sql)


def _label(node: exp.Expression) -> str:
    for cls in type(node).__mro__:
        if cls in REFUSED_LABELS:
            return REFUSED_LABELS[cls]
    return node.key.upper()
