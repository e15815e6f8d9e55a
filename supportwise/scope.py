"""Data scope: restrict every reference to ``tickets`` in a query tree to one team.

Applied to the final expression (engine-compiled or validated raw SQL alike), so a
team lead's question cannot reach another team's tickets whatever its shape.
"""

from __future__ import annotations

from sqlglot import exp

SCOPED_TABLE = "tickets"


def restrict_to_team(expression: exp.Expression, team: str | None, params: dict) -> exp.Expression:
    """Return a copy where each SELECT reading ``tickets`` also requires ``<alias>.team = :scope_team``."""
    if team is None:
        return expression
    tree = expression.copy()
    params["scope_team"] = team
    for select in list(tree.find_all(exp.Select)):
        for table in _tables_of(select):
            if table.name.lower() != SCOPED_TABLE:
                continue
            qualifier = table.alias_or_name
            condition = exp.column("team", table=qualifier).eq(exp.Placeholder(this="scope_team"))
            select.where(condition, append=True, copy=False)
    return tree


def _tables_of(select: exp.Select) -> list[exp.Table]:
    """Tables read directly by this SELECT (its FROM and JOINs, not those of nested queries)."""
    sources = []
    from_ = select.args.get("from_") or select.args.get("from")
    if from_ is not None:
        sources.append(from_.this)
    sources.extend(join.this for join in select.args.get("joins") or [])
    return [s for s in sources if isinstance(s, exp.Table)]
