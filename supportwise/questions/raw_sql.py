"""SQL the engine did not compile — pasted by an administrator or written by a language model:
guard → scope, the one copy of those steps for such SQL. Running it, masking and the audit row
are the same as for a compiled question (``pipeline.run``, the envelope).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from supportwise.guard import render_sql, validate_sql
from supportwise.guard.scope import restrict_to_team
from supportwise.guard.statement import DIALECT


@dataclass(frozen=True)
class GuardedSQL:
    """Validated, LIMIT-bounded, scoped SQL; the same interface as a CompiledQuery for the steps after it."""

    expression: exp.Expression
    params: dict[str, Any] = field(default_factory=dict)
    value_column: str | None = None
    category_columns: tuple[str, ...] = ()

    def sql(self, dialect: str = DIALECT) -> str:
        """The text to run: regenerated from the checked tree, literal % escaped for psycopg."""
        return render_sql(self.expression, self.params)

    def display_sql(self, dialect: str = DIALECT) -> str:
        """The checked SQL with the scope's team written in, for people to read."""
        return exp.replace_placeholders(self.expression.copy(), **self.params).sql(dialect=dialect, pretty=True)


def guard_sql(sql: str, *, row_limit: int, scope_team: str | None) -> GuardedSQL:
    """The guard's checked tree of sql, scoped to scope_team; SqlRejected / Rejected when refused."""
    checked = validate_sql(sql, row_limit=row_limit)
    params: dict[str, Any] = {}
    return GuardedSQL(restrict_to_team(checked, scope_team, params), params)
