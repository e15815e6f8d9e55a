"""Team scope (supportwise.guard.scope) against adversarial query shapes, on the seeded PostgreSQL database.

The corpus is data (scope_escapes.yaml); each case is rewritten for every team, run as the
reader role, and its rows checked against what that team may see, computed directly. The data
is the demo set with its text enrichment, so ticket_text and comment_sentiment have rows too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
import sqlglot
import yaml
from sqlglot import exp

from supportwise.engine.compile import compile_spec
from supportwise.engine.spec import Filter, QuerySpec
from supportwise.errors import Rejected
from supportwise.guard.scope import SCOPE_PARAM, restrict_to_team
from supportwise.platform.readonly import QueryResult, run_readonly
from supportwise.records.roles import TEAMS
from supportwise.views.fixed_queries import guarded_sql

HERE = Path(__file__).parent
CASES = yaml.safe_load((HERE / "scope_escapes.yaml").read_text())
RUNNABLE = [c for c in CASES if not c.get("rejected")]

# What team T may see, stated independently of supportwise.guard.scope (the policy, in SQL).
VISIBLE = {
    "tickets": "SELECT id FROM tickets WHERE team = :team",
    "comments": "SELECT c.id FROM comments c JOIN tickets t ON t.id = c.ticket_id WHERE t.team = :team",
    "customers": "SELECT requester_id FROM tickets WHERE team = :team",
    "organizations": "SELECT organization_id FROM tickets WHERE team = :team",
    "agents": "SELECT id FROM agents WHERE team = :team UNION SELECT assignee_id FROM tickets WHERE team = :team",
}


@dataclass
class Visible:
    team: str
    ids: dict[str, set]


def _visible(db, team: str) -> Visible:
    with db.admin.connect() as conn:
        return Visible(team, {kind: set(conn.execute(sa.text(sql), {"team": team}).scalars())
                              for kind, sql in VISIBLE.items()})


def _reference(db, sql: str, team: str) -> list[tuple]:
    with db.admin.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), {"team": team}).all()]


def _run(db, sql: str, params: dict) -> QueryResult:
    return run_readonly(db.reader, sql, params, timeout_ms=5000, row_limit=10000)


def _scoped(sql: str, team: str) -> tuple[str, dict]:
    params: dict = {}
    tree = restrict_to_team(sqlglot.parse_one(sql, read="postgres"), team, params)
    return tree.sql(dialect="postgres"), params


def _normal(rows) -> list[tuple]:
    """Rows as a sorted multiset, numbers compared to 6 decimals."""
    def value(v):
        return round(float(v), 6) if isinstance(v, (float, Decimal)) else v
    return sorted((tuple(value(v) for v in row) for row in rows), key=repr)


def _columns(spec) -> list[str]:
    return [spec] if isinstance(spec, str) else list(spec)


def _problems(expect: dict, result: QueryResult, visible: Visible, db) -> list[str]:
    """What in result a lead of visible.team must not see (empty list: nothing)."""
    problems = []
    for kind, spec in expect.items():
        if kind == "same_as":
            wanted = _normal(_reference(db, spec, visible.team))
            if _normal(result.rows) != wanted:
                problems.append(f"rows differ from the reference for {visible.team}")
            continue
        for column in _columns(spec):
            values = {row[result.columns.index(column)] for row in result.rows} - {None}
            allowed = {visible.team} if kind == "team" else visible.ids[kind]
            if not values <= allowed:
                problems.append(f"{column}: {len(values - allowed)} {kind} values outside {visible.team}")
    return problems


def test_corpus_is_large_and_well_formed():
    ids = [c["id"] for c in CASES]
    assert len(RUNNABLE) >= 30 and len(set(ids)) == len(ids)
    for case in RUNNABLE:
        assert case.get("control") or case.get("expect"), case["id"]
        assert set(case.get("expect", {})) <= {"team", "same_as", *VISIBLE}, case["id"]


def _fixed_query_door(sql: str, team: str) -> tuple[str, dict]:
    """The pages' door: the text is guarded and scoped once, the team bound when it runs."""
    return guarded_sql(sql, scoped=True), {SCOPE_PARAM: team}


