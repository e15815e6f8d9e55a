"""SQL written by the model, for questions the QuerySpec cannot express: guarded, scoped, priced, audited.

The model is the scripted FakeProvider (tests/llm/test_llm_sql_providers.py runs the vendors' own
code); everything after it is real: the guard, the team scope, the reader role on the seeded
PostgreSQL, the masker, the ledger and the audit log.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

import pytest
import sqlalchemy as sa

from supportwise.llm.base import Usage
from supportwise.llm.breaker import CircuitBreaker
from supportwise.llm.chain import FallbackChain
from supportwise.llm.fake import FakeProvider
from supportwise.llm.ledger import DatabaseLedger, record_call
from supportwise.questions.context import AskContext
from supportwise.questions.envelope import respond
from supportwise.questions.pipeline import compile_plan, execute
from supportwise.questions.planning import Plan, plan_question
from supportwise.questions.router import ask
from supportwise.records import audit, users
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY
from tests.helpers import app_env

# A word no parser knows keeps the offline engine declining, whatever it learns to read later.
QUESTION = "flurbish: how many customers have raised more than ten tickets?"
SQL = ("SELECT count(*) AS customers FROM (SELECT requester_id FROM tickets GROUP BY requester_id "
       "HAVING count(*) > 10) AS c")
BY_TEAM = "SELECT team, count(*) AS tickets FROM tickets GROUP BY team ORDER BY team"
MANAGER = Principal("maria", "manager")
LEAD = Principal("lee", "team_lead", "Frontline")


def _model(sql=SQL, **kwargs) -> FakeProvider:
    return FakeProvider.writing_sql(sql, name=kwargs.pop("name", "anthropic"),
                                    model=kwargs.pop("model", "claude-sonnet-4-5"), **kwargs)


def _ctx(db, settings, *providers, who=MANAGER, breaker=None, **kwargs):
    chain = FallbackChain(list(providers), breaker or CircuitBreaker(), DatabaseLedger(db.app))
    return AskContext(db, settings, who, TEST_TODAY, llm=chain, **kwargs)


def _scalar(db, query: str, **params):
    with db.admin.connect() as conn:
        return conn.execute(sa.text(query), params).scalar_one()


def _ledger(db):
    with db.admin.connect() as conn:
        return conn.execute(sa.text("SELECT username, provider, purpose, ok, input_tokens, output_tokens, cost_usd "
                                    "FROM app.llm_calls ORDER BY id")).all()


def _repeaters(db, team: str | None = None) -> int:
    """Customers with more than ten tickets (of the team), counted in Python from the raw rows."""
    with db.admin.connect() as conn:
        rows = conn.execute(sa.text("SELECT requester_id, team FROM tickets")).all()
    per_customer = Counter(r.requester_id for r in rows if team is None or r.team == team)
    return sum(1 for n in per_customer.values() if n > 10)


def test_without_a_model_the_question_is_declined(seeded_db, test_settings):
    answer = ask(QUESTION, _ctx(seeded_db, test_settings))  # the offline engine alone
    assert answer.status == "unanswerable" and answer.sql is None


def test_model_sql_answers_with_the_right_number_and_says_who_wrote_it(seeded_db, test_settings):
    provider = _model()
    answer = ask(QUESTION, _ctx(seeded_db, test_settings, provider))
    expected = _repeaters(seeded_db)
    assert expected > 0
    assert answer.status == "ok", answer.reason
    assert answer.rows == [[expected]] and answer.columns == ["customers"]
    assert answer.engine == "llm:anthropic" and answer.to_dict()["sql_origin"] == "model"
    assert "written by the model" in answer.interpretation and "checked by the guard" in answer.interpretation
    assert "LIMIT" in answer.sql and answer.chart["type"] == "number"
    assert answer.spec is None and answer.follow_ups == []
    assert [c.tool_name for c in provider.calls] == ["answer_with_query_spec", "answer_with_sql"]
    sql_call = provider.calls[1]
    assert "tickets(id bigint" in sql_call.system and "one PostgreSQL SELECT" in sql_call.system
    assert QUESTION in sql_call.prompt
    (logged,) = audit.recent(seeded_db.app, action="question")
    assert (logged["status"], logged["engine"]) == ("ok", "llm:anthropic")


def test_the_prompt_for_sql_carries_no_data(seeded_db, test_settings):
    provider = _model()
    ask(QUESTION, _ctx(seeded_db, test_settings, provider))
    with seeded_db.admin.connect() as conn:
        customer = conn.execute(sa.text("SELECT name, email FROM customers LIMIT 1")).one()
        agent = conn.execute(sa.text("SELECT name FROM agents LIMIT 1")).scalar_one()
        subject = conn.execute(sa.text("SELECT subject FROM tickets LIMIT 1")).scalar_one()
    call = provider.calls[1]
    sent = call.system + call.prompt + json.dumps(call.schema)
    for private in (customer.name, customer.email, agent, subject):
        assert private not in sent


def test_a_team_lead_gets_only_their_teams_rows_from_model_sql(seeded_db, test_settings):
    answer = ask(QUESTION + " per team", _ctx(seeded_db, test_settings, _model(BY_TEAM), who=LEAD))
    assert answer.status == "ok", answer.reason
    frontline = _scalar(seeded_db, "SELECT count(*) FROM tickets WHERE team = 'Frontline'")
    assert answer.rows == [["Frontline", frontline]]
    assert "team = 'Frontline'" in answer.sql and "team Frontline only" in answer.interpretation
    # the same SQL for everyone else sees every team
    everyone = ask(QUESTION + " per team", _ctx(seeded_db, test_settings, _model(BY_TEAM)))
    assert len(everyone.rows) == 4 and sum(r[1] for r in everyone.rows) == _scalar(seeded_db,
                                                                                    "SELECT count(*) FROM tickets")


def test_a_team_lead_counts_their_own_customers(seeded_db, test_settings):
    answer = ask(QUESTION, _ctx(seeded_db, test_settings, _model(), who=LEAD))
    frontline = _repeaters(seeded_db, "Frontline")
    assert 0 < frontline < _repeaters(seeded_db), "the demo data must tell the scoped count from the whole"
    assert answer.rows == [[frontline]]


def test_personal_data_from_model_sql_is_masked_for_a_manager(seeded_db, test_settings):
    sql = "SELECT email FROM customers ORDER BY id LIMIT 3"
    answer = ask(QUESTION, _ctx(seeded_db, test_settings, _model(sql)))
    with seeded_db.admin.connect() as conn:
        emails = [r[0] for r in conn.execute(sa.text("SELECT email FROM customers ORDER BY id LIMIT 3"))]
    assert answer.status == "ok" and len(answer.rows) == 3
    assert not any(e in json.dumps(answer.to_dict()) for e in emails)


def test_both_calls_are_priced_in_the_ledger_and_the_answer(seeded_db, test_settings):
    answer = ask(QUESTION, _ctx(seeded_db, test_settings, _model()))
    calls = _ledger(seeded_db)
    assert [(c.username, c.provider, c.purpose, c.ok) for c in calls] == [
        ("maria", "anthropic", "question_spec", True), ("maria", "anthropic", "question_sql", True)]
    assert all(c.input_tokens > 0 and c.output_tokens > 0 and c.cost_usd > 0 for c in calls)
    assert answer.cost_usd == pytest.approx(float(sum(c.cost_usd for c in calls)), abs=2e-6)
    (logged,) = audit.recent(seeded_db.app, action="question")
    assert float(logged["cost_usd"]) == pytest.approx(answer.cost_usd, abs=2e-6)


def test_an_exhausted_budget_makes_no_call(seeded_db, test_settings):
    record_call(seeded_db.app, MANAGER, provider="anthropic", model="claude-sonnet-4-5", purpose="question_spec",
                usage=Usage(1, 1), cost_usd=test_settings.daily_budget_usd, latency_ms=1, ok=True, error=None,
                fingerprint=None)
    provider = _model()
    answer = ask(QUESTION, _ctx(seeded_db, test_settings, provider))
    assert answer.status == "unanswerable" and answer.sql is None and "budget" in answer.reason
    assert provider.call_count == 0


def test_a_budget_used_up_by_the_spec_call_stops_before_the_sql_call(seeded_db, test_settings):
    record_call(seeded_db.app, MANAGER, provider="anthropic", model="claude-sonnet-4-5", purpose="question_spec",
                usage=Usage(1, 1), cost_usd=test_settings.daily_budget_usd - 0.000001, latency_ms=1, ok=True,
                error=None, fingerprint=None)
    provider = _model()
    answer = ask(QUESTION, _ctx(seeded_db, test_settings, provider))
    assert answer.status == "unanswerable" and "budget" in answer.reason
    assert [c.tool_name for c in provider.calls] == ["answer_with_query_spec"]


def test_a_provider_that_is_down_falls_back_to_the_next(seeded_db, test_settings):
    down = FakeProvider([{"unanswerable": True}], name="anthropic", model="claude-sonnet-4-5", fail_times=99)
    backup = _model(name="gemini", model="gemini-2.5-flash")
    answer = ask(QUESTION, _ctx(seeded_db, test_settings, down, backup))
    assert answer.status == "ok" and answer.engine == "llm:gemini"
    assert answer.rows == [[_repeaters(seeded_db)]]
    assert [(c.provider, c.purpose, c.ok) for c in _ledger(seeded_db)] == [
        ("anthropic", "question_spec", False), ("gemini", "question_spec", True),
        ("anthropic", "question_sql", False), ("gemini", "question_sql", True)]


def test_an_open_circuit_skips_the_provider_for_the_sql_call(seeded_db, test_settings):
    flaky = FakeProvider([{"unanswerable": True}], name="anthropic", model="claude-sonnet-4-5", fail_times=1)
    backup = _model(name="gemini", model="gemini-2.5-flash")
    ctx = _ctx(seeded_db, test_settings, flaky, backup, breaker=CircuitBreaker(threshold=1))
    answer = ask(QUESTION, ctx)
    assert answer.status == "ok" and answer.engine == "llm:gemini"
    assert flaky.call_count == 1, "the breaker opened after the first failure: the SQL call never reached it"


def test_every_provider_down_for_the_sql_call_is_a_clean_decline(seeded_db, test_settings):
    spec_only = FakeProvider(by_tool={"answer_with_query_spec": [{"unanswerable": True, "sql_needed": True}],
                                      "answer_with_sql": lambda prompt: _down()}, name="anthropic")
    answer = ask(QUESTION, _ctx(seeded_db, test_settings, spec_only))
    assert answer.status == "unanswerable" and answer.sql is None and "nothing was guessed" in answer.reason
    (logged,) = audit.recent(seeded_db.app, action="question")
    assert logged["status"] == "unanswerable"


def _down():
    from supportwise.llm.base import provider_error
    return provider_error("anthropic", "server-error", detail="scripted")


def test_a_model_that_declines_the_sql_too_gets_no_sql_run(seeded_db, test_settings):
    provider = _model({"unanswerable": True, "reason": "There is no data about staffed hours."})
    answer = ask(QUESTION, _ctx(seeded_db, test_settings, provider))
    assert answer.status == "unanswerable" and "staffed hours" in answer.reason and answer.sql is None


def test_a_plain_decline_asks_for_no_sql(seeded_db, test_settings):
    provider = FakeProvider([{"unanswerable": True, "reason": "not about support data"}])
    answer = ask(QUESTION, _ctx(seeded_db, test_settings, provider))
    assert answer.status == "unanswerable" and provider.call_count == 1


def test_the_plan_carries_the_sql_through_json_to_a_job(seeded_db, test_settings):
    plan = plan_question(QUESTION, _ctx(seeded_db, test_settings, _model(), who=LEAD))
    assert plan.spec is None and plan.sql == SQL and plan.engine == "llm:anthropic" and plan.cost_usd > 0
    again = Plan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert again == plan
    # a worker's context has no LLM at all: the plan is compiled and run as it is, never planned again
    worker = _ctx(seeded_db, test_settings, who=LEAD)
    shown = respond("question", QUESTION, worker, lambda: execute(compile_plan(QUESTION, again, worker), worker))
    assert shown.status == "ok" and shown.rows == [[_repeaters(seeded_db, "Frontline")]]
    assert shown.engine == "llm:anthropic" and shown.sql_origin == "model"


def test_a_plan_needs_a_spec_or_sql():
    with pytest.raises(ValueError):
        Plan.from_dict({"spec": None, "engine": "llm:x"})


def test_the_background_job_runs_a_model_sql_plan(seeded_db, test_settings, redis_url, data_dir, monkeypatch):
    from supportwise.tasks.question import answer_question

    users.add_user(seeded_db.app, "lena", "Lena", "password-123", "team_lead", team="Frontline")
    lena = users.get_user(seeded_db.app, "lena").principal()
    plan = plan_question(QUESTION, _ctx(seeded_db, test_settings, _model(BY_TEAM), who=lena))
    for key, value in app_env(seeded_db.admin_url, redis_url, data_dir).items():
        if key.startswith("SUPPORTWISE_") or key in ("DATABASE_URL", "REDIS_URL"):
            monkeypatch.setenv(key, value)
    shown = answer_question("lena", "no-conversation", QUESTION, plan.to_dict(), TEST_TODAY.isoformat())
    frontline = _scalar(seeded_db, "SELECT count(*) FROM tickets WHERE team = 'Frontline'")
    assert shown["status"] == "ok" and shown["rows"] == [["Frontline", frontline]]
    assert shown["sql_origin"] == "model" and "checked by the guard" in shown["interpretation"]
    # a queued plan is guarded again where it runs: SQL put into a job's arguments gets no further
    tampered = Plan(None, "llm:anthropic", 0.01, sql="DELETE FROM tickets").to_dict()
    before = _scalar(seeded_db, "SELECT count(*) FROM tickets")
    refused = answer_question("lena", "no-conversation", QUESTION, tampered, TEST_TODAY.isoformat())
    assert refused["status"] == "rejected" and "guard refused" in refused["reason"]
    assert _scalar(seeded_db, "SELECT count(*) FROM tickets") == before


def test_a_second_ask_of_the_same_sql_comes_from_the_cache(seeded_db, test_settings, redis_conn):
    redis_conn.flushdb()
    first = ask(QUESTION, _ctx(seeded_db, test_settings, _model(), redis=redis_conn))
    second = ask(QUESTION, _ctx(seeded_db, test_settings, _model(), redis=redis_conn))
    assert second.engine == "cache" and second.rows == first.rows and second.sql_origin == "model"
    assert "written by the model" in second.interpretation


def test_a_model_sql_answer_leaves_no_question_for_follow_ups_to_edit(seeded_db, test_settings, redis_conn):
    from supportwise.questions.session import SessionContext

    redis_conn.flushdb()
    first = ask("How many urgent tickets did we get last week?",
                _ctx(seeded_db, test_settings, redis=redis_conn, session_id="s1"))
    assert first.engine == "semantic" and SessionContext(redis_conn).load("maria", "s1") is not None
    ask(QUESTION, _ctx(seeded_db, test_settings, _model(), redis=redis_conn, session_id="s1"))
    assert SessionContext(redis_conn).load("maria", "s1") is None, "'what about the week before?' has nothing to edit"


def test_a_row_limit_bounds_model_sql(seeded_db, test_settings):
    settings = replace(test_settings, row_limit=7)
    answer = ask(QUESTION, _ctx(seeded_db, settings, _model("SELECT id FROM tickets ORDER BY id")))
    assert answer.status == "ok" and len(answer.rows) == 7 and "LIMIT 7" in answer.sql


def test_a_real_worker_runs_a_queued_model_sql_plan(seeded_db, test_settings, redis_url, redis_conn, data_dir):
    from supportwise.queue.kinds import QUESTION as QUESTION_JOB
    from supportwise.queue.status import job_status
    from supportwise.queue.turns import submit_turn
    from supportwise.records import conversations
    from tests.test_background import _user, _wait, _worker

    lena = _user(seeded_db, "lena")
    conversation = conversations.start(seeded_db, lena)
    plan = plan_question(QUESTION, _ctx(seeded_db, test_settings, _model(BY_TEAM), who=lena))
    job_id = submit_turn(seeded_db, redis_conn, lena, conversation, QUESTION, QUESTION_JOB,
                         (lena.username, conversation, QUESTION, plan.to_dict(), TEST_TODAY.isoformat(), None)).job_id
    with _worker(seeded_db, redis_url, data_dir):  # SUPPORTWISE_LLM=none there: it cannot plan again
        status = _wait(redis_conn, job_id, {"done", "failed"})
    assert status.state == "done", job_status(redis_conn, job_id)
    frontline = _scalar(seeded_db, "SELECT count(*) FROM tickets WHERE team = 'Frontline'")
    assert status.answer["rows"] == [["Frontline", frontline]] and status.answer["sql_origin"] == "model"
    (turn,) = conversations.latest(seeded_db, lena).turns
    assert turn.status == "done" and "checked by the guard" in turn.answer["interpretation"]


def test_heavy_model_sql_goes_to_the_background_with_its_plan(seeded_db, test_settings, redis_conn):
    from rq.job import Job

    from supportwise.questions.router import ask_or_submit
    from supportwise.queue.turns import Submitted
    from supportwise.records import conversations

    redis_conn.flushdb()
    maria = users.add_user(seeded_db.app, "maria", "Maria", "password-123", "manager").principal()
    conversation = conversations.start(seeded_db, maria)
    heavy = replace(test_settings, heavy_query_cost=1.0)  # the planner's cost of any scan of tickets is above it
    ctx = _ctx(seeded_db, heavy, _model(), who=maria, session_id=conversation, redis=redis_conn)
    outcome = ask_or_submit(ctx, QUESTION)
    assert isinstance(outcome, Submitted)
    queued = Job.fetch(outcome.job_id, connection=redis_conn).args[3]
    assert Plan.from_dict(queued) == Plan(None, "llm:anthropic", queued["cost_usd"], sql=SQL)
