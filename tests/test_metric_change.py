"""'Why did CSAT drop last month?' (issue 11, item 6): where the metric moved, slice by slice, against the
whole month before, through the guard and the team scope — or declined with questions that can be
answered. Never handed to the text analysis (which searched for "csat drop" and failed), never refused as
a write because of the word "drop"."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from supportwise.questions.context import AskContext
from supportwise.questions.metric_change import metric_question
from supportwise.questions.router import Answered, ask, ask_or_submit
from supportwise.records import conversations
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY
from tests.test_background import _user

ADMIN = Principal.local_admin()
CSAT = ("SELECT 100.0 * count(*) FILTER (WHERE satisfaction = 'good') / "
        "nullif(count(*) FILTER (WHERE satisfaction IN ('good', 'bad')), 0) FROM tickets t "
        "LEFT JOIN organizations o ON o.id = t.organization_id "
        "WHERE status IN ('solved', 'closed') AND solved_at >= :start AND solved_at < :end {where}")


def _one(db, sql, **params):
    with db.reader.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar_one()


def test_why_did_csat_drop_shows_the_slices_that_moved_most(seeded_db, test_settings):
    answer = ask("Why did CSAT drop last month?", AskContext(seeded_db, test_settings, ADMIN, TEST_TODAY))
    assert answer.status == "ok" and answer.engine == "analysis", answer.reason
    october = float(_one(seeded_db, CSAT.format(where=""), start="2026-10-01", end="2026-11-01"))
    september = float(_one(seeded_db, CSAT.format(where=""), start="2026-09-01", end="2026-10-01"))
    assert f"{october:,.2f}".rstrip("0").rstrip(".") in answer.interpretation
    assert "(September 2026)" in answer.interpretation      # the whole month before, not "the same days"
    assert answer.columns == ["dimension", "slice", "before", "now", "change", "share_of_tickets_pct", "effect"]
    assert 1 <= len(answer.rows) <= 10
    sign = -1 if october < september else 1
    effects = [row[-1] for row in answer.rows]
    assert all(e * sign > 0 for e in effects) and effects == sorted(effects, key=lambda e: -abs(e))
    dimension, value, before, now, change, share, effect = answer.rows[0]
    column = {"product area": "product_area", "ticket type": "ticket_type", "plan": "o.plan"}.get(
        dimension, dimension)
    where = f"AND {column} = :value"
    assert now == pytest.approx(float(_one(seeded_db, CSAT.format(where=where), start="2026-10-01",
                                           end="2026-11-01", value=value)))
    assert before == pytest.approx(float(_one(seeded_db, CSAT.format(where=where), start="2026-09-01",
                                              end="2026-10-01", value=value)))
    assert effect == pytest.approx(share / 100 * change)


def test_a_count_slice_moved_by_its_own_change_in_the_leads_scope(seeded_db, test_settings):
    lead = Principal("lee", "team_lead", "Frontline")
    answer = ask("why did urgent tickets increase last week?", AskContext(seeded_db, test_settings, lead,
                                                                          TEST_TODAY))
    assert answer.status == "ok", answer.reason
    assert answer.columns == ["dimension", "slice", "before", "now", "change"]
    assert not any(row[0] == "priority" for row in answer.rows)   # the filter's own dimension is not a slice
    count = ("SELECT count(*) FROM tickets WHERE team = 'Frontline' AND priority = 'urgent' AND channel = :v "
             "AND created_at >= :start AND created_at < :end")
    for dimension, value, before, now, change in answer.rows:
        if dimension == "channel":
            assert now == _one(seeded_db, count, v=value, start="2026-11-16", end="2026-11-23")
            assert before == _one(seeded_db, count, v=value, start="2026-11-09", end="2026-11-16")
            assert change == now - before
    assert "team Frontline" in answer.chart["title"]


@pytest.mark.parametrize("question", ["Why did CSAT drop?", "why did the backlog grow last week?",
                                      "why did CSAT by channel drop last month?"])
def test_what_cannot_be_split_is_declined_with_questions_that_can(seeded_db, test_settings, question):
    ctx = AskContext(seeded_db, test_settings, ADMIN, TEST_TODAY)
    answer = ask(question, ctx)
    assert answer.status == "unanswerable" and answer.suggestions, answer
    for suggestion in answer.suggestions:
        assert ask(suggestion, ctx).status == "ok", suggestion


def test_drop_is_still_refused_as_a_write_when_no_metric_moved(seeded_db, test_settings):
    answer = ask("why did you drop the tickets table?", AskContext(seeded_db, test_settings, ADMIN, TEST_TODAY))
    assert answer.status == "rejected"
    assert metric_question("Why are customers unhappy with auto-sync?") is None


def test_the_ask_page_answers_it_inline_and_audits_an_analysis(seeded_db, test_settings, redis_conn):
    manager = _user(seeded_db, "maud", role="manager", team=None)
    conversation = conversations.start(seeded_db, manager)
    ctx = AskContext(seeded_db, test_settings, manager, TEST_TODAY, conversation, redis_conn)
    answered = ask_or_submit(ctx, "why did CSAT drop last month?")
    assert isinstance(answered, Answered) and answered.answer.status == "ok", answered
    [turn] = conversations.turns(seeded_db, conversation, manager)
    assert turn.answer["rows"] == answered.answer.to_dict()["rows"]
    with seeded_db.app.connect() as conn:
        assert conn.execute(sa.text("SELECT status FROM app.audit_log WHERE action = 'analysis' "
                                    "AND question = 'why did CSAT drop last month?'")).scalar_one() == "ok"
