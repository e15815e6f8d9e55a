"""Schedules of saved reports: when (a plain-English phrase read into cron + zone), to whom, through which channel.

Who may do what:
- anyone who may open the Reports page may schedule a report for themselves; the owner (or an admin)
  pauses, resumes, changes or deletes it;
- a schedule lists its recipients: app users by username (each gets the report in *their* scope and
  masking when it runs) and outside email addresses (the owner's scope, personal data masked);
  Slack and webhook schedules post to one URL, also in the owner's scope with personal data masked.

Nothing disables a schedule on its own: only a person pauses or deletes one, and each change is an
audit row (schedule_create, schedule_pause, schedule_resume, schedule_delete). Deleting keeps the row
and its run history (``deleted_at``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from supportwise.delivery.outgoing import check_url
from supportwise.errors import InvalidInput, NotFound, PermissionDenied
from supportwise.platform.database import Database
from supportwise.platform.settings import Settings
from supportwise.records import audit
from supportwise.records.conversations import user_id
from supportwise.records.roles import Principal
from supportwise.records.saved_reports import get_report
from supportwise.schedules.phrases import Schedule, read_schedule

CHANNELS = ("email", "slack", "webhook")
ATTACHMENTS = ("csv", "xlsx", "none")
MAX_RECIPIENTS = 50
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")

_COLUMNS = ("s.id, s.report_id, r.name AS report_name, u.username AS owner, s.phrase, s.cron, s.timezone, s.channel, "
            "s.recipients, s.target, s.attach, s.skip_if_empty, s.paused, s.deleted_at, s.dispatched_until, "
            "s.created_at, s.updated_at")
_FROM = "FROM app.schedules s JOIN app.reports r ON r.id = s.report_id JOIN app.users u ON u.id = s.owner_id"


@dataclass(frozen=True)
class SavedSchedule:
    id: int
    report_id: int
    report_name: str
    owner: str               # username
    phrase: str
    cron: str
    timezone: str
    channel: str
    recipients: list[str]
    target: str | None       # the Slack or webhook URL
    attach: str
    skip_if_empty: bool
    paused: bool
    deleted_at: datetime | None
    dispatched_until: datetime
    created_at: datetime
    updated_at: datetime

    @property
    def when(self) -> Schedule:
        return Schedule(self.cron, self.timezone)

    def describe(self) -> str:
        return self.when.describe()

    def next_runs(self, after: datetime, n: int = 3) -> list[datetime]:
        return self.when.next_runs(after, n)

    @property
    def to(self) -> str:
        """Where it goes, for a list: 'lead, ops@example.com' or 'Slack'."""
        if self.channel == "email":
            return ", ".join(self.recipients)
        return {"slack": "Slack", "webhook": "webhook"}[self.channel]


def parse_recipients(text: str | list[str] | None) -> list[str]:
    """'lead, ops@example.com; cfo@example.com' → a list without repeats, in order."""
    items = text if isinstance(text, list) else re.split(r"[,;\s]+", text or "")
    seen: dict[str, None] = {}
    for item in (i.strip() for i in items):
        if item:
            seen.setdefault(item, None)
    return list(seen)


def create_schedule(db: Database, settings: Settings, principal: Principal, report_id: int, phrase: str, *,
                    channel: str = "email", recipients: list[str] | str | None = None, target: str | None = None,
                    attach: str = "csv", skip_if_empty: bool = False, now: datetime | None = None) -> SavedSchedule:
    """Schedule a saved report; InvalidInput (with a sentence) for a phrase, recipient or URL that cannot be used."""
    if not principal.may_open("reports"):
        raise PermissionDenied("Your role cannot schedule reports.")
    report = get_report(db, report_id)
    if report.archived:
        raise NotFound(f"Report {report.name!r} is archived")
    when = read_schedule(phrase, settings.timezone, min_interval_minutes=settings.schedule_min_minutes, now=now)
    values = _checked(db, settings, principal, channel, recipients, target, attach)
    now = now or datetime.now(timezone.utc)
    with db.app.begin() as conn:
        owner = user_id(conn, principal)
        schedule_id = conn.execute(sa.text(
            "INSERT INTO app.schedules (report_id, owner_id, phrase, cron, timezone, channel, recipients, target, "
            "attach, skip_if_empty, dispatched_until) VALUES (:r, :o, :p, :c, :tz, :ch, :rc, :t, :a, :s, :now) "
            "RETURNING id"),
            {"r": report.id, "o": owner, "p": phrase.strip(), "c": when.cron, "tz": when.timezone,
             "s": skip_if_empty, "now": now, **values}).scalar_one()
    audit.record(db.app, principal, "schedule_create", question=report.question, detail={
        "schedule_id": schedule_id, "report_id": report.id, "phrase": phrase.strip(), "cron": when.cron,
        "timezone": when.timezone, "channel": channel, "recipients": values["rc"]})
    return get_schedule(db, schedule_id)


def _checked(db: Database, settings: Settings, principal: Principal, channel: str, recipients: Any,
             target: str | None, attach: str) -> dict[str, Any]:
    if channel not in CHANNELS:
        raise InvalidInput(f"Deliver by {', '.join(CHANNELS)}; {channel!r} is not a channel.")
    if attach not in ATTACHMENTS:
        raise InvalidInput(f"Attach {', '.join(ATTACHMENTS)}; {attach!r} is not one of them.")
    if channel != "email":
        if not (target or "").strip():
            raise InvalidInput(f"A {channel} schedule needs the URL to post to.")
        check_url(target.strip(), settings)
        return {"ch": channel, "rc": [], "t": target.strip(), "a": attach}
    listed = parse_recipients(recipients) or [principal.username]
    if len(listed) > MAX_RECIPIENTS:
        raise InvalidInput(f"A schedule has at most {MAX_RECIPIENTS} recipients.")
    with db.app.connect() as conn:
        users = set(conn.execute(sa.text("SELECT username FROM app.users WHERE username = ANY(:u) AND active"),
                                 {"u": listed}).scalars())
    unknown = [r for r in listed if r not in users and not _EMAIL.match(r)]
    if unknown:
        raise InvalidInput(f"{', '.join(unknown)}: neither a user of the app nor an email address.")
    return {"ch": channel, "rc": listed, "t": None, "a": attach}


def get_schedule(db: Database, schedule_id: int) -> SavedSchedule:
    """One schedule (deleted ones too); NotFound if there is none."""
    with db.app.connect() as conn:
        row = conn.execute(sa.text(f"SELECT {_COLUMNS} {_FROM} WHERE s.id = :i"), {"i": schedule_id}).mappings().first()
    if row is None:
        raise NotFound(f"No schedule {schedule_id}")
    return SavedSchedule(**row)


def list_schedules(db: Database, principal: Principal, *, report_id: int | None = None) -> list[SavedSchedule]:
    """The principal's own schedules (every schedule for an admin), not deleted, newest first."""
    clauses, params = ["s.deleted_at IS NULL"], {}
    if principal.role != "admin":
        clauses.append("u.username = :me")
        params["me"] = principal.username
    if report_id is not None:
        clauses.append("s.report_id = :r")
        params["r"] = report_id
    with db.app.connect() as conn:
        rows = conn.execute(sa.text(f"SELECT {_COLUMNS} {_FROM} WHERE {' AND '.join(clauses)} ORDER BY s.id DESC"),
                            params).mappings().all()
    return [SavedSchedule(**row) for row in rows]


