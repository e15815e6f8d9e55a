"""Per-user limits: questions per minute (Redis) and LLM spend per UTC day (the cost ledger)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import redis
from sqlalchemy import Engine

from supportwise.errors import RateLimited
from supportwise.llm.ledger import spend_today

WARN_FRACTION = 0.8


def check_rate(client: redis.Redis, username: str, per_minute: int, *, now: float | None = None) -> None:
    """Count one question for this minute; RateLimited once the user is past per_minute."""
    now = time.time() if now is None else now
    window = int(now // 60)
    key = f"sw:rate:{username}:{window}"
    with client.pipeline() as pipe:
        count, _ = pipe.incr(key).expire(key, 120).execute()
    if count > per_minute:
        wait = 60 - int(now % 60)
        raise RateLimited(f"Slow down: you have asked {per_minute} questions this minute. "
                          f"Please try again in {wait} s.")


@dataclass(frozen=True)
class Budget:
    spent_usd: float
    budget_usd: float

    @property
    def fraction(self) -> float:
        if self.budget_usd <= 0:
            return 1.0
        return self.spent_usd / self.budget_usd

    @property
    def exhausted(self) -> bool:
        return self.fraction >= 1.0

    def notice(self) -> str | None:
        """The warning shown from 80 % of the daily budget, or None."""
        if self.exhausted:
            return (f"Your daily LLM budget (${self.budget_usd:.2f}) is used up: until midnight UTC questions are "
                    "answered by the offline engine only.")
        if self.fraction >= WARN_FRACTION:
            return f"You have used {100 * self.fraction:.0f} % of today's LLM budget (${self.budget_usd:.2f})."
        return None


def budget_for(app_engine: Engine, username: str, budget_usd: float) -> Budget:
    return Budget(spend_today(app_engine, username), budget_usd)
