"""Data for the Costs page: LLM spend per day and provider, questions per engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from supportwise import queries
from supportwise.db import Database


@dataclass(frozen=True)
class CostsView:
    since: date
    spend_by_day: pd.DataFrame
    questions_by_engine: pd.DataFrame

    @property
    def total_usd(self) -> float:
        return float(self.spend_by_day["cost_usd"].sum()) if len(self.spend_by_day) else 0.0

    @property
    def questions(self) -> int:
        return int(self.questions_by_engine["questions"].sum()) if len(self.questions_by_engine) else 0


def costs_view(db: Database, today: date, *, days: int = 30) -> CostsView:
    since = today - timedelta(days=days - 1)
    params = {"since": since}
    return CostsView(since, queries.frame(db.app, "llm_spend_by_day", params),
                     queries.frame(db.app, "questions_by_engine", params))
