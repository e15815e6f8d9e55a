"""Which subject and period a root-cause question names (no database: a fixed catalog)."""

from datetime import date, datetime, timezone

import pytest

from supportwise.analysis.subject import AREA, RELEASE, TEXT, Catalog, Release, resolve
from supportwise.errors import InvalidInput, Unanswerable

TODAY = date(2026, 11, 23)
AREAS = ["billing", "auto-sync", "integrations", "reporting", "mobile", "login", "api", "account"]
RELEASES = [
    Release("Auto-sync 2.0", "auto-sync", datetime(2026, 10, 12, 16, tzinfo=timezone.utc)),
    Release("Two-factor authentication for all plans", "login", datetime(2026, 11, 14, 15, tzinfo=timezone.utc)),
    Release("Scheduled exports", "reporting", datetime(2026, 8, 27, 15, tzinfo=timezone.utc)),
    Release("Dark mode", "mobile", datetime(2026, 12, 24, 15, tzinfo=timezone.utc)),  # announced, not shipped
]
CATALOG = Catalog.build(AREAS, RELEASES)

CASES = [
    ("Why are customers unhappy with auto-sync?", AREA, "auto-sync"),
    ("Why are customers unhappy with auto sync?", AREA, "auto-sync"),
    ("why is everyone angry about AUTOSYNC", AREA, "auto-sync"),
    ("What's wrong with sync?", AREA, "auto-sync"),
    ("What's behind the billing complaints last month?", AREA, "billing"),
    ("Why are people upset about invoices", AREA, "billing"),
    ("What are customers saying about reporting?", AREA, "reporting"),
    ("Why are customers unhappy with the new feature?", RELEASE, "Two-factor authentication for all plans"),
    ("What do customers think of the latest release?", RELEASE, "Two-factor authentication for all plans"),
    ("Why are customers unhappy with Auto-sync 2.0?", RELEASE, "Auto-sync 2.0"),
    ("complaints about scheduled exports since March", RELEASE, "Scheduled exports"),
    ("Why are customers complaining about duplicates?", TEXT, "duplicates"),
    ("What's behind the dark mode complaints?", TEXT, "dark mode"),  # the release is not out yet
]


@pytest.mark.parametrize("question,kind,value", CASES)
def test_subject(question, kind, value):
    subject, _ = resolve(question, CATALOG, TODAY)
    assert (subject.kind, subject.value) == (kind, value)


def test_a_release_subject_carries_its_area_and_date():
    subject, period = resolve("What's behind the complaints about the latest release?", CATALOG, TODAY)
    assert subject.area == "login" and subject.since == RELEASES[1].released_at
    assert period.start is None and period.end is None


def test_the_time_phrase_is_read_first_and_is_not_the_subject():
    subject, period = resolve("What's behind the billing complaints last month?", CATALOG, TODAY)
    assert (period.start, period.end) == (date(2026, 10, 1), date(2026, 11, 1))
    subject, period = resolve("Why are customers unhappy with auto-sync in the last 30 days?", CATALOG, TODAY)
    assert subject.value == "auto-sync" and (period.start, period.end) == (date(2026, 10, 25), date(2026, 11, 24))


@pytest.mark.parametrize("question", ["Why are customers unhappy?", "What's going on?", "why are they angry lately"])
def test_no_subject_is_unanswerable_with_suggestions(question):
    with pytest.raises(Unanswerable) as caught:
        resolve(question, CATALOG, TODAY)
    assert "product area" in str(caught.value) and "auto-sync" in str(caught.value)
    assert caught.value.suggestions


def test_an_empty_question_is_invalid():
    with pytest.raises(InvalidInput):
        resolve("   ", CATALOG, TODAY)


def test_no_release_yet_is_unanswerable():
    with pytest.raises(Unanswerable, match="no feature release"):
        resolve("Why are customers unhappy with the new feature?", Catalog.build(AREAS, []), TODAY)
