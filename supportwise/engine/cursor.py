"""The shared state of extraction: a Cursor over the question, and what was Found in it.

A Cursor blanks out (same length) every span an extractor consumes, so positions stay
comparable and whatever is left at the end is what nobody understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from supportwise.engine.layer import load_layer
from supportwise.engine.periods.phrases import Period
from supportwise.engine.periods.words import number_value
from supportwise.engine.spec import Filter, Threshold

_NUM = r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|" \
       r"forty-eight|fifty|sixty|seventy-two|hundred)"
_NEGATORS = re.compile(r"(?:\bnot|\bnon|\bexcluding|\bexclude|\bexcept(?:\s+for)?|\bother\s+than|\bbesides|"
                       r"\bapart\s+from|\bwithout|\bno)[\s-]+(?:the\s+|any\s+)?$")


@lru_cache(maxsize=None)
def _pattern(phrase: str) -> re.Pattern:
    """A whole-word, whitespace-tolerant pattern for a phrase (compiled once)."""
    return re.compile(r"(?<![\w-])" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?![\w-])")


def to_number(raw: str) -> float:
    if raw in ("a", "an"):  # "older than a week"
        return 1.0
    try:
        return float(raw)
    except ValueError:
        return float(number_value(raw.replace("-", " ")) if raw not in {"forty-eight", "seventy-two"}
                     else {"forty-eight": 48, "seventy-two": 72}[raw])


@dataclass
class Cursor:
    text: str

    def consume(self, start: int, end: int) -> None:
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]

    def take(self, pattern: str | re.Pattern, flags: int = 0) -> re.Match | None:
        match = re.search(pattern, self.text, flags)
        if match:
            self.consume(match.start(), match.end())
        return match

    def has(self, pattern: str) -> bool:
        return re.search(pattern, self.text) is not None

    def leftover(self) -> list[str]:
        return re.findall(r"[^\W_][\w'-]*", self.text)  # Unicode letters are letters: "¿cuántos" is one word


@dataclass
class Found:
    """Everything extracted from one question; None/empty where the question said nothing."""

    text: str = ""                              # the normalized question (before typo correction)
    as_of: date | None = None                   # the configured today: ages are measured from it
    period: Period | None = None
    age_buckets: list[tuple[float, float | None]] = field(default_factory=list)  # "under a week, 1-4 weeks …"
    agents_team: bool = False                   # "by agents of each team": the agents' own teams
    per_solved: bool = False                    # "replies to resolve a ticket": a per-ticket mean over solved tickets
    release_spans: list[tuple[int, int, Period]] = field(default_factory=list)  # "14 days after <release>"
    compare: Period | None = None
    compare_previous: bool = False
    previous_period_ref: int | None = None     # follow-ups: "the week before" → -1
    period_over_period: bool = False           # "week over week": compare with the period before
    metric: str | None = None
    metric_at: int | None = None                # where the metric's words were
    statistic: str | None = None
    statistics: list[str] = field(default_factory=list)  # every statistic asked, in order (statistic = the first)
    filters: list[tuple[int, Filter]] = field(default_factory=list)   # (position, filter)
    group_by: list[str] = field(default_factory=list)
    order: str | None = None
    order_word: str | None = None
    limit: int | None = None
    listing: bool = False
    threshold: Threshold | None = None
    weekend: bool | None = None
    days_of_week: list[int] = field(default_factory=list)
    hours: tuple[int, int] | None = None
    counting: bool = False
    share: bool = False
    share_split: int | None = None
    having: tuple[str, float] | None = None     # (op, value) each group's value must meet …
    having_unit: str = "tickets"                # … a count of tickets, a percentage or hours
    compare_values: bool = False
    entity: str | None = None                   # "how many customers": count this dimension's entities
    grain_on_created: bool = False              # "by created month": group on created_at
    refers: bool = False                        # "of those", "their …": the previous answer's tickets
    also_metrics: list[tuple[str, str | None]] = field(default_factory=list)  # listed after the first: (metric, stat)


# "customer messages", "agent replies": a kind of comment, not a breakdown by customer or agent
COMMENT_NOUN = r"(?!\s+(?:messages?|comments?|replies|reply|notes?)\b)"


@lru_cache(maxsize=1)
def _dimension_alternation() -> str:
    phrases = "|".join(r"\s+".join(map(re.escape, p.split())) for p, _ in load_layer().dimension_phrases())
    return f"(?:{phrases})"


def _dimension_of(phrase: str) -> str:
    phrase = re.sub(r"\s+", " ", phrase)
    return next(name for p, name in load_layer().dimension_phrases() if p == phrase)


def negated(cur: Cursor, start: int) -> bool:
    """Whether the words just before `start` negate what follows ("not", "non", "excluding" …); consumes them."""
    match = _NEGATORS.search(cur.text[:start])
    if match:
        cur.consume(match.start(), match.end())
    return match is not None
