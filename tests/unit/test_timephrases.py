"""Table-driven tests for supportwise.engine.periods.phrases (CONTRACT.md §2, half-open ranges)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from supportwise.engine.periods.phrases import ALL_TIME, Period, find_all_periods, parse_date, parse_period
from supportwise.engine.periods.releases import find_release_spans

MON = date(2026, 11, 23)   # a Monday
SUN = date(2026, 11, 22)   # a Sunday
NY = date(2026, 1, 1)      # a Thursday, first day of the year
LEAP = date(2024, 2, 29)   # leap day, a Thursday
FEB = date(2026, 2, 10)    # a Tuesday in Q1
MID = date(2026, 11, 10)   # a Tuesday, before Nov 15


def d(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


# (today, text, expected start, expected end exclusive)
RANGES = [
    # --- today / yesterday -------------------------------------------------------
    (MON, "How many urgent tickets did we get last week?", "2026-11-16", "2026-11-23"),
    (MON, "tickets today", "2026-11-23", "2026-11-24"),
    (MON, "yesterday", "2026-11-22", "2026-11-23"),
    (MON, "yesterday's tickets", "2026-11-22", "2026-11-23"),
    (MON, "the day before yesterday", "2026-11-21", "2026-11-22"),
    (MON, "What came in this morning?", "2026-11-23", "2026-11-24"),
    (NY, "yesterday", "2025-12-31", "2026-01-01"),
    (LEAP, "today", "2024-02-29", "2024-03-01"),
    # --- weeks ---------------------------------------------------------------------
    (MON, "this week", "2026-11-23", "2026-11-24"),
    (MON, "tickets in the current week", "2026-11-23", "2026-11-24"),
    (MON, "previous week", "2026-11-16", "2026-11-23"),
    (MON, "over the past week", "2026-11-16", "2026-11-23"),
    (MON, "LAST WEEK", "2026-11-16", "2026-11-23"),
    (MON, "week to date", "2026-11-23", "2026-11-24"),
    (SUN, "this week", "2026-11-16", "2026-11-23"),
    (SUN, "last week", "2026-11-09", "2026-11-16"),
    (NY, "this week", "2025-12-29", "2026-01-02"),
    (NY, "last week", "2025-12-22", "2025-12-29"),
    (LEAP, "this week", "2024-02-26", "2024-03-01"),
    (LEAP, "last week", "2024-02-19", "2024-02-26"),
    # --- months --------------------------------------------------------------------
    (MON, "this month", "2026-11-01", "2026-11-24"),
    (MON, "current month", "2026-11-01", "2026-11-24"),
    (MON, "last month", "2026-10-01", "2026-11-01"),
    (MON, "CSAT for the previous month", "2026-10-01", "2026-11-01"),
    (MON, "month to date", "2026-11-01", "2026-11-24"),
    (MON, "tickets MTD", "2026-11-01", "2026-11-24"),
    (NY, "this month", "2026-01-01", "2026-01-02"),
    (NY, "last month", "2025-12-01", "2026-01-01"),
    (LEAP, "this month", "2024-02-01", "2024-03-01"),
    (LEAP, "last month", "2024-01-01", "2024-02-01"),
    # --- quarters ------------------------------------------------------------------
    (MON, "this quarter", "2026-10-01", "2026-11-24"),
    (MON, "current quarter", "2026-10-01", "2026-11-24"),
    (MON, "last quarter", "2026-07-01", "2026-10-01"),
    (MON, "previous quarter", "2026-07-01", "2026-10-01"),
    (MON, "quarter-to-date", "2026-10-01", "2026-11-24"),
    (NY, "this quarter", "2026-01-01", "2026-01-02"),
    (NY, "last quarter", "2025-10-01", "2026-01-01"),
    (MON, "Q1", "2026-01-01", "2026-04-01"),
    (MON, "How many tickets came in during Q3?", "2026-07-01", "2026-10-01"),
    (MON, "Q4", "2026-10-01", "2027-01-01"),
    (MON, "Q3 2025", "2025-07-01", "2025-10-01"),
    (MON, "2025 Q3", "2025-07-01", "2025-10-01"),
    (MON, "2025-Q2", "2025-04-01", "2025-07-01"),
    (MON, "Q3 of 2025", "2025-07-01", "2025-10-01"),
    (MON, "third quarter", "2026-07-01", "2026-10-01"),
    (MON, "the fourth quarter of 2025", "2025-10-01", "2026-01-01"),
    (MON, "2nd quarter 2025", "2025-04-01", "2025-07-01"),
    (FEB, "Q1", "2026-01-01", "2026-04-01"),
    (FEB, "Q2", "2025-04-01", "2025-07-01"),
    (NY, "Q4", "2025-10-01", "2026-01-01"),
    (LEAP, "q1", "2024-01-01", "2024-04-01"),
    # --- years ---------------------------------------------------------------------
    (MON, "this year", "2026-01-01", "2026-11-24"),
    (MON, "tickets this year so far", "2026-01-01", "2026-11-24"),
    (MON, "last year", "2025-01-01", "2026-01-01"),
    (MON, "previous year", "2025-01-01", "2026-01-01"),
    (MON, "year to date", "2026-01-01", "2026-11-24"),
    (MON, "ytd", "2026-01-01", "2026-11-24"),
    (MON, "in 2025", "2025-01-01", "2026-01-01"),
    (MON, "during 2024", "2024-01-01", "2025-01-01"),
    (MON, "in the year 2023", "2023-01-01", "2024-01-01"),
    (NY, "this year", "2026-01-01", "2026-01-02"),
    (LEAP, "last year", "2023-01-01", "2024-01-01"),
    # --- month names ---------------------------------------------------------------
    (MON, "in March", "2026-03-01", "2026-04-01"),
    (MON, "march tickets", "2026-03-01", "2026-04-01"),
    (MON, "in December", "2025-12-01", "2026-01-01"),
    (MON, "november", "2026-11-01", "2026-12-01"),
    (MON, "in sept", "2026-09-01", "2026-10-01"),
    (MON, "Sep. volume", "2026-09-01", "2026-10-01"),
    (MON, "in May", "2026-05-01", "2026-06-01"),
    (MON, "for may 2025", "2025-05-01", "2025-06-01"),
    (MON, "March 2025", "2025-03-01", "2025-04-01"),
    (MON, "tickets from jan", "2026-01-01", "2026-02-01"),
    (NY, "in December", "2025-12-01", "2026-01-01"),
    (NY, "January", "2026-01-01", "2026-02-01"),
    (NY, "in February", "2025-02-01", "2025-03-01"),
    (FEB, "in March", "2025-03-01", "2025-04-01"),
    (FEB, "February", "2026-02-01", "2026-03-01"),
    (LEAP, "March", "2023-03-01", "2023-04-01"),
    # --- last N days / weeks / months ---------------------------------------------
    (MON, "last 7 days", "2026-11-17", "2026-11-24"),
    (MON, "the last 7 days", "2026-11-17", "2026-11-24"),
    (MON, "in the past 30 days", "2026-10-25", "2026-11-24"),
    (MON, "last seven days", "2026-11-17", "2026-11-24"),
    (MON, "past 1 day", "2026-11-23", "2026-11-24"),
    (MON, "last twenty-one days", "2026-11-03", "2026-11-24"),
    (MON, "last thirty days", "2026-10-25", "2026-11-24"),
    (MON, "last 24 hours", "2026-11-23", "2026-11-24"),
    (MON, "tickets in the last 48 hours", "2026-11-22", "2026-11-24"),
    (MON, "over the last two weeks", "2026-11-09", "2026-11-23"),
    (MON, "last 4 weeks", "2026-10-26", "2026-11-23"),
    (MON, "last fortnight", "2026-11-09", "2026-11-23"),
    (MON, "last 3 months", "2026-08-01", "2026-11-01"),
    (MON, "previous twelve months", "2025-11-01", "2026-11-01"),
    (MON, "in the last 2 quarters", "2026-04-01", "2026-10-01"),
    (MON, "last 2 years", "2024-01-01", "2026-01-01"),
    (NY, "last 7 days", "2025-12-26", "2026-01-02"),
    (NY, "last 3 months", "2025-10-01", "2026-01-01"),
    (LEAP, "last 29 days", "2024-02-01", "2024-03-01"),
    (LEAP, "last 2 months", "2023-12-01", "2024-02-01"),
    # --- ago / before last ----------------------------------------------------------
    (MON, "the week before last", "2026-11-09", "2026-11-16"),
    (MON, "week before last week", "2026-11-09", "2026-11-16"),
    (MON, "the month before last", "2026-09-01", "2026-10-01"),
    (SUN, "the week before last", "2026-11-02", "2026-11-09"),
    (MON, "3 days ago", "2026-11-20", "2026-11-21"),
    (MON, "one day ago", "2026-11-22", "2026-11-23"),
    (MON, "2 weeks ago", "2026-11-09", "2026-11-16"),
    (MON, "a week ago", "2026-11-16", "2026-11-23"),
    (MON, "two months ago", "2026-09-01", "2026-10-01"),
    (MON, "a year ago", "2025-01-01", "2026-01-01"),
    (NY, "2 weeks ago", "2025-12-15", "2025-12-22"),
    # --- single dates ---------------------------------------------------------------
    (MON, "on 2026-11-01", "2026-11-01", "2026-11-02"),
    (MON, "on 11/01/2026", "2026-11-01", "2026-11-02"),
    (MON, "11/1/26", "2026-11-01", "2026-11-02"),
    (MON, "November 1st", "2026-11-01", "2026-11-02"),
    (MON, "1 November", "2026-11-01", "2026-11-02"),
    (MON, "on the 1st of November", "2026-11-01", "2026-11-02"),
    (MON, "Nov 1, 2026", "2026-11-01", "2026-11-02"),
    (MON, "Nov 1 2025", "2025-11-01", "2025-11-02"),
    (MON, "September 1", "2026-09-01", "2026-09-02"),
    (MON, "May 5", "2026-05-05", "2026-05-06"),
    (MON, "Nov 30", "2025-11-30", "2025-12-01"),
    (MON, "Dec 25", "2025-12-25", "2025-12-26"),
    (MON, "Feb 29", "2024-02-29", "2024-03-01"),
    (MID, "Nov 15", "2025-11-15", "2025-11-16"),
    (NY, "Dec 31", "2025-12-31", "2026-01-01"),
    (NY, "Jan 2", "2025-01-02", "2025-01-03"),
    (LEAP, "Feb 29", "2024-02-29", "2024-03-01"),
    (LEAP, "2/29/2024", "2024-02-29", "2024-03-01"),
    # --- weekdays -------------------------------------------------------------------
    (MON, "on Monday", "2026-11-23", "2026-11-24"),
    (MON, "last Monday", "2026-11-16", "2026-11-17"),
    (MON, "last Sunday", "2026-11-22", "2026-11-23"),
    (MON, "Friday", "2026-11-20", "2026-11-21"),
    (MON, "last Friday", "2026-11-20", "2026-11-21"),
    (MON, "this Friday", "2026-11-27", "2026-11-28"),
    (SUN, "Sunday", "2026-11-22", "2026-11-23"),
    (SUN, "last Sunday", "2026-11-15", "2026-11-16"),
    (SUN, "Monday", "2026-11-16", "2026-11-17"),
    (SUN, "last Saturday", "2026-11-21", "2026-11-22"),
    (NY, "last Monday", "2025-12-29", "2025-12-30"),
    (NY, "Thursday", "2026-01-01", "2026-01-02"),
    (NY, "last Thursday", "2025-12-25", "2025-12-26"),
    # --- since / after / before / until ---------------------------------------------
    (MON, "since Nov 1", "2026-11-01", "2026-11-24"),
    (MON, "since September 1", "2026-09-01", "2026-11-24"),
    (MON, "since last week", "2026-11-16", "2026-11-24"),
    (MON, "since March", "2026-03-01", "2026-11-24"),
    (MON, "since yesterday", "2026-11-22", "2026-11-24"),
    (MON, "starting from Oct 1", "2026-10-01", "2026-11-24"),
    (MON, "after Nov 1", "2026-11-02", "2026-11-24"),
    (MON, "before Nov 1", None, "2026-11-01"),
    (MON, "until Nov 1", None, "2026-11-02"),
    (MON, "prior to 2026", None, "2026-01-01"),
    (MON, "before last week", None, "2026-11-16"),
    (NY, "since Dec 1", "2025-12-01", "2026-01-02"),
    (LEAP, "since Feb 1", "2024-02-01", "2024-03-01"),
    # --- between / from … to ------------------------------------------------------
    (MON, "between Nov 1 and Nov 15", "2026-11-01", "2026-11-16"),
    (MON, "from Nov 1 to Nov 15", "2026-11-01", "2026-11-16"),
    (MON, "from Nov 1 through Nov 15", "2026-11-01", "2026-11-16"),
    (MON, "from Nov 1 until Nov 15", "2026-11-01", "2026-11-16"),
    (MON, "between 2026-10-01 and 2026-10-31", "2026-10-01", "2026-11-01"),
    (MON, "from 10/01/2026 to 10/15/2026", "2026-10-01", "2026-10-16"),
    (MON, "Nov 1 - Nov 15", "2026-11-01", "2026-11-16"),
    (MON, "2026-11-01 to 2026-11-07", "2026-11-01", "2026-11-08"),
    (MON, "from Dec 20 to Jan 5", "2025-12-20", "2026-01-06"),
    (MON, "between March and May", "2026-03-01", "2026-06-01"),
    (MON, "from Q1 to Q2", "2026-01-01", "2026-07-01"),
    (MON, "between 2024 and 2025", "2024-01-01", "2026-01-01"),
    (MON, "between Nov 1 2025 and Jan 5", "2025-11-01", "2026-01-06"),
    (MON, "from March to May 2025", "2025-03-01", "2025-06-01"),
    (MON, "between Monday and Wednesday", "2026-11-16", "2026-11-19"),
    (MID, "between Nov 1 and Nov 15", "2025-11-01", "2025-11-16"),
    (FEB, "between Nov 1 and Nov 15", "2025-11-01", "2025-11-16"),
    (NY, "between Dec 20 and Jan 5", "2024-12-20", "2025-01-06"),
]


@pytest.mark.parametrize("today,text,start,end", RANGES)
def test_parse_period_range(today, text, start, end):
    period, _ = parse_period(text, today)
    assert period is not None, text
    assert (period.start, period.end) == (d(start), d(end))


NO_PERIOD = [
    "which agent replied last",
    "who was the last agent to reply?",
    "may I see urgent tickets",
    "tickets by channel",
    "show the second reply",
    "tickets on mondays",
    "ticket 2025 status",
    "top 5 tickets",
    "What about the week before?",
    "compared to the previous period",
    "sat on the queue",
    "the sun is out",
    "Is the backlog growing?",
    "how many tickets per day",
    "Feb 30",
    "11/31/2026",
    "last 0 days",
    "since 2027",
    "",
]


@pytest.mark.parametrize("text", NO_PERIOD)
def test_no_period(text):
    period, rest = parse_period(text, MON)
    assert period is None
    assert rest == text.strip()
    assert find_all_periods(text, MON) == []


REMAINDER = [
    ("How many urgent tickets did we get last week?", "How many urgent tickets did we get?"),
    ("tickets in the past 30 days by channel", "tickets by channel"),
    ("Last week, how many tickets?", "how many tickets?"),
    ("yesterday's tickets", "tickets"),
    ("What was CSAT in Q3 2025?", "What was CSAT?"),
    ("tickets between Nov 1 and Nov 15 for billing", "tickets for billing"),
    ("Show p90 resolution time by week for the last 8 weeks", "Show p90 resolution time by week"),
    ("this week vs last week", "vs last week"),
    ("Urgent tickets since Nov 1, by team", "Urgent tickets, by team"),
    ("tickets on Monday from email", "tickets from email"),
    ("first response time last month", "first response time"),
]


@pytest.mark.parametrize("text,rest", REMAINDER)
def test_remaining_text(text, rest):
    period, remaining = parse_period(text, MON)
    assert period is not None
    assert remaining == rest


PHRASES = [
    ("How many urgent tickets did we get last week?", "last week", "week"),
    ("In the past 30 days", "past 30 days", "day"),
    ("What was CSAT in Q3 2025?", "q3 2025", "quarter"),
    ("tickets in 2025", "2025", "year"),
    ("Last Month please", "last month", "month"),
    ("yesterday", "yesterday", "day"),
    ("last 3 months", "last 3 months", "month"),
    ("between Nov 1 and Nov 15", "between nov 1 and nov 15", "day"),
    ("before Nov 1", "before nov 1", None),
]


@pytest.mark.parametrize("text,phrase,grain", PHRASES)
def test_phrase_and_grain(text, phrase, grain):
    period, _ = parse_period(text, MON)
    assert (period.phrase, period.grain_hint) == (phrase, grain)


ALL = [
    ("this week vs last week", [("2026-11-23", "2026-11-24"), ("2026-11-16", "2026-11-23")]),
    ("Q3 vs Q4", [("2026-07-01", "2026-10-01"), ("2026-10-01", "2027-01-01")]),
    ("compare March 2025 with March 2026",
     [("2025-03-01", "2025-04-01"), ("2026-03-01", "2026-04-01")]),
    ("last week vs the week before last",
     [("2026-11-16", "2026-11-23"), ("2026-11-09", "2026-11-16")]),
    ("between Nov 1 and Nov 15 vs last month",
     [("2026-11-01", "2026-11-16"), ("2026-10-01", "2026-11-01")]),
    ("yesterday, today and this month",
     [("2026-11-22", "2026-11-23"), ("2026-11-23", "2026-11-24"), ("2026-11-01", "2026-11-24")]),
    ("tickets by channel", []),
]


@pytest.mark.parametrize("text,expected", ALL)
def test_find_all_periods(text, expected):
    got = [(p.start, p.end) for p in find_all_periods(text, MON)]
    assert got == [(d(a), d(b)) for a, b in expected]


SHIFTS = [
    (MON, "last week", -1, "2026-11-09", "2026-11-16"),
    (MON, "last week", 1, "2026-11-23", "2026-11-30"),
    (MON, "last week", -2, "2026-11-02", "2026-11-09"),
    (MON, "this week", -1, "2026-11-16", "2026-11-23"),
    (LEAP, "this week", -1, "2024-02-19", "2024-02-26"),
    (MON, "last month", -1, "2026-09-01", "2026-10-01"),
    (MON, "this month", -1, "2026-10-01", "2026-11-01"),
    (MON, "March 2026", -1, "2026-02-01", "2026-03-01"),
    (MON, "January 2026", -1, "2025-12-01", "2026-01-01"),
    (date(2026, 3, 31), "last month", -1, "2026-01-01", "2026-02-01"),
    (LEAP, "last month", -1, "2023-12-01", "2024-01-01"),
    (MON, "last quarter", -1, "2026-04-01", "2026-07-01"),
    (MON, "Q1 2026", -1, "2025-10-01", "2026-01-01"),
    (MON, "this quarter", -1, "2026-07-01", "2026-10-01"),
    (MON, "last year", -1, "2024-01-01", "2025-01-01"),
    (MON, "this year", -1, "2025-01-01", "2026-01-01"),
    (MON, "last 7 days", -1, "2026-11-10", "2026-11-17"),
    (MON, "last 30 days", -1, "2026-09-25", "2026-10-25"),
    (MON, "last 3 months", -1, "2026-05-01", "2026-08-01"),
    (MON, "last 2 weeks", -1, "2026-10-26", "2026-11-09"),
    (MON, "between Nov 1 and Nov 15", -1, "2026-10-17", "2026-11-01"),
    (MON, "yesterday", -1, "2026-11-21", "2026-11-22"),
    (LEAP, "today", -1, "2024-02-28", "2024-02-29"),
]


@pytest.mark.parametrize("today,text,n,start,end", SHIFTS)
def test_shifted(today, text, n, start, end):
    period, _ = parse_period(text, today)
    moved = period.shifted(n)
    assert (moved.start, moved.end) == (d(start), d(end))
    assert moved.grain_hint == period.grain_hint


def test_shifted_default_is_previous():
    period, _ = parse_period("last week", MON)
    assert period.shifted() == period.shifted(-1)


@pytest.mark.parametrize("period", [ALL_TIME, parse_period("before Nov 1", MON)[0]])
def test_shifted_unbounded_raises(period):
    with pytest.raises(ValueError):
        period.shifted(-1)


LABELS = [
    ("last week", "2026-11-16 – 2026-11-22"),
    ("yesterday", "2026-11-22"),
    ("this month", "2026-11-01 – 2026-11-23"),
    ("Q4", "2026-10-01 – 2026-12-31"),
    ("before Nov 1", "up to 2026-10-31"),
]


@pytest.mark.parametrize("text,label", LABELS)
def test_label(text, label):
    assert parse_period(text, MON)[0].label() == label


def test_label_all_time():
    assert ALL_TIME.label() == "all time"
    assert Period(None, None, "").label() == "all time"


def test_period_is_frozen():
    period, _ = parse_period("last week", MON)
    with pytest.raises(AttributeError):
        period.start = MON


PARSE_DATE = [
    ("2026-11-01", "2026-11-01"),
    ("Nov 1st", "2026-11-01"),
    ("on 11/01/2026", "2026-11-01"),
    ("yesterday", "2026-11-22"),
    ("last Monday", "2026-11-16"),
    ("3 days ago", "2026-11-20"),
    ("December 25th", "2025-12-25"),
    ("the 1st of March 2025.", "2025-03-01"),
    ("March", None),
    ("last week", None),
    ("2026-02-30", None),
    ("hello", None),
    ("", None),
]


@pytest.mark.parametrize("text,expected", PARSE_DATE)
def test_parse_date(text, expected):
    assert parse_date(text, MON) == d(expected)


# --- periods measured from a feature release (feature_releases.released_at) -------------------------

RELEASED = datetime(2026, 10, 12, 16, tzinfo=timezone.utc)
RELEASES = {"Auto-sync 2.0": RELEASED, "Two-factor authentication for all plans": datetime(2026, 11, 14, 15,
                                                                                             tzinfo=timezone.utc)}


@pytest.mark.parametrize("text, expected", [
    ("tickets in the 14 days after auto-sync 2.0 shipped", [(RELEASED, RELEASED + timedelta(days=14))]),
    ("csat in the first two weeks following the auto-sync 2.0 release",
     [(RELEASED, RELEASED + timedelta(days=14))]),
    ("tickets 30 days before the launch of auto-sync 2.0", [(RELEASED - timedelta(days=30), RELEASED)]),
    ("login tickets in the 7 days after we released two-factor authentication for all plans",
     [(datetime(2026, 11, 14, 15, tzinfo=timezone.utc), datetime(2026, 11, 21, 15, tzinfo=timezone.utc))]),
    ("weekly tickets since auto-sync 2.0 went out",
     [(RELEASED, datetime(2026, 11, 24, tzinfo=timezone.utc))]),
    ("tickets in the 30 days after the auto-sync 2.0 release vs the 30 days before it",
     [(RELEASED, RELEASED + timedelta(days=30)), (RELEASED - timedelta(days=30), RELEASED)]),
    ("tickets in the month after auto-sync 2.0 shipped",
     [(RELEASED, datetime(2026, 11, 12, 16, tzinfo=timezone.utc))]),
    ("tickets after the auto-sync outage", []),                  # not a release in the table
    ("auto-sync tickets last week", []),
])
def test_release_relative_periods(text, expected):
    spans = find_release_spans(text, RELEASES, date(2026, 11, 23))
    assert [(p.start, p.end) for _, _, p in spans] == expected


def test_release_period_label_names_the_instants():
    [(_, _, period)] = find_release_spans("tickets in the 14 days after auto-sync 2.0 shipped", RELEASES,
                                          date(2026, 11, 23))
    assert period.label() == "2026-10-12 16:00 UTC – 2026-10-26 16:00 UTC"
    assert "Auto-sync 2.0 (released 2026-10-12 16:00 UTC)" in period.phrase
