"""The Reports page's schedules: each with its echo, next runs and run history; notes about failures."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from supportwise.platform.database import Database
from supportwise.records.notifications import Notification, unread
from supportwise.records.roles import Principal
from supportwise.records.schedule_runs import ScheduleRun, failed_runs, runs_of
from supportwise.records.schedules import SavedSchedule, list_schedules

RUN_COLUMNS = ["slot", "status", "late", "attempts", "rows", "seconds", "version", "delivered to", "error"]


@dataclass(frozen=True)
class ScheduleCard:
    schedule: SavedSchedule
    echo: str
    next_runs: list[datetime]        # in the schedule's zone; empty while paused
    runs: pd.DataFrame               # RUN_COLUMNS, newest slot first

    @property
    def last_status(self) -> str | None:
        return None if self.runs.empty else str(self.runs.iloc[0]["status"])


@dataclass(frozen=True)
class SchedulesView:
    cards: list[ScheduleCard]
    notes: list[Notification]
    failed: pd.DataFrame | None      # admins: the latest failed runs of everyone's schedules


def schedules_view(db: Database, principal: Principal, now: datetime) -> SchedulesView:
    """The principal's schedules (everyone's for an admin), their notes, and for admins the failed runs."""
    cards = [ScheduleCard(s, s.describe(), [] if s.paused else s.next_runs(now, 3), runs_frame(s, runs_of(db, s.id)))
             for s in list_schedules(db, principal)]
    failed = None
    if principal.role == "admin":
        failed = pd.DataFrame([{"run": r.id, "schedule": r.schedule_id, "slot": r.slot, "attempts": r.attempts,
                                "error": r.error} for r in failed_runs(db)],
                              columns=["run", "schedule", "slot", "attempts", "error"])
    return SchedulesView(cards, unread(db, principal), failed)


def runs_frame(schedule: SavedSchedule, runs: list[ScheduleRun]) -> pd.DataFrame:
    zone = zoneinfo.ZoneInfo(schedule.timezone)
    return pd.DataFrame([{
        "slot": r.slot.astimezone(zone).replace(tzinfo=None), "status": r.status, "late": r.late,
        "attempts": r.attempts, "rows": r.row_count,
        "seconds": None if r.duration_ms is None else round(r.duration_ms / 1000, 2), "version": r.version,
        "delivered to": ", ".join(d["to"] for d in r.deliveries if d.get("status") == "ok"), "error": r.error,
    } for r in runs], columns=RUN_COLUMNS)
