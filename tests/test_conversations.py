"""Ask-page history: turns come back in order after a reload, and only to their owner."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from supportwise.errors import InvalidInput, NotFound
from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records import conversations, users
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY


def _user(db, username, role="manager", team=None) -> Principal:
    return users.add_user(db.app, username, username.title(), "password-123", role, team=team).principal()


def _answer(question, value):
    return {"status": "ok", "question": question, "columns": ["tickets"], "rows": [[value]]}


def test_restore_returns_turns_in_order(db):
    maria = _user(db, "maria")
    conversation = conversations.start(db, maria)
    questions = ["tickets last week", "what about the week before?", "break that down by channel"]
    ids = [conversations.append_turn(db, conversation, maria, q, _answer(q, i)) for i, q in enumerate(questions)]

    restored = conversations.latest(db, maria)

    assert restored.id == conversation and restored.title == "tickets last week"
    assert [t.id for t in restored.turns] == sorted(ids)
    assert [t.question for t in restored.turns] == questions
    assert [t.answer["rows"] for t in restored.turns] == [[[0]], [[1]], [[2]]]
    assert {t.status for t in restored.turns} == {"done"}
    assert conversations.turns(db, conversation, maria) == restored.turns


def test_only_the_owner_reads_or_writes_a_conversation(db):
    maria, bob = _user(db, "maria"), _user(db, "bob", "team_lead", "Billing")
    conversation = conversations.start(db, maria)
    turn = conversations.append_turn(db, conversation, maria, "tickets last week", _answer("tickets last week", 3))

    assert conversations.latest(db, bob) is None
    with pytest.raises(NotFound):
        conversations.turns(db, conversation, bob)
    with pytest.raises(NotFound):
        conversations.append_turn(db, conversation, bob, "mine now?", _answer("mine now?", 1))
    with pytest.raises(NotFound):
        conversations.update_turn(db, turn, bob, status="cancelled")
    assert len(conversations.turns(db, conversation, maria)) == 1


def test_latest_is_the_most_recent_within_the_window(db):
    maria = _user(db, "maria")
    old = conversations.start(db, maria)
    conversations.append_turn(db, old, maria, "old question", _answer("old question", 1))
    new = conversations.start(db, maria)
    conversations.append_turn(db, new, maria, "new question", _answer("new question", 2))
    assert conversations.latest(db, maria).id == new

    with db.admin.begin() as conn:
        conn.execute(sa.text("UPDATE app.conversations SET updated_at = now() - interval '13 hours' WHERE id = :c"),
                     {"c": new})
        conn.execute(sa.text("UPDATE app.conversations SET updated_at = now() - interval '14 hours' WHERE id = :c"),
                     {"c": old})
    assert conversations.latest(db, maria) is None
    assert conversations.latest(db, maria, within=timedelta(days=1)).id == new


def test_pending_turn_finishes_once(db):
    maria = _user(db, "maria")
    conversation = conversations.start(db, maria)
    turn = conversations.append_turn(db, conversation, maria, "a slow one", None, job_id="job-1", status="pending")
    pending = conversations.turn_for_job(db, "job-1", maria)
    assert pending.id == turn and pending.status == "pending" and pending.answer is None

    assert conversations.update_turn(db, turn, maria, status="cancelled")
    # the job finishing later does not overwrite the user's cancel
    assert not conversations.update_turn(db, turn, maria, status="done", answer=_answer("a slow one", 9))
    (stored,) = conversations.turns(db, conversation, maria)
    assert stored.status == "cancelled" and stored.answer is None and stored.finished_at is not None


def test_stored_answer_is_what_the_user_was_shown(seeded_db, test_settings, redis_conn):
    lead = _user(seeded_db, "lena", "team_lead", "Frontline")
    conversation = conversations.start(seeded_db, lead)
    question = "list urgent tickets last week"
    shown = ask(question, AskContext(seeded_db, test_settings, lead, TEST_TODAY, conversation, redis_conn)).to_dict()
    conversations.append_turn(seeded_db, conversation, lead, question, shown)

    (turn,) = conversations.latest(seeded_db, lead).turns
    assert turn.answer == shown and turn.answer["status"] == "ok"
    assert turn.audit_id == shown["audit_id"] is not None


def test_refusals(db):
    maria = _user(db, "maria")
    conversation = conversations.start(db, maria)
    with pytest.raises(InvalidInput):
        conversations.append_turn(db, conversation, maria, "q", None)  # done needs an answer
    with pytest.raises(InvalidInput):
        conversations.append_turn(db, conversation, maria, "q", {}, status="maybe")
    with pytest.raises(InvalidInput):
        conversations.append_turn(db, conversation, maria, "  ", {})
    with pytest.raises(NotFound):
        conversations.start(db, Principal.local_admin())  # no app account, no history
    with pytest.raises(NotFound):
        conversations.turn_for_job(db, "no-such-job", maria)
