"""The accuracy harness: its cases are sound, its row comparison is right, and it runs end to end.

No accuracy threshold is asserted here: the engine is being rewritten. The report is printed
(run with -s to see it) and its totals are checked.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from supportwise.ask import AskContext, ask
from supportwise.evaluation import OUTCOMES, evaluate, format_report, load_suite, rows_match, run_gold, summary_line
from supportwise.roles import Principal
from tests.conftest import TEST_TODAY

SUITE = load_suite(Path(__file__).parent)
TURNS = [case for chain in SUITE.chains for case in chain]
ANSWERABLE = SUITE.questions + TURNS

REQUIRED_FAMILIES = {
    *(f"time.{p}" for p in ("today", "yesterday", "this_week", "last_week", "this_month", "last_month",
                            "this_quarter", "last_quarter", "quarter_bare", "quarter_year", "month_name",
                            "this_year", "last_year", "last_n_days", "last_n_weeks", "last_n_months", "since",
                            "between", "from_to", "all_time")),
    *(f"metric.{m}" for m in ("count", "solved", "backlog", "frt_mean", "frt_median", "frt_p90",
                              "resolution_mean", "resolution_median", "resolution_p90", "csat", "share",
                              "comments_per_ticket", "reopen_rate")),
    *(f"filter.{f}" for f in ("priority", "priority_synonym", "channel", "status", "ticket_type", "product_area",
                              "team", "plan", "region", "organization", "agent")),
    *(f"breakdown.{b}" for b in ("priority", "channel", "status", "ticket_type", "product_area", "team", "plan",
                                 "region", "organization", "agent", "hour_of_day", "day_of_week", "day", "week",
                                 "month", "quarter")),
    "topn", "ordering", "compare", "threshold", "weekend", "listing", "typo",
}
FOLLOWUP_FAMILIES = {"followup.period", "followup.filter", "followup.breakdown", "followup.statistic"}
REFUSAL_FAMILIES = {"refusal.write", "refusal.outside_tables", "refusal.override", "refusal.outside_data"}
LISTING_COLUMNS = ["id", "subject", "priority", "status", "created_at"]
LIMIT = re.compile(r"\bLIMIT\s+(\d+)\s*$", re.IGNORECASE)
UTC, CET = timezone.utc, timezone(timedelta(hours=1))


# ---------------------------------------------------------------- (c) the set itself

def test_the_set_is_big_enough_and_covers_every_family():
    assert len(SUITE.questions) >= 150
    assert len(SUITE.chains) >= 20 and all(len(chain) >= 2 for chain in SUITE.chains)
    assert len(SUITE.refusals) >= 20
    ids = [case.id for case in ANSWERABLE + SUITE.refusals]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    tagged = {family for case in SUITE.questions for family in case.families}
    assert REQUIRED_FAMILIES - tagged == set()
    assert FOLLOWUP_FAMILIES - {f for case in TURNS for f in case.families} == set()
    assert REFUSAL_FAMILIES - {f for case in SUITE.refusals for f in case.families} == set()
    assert {case.expect for case in SUITE.refusals} == {"rejected", "unanswerable"}


def test_gold_sql_uses_literal_dates_and_top_n_is_compared_in_order():
    for case in ANSWERABLE:
        assert not re.search(r"now\(\)|current_(date|timestamp)|localtimestamp", case.gold_sql, re.I), case.id
        if LIMIT.search(case.gold_sql):
            assert case.ordered, f"{case.id}: a top-N gold query is compared in order"
    by_id = {case.id: case for case in SUITE.questions}
    assert by_id["q185"].ordered and by_id["q193"].ordered and not by_id["q155"].ordered


# ---------------------------------------------------------------- (a) every gold query has data

def test_every_gold_query_runs_and_returns_meaningful_rows(seeded_db):
    problems = []
    for case in ANSWERABLE:
        try:
            rows = run_gold(seeded_db.reader, case.gold_sql)
        except sa.exc.DBAPIError as exc:
            problems.append(f"{case.id}: fails: {exc.orig}")
            continue
        numbers = [v for row in rows for v in row if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)]
        if not rows:
            problems.append(f"{case.id}: no rows")
        elif "listing" not in case.families and not any(numbers):
            problems.append(f"{case.id}: only zero/null values {rows[:3]}")
        if match := LIMIT.search(case.gold_sql):  # no tie across the cut-off, or top-N is ambiguous
            n = int(match.group(1))
            more = run_gold(seeded_db.reader, case.gold_sql[:match.start()] + f"LIMIT {n + 1}")
            if len(more) > n and more[n][-1] == more[n - 1][-1]:
                problems.append(f"{case.id}: tie at the LIMIT {n} boundary: {more[n - 1]} / {more[n]}")
    assert not problems, "\n".join(problems)


def test_listing_gold_returns_the_listing_columns(seeded_db):
    for case in (c for c in ANSWERABLE if "listing" in c.families):
        with seeded_db.reader.connect() as conn:
            columns = list(conn.exec_driver_sql(case.gold_sql).keys())
        assert columns == LISTING_COLUMNS, case.id


# ---------------------------------------------------------------- (b) the comparison

COMPARISONS = [
    # (name, got, expected, ordered, match)
    ("same rows, other order", [["web", 3], ["email", 5]], [("email", 5), ("web", 3)], False, True),
    ("float within 1e-6", [[10.00001]], [(10.0,)], False, True),
    ("different numbers", [[10]], [(11,)], False, False),
    ("Decimal, int and float agree", [[Decimal("4")]], [(4,)], False, True),
    ("rounded at 4 decimals", [[47.09566]], [(Decimal("47.09566334991708"),)], False, True),
    ("fraction is not a percentage", [[0.0863]], [(8.63,)], False, False),
    ("top-N: order matters", [["b", 2], ["a", 3]], [("a", 3), ("b", 2)], True, False),
    ("top-N: same order", [["a", 3], ["b", 2]], [("a", 3), ("b", 2)], True, True),
    ("top-N: tied rows may swap", [["c", 3], ["a", 3], ["b", 1]], [("a", 3), ("c", 3), ("b", 1)], True, True),
    ("columns in another order", [[5, "email"]], [("email", 5)], False, True),
    ("extra got column is fine", [["urgent", 4]], [(4,)], False, True),
    ("missing column is not", [[4]], [("urgent", 4)], False, False),
    ("label must match", [["chat", 5]], [("email", 5)], False, False),
    ("row count differs", [["a", 1]], [("a", 1), ("b", 2)], False, False),
    ("both empty", [], [], False, True),
    ("empty is not zero", [], [(0,)], False, False),
    ("null is not zero", [[None]], [(0,)], False, False),
    ("midnight timestamp is its date", [[datetime(2026, 11, 1, tzinfo=UTC), 5]], [(date(2026, 11, 1), 5)], False, True),
    ("ISO string date", [["2026-11-01T00:00:00+00:00", 5]], [(date(2026, 11, 1), 5)], False, True),
    ("timestamps compared in UTC", [[datetime(2026, 11, 23, 14, 30, tzinfo=CET)]],
     [(datetime(2026, 11, 23, 13, 30, tzinfo=UTC),)], False, True),
    ("different days", [[date(2026, 11, 2), 5]], [(date(2026, 11, 1), 5)], False, False),
    ("weekday names", [["monday ", 560]], [("Monday", 560)], False, True),
    ("hours from a timedelta", [[timedelta(minutes=90)]], [(1.5,)], False, True),
    ("comparison as one row per period", [["this week", 13], ["last week", 71]], [(13, 71)], False, True),
    ("comparison with a wrong number", [["this week", 13], ["last week", 70]], [(13, 71)], False, False),
]


@pytest.mark.parametrize("got, expected, ordered, match", [c[1:] for c in COMPARISONS], ids=[c[0] for c in COMPARISONS])
def test_rows_match(got, expected, ordered, match):
    assert rows_match(got, expected, ordered=ordered) is match


# ---------------------------------------------------------------- (d) end to end with the current engine

def test_harness_runs_end_to_end_with_the_current_engine(seeded_db, test_settings, redis_conn):
    def ask_fn(question, session_id):
        return ask(question, AskContext(seeded_db, test_settings, Principal.local_admin(), TEST_TODAY, session_id,
                                        redis_conn))

    with seeded_db.admin.connect() as conn:
        before = conn.execute(sa.text("SELECT count(*), sum(id) FROM tickets")).one()
    report = evaluate(SUITE, ask_fn, seeded_db.reader)
    print("\n" + format_report(report))

    assert report.answerable == len(SUITE.questions) + len(TURNS)
    assert report.count("correct") + report.count("wrong") + report.count("declined") == report.answerable
    assert report.count("refused_ok") + report.count("refusal_missed") == len(SUITE.refusals)
    assert len(report.outcomes) == report.answerable + len(SUITE.refusals)
    assert {o.outcome for o in report.outcomes} <= set(OUTCOMES)
    assert sum(sum(c.values()) for c in report.by_family().values()) == sum(len(o.case.families) for o in report.outcomes)
    assert summary_line(report) in format_report(report)
    with seeded_db.admin.connect() as conn:  # nothing the set asked for changed the data
        assert conn.execute(sa.text("SELECT count(*), sum(id) FROM tickets")).one() == before
    # The bar: ≥ 97 % correct, ≤ 1 % wrong (a wrong number is worse than "I can't answer"),
    # every refusal refused.
    assert report.accuracy >= 0.97, summary_line(report)
    assert report.wrong_rate <= 0.01, summary_line(report)
    assert report.count("refusal_missed") == 0, summary_line(report)
