"""One run of a schedule, start to end, inside a worker (``tasks.schedules.run_schedules``).

    claim → for each reader: run the report through the question pipeline as that reader
          → deliver with retries (every attempt an audit row) → settle the run → tell the owner if it failed

The report is re-read as of the slot's day ("last week" in a Monday 09:00 delivery is the week before that
Monday), through ``questions.report_runs.run_report`` — the one pipeline: compile → guard → scope → execute
→ mask → audit. A run counts as delivered only on the channel's acknowledgement (SMTP 250, HTTP 2xx).
"""

from __future__ import annotations

import time
import zoneinfo
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from typing import Callable

from supportwise.delivery.email import build_email, send_email
from supportwise.delivery.outgoing import Ack
from supportwise.delivery.retry import deliver_with_retries
from supportwise.delivery.slack import send_slack, slack_message
from supportwise.delivery.webhook import send_webhook
from supportwise.errors import SupportWiseError
from supportwise.platform.database import Database
from supportwise.platform.settings import Settings
from supportwise.questions.answer import Answer
from supportwise.questions.report_runs import run_report
from supportwise.records import audit
from supportwise.records.notifications import notify
from supportwise.records.saved_reports import Report, get_report
from supportwise.records.schedule_runs import Outcome, ScheduleRun, claim, get_run, settle
from supportwise.records.schedules import SavedSchedule, get_schedule
from supportwise.records.users import get_user
from supportwise.schedules.readers import Reader, readers_for


@dataclass(frozen=True)
class Job:
    schedule: SavedSchedule
    report: Report
    run: ScheduleRun
    attempt: int


def run_scheduled(db: Database, settings: Settings, run_id: int) -> ScheduleRun | None:
    """Run a queued schedule run; None when it is not queued any more (another worker has or had it)."""
    attempt = claim(db, run_id)
    if attempt is None:
        return None
    started = time.perf_counter()
    run = get_run(db, run_id)
    schedule = get_schedule(db, run.schedule_id)
    try:
        report = get_report(db, schedule.report_id)
        outcome = _deliver_all(db, settings, Job(schedule, report, run, attempt))
    except SupportWiseError as exc:
        outcome = Outcome("failed", error=str(exc))
    except Exception:
        settle(db, run_id, attempt, Outcome("failed", error="An internal error stopped this run; admins can see it "
                                                              "in the worker's log.",
                                            duration_ms=(time.perf_counter() - started) * 1000))
        raise
    outcome.duration_ms = (time.perf_counter() - started) * 1000
    if settle(db, run_id, attempt, outcome) and outcome.error:
        tell_owner(db, settings, schedule, run_id, outcome.status, outcome.error)
    return get_run(db, run_id)


def _deliver_all(db: Database, settings: Settings, job: Job) -> Outcome:
    if job.report.archived:
        return Outcome("failed", error=f"The report {job.report.name!r} was archived.")
    readers, refused = readers_for(db, job.schedule)
    deliveries = [{"to": r.recipient, "status": "refused", "attempts": 0, "detail": f"Not sent: {r.reason}."}
                  for r in refused]
    rows = None
    for reader in readers:
        _, answer = run_report(db, settings, reader.principal, job.report.id, period=job.report.period_phrase,
                               today=_data_day(settings, job), redis=None)
        if rows is None and answer.status == "ok":
            rows = len(answer.rows)
        deliveries.append(_deliver(db, settings, job, reader, answer))
    failed = [d for d in deliveries if d["status"] in ("failed", "refused")]
    sent = [d for d in deliveries if d["status"] == "ok"]
    if not sent and not failed:
        return Outcome("skipped", job.report.version, rows, deliveries=deliveries,
                       error=None if deliveries else "Nobody to send it to.")
    error = "; ".join(f"{d['to']}: {d['detail']}" for d in failed) or None
    return Outcome("failed" if not sent or any(d["status"] == "failed" for d in failed) else "ok",
                   job.report.version, rows, error=error, deliveries=deliveries)


def _data_day(settings: Settings, job: Job) -> date:
    """The day time phrases are read against: the slot's day in the schedule's zone (a pinned demo day wins)."""
    if settings.today is not None:
        return settings.today
    return job.run.slot.astimezone(zoneinfo.ZoneInfo(job.schedule.timezone)).date()


def _deliver(db: Database, settings: Settings, job: Job, reader: Reader, answer: Answer) -> dict:
    to = ", ".join(reader.names)
    if answer.status != "ok":
        return {"to": to, "status": "failed", "attempts": 0, "detail": answer.reason or "The report did not run."}
    if job.schedule.skip_if_empty and not answer.rows:
        return {"to": to, "status": "skipped", "attempts": 0, "detail": "No rows, and the schedule skips empty runs."}
    if job.run.late:
        answer.notices.append(_late_notice(job))
    send = _sender(settings, job, reader, answer)

    def attempted(number: int, ack: Ack) -> None:
        audit.record(db.app, reader.principal, "schedule_delivery", question=job.report.question,
                     row_count=len(answer.rows), status="ok" if ack.ok else "error",
                     detail={"schedule_id": job.schedule.id, "run_id": job.run.id, "slot": job.run.slot.isoformat(),
                             "channel": job.schedule.channel, "to": to, "attempt": number, "detail": ack.detail})

    result = deliver_with_retries(send, attempts=settings.delivery_attempts, base_s=settings.delivery_backoff_s,
                                  cap_s=settings.delivery_backoff_cap_s, on_attempt=attempted)
    return {"to": to, "status": "ok" if result.ok else "failed", "attempts": result.attempts,
            "detail": result.ack.detail if result.ack else "; ".join(result.errors)}


def _late_notice(job: Job) -> str:
    slot = job.run.slot.astimezone(zoneinfo.ZoneInfo(job.schedule.timezone))
    missed = f" ({job.run.missed} earlier runs were missed too and are not sent)" if job.run.missed else ""
    return f"Sent late: this delivery was due {slot:%a %d %b %Y %H:%M} {job.schedule.timezone}{missed}."


def _sender(settings: Settings, job: Job, reader: Reader, answer: Answer) -> Callable[[], Ack]:
    link = f"{settings.app_link}/reports"
    title = job.report.name
    if job.schedule.channel == "email":
        message = build_email(answer, title=title, sender=settings.smtp_sender, to=reader.addresses, link=link,
                              attach=job.schedule.attach, row_limit=settings.row_limit)
        return lambda: send_email(message, settings)
    if job.schedule.channel == "slack":
        blocks = slack_message(answer, title=title, link=link)
        return lambda: send_slack(job.schedule.target, blocks, settings)
    body = answer.to_dict()
    return lambda: send_webhook(job.schedule.target, body, settings, delivery_id=f"run-{job.run.id}")


def tell_owner(db: Database, settings: Settings, schedule: SavedSchedule, run_id: int, status: str,
               error: str) -> None:
    """In the app always; by email too when email is set up and the failure was not the owner's own mailbox."""
    verb = "failed" if status == "failed" else "was not sent to everyone"
    text = f"Your schedule of {schedule.report_name!r} ({schedule.phrase}) {verb}: {error}"
    notify(db, schedule.owner, text, schedule_id=schedule.id, run_id=run_id)
    owner = get_user(db.app, schedule.owner)
    if not (settings.smtp_host and owner.email) or (schedule.channel == "email" and owner.email in error):
        return
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = f"SupportWise: {schedule.report_name} {verb}", \
        settings.smtp_sender, owner.email
    message.set_content(f"{text}\n\nThe run history is on the Reports page: {settings.app_link}/reports\n")
    send_email(message, settings)  # best effort: the note in the app is already there