DOORS = {"question": _scoped, "fixed_query": _fixed_query_door}


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("case", RUNNABLE, ids=lambda c: c["id"])
def test_escape_is_contained(seeded_enriched_db, case, door):
    unscoped = _run(seeded_enriched_db, sqlglot.parse_one(case["sql"], read="postgres").sql(dialect="postgres"), {})
    leaks_unscoped = []
    for team in TEAMS:
        try:
            sql, params = DOORS[door](case["sql"], team)
        except Rejected:  # the guard refuses it at this door: nothing runs, nothing leaks
            assert door != "question"
            return
        result = _run(seeded_enriched_db, sql, params)
        assert result.rows or case.get("allow_empty"), f"{team}: no rows\n{sql}"
        assert not result.truncated
        if case.get("control"):
            assert _normal(result.rows) == _normal(unscoped.rows)
            continue
        visible = _visible(seeded_enriched_db, team)
        assert _problems(case["expect"], result, visible, seeded_enriched_db) == [], sql
        leaks_unscoped += _problems(case["expect"], unscoped, visible, seeded_enriched_db)
    # the case must be a real attempt: without the scope it shows some team more than its own
    assert case.get("control") or leaks_unscoped


@pytest.mark.parametrize("case", [c for c in CASES if c.get("rejected")], ids=lambda c: c["id"])
def test_reads_outside_the_support_tables_are_refused(case):
    tree = sqlglot.parse_one(case["sql"], read="postgres")
    with pytest.raises(Rejected):
        restrict_to_team(tree, "Billing", {})
    assert restrict_to_team(tree, None, {}) is tree  # the administrator is not scoped


@pytest.mark.parametrize("case", RUNNABLE, ids=lambda c: c["id"])
def test_rewriting_twice_changes_nothing(case):
    once, params = _scoped(case["sql"], "Technical")
    twice = restrict_to_team(sqlglot.parse_one(once, read="postgres"), "Technical", params).sql(dialect="postgres")
    if "TABLESAMPLE" in once:  # the sample stays on the inner table: scoped again, still correct
        assert twice.count("team = %(scope_team)s") == 2 * once.count("team = %(scope_team)s")
    else:
        assert twice == once


def test_rewritten_twice_still_runs_scoped(seeded_db):
    sql, params = _scoped("SELECT t.team, count(*) FROM tickets t TABLESAMPLE SYSTEM (100) GROUP BY 1", "Billing")
    again = restrict_to_team(sqlglot.parse_one(sql, read="postgres"), "Billing", params).sql(dialect="postgres")
    expected = _reference(seeded_db, "SELECT team, count(*) FROM tickets WHERE team = :team GROUP BY 1", "Billing")
    assert _normal(_run(seeded_db, again, params).rows) == _normal(expected)


def test_no_team_returns_the_tree_unchanged():
    tree = sqlglot.parse_one("SELECT t.team, count(*) FROM tickets t JOIN comments c ON c.ticket_id = t.id GROUP BY 1")
    before, params = tree.sql(), {"p0": 1}
    assert restrict_to_team(tree, None, params) is tree
    assert tree.sql() == before and params == {"p0": 1}


def test_input_tree_is_not_modified_and_team_is_bound():
    tree = sqlglot.parse_one("SELECT id FROM tickets", read="postgres")
    params = {"p0": "x"}
    scoped = restrict_to_team(tree, "Billing", params)
    assert tree.sql(dialect="postgres") == "SELECT id FROM tickets"
    assert params == {"p0": "x", "scope_team": "Billing"}
    assert "'Billing'" not in scoped.sql(dialect="postgres")  # bound, never inlined


