"""The accuracy harness itself: the tuned set's size and coverage, and the row comparison.

Gold data checks and the end-to-end runs of every suite are in test_suites.py.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from supportwise.evaluation.harness import load_suite, rows_match
from supportwise.evaluation.run import SUITES_DIR

SUITE = load_suite(SUITES_DIR / "tuned")
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
    "metric.sentiment", "filter.sentiment", "breakdown.sentiment",
}
FOLLOWUP_FAMILIES = {"followup.period", "followup.filter", "followup.breakdown", "followup.statistic",
                     "followup.sentiment"}
REFUSAL_FAMILIES = {"refusal.write", "refusal.outside_tables", "refusal.override", "refusal.outside_data"}
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
    ("long counts pivot to wide, a missing pair is 0", [["ann", "good", 7], ["ann", "bad", 1], ["bo", "good", 6]],
     [("ann", 7, 1), ("bo", 6, 0)], False, True),
    ("long pivot with a wrong count", [["ann", "good", 7], ["ann", "bad", 2], ["bo", "good", 6]],
     [("ann", 7, 1), ("bo", 6, 0)], False, False),
    ("a missing average is not 0", [["ann", "good", 7.5], ["ann", "bad", 1.5], ["bo", "good", 6.5]],
     [("ann", 7.5, 1.5), ("bo", 6.5, 0)], False, False),
]


@pytest.mark.parametrize("got, expected, ordered, match", [c[1:] for c in COMPARISONS], ids=[c[0] for c in COMPARISONS])
def test_rows_match(got, expected, ordered, match):
    assert rows_match(got, expected, ordered=ordered) is match
