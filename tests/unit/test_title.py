"""The answer's title names every filter, the measure and the period (issue 11: "Tickets by channel" over
urgent tickets only read as all tickets; only the grey "Read as" line said "urgent")."""

from datetime import date

import pytest

from supportwise.engine.spec import AlsoMetric, DateRange, Filter, QuerySpec, Threshold
from supportwise.engine.title import period_words, title

DAYS30 = DateRange(start=date(2026, 10, 25), end=date(2026, 11, 24), phrase="last 30 days", grain="day")
NOVEMBER = DateRange(start=date(2026, 11, 1), end=date(2026, 12, 1), phrase="november", grain="month")
URGENT = Filter(dimension="priority", values=("urgent",))


@pytest.mark.parametrize("spec, expected", [
    (QuerySpec(filters=(URGENT,), group_by=("channel",), period=DAYS30), "Urgent tickets by channel, last 30 days"),
    (QuerySpec(group_by=("channel",), period=DAYS30), "Tickets by channel, last 30 days"),
    (QuerySpec(metric="solved_count", filters=(Filter(dimension="plan", values=("enterprise",)),), period=NOVEMBER),
     "Solved tickets from enterprise customers, November 2026"),
    (QuerySpec(metric="first_response_time", statistic="median", period=NOVEMBER,
               filters=(Filter(dimension="channel", values=("chat", "email")), URGENT)),
     "Median first response time (hours) of urgent chat or email tickets, November 2026"),
    (QuerySpec(metric="backlog", group_by=("priority",)), "Open tickets by priority, right now"),
    (QuerySpec(metric="backlog", filters=(URGENT,), as_of=date(2026, 11, 23),
               threshold=Threshold(measure="age_days", op=">", value=7)),
     "Open urgent tickets older than 7 days, right now"),
    (QuerySpec(metric="solved_count", group_by=("agent",), limit=5, period=NOVEMBER),
     "Solved tickets by agent, top 5, November 2026"),
    (QuerySpec(metric="csat", filters=(Filter(dimension="team", values=("Billing",), negate=True),), period=NOVEMBER),
     "CSAT (%) of tickets not of team Billing, November 2026"),
    (QuerySpec(filters=(Filter(dimension="channel", values=("email",), negate=True),), period=NOVEMBER),
     "Non-email tickets, November 2026"),
    (QuerySpec(also_metrics=(AlsoMetric(metric="solved_count"),), filters=(URGENT,), period=NOVEMBER),
     "Urgent tickets and solved urgent tickets, November 2026"),
    (QuerySpec(metric="share", share_filters=(URGENT,), period=NOVEMBER), "Share of urgent tickets (%), November 2026"),
    (QuerySpec(listing=True, metric="backlog", order="asc", limit=10), "10 oldest open tickets, right now"),
    (QuerySpec(filters=(Filter(dimension="tag", values=("refund", "vip"), all_of=True),), weekend=True),
     "Tickets tagged refund and vip on weekends, all time"),
])
def test_the_title_names_every_filter(spec, expected):
    assert title(spec) == expected


def test_a_team_leads_scope_is_in_the_title():
    assert title(QuerySpec(filters=(URGENT,), period=DAYS30), "Frontline") == \
        "Urgent tickets of team Frontline, last 30 days"


@pytest.mark.parametrize("period, expected", [
    (None, "all time"),
    (DateRange(start=date(2026, 10, 1), end=date(2027, 1, 1), phrase="q4", grain="quarter"), "Q4 2026"),
    (DateRange(start=date(2025, 1, 1), end=date(2026, 1, 1), phrase="last year", grain="year"), "last year"),
    (DateRange(start=date(2025, 1, 1), end=date(2026, 1, 1), phrase="in 2025", grain="year"), "2025"),
    (DateRange(start=date(2026, 11, 9), end=date(2026, 11, 16), phrase="last week (shifted -1)", grain="week"),
     "2026-11-09 – 2026-11-15"),   # a follow-up's shifted period is said by its dates
])
def test_period_words(period, expected):
    assert period_words(period) == expected
