"""Run the question engine on the second held-out set and print its report (run with -s to see it).

No accuracy threshold: the set measures how the engine generalizes; only totals are checked.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from supportwise.ask import AskContext, ask
from supportwise.evaluation import OUTCOMES, evaluate, format_report, load_suite, summary_line
from supportwise.roles import Principal
from tests.conftest import TEST_TODAY


def test_holdout2_report(seeded_db, test_settings, redis_conn):
    suite = load_suite(Path(__file__).parent)
    turns = sum(len(chain) for chain in suite.chains)
    with seeded_db.admin.connect() as conn:
        before = conn.execute(sa.text("SELECT count(*), sum(id) FROM tickets")).one()

    report = evaluate(suite, lambda q, s: ask(q, AskContext(seeded_db, test_settings, Principal.local_admin(),
                                                            TEST_TODAY, s, redis_conn)), seeded_db.reader)
    print("\n" + format_report(report))

    assert report.answerable == len(suite.questions) + turns
    assert report.count("correct") + report.count("wrong") + report.count("declined") == report.answerable
    assert report.count("refused_ok") + report.count("refusal_missed") == len(suite.refusals)
    assert len(report.outcomes) == report.answerable + len(suite.refusals)
    assert {o.outcome for o in report.outcomes} <= set(OUTCOMES)
    assert summary_line(report) in format_report(report)
    with seeded_db.admin.connect() as conn:  # nothing the set asked for changed the data
        assert conn.execute(sa.text("SELECT count(*), sum(id) FROM tickets")).one() == before
    # Held-out phrasings may be declined, but a wrong number or a missed refusal is a regression.
    assert report.wrong_rate <= 0.01, summary_line(report)
    assert report.count("refusal_missed") == 0, summary_line(report)
    assert report.accuracy >= 0.90, summary_line(report)
