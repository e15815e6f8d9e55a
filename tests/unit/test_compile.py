"""The compiler: placeholders only, one tree for PostgreSQL and DuckDB, readable display SQL."""

from datetime import date

import pytest
import sqlglot
from sqlglot import exp

from supportwise.engine.compile import compile_spec
from supportwise.engine.spec import DateRange, Filter, QuerySpec, Threshold

WEEK = DateRange(start=date(2026, 11, 16), end=date(2026, 11, 23), phrase="last week", grain="week")
SPECS = [
    QuerySpec(filters=(Filter(dimension="priority", values=("urgent",)),), period=WEEK),
    QuerySpec(metric="first_response_time", statistic="median", group_by=("plan",), period=WEEK),
    QuerySpec(metric="resolution_time", statistic="p90", group_by=("week",), period=WEEK),
    QuerySpec(metric="csat", group_by=("agent",), order="asc", limit=3),
    QuerySpec(metric="share", share_filters=(Filter(dimension="channel", values=("chat",)),), period=WEEK,
              compare_to=WEEK.shifted()),
    QuerySpec(metric="share", group_by=("channel",)),
    QuerySpec(metric="comments_per_ticket", group_by=("day_of_week",), weekend=False),
    QuerySpec(metric="reopen_rate", filters=(Filter(dimension="organization", values=("O'Brien & Sons",)),)),
    QuerySpec(listing=True, threshold=Threshold(measure="first_response_hours", op=">", value=4), period=WEEK),
    QuerySpec(metric="backlog", group_by=("priority", "channel")),
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.metric)
def test_values_are_bound_never_inlined(spec):
    compiled = compile_spec(spec)
    sql = compiled.sql()
    for value in compiled.params.values():
        if isinstance(value, str):
            assert f"'{value}'" not in sql  # typed values travel as %(pN)s placeholders
    assert all(f"%({name})s" in sql for name in compiled.params)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.metric)
def test_same_tree_renders_to_duckdb(spec):
    duck = compile_spec(spec).expression.sql(dialect="duckdb")
    parsed = sqlglot.parse_one(duck, read="duckdb")
    assert isinstance(parsed, exp.Select)
    assert "%(" not in duck  # DuckDB placeholders, not psycopg's


def test_display_sql_writes_values_in_and_escapes_quotes():
    compiled = compile_spec(SPECS[7])
    shown = compiled.display_sql()
    assert "'O''Brien & Sons'" in shown and "%(" not in shown
    assert sqlglot.parse_one(shown, read="postgres") is not None
