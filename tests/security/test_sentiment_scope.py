"""Sentiment questions asked by a team lead: the numbers of their own team's tickets, nobody else's.

Through the whole pipeline (parse → compile → scope → run) on the enriched demo data; each
answer is compared with the same question written directly in SQL for that team. The query
shapes of raw SQL on ticket_text and comment_sentiment are in scope_escapes.yaml.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records.roles import TEAMS, Principal
from tests.conftest import TEST_TODAY

LABELLED = "FROM tickets t JOIN ticket_text tt ON tt.ticket_id = t.id WHERE t.team = :team"
OCTOBER = "t.created_at >= '2026-10-01' AND t.created_at < '2026-11-01'"

QUESTIONS = [
    ("share of negative tickets by team last month",
     f"SELECT t.team, 100.0 * count(*) FILTER (WHERE tt.sentiment_label = 'negative') / count(*) {LABELLED} "
     f"AND {OCTOBER} GROUP BY t.team"),
    ("negative tickets by channel last month",
     f"SELECT t.channel, count(*) {LABELLED} AND tt.sentiment_label = 'negative' AND {OCTOBER} GROUP BY t.channel"),
    ("average sentiment by product area this year",
     f"SELECT t.product_area, avg(tt.sentiment_mean) {LABELLED} AND t.created_at >= '2026-01-01' "
     "AND t.created_at < '2026-11-24' GROUP BY t.product_area"),
    ("tickets by sentiment",
     f"SELECT tt.sentiment_label, count(*) {LABELLED} GROUP BY tt.sentiment_label"),
]


def _rows(rows) -> list[tuple]:
    def value(v):
        return round(float(v), 6) if isinstance(v, (float, Decimal)) else v
    return sorted((tuple(value(v) for v in row) for row in rows), key=repr)


@pytest.mark.parametrize(("question", "direct"), QUESTIONS, ids=[q for q, _ in QUESTIONS])
def test_team_lead_sees_only_their_teams_sentiment(seeded_enriched_db, test_settings, question, direct):
    everyone = ask(question, AskContext(seeded_enriched_db, test_settings, Principal.local_admin(), TEST_TODAY))
    assert everyone.status == "ok"
    for team in TEAMS:
        lead = Principal(f"lead-{team.lower()}", "team_lead", team)
        answer = ask(question, AskContext(seeded_enriched_db, test_settings, lead, TEST_TODAY))
        assert answer.status == "ok", answer.reason
        assert "ticket_text" in answer.sql and f"team = '{team}'" in answer.sql
        assert f"team {team} only" in answer.interpretation
        with seeded_enriched_db.admin.connect() as conn:
            expected = conn.execute(sa.text(direct), {"team": team}).all()
        assert _rows(answer.rows) == _rows(expected), team
        assert _rows(answer.rows) != _rows(everyone.rows)  # the scope changed what was counted
