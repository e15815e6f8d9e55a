"""Team scope at every door that reads support data, checked against SQL written here.

A team lead reaches the support tables through: a typed question, a saved-report run, the
fixed queries behind the Reports and Trends pages, ticket search, and the tickets a "why …?"
analysis reads. Each is run as a lead of one team and compared with what that team may see,
counted directly as the admin role; the same door for a manager must show other teams too,
so a door that scoped nothing (or everything) fails.

The fixed queries are also run unscoped from the text the guard rendered and from their
files as written: the guard's parse-and-render must not change what a page shows.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

from supportwise.analysis import retrieve
from supportwise.analysis.subject import AREA, Subject
from supportwise.engine.periods.period import Period
from supportwise.platform.readonly import read_only
from supportwise.questions.context import AskContext
from supportwise.questions.planning import plan_question
from supportwise.questions.report_runs import run_report
from supportwise.questions.router import ask
from supportwise.records import users
from supportwise.records.saved_reports import save_report
from supportwise.text.search import search_tickets
from supportwise.views import fixed_queries, trend_data, trends
from supportwise.views.reports import reports_view
from tests.conftest import TEST_TODAY

TEAM = "Billing"
BY_TEAM = "tickets by team last month"
LAST_MONTH = (date(2026, 10, 1), date(2026, 11, 1))
ALL_FILTERS = dict.fromkeys(("teams", "channels", "priorities", "areas", "plans"))


@pytest.fixture
def people(seeded_enriched_db):
    app = seeded_enriched_db.app
    return {"lead": users.add_user(app, "lena", "Lena", "password-123", "team_lead", team=TEAM).principal(),
            "manager": users.add_user(app, "mona", "Mona", "password-123", "manager").principal()}


def _direct(db, sql: str, **params) -> list[tuple]:
    with db.admin.connect() as conn:
        return [tuple(row) for row in conn.execute(sa.text(sql), params)]


def _count_by_team(db, start: date, end: date) -> dict[str, int]:
    return dict(_direct(db, "SELECT team, count(*) FROM tickets WHERE created_at >= :s AND created_at < :e "
                            "GROUP BY team", s=start, e=end))


def _as_counts(answer) -> dict[str, int]:
    assert answer.status == "ok", answer.reason
    return {row[0]: int(row[1]) for row in answer.rows}


def test_a_typed_question(seeded_enriched_db, test_settings, people):
    expected = _count_by_team(seeded_enriched_db, *LAST_MONTH)
    lead = ask(BY_TEAM, AskContext(seeded_enriched_db, test_settings, people["lead"], TEST_TODAY))
    manager = ask(BY_TEAM, AskContext(seeded_enriched_db, test_settings, people["manager"], TEST_TODAY))
    assert _as_counts(lead) == {TEAM: expected[TEAM]}
    assert _as_counts(manager) == expected and len(expected) > 1


def test_a_saved_report_run(seeded_enriched_db, test_settings, people):
    spec = plan_question(BY_TEAM, AskContext(seeded_enriched_db, test_settings, people["manager"], TEST_TODAY)).spec
    report = save_report(seeded_enriched_db, people["manager"], "By team", BY_TEAM, spec.model_dump(mode="json"))
    expected = _count_by_team(seeded_enriched_db, *LAST_MONTH)
    _, lead = run_report(seeded_enriched_db, test_settings, people["lead"], report.id, today=TEST_TODAY)
    _, manager = run_report(seeded_enriched_db, test_settings, people["manager"], report.id, today=TEST_TODAY)
    assert _as_counts(lead) == {TEAM: expected[TEAM]}
    assert _as_counts(manager) == expected


def test_the_weekly_summary(seeded_enriched_db, test_settings, people):
    lead = reports_view(seeded_enriched_db, people["lead"], TEST_TODAY, settings=test_settings, weeks=6).weekly
    manager = reports_view(seeded_enriched_db, people["manager"], TEST_TODAY, settings=test_settings, weeks=6).weekly
    first = lead["week"].min()
    created = dict(_direct(seeded_enriched_db,
                           "SELECT CAST(date_trunc('week', created_at) AS date), count(*) FROM tickets "
                           "WHERE team = :t AND created_at >= :s AND created_at < CAST(:today AS date) + 1 GROUP BY 1",
                           t=TEAM, s=first, today=TEST_TODAY))
    assert {w: int(n) for w, n in zip(lead["week"], lead["created"])} == {w: created.get(w, 0) for w in lead["week"]}
    assert (manager["created"] > lead["created"]).all()


def test_the_trends_filter_options(seeded_enriched_db, test_settings, people):
    lead = trends.filter_options(seeded_enriched_db, people["lead"], settings=test_settings)
    manager = trends.filter_options(seeded_enriched_db, people["manager"], settings=test_settings)
    assert lead["teams"] == [TEAM] and len(manager["teams"]) > 1
    plans = sorted(p for (p,) in _direct(seeded_enriched_db, "SELECT DISTINCT o.plan FROM tickets t "
                                         "JOIN organizations o ON o.id = t.organization_id "
                                         "WHERE t.team = :t AND o.plan IS NOT NULL", t=TEAM))
    assert lead["plans"] == plans


@pytest.mark.parametrize("name", ["trends_kpis", "daily_volume_by_area"])
def test_the_trends_queries_are_scoped_without_a_team_filter(seeded_enriched_db, name):
    """The scope rewrite alone narrows them: the page's own team filter is left open here."""
    start, end = LAST_MONTH
    params = {**ALL_FILTERS, "start": start, "end": end}
    lead = trend_data.run(seeded_enriched_db, name, params, scope_team=TEAM)
    everyone = trend_data.run(seeded_enriched_db, name, params)
    counts = _count_by_team(seeded_enriched_db, start, end)
    column = "created" if name == "trends_kpis" else "tickets"
    assert int(lead[column].sum()) == counts[TEAM]
    assert int(everyone[column].sum()) == sum(counts.values())