def set_paused(db: Database, principal: Principal, schedule_id: int, paused: bool, *,
               now: datetime | None = None) -> SavedSchedule:
    """Pause or resume. Slots that fall while paused are not sent afterwards: resuming starts from now."""
    schedule = _own(db, principal, schedule_id)
    with db.app.begin() as conn:
        conn.execute(sa.text(
            "UPDATE app.schedules SET paused = :p, updated_at = now(), "
            "dispatched_until = CASE WHEN :p THEN dispatched_until ELSE greatest(dispatched_until, :now) END "
            "WHERE id = :i"), {"p": paused, "i": schedule.id, "now": now or datetime.now(timezone.utc)})
    audit.record(db.app, principal, "schedule_pause" if paused else "schedule_resume",
                 detail={"schedule_id": schedule.id, "report_id": schedule.report_id})
    return get_schedule(db, schedule.id)


def delete_schedule(db: Database, principal: Principal, schedule_id: int) -> None:
    """Stop a schedule for good; its row and run history stay."""
    schedule = _own(db, principal, schedule_id)
    with db.app.begin() as conn:
        conn.execute(sa.text("UPDATE app.schedules SET deleted_at = now(), updated_at = now() WHERE id = :i"),
                     {"i": schedule.id})
    audit.record(db.app, principal, "schedule_delete",
                 detail={"schedule_id": schedule.id, "report_id": schedule.report_id})


def _own(db: Database, principal: Principal, schedule_id: int) -> SavedSchedule:
    schedule = get_schedule(db, schedule_id)
    if schedule.deleted_at is not None:
        raise NotFound(f"Schedule {schedule_id} was deleted")
    if schedule.owner != principal.username and principal.role != "admin":
        raise PermissionDenied("Only the schedule's owner or an admin can change it.")
    return schedule
