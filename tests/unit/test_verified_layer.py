"""Verified answers hold while the semantic layer changes (issue 11 item 4).

tests/unit/verified_answers.yaml is the set of verified answers: question → QuerySpec → SQL. Each is
re-read through today's parser and recompiled with today's layer; any difference is a changed
verified answer and fails here. The second test edits a copy of layer.yaml to show that it does.
"""

from datetime import date
from pathlib import Path

import pytest
import yaml

from supportwise.engine.compile import compile_spec
from supportwise.engine.layer import LAYER_FILE, Layer, load_layer
from supportwise.engine.parse import parse_question
from supportwise.engine.spec import QuerySpec
from supportwise.questions.templates import recheck

VERIFIED = yaml.safe_load((Path(__file__).with_name("verified_answers.yaml")).read_text())


def changed_answers(layer: Layer) -> list[str]:
    """The verified questions whose stored spec no longer compiles to their verified SQL under ``layer``."""
    return [case["question"] for case in VERIFIED if recheck(case["spec"], case["sql"], layer)[0] is None]


@pytest.mark.parametrize("case", VERIFIED, ids=[c["question"] for c in VERIFIED])
def test_verified_answer_is_unchanged(case):
    spec = QuerySpec.model_validate(case["spec"])
    assert compile_spec(spec).display_sql() == case["sql"], "the layer or compiler changed this verified answer"
    parsed = parse_question(case["question"], date.fromisoformat(case["today"]))
    assert parsed == spec, "the parser now reads this verified question differently"


def test_a_layer_change_that_changes_verified_answers_is_caught(tmp_path):
    assert changed_answers(load_layer()) == []
    text = LAYER_FILE.read_text()
    # someone decides 'solved' means status solved only: every measure of solved tickets changes
    edited = text.replace("    event: solved\n    status: [solved, closed]", "    event: solved\n    status: [solved]")
    assert edited != text
    (tmp_path / "layer.yaml").write_text(edited)
    try:
        modified = load_layer(tmp_path / "layer.yaml")
        assert changed_answers(modified) == [
            "How many tickets were solved this month?", "Median resolution time by team last quarter",
            "What was our CSAT last month?", "Reopen rate by product area this quarter"]
        # the priority dimension pointed at another column: the answers that filter or group on it change
        (tmp_path / "renamed.yaml").write_text(text.replace("column: priority", "column: severity"))
        assert changed_answers(load_layer(tmp_path / "renamed.yaml")) == [
            "How many urgent tickets did we get last week?", "How many open tickets are there by priority?"]
    finally:
        load_layer.cache_clear()
