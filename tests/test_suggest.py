"""Starter and follow-up suggestions are answerable, and the headline comparison counts the right period."""

from datetime import date

import pytest
import sqlalchemy as sa

from supportwise.engine.spec import DateRange, QuerySpec
from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.questions.suggestions import follow_ups, previous_window, starters
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY

ROLES = [Principal.local_admin(), Principal("mia", "manager", None), Principal("lee", "team_lead", "Frontline"),
         Principal("vic", "viewer", None)]
BASES = ["How many urgent tickets did we get last week?", "tickets by channel last month",
         "median first response time this month", "How many tickets were solved this quarter?",
         "Show me the urgent tickets created yesterday"]


def _count(db, sql):
    with db.admin.connect() as conn:
        return conn.execute(sa.text(sql)).scalar_one()


@pytest.mark.parametrize("who", ROLES, ids=lambda p: p.role)
def test_every_starter_is_answered(seeded_db, test_settings, redis_conn, who):
    questions = starters(who)
    assert len(questions) == 4 and len(set(questions)) == 4
    for question in questions:
        answer = ask(question, AskContext(seeded_db, test_settings, who, TEST_TODAY))
        assert answer.status == "ok", (question, answer.reason)


@pytest.mark.parametrize("base", BASES)
def test_every_follow_up_is_answered_and_edits_the_question(seeded_db, test_settings, redis_conn, base):
    who = Principal.local_admin()
    first = ask(base, AskContext(seeded_db, test_settings, who, TEST_TODAY, f"s-{base}", redis_conn))
    assert first.status == "ok" and 1 <= len(first.follow_ups) <= 3
    for number, follow_up in enumerate(first.follow_ups):
        session = f"s-{base}-{number}"
        ask(base, AskContext(seeded_db, test_settings, who, TEST_TODAY, session, redis_conn))
        answer = ask(follow_up, AskContext(seeded_db, test_settings, who, TEST_TODAY, session, redis_conn))
        assert answer.status == "ok", (base, follow_up, answer.reason)
        assert answer.spec != first.spec, (base, follow_up)


def test_follow_ups_skip_what_the_question_already_has():
    spec = QuerySpec(group_by=("channel",), period=DateRange(start=date(2026, 10, 1), end=date(2026, 11, 1),
                                                             grain="month"))
    offers = follow_ups(spec)
    assert offers[0] == "What about the month before?"
    assert not any(o.startswith("Break that down") for o in offers)
    assert follow_ups(QuerySpec()) == ["Break that down by channel", "Only urgent tickets", "Show me those tickets"]


def test_comparison_is_the_week_before(seeded_db, test_settings):
    answer = ask("How many urgent tickets did we get last week?",
                 AskContext(seeded_db, test_settings, Principal.local_admin(), TEST_TODAY))
    expected = _count(seeded_db, "SELECT count(*) FROM tickets WHERE priority = 'urgent' "
                                 "AND created_at >= '2026-11-09' AND created_at < '2026-11-16'")
    assert answer.comparison == {"label": "previous week", "start": "2026-11-09", "end": "2026-11-16",
                                 "value": expected}


def test_running_period_is_compared_with_the_same_days(seeded_db, test_settings):
    today = date(2026, 11, 19)  # a Thursday: this week so far is Monday–Thursday
    answer = ask("How many tickets did we get this week?",
                 AskContext(seeded_db, test_settings, Principal.local_admin(), today))
    expected = _count(seeded_db, "SELECT count(*) FROM tickets "
                                 "WHERE created_at >= '2026-11-09' AND created_at < '2026-11-13'")
    assert answer.comparison["label"] == "same days of the previous week"
    assert (answer.comparison["start"], answer.comparison["end"], answer.comparison["value"]) == (
        "2026-11-09", "2026-11-13", expected)


def test_comparison_respects_team_scope(seeded_db, test_settings):
    lead = Principal("lee", "team_lead", "Frontline")
    answer = ask("How many tickets did we get last week?", AskContext(seeded_db, test_settings, lead, TEST_TODAY))
    expected = _count(seeded_db, "SELECT count(*) FROM tickets WHERE team = 'Frontline' "
                                 "AND created_at >= '2026-11-09' AND created_at < '2026-11-16'")
    assert answer.comparison["value"] == expected


def test_no_comparison_without_a_bounded_period_or_for_breakdowns(seeded_db, test_settings):
    ctx = AskContext(seeded_db, test_settings, Principal.local_admin(), TEST_TODAY)
    assert ask("How many tickets are there?", ctx).comparison is None
    assert ask("tickets by channel last week", ctx).comparison is None
    assert previous_window(None, TEST_TODAY) is None
    assert previous_window(DateRange(start=date(2026, 1, 1), end=None), TEST_TODAY) is None


@pytest.mark.parametrize("question, offer, before", [
    ("tickets in the last 30 days", "What about the month before?", ("2026-09-25", "2026-10-25")),
    ("How many tickets did we get yesterday?", "What about the day before?", ("2026-11-21", "2026-11-22")),
    ("tickets created per week in the last 6 weeks", "What about the period before?", ("2026-08-31", "2026-10-12")),
    ("How many tickets did we get last month?", "What about the month before?", ("2026-09-01", "2026-10-01")),
])
def test_the_earlier_period_offered_fits_the_period(seeded_db, test_settings, redis_conn, question, offer, before):
    # Issue 11: "what about the day before?" was offered after a 30-day question
    who = Principal.local_admin()
    first = ask(question, AskContext(seeded_db, test_settings, who, TEST_TODAY, f"p-{question}", redis_conn))
    assert first.status == "ok" and first.follow_ups[0] == offer, first.follow_ups
    answer = ask(offer, AskContext(seeded_db, test_settings, who, TEST_TODAY, f"p-{question}", redis_conn))
    assert answer.status == "ok", answer.reason
    assert (answer.spec["period"]["start"], answer.spec["period"]["end"]) == before


def test_a_30_day_headline_is_compared_with_the_30_days_before(seeded_db, test_settings):
    answer = ask("How many tickets did we get in the last 30 days?",
                 AskContext(seeded_db, test_settings, Principal.local_admin(), TEST_TODAY))
    assert answer.comparison["label"] == "previous 30 days"
    assert (answer.comparison["start"], answer.comparison["end"]) == ("2026-09-25", "2026-10-25")


@pytest.mark.parametrize("question", ["What was our CSAT last month?", "How many tickets did we get in November?"])
def test_a_finished_month_is_compared_with_the_whole_month_before(seeded_db, test_settings, question):
    # Issue 11: November (30 days, finished) was compared with October's first 30 days, "same days"
    answer = ask(question, AskContext(seeded_db, test_settings, Principal.local_admin(), date(2026, 12, 7)))
    assert answer.status == "ok", answer.reason
    assert answer.comparison["label"] == "previous month"
    assert (answer.comparison["start"], answer.comparison["end"]) == ("2026-10-01", "2026-11-01")
    if "tickets" in question:
        assert answer.comparison["value"] == _count(seeded_db, "SELECT count(*) FROM tickets WHERE "
                                                    "created_at >= '2026-10-01' AND created_at < '2026-11-01'")
