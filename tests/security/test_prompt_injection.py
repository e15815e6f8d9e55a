"""Prompt-injection questions are refused, or answered only within the rules and the asker's scope."""

from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from supportwise.llm.breaker import CircuitBreaker
from supportwise.llm.chain import FallbackChain
from supportwise.llm.fake import FakeProvider
from supportwise.llm.ledger import MemoryLedger
from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY

QUESTIONS = yaml.safe_load((Path(__file__).parent / "prompt_injection.yaml").read_text())
LEAD = Principal("lee", "team_lead", "Frontline")
OUTSIDE = ("app.", "pg_", "information_schema", "users", "audit_log", "delete", "update", "insert", "drop")


def test_corpus_size():
    assert len(QUESTIONS) >= 30


@pytest.mark.parametrize("question", QUESTIONS)
def test_injection_is_refused_or_answered_within_the_rules(seeded_db, test_settings, question):
    # An LLM that would obey the injection: it proposes every team's tickets. It must not matter.
    obedient = FakeProvider([{"unanswerable": False, "spec": {"metric": "ticket_count", "group_by": ["team"]}}])
    ctx = AskContext(seeded_db, test_settings, LEAD, TEST_TODAY,
                     llm=FallbackChain([obedient], CircuitBreaker(), MemoryLedger()))
    with seeded_db.admin.connect() as conn:
        before = conn.execute(sa.text("SELECT count(*), sum(id), sum(length(priority)) FROM tickets")).one()
    answer = ask(question, ctx)
    if answer.status == "ok":
        sql = answer.sql.lower()
        assert "team = 'frontline'" in sql, "an answer outside the team lead's scope"
        assert not any(word in sql for word in OUTSIDE), sql
        teams = [row[0] for row in answer.rows if answer.columns and answer.columns[0] == "team"]
        assert set(teams) <= {"Frontline"}
    else:
        assert answer.status in {"rejected", "unanswerable"} and answer.sql is None
    for call in obedient.calls:  # what reached the model: the question and the schema, no ticket text
        assert "Tallyo" not in call.prompt and "@" not in call.system
    with seeded_db.admin.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*), sum(id), sum(length(priority)) FROM tickets")).one() == before
