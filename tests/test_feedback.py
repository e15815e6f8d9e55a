"""Feedback "was this right?": stored, linked to the question's audit row, audited; bad input refused."""

import pytest
import sqlalchemy as sa

from supportwise.errors import InvalidInput, NotFound
from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records import audit, conversations, users
from supportwise.records.feedback import feedback_for, record_feedback
from tests.conftest import TEST_TODAY

QUESTION = "How many urgent tickets did we get last week?"


def _user(db, username, role="manager", team=None):
    return users.add_user(db.app, username, username.title(), "password-123", role, team=team).principal()


def _row(db, feedback_id):
    with db.admin.connect() as conn:
        return conn.execute(sa.text("SELECT f.*, u.username FROM app.feedback f JOIN app.users u ON u.id = f.user_id "
                                    "WHERE f.id = :i"), {"i": feedback_id}).mappings().one()


def test_feedback_is_stored_linked_and_audited(seeded_db, test_settings):
    maria = _user(seeded_db, "maria")
    answer = ask(QUESTION, AskContext(seeded_db, test_settings, maria, TEST_TODAY))

    feedback_id = record_feedback(seeded_db, maria, question=QUESTION, verdict="wrong",
                                  comment="  I expected the Billing team only  ", audit_id=answer.audit_id)

    row = _row(seeded_db, feedback_id)
    assert (row["verdict"], row["comment"], row["question"], row["username"]) == (
        "wrong", "I expected the Billing team only", QUESTION, "maria")
    assert row["audit_id"] == answer.audit_id
    (logged,) = audit.recent(seeded_db.app, action="feedback")
    assert logged["username"] == "maria" and logged["question"] == QUESTION
    with seeded_db.admin.connect() as conn:
        detail = conn.execute(sa.text("SELECT detail FROM app.audit_log WHERE id = :i"), {"i": logged["id"]}).scalar()
    assert detail == {"verdict": "wrong", "feedback_id": feedback_id, "question_audit_id": answer.audit_id,
                      "has_comment": True}  # the comment itself stays out of the append-only log
    assert audit.verify_chain(seeded_db.app).ok


def test_without_an_audit_id_the_latest_question_row_is_linked(seeded_db, test_settings):
    maria = _user(seeded_db, "maria")
    ctx = AskContext(seeded_db, test_settings, maria, TEST_TODAY)
    ask(QUESTION, ctx)
    second = ask(QUESTION, ctx)
    ask("open tickets by priority", ctx)

    feedback_id = record_feedback(seeded_db, maria, question=QUESTION, verdict="right")
    assert _row(seeded_db, feedback_id)["audit_id"] == second.audit_id
    # never asked: stored unlinked, still naming the question
    unlinked = record_feedback(seeded_db, maria, question="something never asked", verdict="right")
    assert _row(seeded_db, unlinked)["audit_id"] is None
    assert [f.id for f in feedback_for(seeded_db, maria)] == [unlinked, feedback_id]


def test_feedback_on_a_turn(seeded_db, test_settings):
    maria, bob = _user(seeded_db, "maria"), _user(seeded_db, "bob")
    conversation = conversations.start(seeded_db, maria)
    turn = conversations.append_turn(seeded_db, conversation, maria, QUESTION, {"status": "ok"})
    feedback_id = record_feedback(seeded_db, maria, question=QUESTION, verdict="right", turn_id=turn)
    assert _row(seeded_db, feedback_id)["turn_id"] == turn
    with pytest.raises(NotFound):
        record_feedback(seeded_db, bob, question=QUESTION, verdict="right", turn_id=turn)


@pytest.mark.parametrize("kwargs", [
    {"verdict": "maybe"}, {"verdict": "RIGHT"}, {"verdict": ""}, {"question": "   "},
    {"comment": "x" * 2001}])
def test_bad_feedback_is_refused(db, kwargs):
    maria = _user(db, "maria")
    with pytest.raises(InvalidInput):
        record_feedback(db, maria, **{"question": QUESTION, "verdict": "right", **kwargs})
    with db.admin.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM app.feedback")).scalar() == 0
    assert audit.recent(db.app, action="feedback") == []


def test_someone_elses_audit_row_is_refused(seeded_db, test_settings):
    maria, bob = _user(seeded_db, "maria"), _user(seeded_db, "bob")
    answer = ask(QUESTION, AskContext(seeded_db, test_settings, maria, TEST_TODAY))
    with pytest.raises(InvalidInput):
        record_feedback(seeded_db, bob, question=QUESTION, verdict="wrong", audit_id=answer.audit_id)