@pytest.mark.parametrize(("sql", "scoped_sources"), [
    # PostgreSQL's rules for which name a CTE shadows: only real tables get a scoped source.
    ("WITH tickets AS (SELECT id FROM tickets) SELECT * FROM tickets", 1),
    ("WITH tickets AS (SELECT 1 AS id) SELECT * FROM tickets", 0),
    ("WITH tickets AS (SELECT 1 AS id) SELECT * FROM tickets, public.tickets AS p", 1),
    ('WITH "Tickets" AS (SELECT 1 AS id) SELECT * FROM tickets', 1),
    ('WITH "tickets" AS (SELECT 1 AS id) SELECT * FROM TICKETS', 0),
    ("WITH a AS (SELECT * FROM tickets), tickets AS (SELECT * FROM a) SELECT * FROM tickets", 1),
    ("WITH RECURSIVE a AS (SELECT * FROM tickets), tickets AS (SELECT 1 AS id) SELECT * FROM a", 0),
    ("WITH tickets AS (SELECT 1 AS id) SELECT (SELECT count(*) FROM tickets) FROM (SELECT * FROM tickets) s", 0),
    ("SELECT * FROM (WITH tickets AS (SELECT 1 AS id) SELECT * FROM tickets) s, tickets", 1),
    ("WITH x AS (SELECT 1 AS id) SELECT * FROM x UNION SELECT id FROM x", 0),
])
def test_cte_shadowing_follows_postgres(sql, scoped_sources):
    tree = restrict_to_team(sqlglot.parse_one(sql, read="postgres"), "Billing", {})
    subqueries = [s for s in tree.find_all(exp.Subquery) if s.alias and "scope_team" in s.sql(dialect="postgres")]
    assert len(subqueries) == scoped_sources, tree.sql(dialect="postgres")


# The engine's own queries (agent, organization and plan joins, comments subquery) under scope
# give the numbers a direct query restricted to the team gives.
ENGINE_CASES = [
    (QuerySpec(group_by=("agent",)),
     "SELECT a.name, count(*) FROM tickets t JOIN agents a ON a.id = t.assignee_id WHERE t.team = :team "
     "GROUP BY a.name, t.assignee_id"),  # each agent's tickets: unassigned ones are no agent's
    (QuerySpec(group_by=("organization",)),
     "SELECT o.name, count(*) FROM tickets t LEFT JOIN organizations o ON o.id = t.organization_id "
     "WHERE t.team = :team GROUP BY o.name"),
    (QuerySpec(group_by=("plan",)),
     "SELECT o.plan, count(*) FROM tickets t LEFT JOIN organizations o ON o.id = t.organization_id "
     "WHERE t.team = :team GROUP BY o.plan"),
    (QuerySpec(filters=(Filter(dimension="plan", values=("enterprise",)),)),
     "SELECT count(*) FROM tickets t JOIN organizations o ON o.id = t.organization_id "
     "WHERE t.team = :team AND o.plan = 'enterprise'"),
    (QuerySpec(metric="csat", group_by=("region",)),
     "SELECT o.region, 100.0 * count(*) FILTER (WHERE t.satisfaction = 'good') "
     "/ NULLIF(count(*) FILTER (WHERE t.satisfaction IN ('good', 'bad')), 0) "
     "FROM tickets t LEFT JOIN organizations o ON o.id = t.organization_id "
     "WHERE t.team = :team AND t.status IN ('solved', 'closed') GROUP BY o.region"),
    (QuerySpec(metric="comments_per_ticket"),
     "SELECT avg((SELECT count(*) FROM comments c WHERE c.ticket_id = t.id)) FROM tickets t WHERE t.team = :team"),
    (QuerySpec(metric="share", group_by=("channel",)),
     "SELECT channel, 100.0 * count(*) / sum(count(*)) OVER () FROM tickets WHERE team = :team GROUP BY channel"),
    (QuerySpec(metric="backlog", group_by=("team",)),
     "SELECT team, count(*) FROM tickets WHERE team = :team "
     "AND status IN ('new', 'open', 'pending', 'on_hold') GROUP BY team"),
    # sentiment: ticket_text joined inner, only labelled tickets
    (QuerySpec(metric="share", share_filters=(Filter(dimension="sentiment", values=("negative",)),),
               group_by=("team",)),
     "SELECT t.team, 100.0 * count(*) FILTER (WHERE tt.sentiment_label = 'negative') / count(*) "
     "FROM tickets t JOIN ticket_text tt ON tt.ticket_id = t.id "
     "WHERE t.team = :team AND tt.sentiment_label IS NOT NULL GROUP BY t.team"),
    (QuerySpec(metric="avg_sentiment", group_by=("product_area",)),
     "SELECT t.product_area, avg(tt.sentiment_mean) FROM tickets t JOIN ticket_text tt ON tt.ticket_id = t.id "
     "WHERE t.team = :team AND tt.sentiment_label IS NOT NULL GROUP BY t.product_area"),
    (QuerySpec(group_by=("sentiment",)),
     "SELECT tt.sentiment_label, count(*) FROM tickets t JOIN ticket_text tt ON tt.ticket_id = t.id "
     "WHERE t.team = :team AND tt.sentiment_label IS NOT NULL GROUP BY tt.sentiment_label"),
]


