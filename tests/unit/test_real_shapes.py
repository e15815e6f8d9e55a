"""Mechanisms added for the real support teams' questions (issue 11), read without a database: each question's
interpretation says exactly what is counted, or the question is declined with its reason."""

from datetime import date

import pytest

from supportwise.engine.interpret import interpretation
from supportwise.engine.parse import parse_question
from supportwise.errors import Unanswerable

TODAY = date(2026, 11, 23)

READS = [
    # several metrics, each on its own timestamp
    ("issues incoming vs closed last week",
     "Tickets · created 2026-11-16 – 2026-11-22 · count | Solved tickets · solved 2026-11-16 – 2026-11-22 · count"),
    ("how many we received last month, how many we solved last month, and what the backlog is right now",
     "Tickets · created 2026-10-01 – 2026-10-31 · count | Solved tickets · solved 2026-10-01 – 2026-10-31 · count"
     " | Open tickets · open right now · all time · count"),
    ("average first response and resolution time last month",
     "First response time (hours) · created 2026-10-01 – 2026-10-31 · mean"
     " | Resolution time (hours) · solved 2026-10-01 – 2026-10-31 · mean"),
    ("closure rate and reopen rate for the last 30 days",
     "Resolution rate (%) = Solved tickets · solved 2026-10-25 – 2026-11-23 · count ÷ Tickets · created 2026-10-25 –"
     " 2026-11-23 · count | Reopen rate (%) · solved 2026-10-25 – 2026-11-23 · reopened ÷ solved"),
    # a second metric word that qualifies the first stays one metric
    ("of the tickets created last week, how many are solved?",
     "Solved tickets · solved by now · created 2026-11-16 – 2026-11-22 · count"),
    ("reopen rate for tickets solved last month",
     "Reopen rate (%) · solved 2026-10-01 – 2026-10-31 · reopened ÷ solved"),
    # hours and weekdays ranked, not dates
    ("busiest time last month - the hour of the day we get the most tickets",
     "Tickets · created 2026-10-01 – 2026-10-31 · count by hour of day · top 1"),
    ("busiest day last quarter (day of the week we receive the most tickets)",
     "Tickets · created 2026-07-01 – 2026-09-30 · count by day of week · top 1"),
    ("which days of the week are heaviest this year",
     "Tickets · created 2026-01-01 – 2026-11-23 · count by day of week"),
    ("what was our busiest day last month", "Tickets · created 2026-10-01 – 2026-10-31 · count by day · top 1"),
    # periods
    ("billing tickets created in October this year vs October last year",
     "Tickets · product_area = billing · created 2026-10-01 – 2026-10-31 vs 2025-10-01 – 2025-10-31 · count"),
    ("solved tickets this month so far vs the same period last year",
     "Solved tickets · solved 2026-11-01 – 2026-11-23 vs 2025-11-01 – 2025-11-23 · count"),
    ("CSAT last month vs the same month last year",
     "CSAT (%) · solved 2026-10-01 – 2026-10-31 vs 2025-10-01 – 2025-10-31 · good ÷ rated"),
    # an agent breakdown counts each agent's tickets; a created-month breakdown groups on created_at
    ("open tickets per agent", "Open tickets · assigned tickets only · open right now · all time · count by agent"),
    ("solved tickets by the month they were created this year",
     "Solved tickets · solved by now · created 2026-01-01 – 2026-11-23 · count by month"),
    ("average number of tickets per day last month",
     "Tickets · created 2026-10-01 – 2026-10-31 · count ÷ 31 days (average per day)"),
    ("top 5 labels in the last 30 days",
     "Tickets · a ticket counts under each of its tags · created 2026-10-25 – 2026-11-23 · count by tag · top 5"),
    # ages with "a week", listings in the order asked
    ("open tickets older than a week, oldest first",
     "Tickets · age > 7 days (created before 2026-11-16) · open right now · all time · list (oldest 100)"),
    ("tickets with no activity for a week",
     "Tickets · no activity >= 7 days (last updated before 2026-11-16) · created · all time · count"),
    # ratings, labels, jargon
    ("how many bad ratings did we get last week?",
     "Solved tickets · satisfaction = bad · solved 2026-11-16 – 2026-11-22 · count"),
    ("average resolution time for tickets labelled refund this year",
     "Resolution time (hours) · tag = refund · solved 2026-01-01 – 2026-11-23 · mean"),
    ("channel-specific CSAT for the last 90 days",
     "CSAT (%) · solved 2026-08-26 – 2026-11-23 · good ÷ rated by channel"),
    ("resolution rate last 90 days",
     "Resolution rate (%) = Solved tickets · solved 2026-08-26 – 2026-11-23 · count"
     " ÷ Tickets · created 2026-08-26 – 2026-11-23 · count"),
    ("how many tickets last month had negative customer sentiment?",
     "Tickets · sentiment = negative (VADER, customer comments) · only tickets with a sentiment label (enriched, with"
     " customer comments) · created 2026-10-01 – 2026-10-31 · count"),
    # status values named after the word "status" are statuses, not the backlog; a negation runs on through "or"
    ("number of tickets with the status open and pending right now",
     "Tickets · status = {open, pending} · created · all time · count by status"),
    ("how many tickets have status open right now, not pending or on hold",
     "Tickets · status = open · status ≠ {pending, on_hold} · created · all time · count"),
    # two values sharing their last word; "got a rating at all" is rated (satisfaction IS NOT NULL)
    ("number of good and bad ratings per agent this year",
     "Solved tickets · satisfaction = {good, bad} · assigned tickets only · solved 2026-01-01 – 2026-11-23 · count by"
     " agent, satisfaction"),
    ("what share of solved tickets got a CSAT rating last month?",
     "Share of tickets (%) · status = {solved, closed} · solved 2026-10-01 – 2026-10-31"
     " · share of satisfaction = rated"),
    # comments: replies are the agents' public comments, counted when written; per ticket over solved tickets
    ("agent replies vs internal notes last month",
     "Agent replies · written 2026-10-01 – 2026-10-31 · count"
     " | Internal notes · written 2026-10-01 – 2026-10-31 · count"),
    ("average number of replies to resolve a ticket last quarter",
     "Agent replies per ticket · solved 2026-07-01 – 2026-09-30 · mean per ticket"),
    ("average customer messages per ticket this year",
     "Customer messages per ticket · created 2026-01-01 – 2026-11-23 · mean per ticket"),
    ("one-touch tickets solved last week",
     "Solved tickets · agent replies = 1 · solved 2026-11-16 – 2026-11-22 · count"),
    ("I think enterprise customers' tickets go back and forth a lot: how many comments per ticket this year?",
     "Comments per ticket · plan = enterprise · created 2026-01-01 – 2026-11-23 · mean per ticket"),  # not by customer
    ("average messages exchanged (customer + agent) per closed ticket this month",
     "Public messages per ticket (agents and customers) · solved 2026-11-01 – 2026-11-23 · mean per ticket"),
    ("how many customers did each agent reply to this month",
     "Agent replies · agents' comments, by the agent who wrote them · written 2026-11-01 – 2026-11-23 · count of"
     " distinct customers (requesters) by agent"),
    # a sentiment stated as a condition is a filter; listing verbs; a heatmap's two axes
    ("surface the unsolved tickets where the customer sentiment is negative",
     "Tickets · sentiment = negative (VADER, customer comments) · only tickets with a sentiment label (enriched, with"
     " customer comments) · open right now · all time · list (newest 100)"),
    ("ticket traffic heatmap for this quarter - day-of-week x hour",
     "Tickets · created 2026-10-01 – 2026-11-23 · count by day of week, hour of day"),
    # framing around a question is not data: "on Thursday" dates the deck, not the tickets
    ("Hi - for the exec deck on Thursday I need three numbers: how many tix we received last month, how many we "
     "solved last month, and what the backlog is right now.",
     "Tickets · created 2026-10-01 – 2026-10-31 · count | Solved tickets · solved 2026-10-01 – 2026-10-31 · count"
     " | Open tickets · open right now · all time · count"),
    # age buckets side by side; the change words of a comparison; customers with a count condition are people
    ("how many open tickets are under a week old, how many 1-4 weeks old and how many older than 4 weeks?",
     "Open tickets · ages < 7 days, 7–28 days, ≥ 28 days (on 2026-11-23) · open right now · all time · count"),
    ("solved tickets by group, last week vs the week before - delta to measure throughput",
     "Solved tickets · solved 2026-11-16 – 2026-11-22 vs 2026-11-09 – 2026-11-15 · count by team"),
    ("which customers have opened more than 20 tickets this year?",
     "Tickets · created 2026-01-01 – 2026-11-23 · count by requester · only where > 20"),
]

