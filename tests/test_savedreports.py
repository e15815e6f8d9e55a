"""Saved reports: save and version, list, re-run over a new period in the runner's scope, past runs."""

from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy as sa

from supportwise.engine.spec import DateRange
from supportwise.errors import InvalidInput, NotFound, PermissionDenied
from supportwise.questions.context import AskContext
from supportwise.questions.planning import plan_question
from supportwise.questions.report_runs import period_from_text, run_report
from supportwise.records import audit, users
from supportwise.records.saved_reports import get_report, list_reports, report_runs, report_versions, save_report
from tests.conftest import TEST_TODAY

URGENT = "How many urgent tickets did we get last week?"
BY_TEAM = "tickets by team last month"


def _user(db, username, role="manager", team=None):
    return users.add_user(db.app, username, username.title(), "password-123", role, team=team).principal()


def _spec(db, settings, who, question):
    spec = plan_question(question, AskContext(db, settings, who, TEST_TODAY)).spec
    return spec.model_dump(mode="json")


def _count(db, sql, **params):
    with db.admin.connect() as conn:
        return conn.execute(sa.text(sql), params).all()


def test_same_name_saves_a_new_version(seeded_db, test_settings):
    maria, bob = _user(seeded_db, "maria"), _user(seeded_db, "bob")
    first = save_report(seeded_db, maria, "Urgent weekly", URGENT, _spec(seeded_db, test_settings, maria, URGENT))
    second = save_report(seeded_db, maria, "  Urgent   weekly ", "urgent tickets last month",
                         _spec(seeded_db, test_settings, maria, "urgent tickets last month"))
    other = save_report(seeded_db, bob, "Urgent weekly", URGENT, _spec(seeded_db, test_settings, bob, URGENT))

    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert second.id == first.id and other.id != first.id
    assert second.question == "urgent tickets last month" and second.period_phrase == "last month"
    assert [(v.version, v.question, v.created_by) for v in report_versions(seeded_db, first.id)] == [
        (2, "urgent tickets last month", "maria"), (1, URGENT, "maria")]
    assert len(audit.recent(seeded_db.app, action="report_save")) == 3


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_bad_names_are_refused(seeded_db, test_settings, name):
    maria = _user(seeded_db, "maria")
    with pytest.raises(InvalidInput):
        save_report(seeded_db, maria, name, URGENT, _spec(seeded_db, test_settings, maria, URGENT))


def test_bad_spec_and_roles_are_refused(seeded_db, test_settings):
    maria, vic = _user(seeded_db, "maria"), _user(seeded_db, "vic", "viewer")
    with pytest.raises(InvalidInput):
        save_report(seeded_db, maria, "broken", URGENT, {"metric": "ticket_count", "limit": 0})
    with pytest.raises(PermissionDenied):  # viewers cannot ask, so they cannot save questions
        save_report(seeded_db, vic, "mine", URGENT, _spec(seeded_db, test_settings, maria, URGENT))
    with pytest.raises(NotFound):
        get_report(seeded_db, 424242)


def test_everyone_sees_every_report(seeded_db, test_settings):
    maria, lead, vic = _user(seeded_db, "maria"), _user(seeded_db, "lena", "team_lead", "Frontline"), \
        _user(seeded_db, "vic", "viewer")
    a = save_report(seeded_db, maria, "A", URGENT, _spec(seeded_db, test_settings, maria, URGENT))
    b = save_report(seeded_db, lead, "B", BY_TEAM, _spec(seeded_db, test_settings, lead, BY_TEAM))
    with seeded_db.admin.begin() as conn:
        conn.execute(sa.text("UPDATE app.reports SET archived = true WHERE id = :i"), {"i": a.id})
    for who in (maria, lead, vic):
        assert [(r.id, r.owner) for r in list_reports(seeded_db, who)] == [(b.id, "lena")]


def test_rerun_with_a_new_period_matches_sql(seeded_db, test_settings, redis_conn):
    maria = _user(seeded_db, "maria")
    report = save_report(seeded_db, maria, "Urgent", URGENT, _spec(seeded_db, test_settings, maria, URGENT))

    run, answer = run_report(seeded_db, test_settings, maria, report.id, period="last month", today=TEST_TODAY,
                             redis=redis_conn)

    (expected,) = _count(seeded_db, "SELECT count(*) FROM tickets WHERE priority = 'urgent' "
                                    "AND created_at >= '2026-10-01' AND created_at < '2026-11-01'")
    assert answer.status == "ok" and answer.rows == [[expected[0]]] and expected[0] > 0
    assert "2026-10-01 – 2026-10-31" in answer.interpretation
    assert (run.status, run.row_count, run.period_start, run.period_end, run.version, run.run_by) == (
        "ok", 1, date(2026, 10, 1), date(2026, 11, 1), 1, "maria")
    assert run.result["rows"] == [[expected[0]]] and run.spec["period"]["phrase"] == "last month"
    (logged,) = audit.recent(seeded_db.app, action="report_run")
    assert logged["id"] == run.audit_id == answer.audit_id and logged["row_count"] == 1

    # a DateRange works too, and no period keeps the saved one (last week)
    _, october = run_report(seeded_db, test_settings, maria, report.id, today=TEST_TODAY,
                            period=DateRange(start=date(2026, 10, 1), end=date(2026, 11, 1)))
    assert october.rows == answer.rows
    saved_run, saved = run_report(seeded_db, test_settings, maria, report.id, today=TEST_TODAY)
    (week,) = _count(seeded_db, "SELECT count(*) FROM tickets WHERE priority = 'urgent' "
                                "AND created_at >= '2026-11-16' AND created_at < '2026-11-23'")
    assert saved.rows == [[week[0]]] and saved_run.period_start == date(2026, 11, 16)


