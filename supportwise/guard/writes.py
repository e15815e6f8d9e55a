"""Step 2: no write or command anywhere in the tree (data-modifying CTEs, SELECT INTO, FOR UPDATE …)."""

from __future__ import annotations

from sqlglot import exp

from supportwise.guard.allowlist import REFUSED_LABELS, WRITE_NODES
from supportwise.guard.position import rejection


def refuse_writes(root: exp.Expression, sql: str) -> None:
    """Raise SqlRejected on the first node that writes, locks or runs a command, wherever it sits."""
    for node in root.walk():
        if isinstance(node, WRITE_NODES):
            raise rejection(describe_write(node), node, sql, keyword=_KEYWORDS.get(type(node)))


# the keyword that starts each node, to point at it rather than at the first name after it
_KEYWORDS = {exp.Insert: "INSERT", exp.Update: "UPDATE", exp.Delete: "DELETE", exp.Merge: "MERGE",
             exp.Into: "INTO", exp.Lock: "FOR", exp.Copy: "COPY"}


def describe_write(node: exp.Expression) -> str:
    """'DELETE (writes data)', 'the command VACUUM' … for a refused statement node."""
    if isinstance(node, exp.Command):
        return f"the command {str(node.this).upper()}"
    for cls in type(node).__mro__:
        if cls in REFUSED_LABELS:
            return REFUSED_LABELS[cls]
    return f"{node.key.upper()} (changes data or the session)"
