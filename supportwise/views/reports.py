"""Data for the Reports page: saved reports and the fixed weekly summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import sqlalchemy as sa

from supportwise.platform.database import Database
from supportwise.platform.settings import Settings
from supportwise.records.roles import Principal
from supportwise.views import fixed_queries


@dataclass(frozen=True)
class ReportsView:
    weekly: pd.DataFrame
    saved: pd.DataFrame
    scope: str


def reports_view(db: Database, who: Principal, today: date, *, settings: Settings, weeks: int = 8) -> ReportsView:
    """The weekly summary (scoped to a team lead's team) and the reports saved by anyone."""
    weekly = fixed_queries.support_frame(db, "weekly_summary", {"today": today, "weeks": weeks},
                                         scope_team=who.scope_team, timeout_ms=settings.statement_timeout_ms,
                                         tz=settings.timezone)
    with db.app.connect() as conn:
        saved = pd.DataFrame(conn.execute(sa.text(
            "SELECT r.name, r.question, u.name AS owner, r.updated_at, "
            "(SELECT count(*) FROM app.report_runs rr WHERE rr.report_id = r.id) AS runs "
            "FROM app.reports r JOIN app.users u ON u.id = r.owner_id WHERE NOT r.archived "
            "ORDER BY r.updated_at DESC")).mappings().all(),
            columns=["name", "question", "owner", "updated_at", "runs"])
    scope = f"team {who.scope_team}" if who.scope_team else "all teams"
    return ReportsView(weekly=weekly, saved=saved, scope=scope)