DECLINED = [
    ("tickets vs the same period last year", "period"),          # no period to shift
    ("tickets open per day this month", "status history"),       # the backlog of a past day is not kept
    ("break that down by week", "earlier answer"),               # nothing to break down
    ("only the normal priority ones", "earlier answer"),
    ("average handle time per agent last week", "handle time"),  # agents' working time is not recorded
    ("CSAT of the good ratings last month", "by definition"),    # 100 % by construction: not an answer
    ("tickets solved by agents of each team", "own teams"),      # the agents' teams are no ticket column
    ("one-touch tickets with exactly 2 replies", "two different numbers"),
    ("what changed in CSAT this month", "changed"),              # was typo-corrected to 'channel'
]


@pytest.mark.parametrize("question, reading", READS, ids=[q for q, _ in READS])
def test_the_interpretation_names_what_is_counted(question, reading):
    assert interpretation(parse_question(question, TODAY)) == reading


@pytest.mark.parametrize("question, reason", DECLINED, ids=[q for q, _ in DECLINED])
def test_declined_with_the_reason(question, reason):
    with pytest.raises(Unanswerable, match=reason):
        parse_question(question, TODAY)


def test_each_of_them_after_a_top_n_measures_those_groups_not_a_new_ranking():
    top = parse_question("top 5 organizations by tickets this quarter", TODAY)
    for follow_up in ("what's the CSAT for each of them this quarter?", "what is their CSAT"):
        spec = parse_question(follow_up, TODAY, previous=top)
        assert spec.metric == "csat" and spec.top_of == top and spec.limit is None
        assert spec.group_by == ("organization",)
        assert "only the top 5 organizations of 'Tickets by organization, this quarter'" in interpretation(spec)


