"""The second held-out set itself is sound: every gold query runs on the seeded data and returns meaningful rows.

No engine is involved here (see test_holdout2_report.py for the accuracy run).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from supportwise.evaluation import load_suite, run_gold

SUITE = load_suite(Path(__file__).parent)
TURNS = [case for chain in SUITE.chains for case in chain]
ANSWERABLE = SUITE.questions + TURNS
LISTING_COLUMNS = ["id", "subject", "priority", "status", "created_at"]
LIMIT = re.compile(r"\bLIMIT\s+(\d+)\s*$", re.IGNORECASE)


def test_the_second_holdout_set_has_the_promised_size_and_shape():
    assert len(SUITE.questions) >= 80
    assert len(SUITE.chains) >= 8 and all(2 <= len(chain) <= 4 for chain in SUITE.chains)
    assert len(SUITE.refusals) >= 12
    ids = [case.id for case in ANSWERABLE + SUITE.refusals]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    assert {case.expect for case in SUITE.refusals} == {"rejected", "unanswerable"}
    for case in ANSWERABLE:
        assert not re.search(r"now\(\)|current_(date|timestamp)|localtimestamp", case.gold_sql, re.I), case.id
        if LIMIT.search(case.gold_sql):
            assert case.ordered, f"{case.id}: a top-N gold query is compared in order"


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
        elif "listing" not in case.families:  # the measure (last column) is never null or zero
            if not numbers or any(row[-1] is None or row[-1] == 0 for row in rows):
                problems.append(f"{case.id}: null or zero values {rows[:3]}")
        if match := LIMIT.search(case.gold_sql):  # no tie across the cut-off, or top-N is ambiguous
            n = int(match.group(1))
            more = run_gold(seeded_db.reader, case.gold_sql[:match.start()] + f"LIMIT {n + 1}")
            if len(more) > n and more[n][-1] == more[n - 1][-1]:
                problems.append(f"{case.id}: tie at the LIMIT {n} boundary: {more[n - 1]} / {more[n]}")
    assert not problems, "\n".join(problems)


def test_listings_return_the_listing_columns(seeded_db):
    for case in (c for c in ANSWERABLE if "listing" in c.families):
        with seeded_db.reader.connect() as conn:
            columns = list(conn.exec_driver_sql(case.gold_sql).keys())
        assert columns == LISTING_COLUMNS, case.id
