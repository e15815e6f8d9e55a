"""'Why …?' questions on the Ask page go to the root-cause analysis, as a background turn."""

from __future__ import annotations

import time

import sqlalchemy as sa

from supportwise.questions.context import AskContext
from supportwise.questions.router import Answered, ask_or_submit, is_analysis
from supportwise.queue.turns import Submitted, settle
from supportwise.records import conversations
from supportwise.text.enrich import enrich
from tests.conftest import TEST_TODAY
from tests.test_background import _user, _worker

WHY = "Why are customers unhappy with auto-sync?"


def test_why_questions_are_analyses():
    assert is_analysis(WHY) and is_analysis("what's behind the billing complaints last month?")
    assert is_analysis("What is driving the login tickets?")
    assert not is_analysis("How many urgent tickets did we get last week?")
    assert not is_analysis("tickets by channel, why not")


def test_an_analysis_runs_in_the_worker_and_its_report_lands_in_the_turn(seeded_db, test_settings, redis_conn,
                                                                         redis_url, data_dir):
    enrich(seeded_db, embeddings=False)
    manager = _user(seeded_db, "mona", role="manager", team=None)
    conversation = conversations.start(seeded_db, manager)
    ctx = AskContext(seeded_db, test_settings, manager, TEST_TODAY, conversation, redis_conn)
    submitted = ask_or_submit(ctx, WHY)
    assert isinstance(submitted, Submitted) and submitted.kind == "analysis"
    with _worker(seeded_db, redis_url, data_dir):
        deadline = time.monotonic() + 120
        while (status := settle(seeded_db, redis_conn, manager, submitted.job_id)).state not in ("done", "failed"):
            assert time.monotonic() < deadline, status
            time.sleep(0.3)
    assert status.state == "done", status.error
    [turn] = conversations.turns(seeded_db, conversation, manager)
    assert turn.status == "done" and turn.kind == "analysis" and turn.answer["themes"]
    with seeded_db.reader.connect() as conn:
        area = conn.execute(sa.text("SELECT count(*) FROM tickets WHERE product_area = 'auto-sync'")).scalar_one()
    assert turn.answer["ticket_count"] == area


def test_nothing_to_analyse_is_answered_at_once(seeded_db, test_settings, redis_conn):
    lead = _user(seeded_db, "lena")
    conversation = conversations.start(seeded_db, lead)
    ctx = AskContext(seeded_db, test_settings, lead, TEST_TODAY, conversation, redis_conn)
    answered = ask_or_submit(ctx, "Why?")
    assert isinstance(answered, Answered) and answered.answer.status == "unanswerable"
    assert "could not tell what to analyse" in answered.answer.reason and answered.answer.suggestions
    with seeded_db.app.connect() as conn:
        assert conn.execute(sa.text("SELECT status FROM app.audit_log WHERE action = 'analysis'")).scalar_one() \
            == "unanswerable"