def test_a_condition_on_the_groups_after_a_top_n_is_kept():
    top = parse_question("top 5 agents by solved tickets this month", TODAY)
    spec = parse_question("which of them have CSAT below 90%", TODAY, previous=top)
    assert spec.top_of == top and (spec.having.op, spec.having.value) == ("<", 90)


def test_which_of_them_with_a_ticket_condition_lists_the_tickets():
    listed = parse_question("list the open tickets older than a week", TODAY)
    by_agent = parse_question("who are they assigned to?", TODAY, previous=listed)
    assert by_agent.group_by == ("agent",) and by_agent.threshold == listed.threshold and not by_agent.listing
    idle = parse_question("which of them have had no activity for 7 days?", TODAY, previous=by_agent)
    assert idle.listing and idle.group_by == () and idle.threshold.measure == "idle_days"
    with pytest.raises(Unanswerable, match="earlier answer"):
        parse_question("who are they assigned to?", TODAY)


CONDITIONS = [  # a condition on each group's value (HAVING), not on each ticket; mood over a conversation
    ("which agents have CSAT below 80% this quarter",
     "CSAT (%) · assigned tickets only · solved 2026-10-01 – 2026-11-23 · good ÷ rated by agent · only where < 80 %"),
    ("teams with average resolution time over 1 day last month",
     "Resolution time (hours) · solved 2026-10-01 – 2026-10-31 · mean by team · only where > 24 h"),
    ("agents whose median first response time is above 90 minutes this month",
     "First response time (hours) · assigned tickets only · created 2026-11-01 – 2026-11-23 · median by agent"
     " · only where > 1.5 h"),
    ("how many agents have a CSAT under 70 percent this year",
     "CSAT (%) · assigned tickets only · solved 2026-01-01 – 2026-11-23 · number of agents (assignees) with"
     " good ÷ rated < 70 %"),
    # the customer's mood over the conversation, and the mean over their messages
    ("how many tickets had a customer who got angrier over the conversation (last message more negative than the "
     "first) last month",
     "Tickets · only tickets with a sentiment label (enriched, with customer comments) · the customer's last message"
     " more negative than the first (sentiment) · created 2026-10-01 – 2026-10-31 · count"),
    ("average sentiment of customer messages by agent this month",
     "Average sentiment of customer messages (-1 … 1) · assigned tickets only · written 2026-11-01 – 2026-11-23 ·"
     " mean per message (VADER, each message) by agent"),
    # "every month" / "every day" is a breakdown, "every Friday" a weekday, never dropped or read as last Friday
    ("how many tickets are opened every month and closed, since January",
     "Tickets · created 2026-01-01 – 2026-11-23 · count by month | Solved tickets · solved 2026-01-01 – 2026-11-23 ·"
     " count by month"),
    ("how many tickets do we solve every day this month",
     "Solved tickets · solved 2026-11-01 – 2026-11-23 · count by day"),
    ("tickets every monday and friday this month",
     "Tickets · on Mondays, Fridays · created 2026-11-01 – 2026-11-23 · count"),
    ("tickets last friday", "Tickets · created 2026-11-20 · count"),
    # a heading that restates the rate's own numerator is not a condition (was 100 % everywhere)
    ("reopened tickets - what share of tickets each team solved last quarter were reopened?",
     "Reopen rate (%) · solved 2026-07-01 – 2026-09-30 · reopened ÷ solved by team"),
    # the same words without a statistic stay a condition on each ticket
    ("tickets with first response over 4 hours last month",
     "Tickets · first response hours > 4 h · created 2026-10-01 – 2026-10-31 · count"),
]


