"""What a root-cause analysis returns: the report, its themes, and their JSON form."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from supportwise.questions.answer import json_value

SENTIMENTS = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class SentimentSplit:
    """Tickets by the sentiment of their customer comments; ``unknown`` = not enriched yet."""

    negative: int = 0
    neutral: int = 0
    positive: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        return self.negative + self.neutral + self.positive

    def shares(self) -> dict[str, float | None]:
        """Percent (0–100) of the enriched tickets per label; None when none is enriched."""
        total = self.total
        return {label: (100.0 * getattr(self, label) / total if total else None) for label in SENTIMENTS}

    def to_dict(self) -> dict[str, Any]:
        return {"negative": self.negative, "neutral": self.neutral, "positive": self.positive,
                "unknown": self.unknown, "shares": self.shares()}


@dataclass(frozen=True)
class ThemeResult:
    """One theme: its name, how many tickets (share in percent), its weekly series and quotes.

    ``unhappy`` counts tickets rated bad or with negative customer sentiment; ``excess`` is how
    many more unhappy tickets the theme has than the subject's overall rate would predict —
    themes are ranked by it, so the ones that make customers unhappy come first.
    """

    label: str
    phrases: list[str]
    tickets: int
    share: float
    weekly: list[tuple[date, int]]
    quotes: list[str]
    unhappy: int = 0
    excess: float = 0.0
    sentiment: SentimentSplit = field(default_factory=SentimentSplit)
    first_seen: date | None = None
    release: str | None = None          # a release of the subject's area just before the theme began
    ticket_ids: list[int] = field(default_factory=list)

    @property
    def unhappy_share(self) -> float:
        return 100.0 * self.unhappy / self.tickets if self.tickets else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "phrases": list(self.phrases), "tickets": self.tickets, "share": self.share,
                "weekly": [[week.isoformat(), count] for week, count in self.weekly], "quotes": list(self.quotes),
                "unhappy": self.unhappy, "unhappy_share": self.unhappy_share, "excess": round(self.excess, 2),
                "sentiment": self.sentiment.to_dict(),
                "first_seen": self.first_seen.isoformat() if self.first_seen else None,
                "release": self.release, "ticket_ids": list(self.ticket_ids)}


@dataclass
class RootCauseReport:
    """The answer to "why are customers unhappy with X?".

    ``engine`` says how themes were found (``tfidf`` or ``embeddings+tfidf``);
    ``summary_engine`` who wrote the summary (``template`` or ``llm:<provider>``).
    """

    question: str
    subject: dict[str, Any]              # kind (area | release | text), value, label
    period: dict[str, Any]               # start, end (exclusive, ISO) and label
    ticket_count: int
    sentiment: SentimentSplit
    themes: list[ThemeResult]
    summary: str
    engine: str
    summary_engine: str = "template"
    duration_ms: float = 0.0
    cost_usd: float = 0.0
    unclustered: int = 0                 # tickets in no theme (too few alike)
    truncated: bool = False              # more tickets matched than were analysed (the newest were kept)
    notices: list[str] = field(default_factory=list)
    audit_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: dates as ISO strings, numbers as numbers."""
        data = {k: v for k, v in asdict(self).items() if k not in ("sentiment", "themes")}
        data["sentiment"] = self.sentiment.to_dict()
        data["themes"] = [theme.to_dict() for theme in self.themes]
        return _json_safe(data)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if type(value).__module__ == "numpy":  # a numpy scalar (np.int64 is no int to json)
        return value.item()
    return json_value(value)
