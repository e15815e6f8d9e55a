"""Answers from the real engine on the demo data: the chart fits, and every alternative draws."""

from __future__ import annotations

import pandas as pd
import pytest
import vl_convert as vlc

from supportwise.charts import build_chart, choose_chart
from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY

# question → (chart kind, x, unit words expected in the y-axis title)
QUESTIONS = [
    ("How many tickets came in today?", "number", None, "Tickets"),
    ("tickets by channel last month", "bar", "channel", "Tickets"),
    ("weekly ticket volume over the last 8 weeks", "line", "week", "Tickets"),
    ("tickets per day last week", "line", "day", "Tickets"),
    ("average first response time by team last month", "bar", "team", "(hours)"),
    ("CSAT by month this year", "line", "month", "(%)"),
    ("tickets by priority and channel last month", "heatmap", None, "Tickets"),
    ("tickets by hour of day last month", "bar", "hour_of_day", "Tickets"),
    ("list the urgent tickets from last week", "table", None, None),
]


@pytest.fixture
def answers(seeded_db, test_settings):
    ctx = AskContext(seeded_db, test_settings, Principal.local_admin(), TEST_TODAY)
    return {q: ask(q, ctx) for q, *_ in QUESTIONS}


def test_engine_answers_get_the_chart_their_shape_calls_for(answers):
    for question, kind, x, unit in QUESTIONS:
        answer = answers[question]
        assert answer.status == "ok", (question, answer.reason)
        plan = choose_chart(answer.columns, answer.rows, answer.chart)
        assert plan.kind == kind, (question, answer.columns, plan)
        if x:
            assert plan.x == x, question
        if unit:
            assert unit in plan.y_title, (question, plan.y_title)
        frame = pd.DataFrame(answer.rows, columns=answer.columns)
        for alternative in plan.alternatives:
            if alternative != "table":
                spec = build_chart(frame, plan, alternative).to_dict()
                assert vlc.vegalite_to_vega(spec)["description"], (question, alternative)
