"""What a root-cause question is about: a product area, a release, or words to search for.

    >>> resolve("Why are customers unhappy with auto-sync?", catalog, today)
    Subject(kind='area', value='auto-sync', ...), ALL_TIME

Order of precedence: a shipped release named in the question ("Auto-sync 2.0"), then "the new
feature" / "the latest release" (the latest release on or before today), then a product
area by any of the semantic layer's words for it ("autosync", "sync", "invoices" …), and
only then free text, searched with full-text search. The time phrase is read first
(``parse_period``) and removed, so "last month" is never mistaken for a subject.
A question with none of these raises ``Unanswerable`` with example questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from supportwise.engine.layer import load_layer
from supportwise.engine.periods.phrases import ALL_TIME, Period, parse_period
from supportwise.errors import InvalidInput, Unanswerable

AREA, RELEASE, TEXT = "area", "release", "text"

_LATEST = re.compile(
    r"\b(?:the\s+)?(?:new|newest|latest|last|most\s+recent|recent)\s+"
    r"(?:feature|release|launch|update|version|rollout)\b", re.IGNORECASE)

# Words that frame a root-cause question but say nothing about its subject.
_FRAME = frozenset("""
why what whats what's who how which where when is are was were be been being do does did doing has have had
the a an of to in on for with about behind around regarding re from at by and or but so as than that this these
those it its it's there their they them our we us you your i me my any some all more most much many lot lots
customers customer clients client users user people folks accounts account buyers tickets ticket requests request
unhappy happy angry upset frustrated frustrating annoyed dissatisfied disappointed mad complaining complain
complains complained complaint complaints problem problems issue issues trouble troubles pain points point
feedback saying say says said think thinks feel feels negative bad poor sentiment mood
cause causes causing caused root reason reasons driving drives driver drivers behind explain explains
going wrong main top biggest common recurring themes theme topics topic analyse analyze analysis
tell show give find see look looking getting get got can could would should will lately recently currently
so much many really very just still now today often why's keep keeps writing write wrote contacting contact
support team we're they're
""".split())

SUGGESTIONS = [
    "Why are customers unhappy with auto-sync?",
    "What's behind the billing complaints last month?",
    "What are customers saying about the latest release?",
    "Why are customers complaining about duplicates?",
]


@dataclass(frozen=True)
class Release:
    name: str
    product_area: str
    released_at: datetime


@dataclass(frozen=True)
class Catalog:
    """What subjects can be: the areas in the data (with their words) and the releases."""

    area_words: tuple[tuple[str, str], ...]   # (normalized phrase, area), longest phrase first
    releases: tuple[Release, ...]             # by released_at

    @classmethod
    def build(cls, areas: list[str], releases: list[Release]) -> "Catalog":
        """Areas as stored plus the semantic layer's words for them; releases sorted by date."""
        words: dict[str, str] = {normalize(area): area for area in areas}
        layer_values = load_layer().dimensions["product_area"].values
        for area, phrases in layer_values.items():
            if area in areas or not areas:
                for phrase in (area, *phrases):
                    words.setdefault(normalize(phrase), area)
        ordered = tuple(sorted(words.items(), key=lambda item: (-len(item[0]), item[0])))
        return cls(ordered, tuple(sorted(releases, key=lambda r: (r.released_at, r.name))))

    @property
    def areas(self) -> list[str]:
        return sorted({area for _, area in self.area_words})


@dataclass(frozen=True)
class Subject:
    """The resolved subject. ``terms`` are the search words of a free-text subject."""

    kind: str
    value: str
    label: str
    area: str | None = None
    since: datetime | None = None
    terms: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "label": self.label, "area": self.area,
                "since": self.since.isoformat() if self.since else None, "terms": list(self.terms)}


def normalize(text: str) -> str:
    """Lower case, every run of non-alphanumerics one space: "Auto-sync 2.0" → "auto sync 2 0"."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _contains(haystack: str, phrase: str) -> bool:
    return bool(phrase) and f" {phrase} " in f" {haystack} "


def resolve(question: str, catalog: Catalog, today: date) -> tuple[Subject, Period]:
    """The subject and period of a question (period ALL_TIME when it names none)."""
    if not question or not question.strip():
        raise InvalidInput("Ask about a product area, a release or a topic, e.g. "
                           "\"Why are customers unhappy with auto-sync?\"")
    period, rest = parse_period(question, today)
    period = period or ALL_TIME
    text = normalize(rest)
    subject = _release_by_name(text, catalog, today) or _latest_release(rest, catalog, today) \
        or _area(text, catalog) or _free_text(rest)
    if subject is None:
        raise Unanswerable(
            "I could not tell what to analyse: name a product area (" + ", ".join(catalog.areas) +
            "), a release (\"the latest release\", or its name) or a topic (\"duplicates\").",
            suggestions=SUGGESTIONS)
    return subject, period


def _shipped(catalog: Catalog, today: date) -> list[Release]:
    """Releases out by the end of today (one announced for later has no tickets after it yet)."""
    end = datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=timezone.utc)
    return [r for r in catalog.releases if r.released_at < end]


def _release_by_name(text: str, catalog: Catalog, today: date) -> Subject | None:
    named = [r for r in _shipped(catalog, today) if _contains(text, normalize(r.name))]
    if not named:
        return None
    release = max(named, key=lambda r: (len(r.name), r.released_at))
    return _release_subject(release)


def _latest_release(rest: str, catalog: Catalog, today: date) -> Subject | None:
    if not _LATEST.search(rest):
        return None
    shipped = _shipped(catalog, today)
    if not shipped:
        raise Unanswerable("There is no feature release on record yet, so \"the latest release\" means nothing "
                           "here.", suggestions=SUGGESTIONS)
    return _release_subject(shipped[-1])


def _release_subject(release: Release) -> Subject:
    when = release.released_at.date().isoformat()
    label = f"{release.product_area} tickets since the release \"{release.name}\" ({when})"
    return Subject(RELEASE, release.name, label,
                   area=release.product_area, since=release.released_at)


def _area(text: str, catalog: Catalog) -> Subject | None:
    for phrase, area in catalog.area_words:
        if _contains(text, phrase):
            return Subject(AREA, area, f"{area} tickets", area=area)
    return None


def _free_text(rest: str) -> Subject | None:
    words = [w for w in re.findall(r"[a-z0-9][a-z0-9'-]*", rest.lower()) if w.strip("'-")]
    terms = tuple(dict.fromkeys(w.strip("'-") for w in words if w.strip("'-") not in _FRAME and len(w) > 1))
    if not terms:
        return None
    shown = " ".join(terms)
    return Subject(TEXT, shown, f"tickets mentioning \"{shown}\"", terms=terms)
