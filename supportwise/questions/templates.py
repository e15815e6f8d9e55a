"""Verified answers as templates: the planner's first match, re-checked against today's semantic layer.

A verified question asked again (same words, normalized) is answered with its verified QuerySpec,
engine 'template' (CONTRACT §3), over its own time phrase read against today ("last week" is
this week's last week). Before it is used, the spec is compiled with today's layer and compared
with the SQL it had when verified: if the layer now reads it differently, the template is not
used silently — the question is parsed afresh and the answer says the verified one needs checking.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine

from supportwise.engine.compile import compile_spec
from supportwise.engine.layer import Layer
from supportwise.engine.periods import parse_period
from supportwise.engine.spec import DateRange, QuerySpec
from supportwise.errors import QuestionError
from supportwise.records.verified import VerifiedQuestion, find_verified

ENGINE = "template"
STALE = ("This question has a verified answer, but today's semantic layer reads it differently ({why}); it was "
         "answered afresh instead. An admin should check it and verify it again.")


def recheck(spec: dict[str, Any], sql: str, layer: Layer | None = None) -> tuple[QuerySpec | None, str | None]:
    """(the spec, None) when it still compiles to the SQL it was verified with; else (None, why not)."""
    try:
        checked = QuerySpec.model_validate(spec)
        now = compile_spec(checked, layer).display_sql()
    except (ValidationError, QuestionError, KeyError) as exc:
        return None, f"it no longer fits: {type(exc).__name__} {exc}".strip()[:200]
    if now != sql:
        return None, "its SQL changed"
    return checked, None


def redated(spec: QuerySpec, today: date) -> QuerySpec:
    """The spec with its time phrase ('last week') read against today; a fixed range stays as it is."""
    update: dict[str, Any] = {}
    if spec.period is not None and spec.period.phrase:
        period, _ = parse_period(spec.period.phrase, today)
        if period is not None:
            new = DateRange.of(period)
            update["period"] = new
            if spec.compare_to is not None and spec.compare_to == spec.period.shifted(-1):
                update["compare_to"] = new.shifted(-1)
            elif spec.compare_to is not None and spec.compare_to.phrase:
                before, _ = parse_period(spec.compare_to.phrase, today)
                update["compare_to"] = DateRange.of(before) if before is not None else spec.compare_to
    if spec.as_of is not None:
        update["as_of"] = today
    return spec.model_copy(update=update) if update else spec


def match_template(engine: Engine, question: str, today: date,
                   layer: Layer | None = None) -> tuple[QuerySpec | None, VerifiedQuestion | None, str | None]:
    """(spec to answer with, the verified row, a notice): a spec when a verified answer matches and still holds."""
    found = find_verified(engine, question)
    if found is None:
        return None, None, None
    spec, why = recheck(found.spec, found.sql, layer)
    if spec is None:
        return None, found, STALE.format(why=why)
    return redated(spec, today), found, None
