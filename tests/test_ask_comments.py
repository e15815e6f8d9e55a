"""Comment metrics (issue 11), each checked against SQL written by hand on the seeded PostgreSQL:
agent replies (the agents' public comments) and internal notes counted by the comment's own created_at,
by the agent who wrote them or that agent's team; replies per solved ticket; one-touch tickets (solved
with exactly one agent reply) and their share; and the team scope over comments."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY

ADMIN = Principal.local_admin()
LEAD = Principal("lee", "team_lead", "Frontline")
REPLY = "c.author_type = 'agent' AND c.public"
REPLIES_OF_T = f"(SELECT count(*) FROM comments c WHERE c.ticket_id = t.id AND {REPLY})"
SOLVED_LAST_MONTH = "t.status IN ('solved','closed') AND t.solved_at >= '2026-10-01' AND t.solved_at < '2026-11-01'"

CASES = [
    ("agent replies vs internal notes last month",
     "SELECT count(*) FILTER (WHERE public), count(*) FILTER (WHERE NOT public) FROM comments"
     " WHERE author_type = 'agent' AND created_at >= '2026-10-01' AND created_at < '2026-11-01'"),
    ("how many customer messages did we get last week",
     "SELECT count(*) FROM comments WHERE author_type = 'customer' AND created_at >= '2026-11-16'"
     " AND created_at < '2026-11-23'"),
    ("average number of replies to resolve a ticket last month",
     f"SELECT avg({REPLIES_OF_T}) FROM tickets t WHERE {SOLVED_LAST_MONTH}"),
    ("average comments per ticket for urgent tickets this year",  # every comment, internal notes included
     "SELECT avg((SELECT count(*) FROM comments c WHERE c.ticket_id = t.id)) FROM tickets t"
     " WHERE t.priority = 'urgent' AND t.created_at >= '2026-01-01' AND t.created_at < '2026-11-24'"),
    ("one-touch tickets solved last month",
     f"SELECT count(*) FROM tickets t WHERE {SOLVED_LAST_MONTH} AND {REPLIES_OF_T} = 1"),
    ("one-touch resolution rate last month",
     f"SELECT 100.0 * count(*) FILTER (WHERE {REPLIES_OF_T} = 1) / count(*) FROM tickets t WHERE {SOLVED_LAST_MONTH}"),
    ("how many tickets solved last month needed more than 2 replies",
     f"SELECT count(*) FROM tickets t WHERE {SOLVED_LAST_MONTH} AND {REPLIES_OF_T} > 2"),
]


def _rows(db, sql):
    with db.admin.connect() as conn:
        return [[float(v) for v in r] for r in conn.execute(sa.text(sql)).all()]


@pytest.mark.parametrize("question, sql", CASES, ids=[q for q, _ in CASES])
def test_comment_metric_matches_hand_written_sql(seeded_db, test_settings, question, sql):
    answer = ask(question, AskContext(seeded_db, test_settings, ADMIN, TEST_TODAY))
    assert answer.status == "ok", answer.reason
    expected = _rows(seeded_db, sql)
    assert expected and expected[0][0]
    assert [[float(v) for v in row] for row in answer.rows] == [pytest.approx(row) for row in expected]


def test_replies_by_agent_are_by_the_agent_who_wrote_them(seeded_db, test_settings):
    with seeded_db.admin.begin() as conn:  # a colleague answers on a ticket assigned to someone else
        conn.execute(sa.text(
            "INSERT INTO comments (id, ticket_id, author_type, author_id, body, public, created_at)"
            " SELECT (SELECT max(id) + 1 FROM comments), t.id, 'agent', (SELECT min(id) FROM agents a"
            " WHERE a.id <> t.assignee_id), 'Covering for a colleague', true, '2026-11-10 12:00+00' FROM tickets t"
            " WHERE t.assignee_id IS NOT NULL ORDER BY t.id LIMIT 1"))
    answer = ask("total replies sent by each agent this month", AskContext(seeded_db, test_settings, ADMIN, TEST_TODAY))
    with seeded_db.admin.connect() as conn:
        expected = dict(conn.execute(sa.text(
            f"SELECT a.name, count(*) FROM comments c JOIN agents a ON a.id = c.author_id WHERE {REPLY}"
            " AND c.created_at >= '2026-11-01' AND c.created_at < '2026-11-24' GROUP BY a.name")).all())
        assigned = dict(conn.execute(sa.text(  # the other reading: replies on each agent's assigned tickets
            f"SELECT a.name, count(*) FROM comments c JOIN tickets t ON t.id = c.ticket_id JOIN agents a"
            f" ON a.id = t.assignee_id WHERE {REPLY} AND c.created_at >= '2026-11-01' AND c.created_at < '2026-11-24'"
            " GROUP BY a.name")).all())
    assert answer.status == "ok" and answer.columns == ["agent", "replies"]
    assert dict(map(tuple, answer.rows)) == expected != assigned
    assert "by the agent who wrote them" in answer.interpretation and "assigned tickets only" not in \
        answer.interpretation


def test_notes_by_agents_of_each_team_are_by_the_writers_team(seeded_db, test_settings):
    answer = ask("internal notes by agents of each team this year",
                 AskContext(seeded_db, test_settings, ADMIN, TEST_TODAY))
    with seeded_db.admin.connect() as conn:
        expected = dict(conn.execute(sa.text(
            "SELECT a.team, count(*) FROM comments c JOIN agents a ON a.id = c.author_id WHERE c.author_type = 'agent'"
            " AND NOT c.public AND c.created_at >= '2026-01-01' AND c.created_at < '2026-11-24'"
            " GROUP BY a.team")).all())
    assert answer.status == "ok" and dict(map(tuple, answer.rows)) == expected
    tickets = ask("tickets solved by agents of each team", AskContext(seeded_db, test_settings, ADMIN, TEST_TODAY))
    assert tickets.status == "unanswerable"  # the agents' own teams are not a ticket column: declined, not t.team


def test_comment_counts_keep_the_team_scope(seeded_db, test_settings):
    answer = ask("agent replies last month", AskContext(seeded_db, test_settings, LEAD, TEST_TODAY))
    scoped = _rows(seeded_db, f"SELECT count(*) FROM comments c JOIN tickets t ON t.id = c.ticket_id WHERE {REPLY}"
                              " AND t.team = 'Frontline' AND c.created_at >= '2026-10-01'"
                              " AND c.created_at < '2026-11-01'")
    everyone = _rows(seeded_db, f"SELECT count(*) FROM comments c WHERE {REPLY} AND c.created_at >= '2026-10-01'"
                                " AND c.created_at < '2026-11-01'")
    assert answer.status == "ok" and [[float(answer.rows[0][0])]] == scoped != everyone
    assert "team Frontline only" in answer.interpretation
