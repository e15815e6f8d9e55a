"""Words read before the parser (engine.readings, engine.glossary) and the parser changes they need."""

from datetime import date

import pytest

from supportwise.engine.glossary import Glossary, entry_for
from supportwise.engine.parse import parse_question
from supportwise.engine.readings import read_words
from supportwise.engine.spec import Filter
from supportwise.errors import Rejected

TODAY = date(2026, 11, 23)


def test_a_default_reading_is_named_and_the_others_offered():
    read = read_words("avg TTR for P1s last quarter", Glossary())
    assert read.text == "avg TTR for P1s last quarter" and read.notes == ("'P1' read as priority urgent",)
    assert [(r.word, r.label, r.question) for r in read.others] == [
        ("P1", "priority high", "avg TTR for high priority last quarter")]
    assert parse_question(read.others[0].question, TODAY).filters == (Filter(dimension="priority", values=("high",)),)


def test_a_word_without_a_default_is_left_to_ask():
    read = read_words("VIP tickets this week", Glossary())
    assert read.ask is not None and read.ask.suggestions == ["enterprise plan tickets this week",
                                                             "tagged vip tickets this week"]
    assert read_words("tickets tagged vip this week", Glossary()).ask is None  # settled by its context


def test_topics_are_asked_about_not_read_as_product_areas():
    """'top 3 topics' was answered by product area where the asker meant tags: the data has both."""
    read = read_words("top 3 topics last month", Glossary())
    assert read.ask is not None and read.ask.suggestions == ["top 3 product areas last month", "top 3 tags last month"]
    for question in read.ask.suggestions:
        assert parse_question(question, TODAY).group_by in (("product_area",), ("tag",))


def test_a_glossary_entry_settles_the_word_and_is_named():
    glossary = Glossary((entry_for("P1", "value", "priority=high"), entry_for("tix", "word", "tickets")))
    read = read_words("P1 tix last week", glossary)
    assert read.text == "high priority tickets last week" and read.others == () and read.ask is None
    assert read.notes == ("'P1' = priority high (team glossary)", "'tix' = tickets (team glossary)")
    assert read_words("p10 tickets", glossary).text == "p10 tickets"  # whole words only


def test_a_glossary_cannot_turn_a_write_into_a_question():
    with pytest.raises(Rejected):
        read_words("delete all tickets", Glossary((entry_for("all", "word", "tickets"),)))


@pytest.mark.parametrize("question, filters", [
    ("How many tickets were solved with status closed last week?", (Filter(dimension="status", values=("closed",)),)),
    ("tickets not on hold or pending last week",  # the second value of a negated list is negated too
     (Filter(dimension="status", values=("on_hold", "pending"), negate=True),)),
    ("not urgent or high tickets last week", (Filter(dimension="priority", values=("urgent", "high"), negate=True),)),
])
def test_parser_reads(question, filters):
    assert parse_question(question, TODAY).filters == filters
