"""Trends page data against direct SQL on the seeded data: every filter, the previous period, scope, cache."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from supportwise.errors import InvalidInput
from supportwise.questions.cache import ResultCache
from supportwise.records.roles import Principal
from supportwise.text.enrich import enrich
from supportwise.views import trend_data
from supportwise.views.trends import TrendFilters, filter_options, trends_view
from tests.conftest import TEST_TODAY

MANAGER = Principal("manager", "manager")
LEAD = Principal("lead", "team_lead", team="Frontline")
START, END = date(2026, 10, 27), TEST_TODAY  # the page's default: the last 28 days
FILTERED = TrendFilters(channels=("chat", "email"), priorities=("high", "urgent"), plans=("enterprise", "pro"))

# The same filters written out by hand, so the .sql files are checked against an independent text.
WHERE = """FROM tickets t LEFT JOIN organizations o ON o.id = t.organization_id
WHERE (CAST(:teams AS text[]) IS NULL OR t.team = ANY(:teams))
  AND (CAST(:channels AS text[]) IS NULL OR t.channel = ANY(:channels))
  AND (CAST(:priorities AS text[]) IS NULL OR t.priority = ANY(:priorities))
  AND (CAST(:areas AS text[]) IS NULL OR t.product_area = ANY(:areas))
  AND (CAST(:plans AS text[]) IS NULL OR o.plan = ANY(:plans))"""


def _sql(db, query: str, filters: TrendFilters, who: Principal = MANAGER, **params):
    with db.reader.connect() as conn:
        return conn.execute(sa.text(query), {**filters.params(who), **params}).one()


def _expected_kpis(db, filters: TrendFilters, start: date, end: date, who: Principal = MANAGER) -> dict:
    row = _sql(db, f"""
        SELECT count(*) FILTER (WHERE t.created_at >= :s AND t.created_at < :e),
               count(*) FILTER (WHERE t.created_at < :e AND (t.solved_at IS NULL OR t.solved_at >= :e)),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.first_response_at - t.created_at))
                   FILTER (WHERE t.created_at >= :s AND t.created_at < :e) / 3600,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.solved_at - t.created_at))
                   FILTER (WHERE t.solved_at >= :s AND t.solved_at < :e) / 3600,
               100.0 * count(*) FILTER (WHERE t.solved_at >= :s AND t.solved_at < :e AND t.satisfaction = 'good')
                   / nullif(count(t.satisfaction) FILTER (WHERE t.solved_at >= :s AND t.solved_at < :e), 0)
        {WHERE}""", filters, who, s=start, e=end)
    sentiment = _sql(db, f"""
        SELECT 100.0 * count(*) FILTER (WHERE tt.sentiment_label = 'negative') / nullif(count(*), 0)
        FROM ticket_text tt JOIN (SELECT t.id {WHERE} AND t.created_at >= :s AND t.created_at < :e) f
            ON f.id = tt.ticket_id
        WHERE tt.sentiment_label IS NOT NULL""", filters, who, s=start, e=end)
    values = [*row, sentiment[0]]
    keys = ["created", "backlog", "median_first_response_hours", "median_resolution_hours", "csat", "negative_share"]
    return {k: None if v is None else float(v) for k, v in zip(keys, values)}


@pytest.mark.parametrize("filters", [TrendFilters(), FILTERED, TrendFilters(teams=("Billing",), areas=("billing",)),
                                     TrendFilters(areas=("login", "api"), plans=("free",))],
                         ids=["all", "channel-priority-plan", "team-area", "areas-plan"])
def test_cards_match_sql_for_the_period_and_the_one_before(seeded_db, test_settings, filters):
    enrich(seeded_db, embeddings=False)
    view = trends_view(seeded_db, MANAGER, START, END, filters, today=TEST_TODAY, settings=test_settings)
    stop = END + timedelta(days=1)
    current = _expected_kpis(seeded_db, filters, START, stop)
    previous = _expected_kpis(seeded_db, filters, START - timedelta(days=28), START)
    assert current["created"] > 0 and view.sentiment_computed
    for kpi in view.kpis:
        assert kpi.value == pytest.approx(current[kpi.key]), kpi
        assert kpi.previous == pytest.approx(previous[kpi.key]), kpi
    # the backlog at the end of a period that ends today is the open backlog now
    if filters == TrendFilters():
        open_now = _sql(seeded_db, f"SELECT count(*) {WHERE} AND t.status IN ('new', 'open', 'pending', 'on_hold')",
                        filters)[0]
        assert view.kpi("backlog").value == open_now


def test_weekly_series_match_sql(seeded_db, test_settings):
    enrich(seeded_db, embeddings=False)
    view = trends_view(seeded_db, MANAGER, START, END, FILTERED, today=TEST_TODAY, settings=test_settings)
    weekly = view.weekly.set_index("week")
    # Tuesday 27 Oct is inside the week of Monday 26 Oct; the last week is Monday 23 Nov (today) alone.
    assert list(weekly.index) == [date(2026, 10, 26) + timedelta(weeks=i) for i in range(5)]
    for week in weekly.index:
        first, last = max(week, START), min(week + timedelta(days=7), END + timedelta(days=1))
        expected = _expected_kpis(seeded_db, FILTERED, first, last)
        row = weekly.loc[week]
        assert row["created"] == expected["created"]
        for key in ("median_first_response_hours", "median_resolution_hours", "csat", "negative_share"):
            assert (row[key] is None or row[key] != row[key]) if expected[key] is None \
                else row[key] == pytest.approx(expected[key]), (week, key)
    by_area = view.weekly_by_area.groupby("week")["tickets"].sum()
    assert by_area.to_dict() == weekly["created"][weekly["created"] > 0].to_dict()
    assert view.daily["tickets"].sum() == view.kpi("created").value


def test_without_enrichment_sentiment_is_reported_missing(seeded_db, test_settings):
    with seeded_db.admin.begin() as conn:  # whatever the seeded template holds, start from no sentiment
        conn.exec_driver_sql("TRUNCATE ticket_text, comment_sentiment")
    view = trends_view(seeded_db, MANAGER, START, END, today=TEST_TODAY, settings=test_settings)
    assert not view.sentiment_computed
    assert view.kpi("negative_share").value is None and view.kpi("created").value > 0
    assert view.weekly["negative_share"].isna().all()


def test_a_team_lead_is_held_to_the_team_whatever_the_filter_says(seeded_db, test_settings):
    asked = TrendFilters(teams=("Billing",))
    view = trends_view(seeded_db, LEAD, START, END, asked, today=TEST_TODAY, settings=test_settings)
    frontline = _expected_kpis(seeded_db, TrendFilters(teams=("Frontline",)), START, END + timedelta(days=1))
    assert view.kpi("created").value == frontline["created"] and view.scope_team == "Frontline"
    assert filter_options(seeded_db, LEAD, settings=test_settings)["teams"] == ["Frontline"]
    options = filter_options(seeded_db, MANAGER, settings=test_settings)
    assert options["teams"] == ["Billing", "Enterprise", "Frontline", "Technical"]
    assert {"enterprise", "free", "pro"} == set(options["plans"]) and "auto-sync" in options["areas"]


def test_results_are_cached_per_scope_until_the_data_changes(seeded_db, redis_conn, test_settings, monkeypatch):
    cache = ResultCache(redis_conn)
    first = trends_view(seeded_db, MANAGER, START, END, today=TEST_TODAY, cache=cache, settings=test_settings)
    keys = redis_conn.keys("sw:result:trends:*")
    assert len(keys) == 5  # two card queries, two weekly series, the daily volume
    # only the previous period's cards ended before today: those keep for a day, the rest 5 minutes
    assert sorted(redis_conn.ttl(k) > 3600 for k in keys) == [False] * 4 + [True]
    assert all(0 < redis_conn.ttl(k) <= 24 * 3600 for k in keys)

    executed = []
    real = trend_data._execute
    monkeypatch.setattr(trend_data, "_execute", lambda db, name, *a: executed.append(name) or real(db, name, *a))
    again = trends_view(seeded_db, MANAGER, START, END, today=TEST_TODAY, cache=cache, settings=test_settings)
    assert executed == ["trends_data_version"]  # everything else came from Redis
    assert again.kpis == first.kpis and again.spikes == first.spikes
    assert again.weekly.equals(first.weekly) and list(again.daily["day"]) == list(first.daily["day"])
    lead = trends_view(seeded_db, LEAD, START, END, today=TEST_TODAY, cache=cache, settings=test_settings)
    assert "trends_kpis" in executed and lead.kpi("created").value < first.kpi("created").value  # its own keys

    executed.clear()
    enrich(seeded_db, embeddings=False)  # new sentiment: the cached figures are stale at once
    enriched = trends_view(seeded_db, MANAGER, START, END, today=TEST_TODAY, cache=cache, settings=test_settings)
    assert "trends_kpis" in executed and enriched.sentiment_computed
    with seeded_db.admin.begin() as conn:
        conn.exec_driver_sql("DELETE FROM ticket_text; DELETE FROM comments; DELETE FROM tickets")
    emptied = trends_view(seeded_db, MANAGER, START, END, today=TEST_TODAY, cache=cache, settings=test_settings)
    assert emptied.kpi("created").value == 0 and not emptied.spikes
    assert trend_data.cache_key("x", {"a": [1]}, None) != trend_data.cache_key("x", {"a": [1]}, "Frontline")


def test_bad_ranges_are_refused(seeded_db, test_settings):
    with pytest.raises(InvalidInput):
        trends_view(seeded_db, MANAGER, END, START, today=TEST_TODAY, settings=test_settings)
    with pytest.raises(InvalidInput):
        trends_view(seeded_db, MANAGER, date(2020, 1, 1), END, today=TEST_TODAY, settings=test_settings)


def test_only_the_user_who_queued_an_explanation_may_follow_or_cancel_it(redis_conn):
    from supportwise.errors import NotFound
    from supportwise.queue.cancel import cancel
    from supportwise.queue.kinds import ANALYSIS
    from supportwise.queue.status import job_status
    from supportwise.queue.submit import submit_analysis

    def status(who, job):
        return job_status(redis_conn, job, principal=who, kind=ANALYSIS)

    job_id = submit_analysis(redis_conn, MANAGER, "Why did login tickets spike on 2026-10-31?", today=TEST_TODAY)
    assert status(MANAGER, job_id).state == "queued"
    other = Principal("admin", "admin")
    with pytest.raises(NotFound):
        status(other, job_id)
    with pytest.raises(NotFound):
        cancel(redis_conn, other, job_id, ANALYSIS)
    assert cancel(redis_conn, MANAGER, job_id, ANALYSIS).state == "cancelled"
    assert status(MANAGER, job_id).state == "cancelled"
    assert status(MANAGER, "no-such-job").state == "failed"  # expired: said, not raised
