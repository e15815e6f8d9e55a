"""Shared set-up for schedule tests: users, a saved report, a schedule."""

from __future__ import annotations

from datetime import datetime, timezone

from supportwise.questions.context import AskContext
from supportwise.questions.planning import plan_question
from supportwise.records import users
from supportwise.records.saved_reports import save_report
from supportwise.records.schedules import create_schedule
from tests.conftest import TEST_TODAY

URGENT = "How many urgent tickets did we get last week?"
# Monday 2026-11-23 08:00 UTC: an hour before 'every Monday at 9am' (UTC) comes due
BEFORE_NINE = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


def user(db, username, role="manager", team=None, email=None):
    return users.add_user(db.app, username, username.title(), "password-123", role, team=team,
                          email=email or f"{username}@example.com").principal()


def report(db, settings, owner, question=URGENT, name="Urgent weekly"):
    spec = plan_question(question, AskContext(db, settings, owner, TEST_TODAY)).spec
    return save_report(db, owner, name, question, spec.model_dump(mode="json"))


def schedule(db, settings, owner, phrase="every Monday at 9am", *, question=URGENT, now=BEFORE_NINE, **options):
    saved = report(db, settings, owner, question)
    return create_schedule(db, settings, owner, saved.id, phrase, now=now, **options)
