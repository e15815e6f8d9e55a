"""Saved reports: a question's QuerySpec kept under a name, versioned, and re-run on demand.

Who sees what:
- everyone who may open the Reports page sees every non-archived report (the same list
  ``reports.reports_view`` shows): a report is a question, not data;
- a run reads data as the *runner*: compiled, then restricted to the runner's team, then
  masked for the runner's role — a team lead re-running a manager's report sees their team only;
- past runs are listed for everyone with their status and size, but a run's stored result
  (masked for whoever ran it) is returned only to the person who ran it.

Saving the same name again (same owner) adds a version; runs record the version they used.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from redis import Redis

from supportwise.records import audit
from supportwise.questions.answer import Answer
from supportwise.questions.ask import AskContext, run_spec
from supportwise.records.conversations import user_id
from supportwise.platform.database import Database
from supportwise.engine.interpret import chart_for, interpretation
from supportwise.engine.spec import DateRange, QuerySpec
from supportwise.errors import InvalidInput, NotFound, PermissionDenied, QuestionError
from supportwise.questions.limits import check_rate
from supportwise.pii.apply import mask_answer
from supportwise.pii.masker import build_masker
from supportwise.records.roles import Principal
from supportwise.platform.settings import Settings
from supportwise.engine.periods.phrases import parse_period

MAX_NAME = 120
MAX_QUESTION = 2000
ALL_TIME_WORDS = ("all time", "all-time", "ever", "everything")

_REPORT_COLUMNS = (
    "r.id, r.name, u.username AS owner, u.name AS owner_name, r.question, r.spec, "
    "coalesce((SELECT max(v.version) FROM app.report_versions v WHERE v.report_id = r.id), 1) AS version, "
    "r.archived, r.created_at, r.updated_at, "
    "(SELECT count(*) FROM app.report_runs rr WHERE rr.report_id = r.id) AS runs")
_RUN_COLUMNS = ("rr.id, rr.report_id, rr.version, u.username AS run_by, rr.period_start, rr.period_end, rr.status, "
                "rr.row_count, rr.result, rr.error, rr.spec, rr.audit_id, rr.started_at, rr.finished_at")


@dataclass(frozen=True)
class Report:
    id: int
    name: str
    owner: str             # username
    owner_name: str
    question: str
    spec: dict[str, Any]   # QuerySpec.model_dump(mode="json") of the latest version
    version: int
    archived: bool
    created_at: datetime
    updated_at: datetime
    runs: int

    @property
    def period_phrase(self) -> str | None:
        """The time phrase the question was asked with ("last week"), to re-run it as of another day."""
        period = self.spec.get("period") or {}
        return period.get("phrase") or None


@dataclass(frozen=True)
class ReportVersion:
    version: int
    question: str
    spec: dict[str, Any]
    created_by: str | None
    created_at: datetime


@dataclass(frozen=True)
class ReportRun:
    id: int
    report_id: int
    version: int
    run_by: str | None
    period_start: date | None
    period_end: date | None     # exclusive, like every range here
    status: str                 # ok | error (running while it runs)
    row_count: int | None
    result: dict[str, Any] | None   # Answer.to_dict() as its runner saw it; None for other people's runs
    error: str | None
    spec: dict[str, Any] | None     # the spec that ran (the report's, with the period chosen for the run)
    audit_id: int | None
    started_at: datetime
    finished_at: datetime | None


def save_report(db: Database, principal: Principal, name: str, question: str, spec: dict[str, Any]) -> Report:
    """Save a question's spec under a name; the same name again (same owner) saves a new version."""
    if not principal.may_open("ask"):
        raise PermissionDenied("Only people who can ask questions can save them as reports.")
    name = re.sub(r"\s+", " ", name or "").strip()
    if not name:
        raise InvalidInput("A report needs a name.")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"Report names are at most {MAX_NAME} characters.")
    question = (question or "").strip()
    if not question or len(question) > MAX_QUESTION:
        raise InvalidInput(f"A report needs the question it answers (at most {MAX_QUESTION} characters).")
    stored = json.dumps(_valid_spec(spec).model_dump(mode="json"))
    with db.app.begin() as conn:
        owner = user_id(conn, principal)
        # ON CONFLICT … DO UPDATE locks the report row: concurrent saves of one name get consecutive versions.
        report_id = conn.execute(sa.text(
            "INSERT INTO app.reports (name, owner_id, question, spec) VALUES (:n, :o, :q, CAST(:s AS jsonb)) "
            "ON CONFLICT (owner_id, name) DO UPDATE SET question = EXCLUDED.question, spec = EXCLUDED.spec, "
            "archived = false, updated_at = now() RETURNING id"),
            {"n": name, "o": owner, "q": question, "s": stored}).scalar_one()
        version = conn.execute(sa.text(
            "INSERT INTO app.report_versions (report_id, version, question, spec, created_by) "
            "SELECT :r, coalesce(max(version), 0) + 1, :q, CAST(:s AS jsonb), :o FROM app.report_versions "
            "WHERE report_id = :r RETURNING version"),
            {"r": report_id, "q": question, "s": stored, "o": owner}).scalar_one()
    audit.record(db.app, principal, "report_save", question=question,
                 detail={"report_id": report_id, "name": name, "version": version})
    return get_report(db, report_id)


