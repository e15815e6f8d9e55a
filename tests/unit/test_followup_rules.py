"""When a question edits the previous one, and when it starts fresh (issue 11).

A complete new question (it names its own subject) never inherits the previous question's
filters; a recognisable follow-up edits it; "of those" / "their" measure the previous answer's
tickets; text is NFKC-folded before anything reads it.
"""

from __future__ import annotations

from datetime import date

import pytest

from supportwise.engine.interpret import interpretation
from supportwise.engine.parse import SUGGESTIONS, parse_question
from supportwise.errors import Rejected, Unanswerable
from supportwise.questions.suggestions import starters
from supportwise.records.roles import Principal

TODAY = date(2026, 11, 23)
_ROLES = ("team_lead", "manager", "admin", "viewer")
STARTERS = tuple(dict.fromkeys((*SUGGESTIONS, *(q for role in _ROLES for q in starters(Principal("x", role), k=99)))))
OTHERS = (*STARTERS, "how many urgent tickets did we get this week?", "CSAT for chat vs email last month",
          "how many tickets were solved yesterday", "average first response time for enterprise customers",
          "open tickets by priority and channel", "how many of those are urgent?")


def _spec_or_reason(question, previous=None):
    try:
        return parse_question(question, TODAY, previous=previous)
    except Unanswerable as exc:
        return f"declined: {exc}"


@pytest.mark.parametrize("starter", STARTERS)
def test_every_starter_reads_the_same_after_any_other_question(starter):
    fresh = parse_question(starter, TODAY)
    changed = []
    for other in OTHERS:
        previous = _spec_or_reason(other)
        if isinstance(previous, str):
            continue
        if _spec_or_reason(starter, previous) != fresh:
            changed.append(other)
    assert not changed, f"{starter!r} changed after {changed}"


def test_a_complete_question_does_not_inherit_the_urgent_filter():
    urgent = parse_question("how many urgent tickets did we get this week?", TODAY)
    by_channel = parse_question("Tickets by channel in the last 30 days", TODAY, previous=urgent)
    assert by_channel.filters == ()
    assert by_channel.group_by == ("channel",)


@pytest.mark.parametrize("followup, check", [
    ("what about last month?", lambda s: s.filters and s.period.start == date(2026, 10, 1)),
    ("break that down by channel", lambda s: s.filters and s.group_by == ("channel",)),
    ("and for email tickets only", lambda s: len(s.filters) == 2),
])
def test_recognisable_followups_still_edit_the_previous_question(followup, check):
    previous = parse_question("how many urgent tickets did we get last week?", TODAY)
    assert check(parse_question(followup, TODAY, previous=previous))


def test_of_those_measures_the_previous_answers_tickets():
    created = parse_question("how many tickets did we get last week?", TODAY)
    solved = parse_question("how many of those are solved now?", TODAY, previous=created)
    assert solved.metric == "solved_count" and solved.time_field == "created_at"
    assert solved.period == created.period
    assert "created 2026-11-16 – 2026-11-22" in interpretation(solved)
    csat = parse_question("what's their CSAT?", TODAY, previous=created)
    assert csat.metric == "csat" and csat.time_field == "created_at"
    still_open = parse_question("and how many of them are still open?", TODAY, previous=created)
    assert still_open.metric == "backlog" and still_open.period == created.period


def test_of_those_without_a_previous_answer_is_declined():
    with pytest.raises(Unanswerable, match="earlier answer"):
        parse_question("how many of those are urgent?", TODAY)


def test_a_vague_question_is_declined_not_read_as_a_followup():
    previous = parse_question("how many urgent tickets did we get last week?", TODAY)
    with pytest.raises(Unanswerable):
        parse_question("how are things looking?", TODAY, previous=previous)


def test_full_width_write_request_is_refused():
    with pytest.raises(Rejected):
        parse_question("ｄｅｌｅｔｅ all tickets from last week", TODAY)


def test_accented_words_stay_whole_in_a_decline():
    with pytest.raises(Unanswerable, match="'cuántos'"):
        parse_question("¿cuántos tickets?", TODAY)


@pytest.mark.parametrize("question, blamed", [
    ("top 10 languages this year", "'languages'"),
    ("tickets bounced more than 2 times last week", "'bounced'"),
])
def test_a_decline_names_the_word_it_did_not_understand(question, blamed):
    with pytest.raises(Unanswerable) as declined:
        parse_question(question, TODAY)
    assert str(declined.value).split("about ", 1)[1].startswith(blamed)


@pytest.mark.parametrize("question, reason", [
    ("average first response time in business hours last week", "business-hours"),
    ("how many tickets breached SLA last month", "SLA"),
    ("tickets per staffed hour yesterday", "staffing"),
    ("how many tickets came from new customers this month", "New and returning"),
])
def test_a_qualifier_the_data_cannot_honour_is_declined_with_its_reason(question, reason):
    with pytest.raises(Unanswerable, match=reason):
        parse_question(question, TODAY)


def test_a_long_unknown_word_is_not_echoed_whole():
    with pytest.raises(Unanswerable) as declined:
        parse_question("tickets " + "x" * 300, TODAY)
    assert len(str(declined.value)) < 160
