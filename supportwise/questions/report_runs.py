"""Re-running a saved report: its stored QuerySpec, over its own period or a new one, as the runner.

The spec goes through the same pipeline and envelope as a typed question (rate limit → compile
→ guard → scope → execute → mask → audit row 'report_run'), only the parse step is skipped:
the report's question was planned when it was saved. The run itself is kept in
``app.report_runs`` (``records.saved_reports``) with the answer its runner was shown.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from redis import Redis

from supportwise.engine.periods import parse_period
from supportwise.engine.spec import DateRange, QuerySpec
from supportwise.errors import InvalidInput, NotFound, PermissionDenied
from supportwise.platform.database import Database
from supportwise.platform.settings import Settings
from supportwise.questions.answer import Answer
from supportwise.questions.context import AskContext
from supportwise.questions.envelope import respond
from supportwise.questions.pipeline import execute, prepare
from supportwise.questions.planning import Plan
from supportwise.records.roles import Principal
from supportwise.records.saved_reports import ReportRun, finish_run, get_report, start_run, valid_spec

ALL_TIME_WORDS = ("all time", "all-time", "ever", "everything")


def period_from_text(text: str, today: date) -> DateRange:
    """A time phrase typed for a re-run → DateRange; InvalidInput if it is not (only) a time phrase.

    ``period_from_text("last month", date(2026, 11, 23))`` → 2026-10-01 … 2026-11-01 (exclusive);
    "all time" → unbounded.
    """
    cleaned = (text or "").strip().rstrip("?.!").strip()
    if cleaned.lower() in ALL_TIME_WORDS:
        return DateRange(phrase="all time")
    if re.fullmatch(r"(?:19|20)\d\d", cleaned):
        cleaned = f"in {cleaned}"  # a saved report's label of "in 2025"; a bare number is not read as a year
    period, rest = parse_period(cleaned, today)
    if period is None:
        raise InvalidInput(f"{text!r} is not a time period I know; try e.g. 'last month', 'Q3' or "
                           "'between Oct 1 and Oct 15'.")
    if re.sub(r"[\s,;:.!?]+", "", rest):
        raise InvalidInput(f"Only a time period, please: {rest!r} in {text!r} is not part of one.")
    return DateRange.of(period)


def with_period(spec: QuerySpec, period: DateRange) -> QuerySpec:
    """The spec over another period; a comparison then compares with the period just before the new one."""
    update: dict[str, Any] = {"period": None if period.start is None and period.end is None else period}
    if spec.compare_to is not None:
        bounded = period.start is not None and period.end is not None
        update["compare_to"] = period.shifted(-1) if bounded else None
    if update["period"] is None:
        update["compare_to"] = None
    return spec.model_copy(update=update)


def run_report(db: Database, settings: Settings, principal: Principal, report_id: int, *,
               period: DateRange | str | None = None, today: date, redis: Redis | None = None,
               ) -> tuple[ReportRun, Answer]:
    """Re-run a report as ``principal`` (their scope and masking), over its own period or a new one.

    ``period`` is a DateRange or a time phrase ("last month"); None keeps the saved dates.
    Every run is stored in app.report_runs and audited (action 'report_run'); a failing query is
    a run with status 'error' and an Answer saying why, not an exception.
    """
    if not principal.may_open("reports"):
        raise PermissionDenied("Your role cannot run reports.")
    report = get_report(db, report_id)
    if report.archived:
        raise NotFound(f"Report {report.name!r} is archived")
    spec = valid_spec(report.spec)
    if isinstance(period, str):
        period = period_from_text(period, today)
    if period is not None:
        spec = with_period(spec, period)
    run_id = start_run(db, principal, report, spec)
    ctx = AskContext(db, settings, principal, today, redis=redis)
    answer = respond("report_run", report.question, ctx,
                     lambda: execute(prepare(report.question, ctx, plan=Plan(spec)), ctx),
                     detail={"report_id": report.id, "run_id": run_id, "version": report.version,
                             "period": spec.period.label() if spec.period else "all time"})
    return finish_run(db, principal, run_id, answer), answer
