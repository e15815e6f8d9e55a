"""The headline's comparison: the same number for the period before, when an answer is one number."""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from supportwise.engine.spec import QuerySpec
from supportwise.questions.answer import json_value
from supportwise.questions.suggestions import previous_window


def compare_with_before(spec: QuerySpec, chart: dict[str, Any], rows: list[list], today: date,
                        rows_of: Callable[[QuerySpec], list[list]]) -> dict[str, Any] | None:
    """{label, start, end, value} of the period before, or None when there is nothing fair to compare.

    ``rows_of`` runs a spec through the same pipeline (guard, scope, cache) as the answer itself.
    """
    window = previous_window(spec.period, today) if chart.get("type") == "number" else None
    if window is None or spec.compare_to is not None or len(rows) != 1:
        return None
    before = rows_of(spec.model_copy(update={"period": window.range}))
    value = before[0][-1] if len(before) == 1 else None
    return {"label": window.label, "start": window.range.start.isoformat(),
            "end": window.range.end.isoformat(), "value": json_value(value)}
