"""QuerySpec: the structured form of a question, between the parser and the compiler."""

from __future__ import annotations

from dataclasses import dataclass, field

from supportwise.timephrases import Period


@dataclass(frozen=True)
class Filter:
    """column IN values, on the tickets table (or a table reached from it)."""

    column: str
    values: tuple[str, ...]

    def describe(self) -> str:
        shown = self.values[0] if len(self.values) == 1 else "{" + ", ".join(self.values) + "}"
        return f"{self.column} = {shown}"


@dataclass(frozen=True)
class QuerySpec:
    metric: str
    filters: tuple[Filter, ...] = ()
    group_by: tuple[str, ...] = ()
    period: Period | None = None
    notes: tuple[str, ...] = field(default=())