def test_team_lead_rerun_sees_only_their_team(seeded_db, test_settings):
    maria, lead = _user(seeded_db, "maria"), _user(seeded_db, "lena", "team_lead", "Frontline")
    report = save_report(seeded_db, maria, "By team", BY_TEAM, _spec(seeded_db, test_settings, maria, BY_TEAM))

    _, everyone = run_report(seeded_db, test_settings, maria, report.id, period="Q3", today=TEST_TODAY)
    lead_run, frontline = run_report(seeded_db, test_settings, lead, report.id, period="Q3", today=TEST_TODAY)

    expected = dict(_count(seeded_db, "SELECT team, count(*) FROM tickets WHERE created_at >= '2026-07-01' "
                                      "AND created_at < '2026-10-01' GROUP BY team"))
    assert dict(map(tuple, everyone.rows)) == expected and len(expected) == 4
    assert dict(map(tuple, frontline.rows)) == {"Frontline": expected["Frontline"]}
    assert "Frontline" in frontline.interpretation and lead_run.run_by == "lena"


def test_runs_are_listed_with_results_for_their_runner_only(seeded_db, test_settings):
    maria, lead = _user(seeded_db, "maria"), _user(seeded_db, "lena", "team_lead", "Frontline")
    report = save_report(seeded_db, maria, "By team", BY_TEAM, _spec(seeded_db, test_settings, maria, BY_TEAM))
    first, _ = run_report(seeded_db, test_settings, maria, report.id, today=TEST_TODAY)
    second, _ = run_report(seeded_db, test_settings, lead, report.id, period="this month", today=TEST_TODAY)

    as_lead = report_runs(seeded_db, lead, report.id)
    assert [r.id for r in as_lead] == [second.id, first.id]
    assert as_lead[0].result is not None and as_lead[1].result is None  # maria's all-teams rows stay hers
    assert as_lead[1].row_count == 4 and as_lead[1].status == "ok"
    assert report_runs(seeded_db, maria, report.id)[1].result["rows"]
    assert [r.id for r in report_runs(seeded_db, maria, report.id, limit=1)] == [second.id]
    assert get_report(seeded_db, report.id).runs == 2


def test_bad_period_is_refused_before_anything_runs(seeded_db, test_settings):
    maria = _user(seeded_db, "maria")
    report = save_report(seeded_db, maria, "Urgent", URGENT, _spec(seeded_db, test_settings, maria, URGENT))
    for text in ("banana", "last month by channel", ""):
        with pytest.raises(InvalidInput):
            run_report(seeded_db, test_settings, maria, report.id, period=text, today=TEST_TODAY)
    assert report_runs(seeded_db, maria, report.id) == []


def test_a_failing_run_is_stored_as_an_error(seeded_db, test_settings, redis_conn):
    maria = _user(seeded_db, "maria")
    report = save_report(seeded_db, maria, "Urgent", URGENT, _spec(seeded_db, test_settings, maria, URGENT))
    strict = replace(test_settings, rate_limit_per_min=1)
    run_report(seeded_db, strict, maria, report.id, today=TEST_TODAY, redis=redis_conn)
    run, answer = run_report(seeded_db, strict, maria, report.id, today=TEST_TODAY, redis=redis_conn)
    assert answer.status == "error" and run.status == "error" and run.error == answer.reason
    assert run.row_count is None and run.finished_at is not None


def test_period_phrases():
    assert period_from_text("last month", TEST_TODAY) == DateRange(start=date(2026, 10, 1), end=date(2026, 11, 1),
                                                                   phrase="last month", grain="month")
    assert period_from_text("all time", TEST_TODAY).start is None
    assert period_from_text("2025", TEST_TODAY) == DateRange(start=date(2025, 1, 1), end=date(2026, 1, 1),
                                                             phrase="2025", grain="year")
    assert period_from_text("between Oct 1 and Oct 15?", TEST_TODAY).end == date(2026, 10, 16)
