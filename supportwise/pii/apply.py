"""The ``mask`` step of the question pipeline, and the same rule for audit views and exports.

Only principals whose role ``sees_pii`` (admin) get data as stored; for everyone else
every row cell, the interpretation, the reason, the suggestions and the string literals
of the shown SQL go through the masker. The question is left as typed: it is the asker's
own words. A team lead's masker shows the full names of their own team's agents
(``Principal.sees_agents_of``, ``PiiMasker.for_team``); all other personal data stays masked.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Iterable

from supportwise.pii.masker import PiiMasker
from supportwise.questions.answer import Answer
from supportwise.records.roles import Principal


def _sees_pii(principal: Principal | None) -> bool:
    # no principal means no proof of the permission: mask
    return bool(principal is not None and principal.sees_pii)


def masker_for(principal: Principal | None, masker: PiiMasker) -> PiiMasker:
    """The masker as ``principal`` needs it: a team lead's shows their own agents' names."""
    return masker.for_team(principal.sees_agents_of if principal is not None else None)


def mask_answer(answer: Answer, principal: Principal | None, masker: PiiMasker) -> Answer:
    """``answer`` itself for a PII role, else a copy with personal data replaced by placeholders."""
    if _sees_pii(principal):
        return answer
    masker = masker_for(principal, masker)
    return replace(
        answer,
        rows=tell_apart(answer.rows, masker.mask_rows(answer.columns, answer.rows)),
        interpretation=masker.mask_text(answer.interpretation),
        sql=masker.mask_sql(answer.sql),
        reason=masker.mask_text(answer.reason),
        suggestions=[masker.mask_text(s) for s in answer.suggestions or []],
        # the title names the filters, an agent's or organization's name among them
        chart={**answer.chart, "title": masker.mask_text(answer.chart["title"])}
        if answer.chart and answer.chart.get("title") else answer.chart,
    )


_PLACEHOLDER = re.compile(r"^<([A-Z_]+)(?: \d+)?>$")


def tell_apart(original: list[list[Any]], masked: list[list[Any]]) -> list[list[Any]]:
    """Number the placeholders of whole masked cells per column: <PERSON 1>, <PERSON 2> …

    "Tickets per agent" masked to fourteen rows of <PERSON> would draw as one bar and read as
    one person; numbered (by first appearance, so the top row is 1) they stay fourteen people
    without saying who. The numbers hold within one answer only. Masking an answer again gives
    the same numbers (the first-appearance order does not change).
    """
    numbers: dict[tuple[int, str, Any], int] = {}
    counters: dict[tuple[int, str], int] = {}
    out = []
    for before, after in zip(original, masked):
        if not isinstance(after, list):
            out.append(after)
            continue
        row = list(after)
        for i, cell in enumerate(row):
            match = _PLACEHOLDER.match(cell) if isinstance(cell, str) else None
            if match is None or i >= len(before) or before[i] == cell:
                continue
            key = (i, match.group(1), before[i])
            if key not in numbers:
                counters[key[:2]] = numbers[key] = counters.get(key[:2], 0) + 1
            row[i] = f"<{match.group(1)} {numbers[key]}>"
        out.append(row)
    return out


def mask_records(records: Iterable[dict[str, Any]] | None, principal: Principal | None,
                 masker: PiiMasker) -> list[dict[str, Any]]:
    """Dict rows (audit log, exports) for this principal: keys follow the column rule."""
    records = list(records or [])
    if _sees_pii(principal):
        return records
    masker = masker_for(principal, masker)
    return [masker.mask_record(record) for record in records]
