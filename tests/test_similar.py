"""'Tickets like "…"' on the Ask page: hybrid search answered as a table, scoped, masked and audited."""

import sqlalchemy as sa

from supportwise.questions.context import AskContext
from supportwise.questions.router import Answered, ask_or_submit
from supportwise.questions.ticket_search import search_text
from supportwise.records import conversations
from supportwise.text.enrich import enrich
from tests.conftest import TEST_TODAY
from tests.test_background import _user

QUESTION = "Tickets like 'sync deleted my contacts'"


def _ask(db, settings, redis, who, question=QUESTION):
    ctx = AskContext(db, settings, who, TEST_TODAY, conversations.start(db, who), redis)
    outcome = ask_or_submit(ctx, question)
    assert isinstance(outcome, Answered)
    return outcome.answer


def test_search_phrases():
    assert search_text(QUESTION) == "sync deleted my contacts"
    assert search_text("find tickets similar to “login loop after update”?") == "login loop after update"
    assert search_text("tickets about billing last week") is None   # a filter question for the engine
    assert search_text("tickets by channel") is None


def test_similar_tickets_are_the_planted_data_loss_ones(seeded_db, test_settings, redis_conn):
    enrich(seeded_db, embeddings=False)
    manager = _user(seeded_db, "mona", role="manager", team=None)
    answer = _ask(seeded_db, test_settings, redis_conn, manager)
    assert answer.status == "ok" and answer.engine == "search" and 0 < len(answer.rows) <= 20
    with seeded_db.admin.connect() as conn:
        planted = set(conn.execute(sa.text("SELECT ticket_id FROM app.planted_ticket_themes "
                                           "WHERE theme = 'data loss'")).scalars())
    top = [row[0] for row in answer.rows[:10]]
    assert len(set(top) & planted) >= 5, (top, answer.rows[:3])  # 6 of 10 on full text alone
    assert any("«" in row[2] for row in answer.rows)  # matched words are highlighted
    with seeded_db.app.connect() as conn:
        assert conn.execute(sa.text("SELECT action FROM app.audit_log WHERE id = :i"),
                            {"i": answer.audit_id}).scalar_one() == "search"


def test_a_team_lead_finds_only_their_team(seeded_db, test_settings, redis_conn):
    enrich(seeded_db, embeddings=False)
    lead = _user(seeded_db, "lena")
    answer = _ask(seeded_db, test_settings, redis_conn, lead)
    with seeded_db.admin.connect() as conn:
        teams = set(conn.execute(sa.text("SELECT team FROM tickets WHERE id = ANY(:ids)"),
                                 {"ids": [r[0] for r in answer.rows]}).scalars())
    assert answer.rows and teams == {"Frontline"} and "team Frontline only" in answer.interpretation
