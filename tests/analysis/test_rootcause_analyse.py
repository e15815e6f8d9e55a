"""analyse() on the 3,000-ticket demo data: scope, masking, subjects, errors, progress, audit, JSON."""

import json
import re
from datetime import date

import pytest
import sqlalchemy as sa

from supportwise.analysis import STAGES, analyse
from supportwise.analysis.retrieve import week_of
from supportwise.errors import PermissionDenied, Unanswerable
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY

QUESTION = "Why are customers unhappy with auto-sync?"


def ask(db, who, question, settings, **kwargs):
    return analyse(db, who, question, today=TEST_TODAY, settings=settings, **kwargs)


def scalar(db, sql, **params):
    with db.admin.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar_one()


def test_a_team_lead_sees_only_their_team(rc_db, admin, frontline_lead, test_settings):
    everyone = ask(rc_db, admin, QUESTION, test_settings)
    lead = ask(rc_db, frontline_lead, QUESTION, test_settings)
    frontline = scalar(rc_db, "SELECT count(*) FROM tickets WHERE product_area = 'auto-sync' AND team = 'Frontline'")
    assert lead.ticket_count == frontline < everyone.ticket_count
    seen = [i for theme in lead.themes for i in theme.ticket_ids]
    teams = scalar(rc_db, "SELECT array_agg(DISTINCT team) FROM tickets WHERE id = ANY(:ids)", ids=seen)
    assert teams == ["Frontline"]


def test_quotes_are_masked_for_roles_without_pii(rc_db, admin, manager, test_settings):
    with rc_db.admin.connect() as conn:
        names = [r[0] for r in conn.execute(sa.text("SELECT name FROM customers UNION SELECT name FROM agents"))]
    raw = [q for t in ask(rc_db, admin, QUESTION, test_settings).themes for q in t.quotes]
    masked = [q for t in ask(rc_db, manager, QUESTION, test_settings).themes for q in t.quotes]
    assert any(name in quote for quote in raw for name in names)  # the admin sees them: the check is not empty
    assert not any(name in quote for quote in masked for name in names)
    assert not any(re.search(r"[\w.]+@[\w.]+\.\w+", quote) for quote in masked)
    assert any("<PERSON>" in quote for quote in masked)
    assert len(masked) == len(raw)


def test_free_text_subject_is_searched(rc_db, admin, test_settings):
    report = ask(rc_db, admin, "Why are customers complaining about duplicates?", test_settings)
    expected = scalar(rc_db, "SELECT count(*) FROM tickets t JOIN ticket_text tt ON tt.ticket_id = t.id "
                             "WHERE tt.document @@ websearch_to_tsquery('english', 'duplicates')")
    assert report.subject["kind"] == "text" and report.ticket_count == expected > 0
    assert report.themes


def test_the_new_feature_is_the_latest_release(rc_db, manager, test_settings):
    report = ask(rc_db, manager, "What are customers unhappy about since the new feature?", test_settings)
    latest = scalar(rc_db, "SELECT name FROM feature_releases WHERE released_at < :end ORDER BY released_at DESC "
                           "LIMIT 1", end=TEST_TODAY.isoformat() + "T23:59:59Z")
    assert report.subject["kind"] == "release" and report.subject["value"] == latest
    since = report.subject["since"]
    expected = scalar(rc_db, "SELECT count(*) FROM tickets WHERE product_area = :area AND created_at >= "
                             "CAST(:since AS timestamptz)", area=report.subject["area"], since=since)
    assert report.ticket_count == expected
    assert report.period["start"] == since[:10]


@pytest.mark.parametrize("question,message", [
    ("Why are customers unhappy?", "could not tell what to analyse"),
    ("Why are customers unhappy with the weather?", "no tickets mentioning"),
])
def test_unknown_subject_is_a_clear_error_and_audited(rc_db, admin, test_settings, question, message):
    with pytest.raises(Unanswerable, match=message) as caught:
        ask(rc_db, admin, question, test_settings)
    assert caught.value.suggestions
    with rc_db.admin.connect() as conn:
        row = conn.execute(sa.text("SELECT action, status, question FROM app.audit_log ORDER BY id DESC LIMIT 1")).one()
    assert tuple(row) == ("analysis", "unanswerable", question)


def test_viewers_may_not_run_analyses(rc_db, test_settings):
    with pytest.raises(PermissionDenied):
        ask(rc_db, Principal("vic", "viewer"), QUESTION, test_settings)


def test_progress_runs_through_the_stages_in_order(rc_db, admin, test_settings):
    seen = []
    ask(rc_db, admin, QUESTION, test_settings, progress=lambda stage, fraction: seen.append((stage, fraction)))
    assert [s for s, _ in seen] == list(STAGES)
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0


def test_report_numbers_add_up_and_are_audited(rc_db, admin, test_settings):
    report = ask(rc_db, admin, QUESTION, test_settings)
    split = report.sentiment
    assert split.negative + split.neutral + split.positive + split.unknown == report.ticket_count
    assert split.unknown == 0  # the fixture enriched every ticket
    assert sum(t.tickets for t in report.themes) + report.unclustered == report.ticket_count
    for theme in report.themes:
        assert sum(count for _, count in theme.weekly) == theme.tickets
        assert [week.weekday() for week, _ in theme.weekly] == [0] * len(theme.weekly)  # ISO weeks, Mondays
        assert 2 <= len(theme.quotes) <= 3 and theme.phrases and theme.label
    assert report.summary.startswith(f"{report.ticket_count:,} auto-sync tickets")
    assert report.summary_engine == "template" and report.cost_usd == 0
    with rc_db.admin.connect() as conn:
        row = conn.execute(sa.text("SELECT id, action, status, row_count, engine, detail FROM app.audit_log "
                                   "ORDER BY id DESC LIMIT 1")).one()
    assert row.id == report.audit_id and (row.action, row.status, row.row_count) == ("analysis", "ok",
                                                                                    report.ticket_count)
    assert row.engine == report.engine and row.detail["subject"]["value"] == "auto-sync"


def test_to_dict_is_plain_json(rc_db, admin, test_settings):
    data = ask(rc_db, admin, "billing complaints in the last 90 days", test_settings).to_dict()
    again = json.loads(json.dumps(data))
    assert again == data
    start = date.fromisoformat(again["period"]["start"])
    assert again["themes"][0]["weekly"][0][0] == week_of(start).isoformat()  # ISO dates as strings
    assert set(again["sentiment"]) >= {"negative", "neutral", "positive", "shares"}
