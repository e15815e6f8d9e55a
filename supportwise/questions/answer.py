"""The answer object of CONTRACT §3 and its JSON form."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

STATUSES = ("ok", "unanswerable", "rejected", "error")


@dataclass
class Answer:
    status: str
    question: str
    interpretation: str | None = None
    sql: str | None = None
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    chart: dict[str, Any] | None = None
    engine: str = "semantic"
    cost_usd: float = 0.0
    reason: str | None = None
    suggestions: list[str] = field(default_factory=list)
    duration_ms: float | None = None
    notices: list[str] = field(default_factory=list)   # e.g. the LLM budget warning
    # Additions to CONTRACT §3 (never renamed): the QuerySpec answered (what a saved report stores),
    # questions to ask next, the headline number for the period before, and the audit row's id.
    spec: dict[str, Any] | None = None
    follow_ups: list[str] = field(default_factory=list)
    comparison: dict[str, Any] | None = None
    audit_id: int | None = None
    # Addition: who wrote the SQL when the engine did not compile it — "model" (written by the language
    # model, checked by the guard); None for compiled questions.
    sql_origin: str | None = None
    # Issue 11: other readings of a word of the question ("P1" as priority high), each {word, label,
    # question}; their questions are also the answer's suggestions.
    readings: list[dict[str, str]] = field(default_factory=list)
    # The result cache's key of what ran, for the audit row; not part of the JSON answer.
    fingerprint: str | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("fingerprint")
        data["rows"] = [[json_value(v) for v in row] for row in self.rows]
        if self.status != "ok":
            data["sql"] = None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Answer":
        """An Answer from its to_dict() form (a stored conversation turn, a job's result); unknown keys ignored."""
        known = {f.name for f in fields(cls)} - {"fingerprint"}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


def json_value(value: Any) -> Any:
    """JSON numbers for numbers, ISO 8601 for dates and times, hours for durations."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds() / 3600
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value
