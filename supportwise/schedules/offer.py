"""Scheduling an answer from the Ask page: "send me this every Monday at 9am", or the Schedule button.

    schedule_request("send me this every Monday at 9am")  → "every Monday at 9am"
    preview(settings, "every Monday at 9am", now)         → Preview(echo, next three runs) or InvalidInput
    schedule_answer(db, settings, principal, answer, …)   → the answer saved as a report, then scheduled
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from supportwise.errors import InvalidInput
from supportwise.platform.database import Database
from supportwise.platform.settings import Settings
from supportwise.questions.answer import Answer
from supportwise.records.roles import Principal
from supportwise.records.saved_reports import save_report
from supportwise.records.schedules import SavedSchedule, create_schedule
from supportwise.schedules.phrases import read_schedule

# "send me this …", "email this to me …", "schedule this …", "can you send this to the team every …":
# a request about *this* answer, then the schedule. Nothing else in the sentence is read as a question.
_REQUEST = re.compile(
    r"^\s*(?:(?:please|can you|could you)\s+)?(?:send|email|mail|post|deliver|schedule|share)\s+"
    r"(?:me\s+)?(?:this|that|it|these|the answer|this report)(?:\s+(?:report|answer|one))?"
    r"(?:\s+to\s+(?:me|us|my inbox))?\s*[,:]?\s+(?P<when>(?:every|each|daily|weekly|monthly|weekdays|on|at)\b.+?)"
    r"\s*[.!?]?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Preview:
    phrase: str
    cron: str
    timezone: str
    echo: str                    # 'At 09:00, only on Monday (UTC)'
    next_runs: list[datetime]    # in the schedule's zone


def schedule_request(text: str) -> str | None:
    """The schedule phrase of a "send me this every …" request; None when the text is not one."""
    match = _REQUEST.match(text or "")
    return match.group("when").strip() if match else None


def preview(settings: Settings, phrase: str, *, now: datetime | None = None) -> Preview:
    """What a phrase means before saving: cron, zone, echo and the next three runs (InvalidInput if unreadable)."""
    now = now or settings.now()
    when = read_schedule(phrase, settings.timezone, min_interval_minutes=settings.schedule_min_minutes, now=now)
    return Preview(phrase.strip(), when.cron, when.timezone, when.describe(), when.next_runs(now, 3))


def schedule_answer(db: Database, settings: Settings, principal: Principal, answer: Answer, phrase: str, *,
                    name: str | None = None, **options) -> SavedSchedule:
    """Save ``answer``'s question as a report (a new version if the name exists) and schedule it."""
    if answer.status != "ok" or not answer.spec:
        raise InvalidInput("Only answered questions in plain English can be scheduled.")
    preview(settings, phrase)  # refuse an unreadable phrase before anything is saved
    report = save_report(db, principal, name or answer.question[:80], answer.question, answer.spec)
    return create_schedule(db, settings, principal, report.id, phrase, now=settings.now(), **options)
