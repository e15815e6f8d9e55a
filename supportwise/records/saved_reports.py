"""Saved reports: a question's QuerySpec kept under a name, versioned, and re-run on demand.

Who sees what:
- everyone who may open the Reports page sees every non-archived report (the same list
  ``reports.reports_view`` shows): a report is a question, not data;
- a run reads data as the *runner* (``questions.report_runs``): compiled, then restricted to the
  runner's team, then masked for the runner's role — a team lead re-running a manager's report
  sees their team only;
- past runs are listed for everyone with their status and size, but a run's stored result
  (masked for whoever ran it) is returned only to the person who ran it.

Saving the same name again (same owner) adds a version; runs record the version they used.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError

from supportwise.engine.spec import QuerySpec
from supportwise.errors import InvalidInput, NotFound, PermissionDenied
from supportwise.platform.database import Database
from supportwise.questions.answer import Answer
from supportwise.records import audit
from supportwise.records.conversations import user_id
from supportwise.records.roles import Principal

MAX_NAME = 120
MAX_QUESTION = 2000

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
    stored = json.dumps(valid_spec(spec).model_dump(mode="json"))
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


def start_run(db: Database, principal: Principal, report: Report, spec: QuerySpec) -> int:
    """Store a run of ``report`` over ``spec`` as 'running'; return its id (finish_run settles it)."""
    with db.app.begin() as conn:
        runner = user_id(conn, principal)
        return conn.execute(sa.text(
            "INSERT INTO app.report_runs (report_id, version, run_by, period_start, period_end, status, spec) "
            "VALUES (:r, :v, :u, :ps, :pe, 'running', CAST(:s AS jsonb)) RETURNING id"),
            {"r": report.id, "v": report.version, "u": runner, "ps": spec.period.start if spec.period else None,
             "pe": spec.period.end if spec.period else None, "s": spec.model_dump_json()}).scalar_one()


def finish_run(db: Database, principal: Principal, run_id: int, answer: Answer) -> ReportRun:
    """Settle a run with the answer its runner was shown (ok, or error with the reason)."""
    ok = answer.status == "ok"
    with db.app.begin() as conn:
        conn.execute(sa.text(
            "UPDATE app.report_runs SET status = :st, row_count = :n, result = CAST(:res AS jsonb), error = :e, "
            "audit_id = :a, finished_at = now() WHERE id = :i"),
            {"i": run_id, "st": "ok" if ok else "error", "n": len(answer.rows) if ok else None,
             "res": answer.to_json(), "e": None if ok else answer.reason, "a": answer.audit_id})
    return _run_by_id(db, principal, run_id)


def valid_spec(spec: dict[str, Any]) -> QuerySpec:
    """A stored spec read back; InvalidInput (save it again) when it no longer validates."""
    try:
        return QuerySpec.model_validate(spec)
    except ValidationError as exc:
        raise InvalidInput("This report's question could not be read back; save it again from the Ask page.",
                           detail=str(exc)) from exc


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
