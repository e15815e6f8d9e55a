"""The LLM ledger: every call (answered or failed) as a row of ``app.llm_calls``.

The Costs page and per-user budgets read from it; ``spend_today`` is the budget's input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy import Engine

from supportwise.llm.base import Usage
from supportwise.records.roles import Principal

_INSERT = sa.text(
    "INSERT INTO app.llm_calls (username, department, provider, model, purpose, input_tokens, output_tokens, "
    "cost_usd, latency_ms, ok, error, fingerprint) VALUES (:username, :department, :provider, :model, :purpose, "
    ":input_tokens, :output_tokens, :cost_usd, :latency_ms, :ok, :error, :fingerprint) RETURNING id")

# midnight UTC today, computed by the server so every process agrees
_SPEND_TODAY = sa.text(
    "SELECT COALESCE(SUM(cost_usd), 0) FROM app.llm_calls WHERE username = :username "
    "AND at >= (date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')")


def record_call(engine: Engine, principal: Principal, *, provider: str, model: str, purpose: str, usage: Usage,
                cost_usd: float, latency_ms: float | None, ok: bool, error: str | None,
                fingerprint: str | None) -> int:
    """Insert one llm_calls row; return its id."""
    params = {"username": principal.username, "department": principal.department, "provider": provider,
              "model": model, "purpose": purpose, "input_tokens": usage.input_tokens,
              "output_tokens": usage.output_tokens,
              "cost_usd": Decimal(str(cost_usd)).quantize(Decimal("0.000001")),
              "latency_ms": None if latency_ms is None else float(latency_ms), "ok": ok, "error": error,
              "fingerprint": fingerprint}
    with engine.begin() as conn:
        return conn.execute(_INSERT, params).scalar_one()


def spend_today(engine: Engine, username: str) -> float:
    """USD spent on LLM calls by ``username`` since midnight UTC."""
    with engine.connect() as conn:
        return float(conn.execute(_SPEND_TODAY, {"username": username}).scalar_one())


class Ledger(Protocol):
    """Where the FallbackChain reports each call."""

    def record(self, principal: Principal, **call: Any) -> None: ...


class DatabaseLedger:
    """The ledger in ``app.llm_calls`` (use the app engine)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def record(self, principal: Principal, **call: Any) -> None:
        record_call(self.engine, principal, **call)


@dataclass
class MemoryLedger:
    """A ledger in a list, for tests of code that uses a FallbackChain."""

    calls: list[dict[str, Any]] = field(default_factory=list)

    def record(self, principal: Principal, **call: Any) -> None:
        self.calls.append({"username": principal.username, **call})
