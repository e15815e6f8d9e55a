"""Sentiment of a piece of text with VADER: a compound score in [-1, 1] and a label.

One ``SentimentIntensityAnalyzer`` is built on first use and shared (loading its lexicon
takes ~0.1 s; ``polarity_scores`` only reads it, so sharing across threads is safe).

>>> analyze("Thanks, that fixed it!")
Sentiment(score=0.4926, label='positive')
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

LABELS = ("negative", "neutral", "positive")
# VADER's standard thresholds on the compound score (Hutto & Gilbert, 2014; the vaderSentiment README).
POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05

_analyzer: SentimentIntensityAnalyzer | None = None
_lock = threading.Lock()


@dataclass(frozen=True)
class Sentiment:
    score: float
    label: str


def analyzer() -> SentimentIntensityAnalyzer:
    """The shared analyzer, built once."""
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                _analyzer = SentimentIntensityAnalyzer()
    return _analyzer


def label_for(score: float) -> str:
    """'positive' from 0.05, 'negative' from -0.05 down, else 'neutral'."""
    if score >= POSITIVE_AT:
        return "positive"
    if score <= NEGATIVE_AT:
        return "negative"
    return "neutral"


def score(text: str | None) -> float:
    """VADER's compound score of ``text``; empty or missing text is 0.0 (neutral)."""
    if not text or not text.strip():
        return 0.0
    return float(analyzer().polarity_scores(text)["compound"])


def analyze(text: str | None) -> Sentiment:
    """Score and label of one text."""
    value = score(text)
    return Sentiment(value, label_for(value))


def score_many(texts: Iterable[str | None]) -> list[float]:
    """Compound scores of many texts, in order."""
    return [score(text) for text in texts]


def summarize(scores: Sequence[float]) -> tuple[float | None, float | None, float | None, str | None]:
    """(mean, first, last, label of the mean) of scores in time order; all None when empty."""
    if not scores:
        return None, None, None, None
    mean = sum(scores) / len(scores)
    return mean, scores[0], scores[-1], label_for(mean)
