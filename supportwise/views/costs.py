"""Data for the Costs page: LLM spend per day and provider, questions per engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from supportwise.platform.database import Database
from supportwise.views import fixed_queries


@dataclass(frozen=True)
class CostsView:
    since: date
    spend_by_day: pd.DataFrame
    questions_by_engine: pd.DataFrame
    spend_by_user: pd.DataFrame          # with today's spend and the share of the daily budget used
    spend_by_provider: pd.DataFrame
    expensive_questions: pd.DataFrame
    daily_budget_usd: float

    @property
    def total_usd(self) -> float:
        return float(self.spend_by_day["cost_usd"].sum()) if len(self.spend_by_day) else 0.0

    @property
    def questions(self) -> int:
        return int(self.questions_by_engine["questions"].sum()) if len(self.questions_by_engine) else 0


def costs_view(db: Database, today: date, *, days: int = 30, daily_budget_usd: float = 2.0,
               timeout_ms: int = fixed_queries.DEFAULT_TIMEOUT_MS) -> CostsView:
    """Spend per day, user, department and provider, budget use today, and the costliest questions."""
    since = today - timedelta(days=days - 1)
    params = {"since": since, "today": today}

    def frame(name: str) -> pd.DataFrame:
        return fixed_queries.app_frame(db, name, params, timeout_ms=timeout_ms)

    by_user = frame("llm_spend_by_user")
    today_usd = pd.to_numeric(by_user["today_usd"]).fillna(0.0)
    by_user["budget_used_pct"] = 100 * today_usd / daily_budget_usd if daily_budget_usd else 100.0
    return CostsView(since, frame("llm_spend_by_day"), frame("questions_by_engine"), by_user,
                     frame("llm_spend_by_provider"), frame("expensive_questions"), daily_budget_usd)
