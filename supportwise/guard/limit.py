"""Step 6: the outer query returns at most row_limit rows (LIMIT added, capped or replaced)."""

from __future__ import annotations

from sqlglot import exp


def apply_limit(root: exp.Query, row_limit: int) -> exp.Query:
    """Set the outermost LIMIT to min(existing literal limit, row_limit).

    LIMIT ALL, a computed limit, FETCH … PERCENT / WITH TIES all become LIMIT row_limit;
    FETCH FIRST n ROWS ONLY becomes LIMIT n. OFFSET is kept. For UNION / INTERSECT / EXCEPT
    the limit applies to the whole set operation.
    """
    check_row_limit(row_limit)
    current = _literal_limit(root.args.get("limit"))
    wanted = current if current is not None and current <= row_limit else row_limit
    root.set("limit", exp.Limit(expression=exp.Literal.number(wanted)))
    return root


def check_row_limit(row_limit: int) -> None:
    """A programming error, not a user's: row_limit comes from settings."""
    if isinstance(row_limit, bool) or not isinstance(row_limit, int) or row_limit < 1:
        raise ValueError(f"row_limit must be a positive integer, got {row_limit!r}")


def _literal_limit(node: exp.Expression | None) -> int | None:
    if isinstance(node, exp.Limit):
        value = node.expression
    elif isinstance(node, exp.Fetch):
        options = node.args.get("limit_options")
        if options is not None and (options.args.get("percent") or options.args.get("with_ties")):
            return None
        value = node.args.get("count")
    else:
        return None
    if isinstance(value, exp.Literal) and not value.is_string and value.this.isdigit():
        return int(value.this)
    return None