def list_reports(db: Database, principal: Principal) -> list[Report]:
    """Every non-archived report, most recently updated first (see the module docstring for why all)."""
    if not principal.may_open("reports"):
        raise PermissionDenied("Your role cannot open reports.")
    with db.app.connect() as conn:
        rows = conn.execute(sa.text(
            f"SELECT {_REPORT_COLUMNS} FROM app.reports r JOIN app.users u ON u.id = r.owner_id "
            "WHERE NOT r.archived ORDER BY r.updated_at DESC, r.id DESC")).mappings().all()
    return [Report(**row) for row in rows]


def get_report(db: Database, report_id: int) -> Report:
    """One report by id (archived ones too); NotFound if there is none."""
    with db.app.connect() as conn:
        row = conn.execute(sa.text(
            f"SELECT {_REPORT_COLUMNS} FROM app.reports r JOIN app.users u ON u.id = r.owner_id WHERE r.id = :i"),
            {"i": report_id}).mappings().first()
    if row is None:
        raise NotFound(f"No saved report {report_id}")
    return Report(**row)


def report_versions(db: Database, report_id: int) -> list[ReportVersion]:
    """Every saved version of a report, newest first."""
    with db.app.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT v.version, v.question, v.spec, u.username, v.created_at FROM app.report_versions v "
            "LEFT JOIN app.users u ON u.id = v.created_by WHERE v.report_id = :r ORDER BY v.version DESC"),
            {"r": report_id}).all()
    return [ReportVersion(*row) for row in rows]