def test_ticket_search(seeded_enriched_db, test_settings, people):
    # a word in the subjects of this team's tickets and of other teams' too
    (word,) = _direct(seeded_enriched_db, f"""
        SELECT mine.word FROM ts_stat($$SELECT to_tsvector('simple', subject) FROM tickets WHERE team = '{TEAM}'$$) mine
        JOIN ts_stat($$SELECT to_tsvector('simple', subject) FROM tickets WHERE team <> '{TEAM}'$$) other
        USING (word) WHERE length(mine.word) > 4 ORDER BY least(mine.ndoc, other.ndoc) DESC, 1 LIMIT 1""")[0]
    lead = search_tickets(seeded_enriched_db, people["lead"], word, limit=50, semantic=False, settings=test_settings)
    manager = search_tickets(seeded_enriched_db, people["manager"], word, limit=50, semantic=False,
                             settings=test_settings)
    assert lead and {hit.team for hit in lead} == {TEAM}
    assert len({hit.team for hit in manager}) > 1


def test_the_tickets_an_analysis_reads(seeded_enriched_db, test_settings):
    (area,) = _direct(seeded_enriched_db, "SELECT product_area FROM tickets WHERE team = :t "
                                          "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", t=TEAM)[0]
    subject = Subject(AREA, area, f"{area} tickets", area=area)
    period = Period(*LAST_MONTH, "last month")
    with read_only(seeded_enriched_db.reader, timeout_ms=test_settings.statement_timeout_ms) as conn:
        lead = retrieve.fetch(conn, subject, period, team=TEAM, tz="UTC")
        everyone = retrieve.fetch(conn, subject, period, team=None, tz="UTC")
    expected = {i for (i,) in _direct(seeded_enriched_db,
                                      "SELECT id FROM tickets WHERE team = :t AND product_area = :a "
                                      "AND created_at >= :s AND created_at < :e", t=TEAM, a=area, s=LAST_MONTH[0],
                                      e=LAST_MONTH[1])}
    assert expected and set(lead.ids) == expected
    assert set(everyone.ids) > expected


def _sample_params(name: str) -> dict:
    sql = fixed_queries.load(fixed_queries.SUPPORT, name)
    values = {**ALL_FILTERS, "start": LAST_MONTH[0], "end": LAST_MONTH[1], "today": TEST_TODAY, "weeks": 6,
              "channels": ["email", "chat"]}  # one filter set, so its branch runs too
    return {key: value for key, value in values.items() if f"%({key})s" in sql}


@pytest.mark.parametrize("name", sorted(p.stem for p in (fixed_queries.QUERIES_DIR / "support").glob("*.sql")))
def test_a_fixed_query_renders_to_what_its_file_says(seeded_enriched_db, name):
    params = _sample_params(name)
    raw = fixed_queries.load(fixed_queries.SUPPORT, name)
    rendered = fixed_queries.support_sql(name, scoped=False)
    with read_only(seeded_enriched_db.reader, timeout_ms=10_000) as conn:
        as_written = pd.DataFrame(conn.exec_driver_sql(raw, params).fetchall())
        as_run = pd.DataFrame(conn.exec_driver_sql(rendered, params).fetchall())
    assert not as_written.empty
    pd.testing.assert_frame_equal(as_run, as_written)


def test_every_team_sees_its_own_slice_of_the_weekly_summary(seeded_enriched_db, test_settings, people):
    """Scoped per team, the weekly numbers add up to everyone's (tickets without a team aside)."""
    everyone = fixed_queries.support_frame(seeded_enriched_db, "weekly_summary", {"today": TEST_TODAY, "weeks": 4},
                                           scope_team=None)
    teams = [t for (t,) in _direct(seeded_enriched_db, "SELECT DISTINCT team FROM tickets WHERE team IS NOT NULL")]
    per_team = [fixed_queries.support_frame(seeded_enriched_db, "weekly_summary",
                                            {"today": TEST_TODAY, "weeks": 4}, scope_team=t) for t in teams]
    unteamed = _direct(seeded_enriched_db, "SELECT count(*) FROM tickets WHERE team IS NULL AND created_at >= :s",
                       s=TEST_TODAY - timedelta(weeks=5))[0][0]
    summed = sum(frame["created"] for frame in per_team)
    assert (summed <= everyone["created"]).all()
    assert int(everyone["created"].sum() - summed.sum()) <= unteamed
