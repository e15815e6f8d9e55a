"""What every channel says about an answer: its headline and a short text table."""

from __future__ import annotations

from supportwise.charts.units import format_value
from supportwise.questions.answer import Answer


def headline(answer: Answer) -> str:
    """'412' or '4.2 hours' for a one-number answer, else '12 rows'."""
    if len(answer.rows) == 1 and len(answer.columns) == 1:
        value = answer.rows[0][0]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return format_value(float(value), answer.columns[0])
        return str(value)
    return f"{len(answer.rows):,} row{'s' if len(answer.rows) != 1 else ''}"


def text_table(answer: Answer, limit: int = 10) -> str:
    """The first rows as aligned plain text, with how many more there are."""
    rows = [[_cell(v) for v in row] for row in answer.rows[:limit]]
    header = [str(c) for c in answer.columns]
    widths = [max(len(x) for x in column) for column in zip(header, *rows)] if header else []
    lines = ["  ".join(x.ljust(w) for x, w in zip(line, widths)).rstrip() for line in [header, *rows]]
    more = len(answer.rows) - limit
    return "\n".join(lines) + (f"\n… and {more:,} more rows" if more > 0 else "")


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    return "" if value is None else str(value)