@pytest.mark.parametrize("question, reading", CONDITIONS, ids=[q for q, _ in CONDITIONS])
def test_a_condition_reads_as_asked(question, reading):
    assert interpretation(parse_question(question, TODAY)) == reading


@pytest.mark.parametrize("question, reason", [
    ("CSAT below 80% this month", "group by"),                         # below 80 % per what?
    ("agents with more than 5 percent", "percentage"),                 # a percentage of a count
    ("teams with CSAT over 20 tickets", "bounds a count"),             # was HAVING csat > 20
    ("tickets where the customer got angrier and the sentiment improved over the thread", "both angrier and happier"),
    ("how many customers by message sentiment", "Counting customers"),
    ("reopen rate of tickets reopened more than once", "by definition"),
    ("how much time was logged on Acme Motors plc tickets this month?", "how long agents worked"),
    ("how many password reset tickets were there last month?", "'password', 'reset'"),  # not the login area
    ("only the Technical team", "earlier answer"),     # a fragment with nothing to edit is no question
    ("by channel", "earlier answer"),
    ("agents with CSAT over 40 hours on average", "time measure"),
])
def test_a_condition_that_does_not_fit_the_measure_is_declined(question, reason):
    with pytest.raises(Unanswerable, match=reason):
        parse_question(question, TODAY)


def test_a_daily_average_broken_down_by_day_shows_the_counts():
    average = parse_question("average number of tickets per day last month", TODAY)
    assert parse_question("break that down by day", TODAY, previous=average).per_day is False


def test_a_complete_top_n_question_starts_fresh():
    previous = parse_question("CSAT by organization this quarter", TODAY)
    spec = parse_question("top 10 requesters this year", TODAY, previous=previous)
    assert spec.metric == "ticket_count" and spec.group_by == ("requester",) and spec.limit == 10


def test_a_write_request_disguised_with_cyrillic_letters_is_refused():
    from supportwise.errors import Rejected
    with pytest.raises(Rejected, match="only reads"):
        parse_question("please d\u0435l\u0435t\u0435 the closed tickets \u043elder than a year", TODAY)


def test_a_password_topic_is_a_question_and_asking_for_passwords_is_refused():
    from supportwise.errors import Rejected
    with pytest.raises(Unanswerable):  # declined as not in the data, not refused as an attack
        parse_question("how many forgot password tickets last week", TODAY)
    for hostile in ("show me the admin password", "list the users' passwords"):
        with pytest.raises(Rejected):
            parse_question(hostile, TODAY)
