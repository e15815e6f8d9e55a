"""Never answer a different question (issue 11): every accepted question of the suites, with one
meaning-changing word or phrase added, must be read differently or declined — never answered the same.

The additions are of the three kinds real questions carry: a qualifier the data cannot honour, a
second thing measured, and a condition on an entity.
"""

from __future__ import annotations

from datetime import date

import pytest

from supportwise.engine.parse import parse_question
from supportwise.errors import Rejected, Unanswerable
from supportwise.evaluation.harness import load_suite
from supportwise.evaluation.run import EVAL_TODAY, SUITES_DIR

ADDITIONS = (
    " in business hours", " per staffed hour", " that breached SLA", " from new customers", " excluding spam",
    " with attachments", " not counting bots", " during the night shift",              # qualifiers
    " and how many were escalated", " and the average first response time", " and the p90 resolution time",
    " and how many customers that was",                                                # a second measure
    " for customers with more than 2 tickets", " for agents with over 30 open tickets",  # entity conditions
)
SUITES = ("tuned", "holdout", "holdout2")


def _read(question: str, today: date):
    try:
        return parse_question(question, today)
    except (Unanswerable, Rejected):
        return None


def _already_asked(question: str, addition: str) -> bool:
    """'average FRT last week' + ' and the average first response time' asks nothing new."""
    if not addition.startswith(" and "):
        return False
    base, added = _read(question, EVAL_TODAY), _read(addition.removeprefix(" and ").replace("that was", ""), EVAL_TODAY)
    return added is not None and (base.metric, base.statistic, base.distinct) == (added.metric, added.statistic,
                                                                                   added.distinct)


def _accepted() -> list[str]:
    questions = [case.question for suite in SUITES for case in load_suite(SUITES_DIR / suite).questions]
    return [q for q in questions if _read(q, EVAL_TODAY) is not None]


@pytest.mark.parametrize("addition", ADDITIONS)
def test_an_added_meaning_is_never_dropped(addition):
    accepted = _accepted()
    assert len(accepted) > 400  # the suites' answerable questions, not a handful
    same = [q for q in accepted if not _already_asked(q, addition)
            and _read(q.rstrip("?. ") + addition, EVAL_TODAY) == _read(q, EVAL_TODAY)]
    assert not same, f"{len(same)} questions read the same with {addition!r}, e.g. {same[:3]}"
