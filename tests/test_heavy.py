"""Heavy questions: the planner's estimate, asked as the reader through the read-only path."""

from dataclasses import replace

import pytest

from supportwise.engine.compile import compile_spec
from supportwise.errors import QueryFailed, Rejected
from supportwise.guard.scope import restrict_to_team
from supportwise.platform.settings import Settings
from supportwise.questions.context import AskContext
from supportwise.questions.plan_cost import is_heavy, plan_cost
from supportwise.questions.planning import plan_question
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY

SIMPLE = "How many urgent tickets did we get last week?"
COMMENTS = "comments per ticket by channel and priority last year"


def _scoped_sql(db, settings, question, who=None):
    who = who or Principal.local_admin()
    spec = plan_question(question, AskContext(db, settings, who, TEST_TODAY)).spec
    compiled = compile_spec(spec)
    params = dict(compiled.params)
    return restrict_to_team(compiled.expression, who.scope_team, params).sql(dialect="postgres"), params


def test_threshold_decides(seeded_db, test_settings):
    sql, params = _scoped_sql(seeded_db, test_settings, COMMENTS)
    cost = plan_cost(seeded_db, sql, params, test_settings)
    assert cost > 0
    assert is_heavy(seeded_db, sql, params, replace(test_settings, heavy_query_cost=cost / 2))
    assert not is_heavy(seeded_db, sql, params, replace(test_settings, heavy_query_cost=cost * 2))


def test_a_year_of_comments_costs_more_than_a_simple_count(seeded_db, test_settings):
    costs = {q: plan_cost(seeded_db, *_scoped_sql(seeded_db, test_settings, q), test_settings)
             for q in (SIMPLE, COMMENTS)}
    assert costs[COMMENTS] > 10 * costs[SIMPLE]


def test_team_lead_sql_is_explained_with_its_scope(seeded_db, test_settings):
    sql, params = _scoped_sql(seeded_db, test_settings, COMMENTS, Principal("lee", "team_lead", "Frontline"))
    assert params["scope_team"] == "Frontline"
    assert plan_cost(seeded_db, sql, params, test_settings) > 0


def test_default_threshold_is_a_positive_setting():
    assert Settings.from_env({}).heavy_query_cost == 100_000
    assert Settings.from_env({"SUPPORTWISE_HEAVY_QUERY_COST": "5e4"}).heavy_query_cost == 50_000
    with pytest.raises(Exception, match="SUPPORTWISE_HEAVY_QUERY_COST"):
        Settings.from_env({"SUPPORTWISE_HEAVY_QUERY_COST": "-1"})


@pytest.mark.parametrize("sql", ["DELETE FROM tickets", "SELECT 1; SELECT 2", "ANALYZE tickets", "not sql at all ("])
def test_only_a_single_query_is_explained(seeded_db, test_settings, sql):
    with pytest.raises(Rejected):
        plan_cost(seeded_db, sql, {}, test_settings)


def test_explain_runs_as_the_reader(seeded_db, test_settings):
    # the reader may not read the app schema, so even planning a query over it is refused
    with pytest.raises(QueryFailed):
        plan_cost(seeded_db, "SELECT * FROM app.users", {}, test_settings)
