"""Verified answers (issue 11 item 4): an admin marks an answer verified; the same question then
matches that template before the parser, re-dated to today and re-checked against the layer."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from supportwise.errors import InvalidInput, PermissionDenied
from supportwise.questions.answer import Answer
from supportwise.questions.context import AskContext
from supportwise.questions.pipeline import prepare
from supportwise.questions.router import ask
from supportwise.records import verified
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY

ADMIN = Principal.local_admin()
QUESTION = "How many urgent tickets did we get last week?"


def _ctx(db, settings, today=TEST_TODAY, who=ADMIN):
    return AskContext(db, settings, who, today)


def _scalar(db, sql, **params):
    with db.admin.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar_one()


def test_verified_answer_round_trip(seeded_db, test_settings):
    first = ask(QUESTION, _ctx(seeded_db, test_settings))
    assert first.engine == "semantic"
    stored = verified.mark_verified(seeded_db.app, ADMIN, first)
    assert stored.question == QUESTION and stored.sql == first.sql
    again = ask("how many URGENT tickets did we get last week", _ctx(seeded_db, test_settings))  # same words
    assert again.engine == "template" and again.rows == first.rows and again.sql == first.sql
    assert "answered from a verified answer" in again.interpretation
    detail = _scalar(seeded_db, "SELECT detail FROM app.audit_log WHERE action = 'verified_add'")
    assert detail == {"verified_id": stored.id, "audit_id": first.audit_id}
    assert _scalar(seeded_db, "SELECT engine FROM app.audit_log WHERE action = 'question' ORDER BY id DESC "
                              "LIMIT 1") == "template"
    verified.remove_verified(seeded_db.app, ADMIN, stored.id)
    assert ask(QUESTION, _ctx(seeded_db, test_settings)).engine == "semantic"
    assert _scalar(seeded_db, "SELECT count(*) FROM app.audit_log WHERE action = 'verified_remove'") == 1


def test_the_template_is_matched_before_the_parser(seeded_db, test_settings):
    # the admin verified that, for this team, "closed tickets last week" means status closed only
    chosen = ask("How many tickets were solved with status closed last week?", _ctx(seeded_db, test_settings))
    verified.mark_verified(seeded_db.app, ADMIN, Answer(status="ok", question="closed tickets last week",
                                                        spec=chosen.spec))
    answer = ask("Closed tickets last week?", _ctx(seeded_db, test_settings))
    expected = _scalar(seeded_db, "SELECT count(*) FROM tickets WHERE status = 'closed' "
                                  "AND solved_at >= '2026-11-16' AND solved_at < '2026-11-23'")
    assert answer.engine == "template" and answer.rows == [[expected]]
    assert "'closed' read as" not in answer.interpretation  # the verified reading, not the default one


def test_a_template_reads_its_time_phrase_against_today(seeded_db, test_settings):
    verified.mark_verified(seeded_db.app, ADMIN, ask(QUESTION, _ctx(seeded_db, test_settings)))
    later = TEST_TODAY + timedelta(days=7)
    plan = prepare(QUESTION, _ctx(seeded_db, test_settings, today=later)).plan
    assert plan.engine == "template"
    assert (plan.spec.period.start, plan.spec.period.end) == (TEST_TODAY, TEST_TODAY + timedelta(days=7))


def test_a_template_the_layer_no_longer_reads_is_not_used(seeded_db, test_settings):
    stored = verified.mark_verified(seeded_db.app, ADMIN, ask(QUESTION, _ctx(seeded_db, test_settings)))
    with seeded_db.admin.begin() as conn:  # as if verified under a layer that compiled it differently
        conn.execute(sa.text("UPDATE app.verified_questions SET sql = replace(sql, 'urgent', 'high') WHERE id = :i"),
                     {"i": stored.id})
    answer = ask(QUESTION, _ctx(seeded_db, test_settings))
    assert answer.status == "ok" and answer.engine == "semantic"
    assert any("reads it differently (its SQL changed)" in n for n in answer.notices)


def test_only_admins_verify_and_only_answers(seeded_db, test_settings):
    answer = ask(QUESTION, _ctx(seeded_db, test_settings))
    with pytest.raises(PermissionDenied):
        verified.mark_verified(seeded_db.app, Principal("mo", "manager"), answer)
    with pytest.raises(InvalidInput):
        verified.mark_verified(seeded_db.app, ADMIN, Answer(status="unanswerable", question="what is love"))
    assert verified.list_verified(seeded_db.app) == []


def test_a_follow_up_cannot_become_a_template(seeded_db, test_settings, redis_conn):
    ctx = AskContext(seeded_db, test_settings, ADMIN, TEST_TODAY, "s-verify", redis_conn)
    ask(QUESTION, ctx)
    follow_up = ask("and for P2s?", ctx)  # high-priority tickets last week, after the urgent question
    assert follow_up.status == "ok" and "priority = high" in follow_up.interpretation
    with pytest.raises(InvalidInput, match="follow-up"):
        verified.mark_verified(seeded_db.app, ADMIN, follow_up)
