"""A top N keeps the groups tied with the N-th (issue 11): 'top 5 agents by solved tickets' when the 6th
solved as many as the 5th shows both, and says so; the guard accepts the statement and the row cap holds."""

from __future__ import annotations

import dataclasses
from datetime import date

import sqlalchemy as sa
from sqlglot import exp

from supportwise.engine.compile import compile_spec
from supportwise.engine.spec import AlsoMetric, DateRange, QuerySpec
from supportwise.guard.compiled import check_query
from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY

OCTOBER = DateRange(start=date(2026, 10, 1), end=date(2026, 11, 1), phrase="last month", grain="month")
SOLVED_BY_AGENT = ("SELECT count(*) AS n FROM tickets WHERE status IN ('solved', 'closed') AND assignee_id IS NOT "
                   "NULL AND solved_at >= '2026-10-01' AND solved_at < '2026-11-01' GROUP BY assignee_id "
                   "ORDER BY n DESC")


def _counts(db) -> list[int]:
    with db.reader.connect() as conn:
        return [r[0] for r in conn.execute(sa.text(SOLVED_BY_AGENT)).all()]


def test_a_tie_at_the_cut_off_is_shown_and_said(seeded_db, test_settings):
    counts = _counts(seeded_db)
    tied = next(n for n in range(2, len(counts)) if counts[n - 1] == counts[n])   # the n-th equals the (n+1)-th
    answer = ask(f"top {tied} agents by solved tickets last month",
                 AskContext(seeded_db, test_settings, Principal.local_admin(), TEST_TODAY))
    assert answer.status == "ok", answer.reason
    expected = [c for c in counts if c >= counts[tied - 1]]
    assert [row[-1] for row in answer.rows] == expected and len(expected) > tied
    assert answer.interpretation.endswith(f"top {tied} · ties included ({len(expected)} rows)")
    assert "FETCH FIRST" in answer.sql and "WITH TIES" in answer.sql


def test_no_tie_no_extra_rows(seeded_db, test_settings):
    counts = _counts(seeded_db)
    clean = next(n for n in range(2, len(counts)) if counts[n - 1] > counts[n])
    answer = ask(f"top {clean} agents by solved tickets last month",
                 AskContext(seeded_db, test_settings, Principal.local_admin(), TEST_TODAY))
    assert len(answer.rows) == clean and "ties included" not in answer.interpretation


def test_the_row_cap_still_holds(seeded_db, test_settings):
    capped = dataclasses.replace(test_settings, row_limit=3)
    answer = ask("top 10 agents by solved tickets last month",
                 AskContext(seeded_db, capped, Principal.local_admin(), TEST_TODAY))
    assert answer.status == "ok" and len(answer.rows) == 3


def test_the_guard_accepts_every_ranked_shape_and_a_listing_keeps_its_limit():
    for spec in (QuerySpec(metric="solved_count", group_by=("agent",), limit=5, period=OCTOBER),
                 QuerySpec(metric="resolution_rate", group_by=("team",), limit=2, period=OCTOBER),
                 QuerySpec(group_by=("channel",), limit=3, period=OCTOBER,
                           also_metrics=(AlsoMetric(metric="solved_count"),))):
        compiled = compile_spec(spec)
        root = check_query(compiled.expression, compiled.params)
        fetch = root.args["limit"]
        assert isinstance(fetch, exp.Fetch) and fetch.args["limit_options"].args["with_ties"], spec
        assert not any(isinstance(o.this, exp.Column) and o.this.name in ("channel", "team", "agent")
                       for o in root.args["order"].expressions), "a tie-breaker would drop the ties"
    listing = compile_spec(QuerySpec(listing=True, limit=10, period=OCTOBER))
    assert isinstance(listing.expression.args["limit"], exp.Limit)