def period_from_text(text: str, today: date) -> DateRange:
    """A time phrase typed for a re-run → DateRange; InvalidInput if it is not (only) a time phrase.

    ``period_from_text("last month", date(2026, 11, 23))`` → 2026-10-01 … 2026-11-01 (exclusive);
    "all time" → unbounded.
    """
    cleaned = (text or "").strip().rstrip("?.!").strip()
    if cleaned.lower() in ALL_TIME_WORDS:
        return DateRange(phrase="all time")
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
    spec = _valid_spec(report.spec)
    if isinstance(period, str):
        period = period_from_text(period, today)
    if period is not None:
        spec = with_period(spec, period)
    with db.app.begin() as conn:
        runner = user_id(conn, principal)
        run_id = conn.execute(sa.text(
            "INSERT INTO app.report_runs (report_id, version, run_by, period_start, period_end, status, spec) "
            "VALUES (:r, :v, :u, :ps, :pe, 'running', CAST(:s AS jsonb)) RETURNING id"),
            {"r": report.id, "v": report.version, "u": runner, "ps": spec.period.start if spec.period else None,
             "pe": spec.period.end if spec.period else None, "s": spec.model_dump_json()}).scalar_one()

    answer, fp = _answer(db, settings, principal, report.question, spec, today, redis)
    answer.audit_id = audit.record(
        db.app, principal, "report_run", question=report.question, sql=answer.sql, fingerprint=fp,
        row_count=len(answer.rows) if answer.status == "ok" else None, duration_ms=answer.duration_ms,
        engine=answer.engine, status=answer.status,
        detail={"report_id": report.id, "run_id": run_id, "version": report.version,
                "period": spec.period.label() if spec.period else "all time"})
    with db.app.begin() as conn:
        conn.execute(sa.text(
            "UPDATE app.report_runs SET status = :st, row_count = :n, result = CAST(:res AS jsonb), error = :e, "
            "audit_id = :a, finished_at = now() WHERE id = :i"),
            {"i": run_id, "st": "ok" if answer.status == "ok" else "error",
             "n": len(answer.rows) if answer.status == "ok" else None, "res": answer.to_json(),
             "e": None if answer.status == "ok" else answer.reason, "a": answer.audit_id})
    return _run_by_id(db, principal, run_id), answer


def report_runs(db: Database, principal: Principal, report_id: int, *, limit: int = 20) -> list[ReportRun]:
    """Past runs of a report, newest first; results only for the principal's own runs."""
    with db.app.connect() as conn:
        rows = conn.execute(sa.text(
            f"SELECT {_RUN_COLUMNS} FROM app.report_runs rr LEFT JOIN app.users u ON u.id = rr.run_by "
            "WHERE rr.report_id = :r ORDER BY rr.id DESC LIMIT :n"), {"r": report_id, "n": limit}).mappings().all()
    return [_run(row, principal) for row in rows]


def _run_by_id(db: Database, principal: Principal, run_id: int) -> ReportRun:
    with db.app.connect() as conn:
        row = conn.execute(sa.text(
            f"SELECT {_RUN_COLUMNS} FROM app.report_runs rr LEFT JOIN app.users u ON u.id = rr.run_by "
            "WHERE rr.id = :i"), {"i": run_id}).mappings().one()
    return _run(row, principal)


def _run(row: Any, principal: Principal) -> ReportRun:
    values = dict(row)
    if values["run_by"] != principal.username:
        values["result"] = None  # masked and scoped for someone else
    return ReportRun(**values)


def _answer(db: Database, settings: Settings, principal: Principal, question: str, spec: QuerySpec, today: date,
            redis: Redis | None) -> tuple[Answer, str | None]:
    """compile → scope → execute (ask.run_spec) → mask: the same steps as a typed question."""
    started = time.perf_counter()
    fp = None
    try:
        if redis is not None:
            check_rate(redis, principal.username, settings.rate_limit_per_min)
        run = run_spec(spec, AskContext(db, settings, principal, today, redis=redis))
        fp = run.fingerprint
        answer = Answer(status="ok", question=question, interpretation=interpretation(spec, principal.scope_team),
                        sql=run.shown_sql, columns=run.columns, rows=run.rows, chart=chart_for(spec, run.compiled),
                        engine="cache" if run.cached else "semantic", spec=spec.model_dump(mode="json"))
        if not principal.sees_pii:
            answer = mask_answer(answer, principal, build_masker(db.reader))
    except QuestionError as exc:
        answer = Answer(status=exc.status, question=question, reason=str(exc))
    answer.duration_ms = (time.perf_counter() - started) * 1000
    return answer, fp


def _valid_spec(spec: dict[str, Any]) -> QuerySpec:
    try:
        return QuerySpec.model_validate(spec)
    except ValidationError as exc:
        raise InvalidInput("This report's question could not be read back; save it again from the Ask page.",
                           detail=str(exc)) from exc