@pytest.mark.parametrize(("spec", "direct"), ENGINE_CASES,
                         ids=[f"{s.metric}-{'-'.join(s.group_by) or len(s.filters)}" for s, _ in ENGINE_CASES])
def test_engine_queries_match_direct_sql(seeded_enriched_db, spec, direct):
    compiled = compile_spec(spec)
    for team in TEAMS:
        params = dict(compiled.params)
        scoped = restrict_to_team(compiled.expression, team, params)
        result = _run(seeded_enriched_db, scoped.sql(dialect="postgres"), params)
        assert _normal(result.rows) == _normal(_reference(seeded_enriched_db, direct, team)), team


def test_engine_listing_shows_only_the_teams_tickets(seeded_db):
    compiled = compile_spec(QuerySpec(listing=True, limit=200))
    for team in TEAMS:
        params = dict(compiled.params)
        result = _run(seeded_db, restrict_to_team(compiled.expression, team, params).sql(dialect="postgres"), params)
        assert len(result.rows) == 200
        assert {row[0] for row in result.rows} <= _visible(seeded_db, team).ids["tickets"]


def test_comment_sentiment_follows_the_comment_and_its_own_ticket_id(seeded_enriched_db):
    """A comment moved to another team's ticket, not yet re-enriched: its score shows to neither team."""
    db = seeded_enriched_db
    with db.admin.begin() as conn:
        comment_id, old_ticket = conn.execute(sa.text(
            "SELECT c.id, c.ticket_id FROM comments c JOIN tickets t ON t.id = c.ticket_id "
            "WHERE t.team = 'Billing' ORDER BY c.id LIMIT 1")).one()
        new_ticket = conn.execute(sa.text("SELECT min(id) FROM tickets WHERE team = 'Technical'")).scalar_one()
        conn.execute(sa.text("UPDATE comments SET ticket_id = :t WHERE id = :c"), {"t": new_ticket, "c": comment_id})
        stale = conn.execute(sa.text("SELECT ticket_id FROM comment_sentiment WHERE comment_id = :c"),
                             {"c": comment_id}).scalar_one()
    assert stale == old_ticket  # the copy of ticket_id is stale until enrichment runs again
    for team in ("Billing", "Technical"):
        sql, params = _scoped(f"SELECT comment_id, ticket_id FROM comment_sentiment WHERE comment_id = {comment_id}",
                              team)
        assert _run(db, sql, params).rows == [], team
