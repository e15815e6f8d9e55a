"""Every answer carries a title naming its filters and period (issue 11), through the pipeline, masked
like the rest of the answer for roles that do not see personal data, and drawn as the chart's title."""

import sqlalchemy as sa

from supportwise.charts import build_chart, choose_chart
from supportwise.charts.frame import chart_frame
from supportwise.pii.apply import mask_answer
from supportwise.pii.masker import build_masker
from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY


def test_the_title_names_the_filter_the_chart_draws_it(seeded_db, test_settings):
    answer = ask("urgent tickets by channel in the last 30 days",
                 AskContext(seeded_db, test_settings, Principal.local_admin(), TEST_TODAY))
    assert answer.status == "ok", answer.reason
    assert answer.chart["title"] == "Urgent tickets by channel, last 30 days"
    plan = choose_chart(answer.columns, answer.rows, answer.chart)
    spec = build_chart(chart_frame(answer.columns, answer.rows), plan).to_dict()
    assert spec["title"] == "Urgent tickets by channel, last 30 days"
    assert answer.to_dict()["chart"]["title"] == answer.chart["title"]   # in the JSON answer too


def test_a_headline_title_names_the_scope_and_the_period(seeded_db, test_settings):
    lead = Principal("lee", "team_lead", "Frontline")
    answer = ask("How many urgent tickets did we get last week?", AskContext(seeded_db, test_settings, lead,
                                                                              TEST_TODAY))
    assert answer.chart == {"type": "number", "x": None, "y": "tickets",
                            "title": "Urgent tickets of team Frontline, last week"}


def test_a_name_in_the_title_is_masked_for_a_manager(seeded_db, test_settings):
    with seeded_db.reader.connect() as conn:
        name = conn.execute(sa.text("SELECT name FROM agents ORDER BY id LIMIT 1")).scalar_one()
    answer = ask(f"how many tickets were assigned to {name} last month",
                 AskContext(seeded_db, test_settings, Principal.local_admin(), TEST_TODAY))
    assert answer.status == "ok", answer.reason
    assert name in answer.chart["title"]
    masked = mask_answer(answer, Principal("mia", "manager", None), build_masker(seeded_db.reader))
    assert name not in masked.chart["title"] and "<PERSON" in masked.chart["title"], masked.chart["title"]
    assert masked.chart["type"] == answer.chart["type"]
