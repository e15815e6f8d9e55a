"""VADER sentiment: known sentences, the standard thresholds, and the per-ticket summary."""

from __future__ import annotations

import pytest

from supportwise.text import sentiment

# Compound scores of vaderSentiment 3.3.2 for these exact sentences.
KNOWN = [
    ("Thanks, that fixed it!", 0.4926, "positive"),
    ("I love this product", 0.6369, "positive"),
    ("This is terrible, we lost all our data.", -0.6597, "negative"),
    ("The sync runs every 15 minutes.", 0.0, "neutral"),
]


@pytest.mark.parametrize(("text", "score", "label"), KNOWN)
def test_known_sentences(text, score, label):
    result = sentiment.analyze(text)
    assert result.score == pytest.approx(score, abs=1e-4)
    assert result.label == label


@pytest.mark.parametrize("text", [None, "", "   \n"])
def test_missing_text_is_neutral_zero(text):
    assert sentiment.analyze(text) == sentiment.Sentiment(0.0, "neutral")


@pytest.mark.parametrize(("score", "label"), [
    (0.05, "positive"), (0.0499, "neutral"), (0.0, "neutral"), (-0.0499, "neutral"), (-0.05, "negative"),
    (1.0, "positive"), (-1.0, "negative"),
])
def test_vader_standard_thresholds(score, label):
    assert sentiment.label_for(score) == label


def test_one_analyzer_is_shared():
    assert sentiment.analyzer() is sentiment.analyzer()


def test_summary_is_mean_first_last_and_label_of_the_mean():
    assert sentiment.summarize([0.5, -0.9, 0.1]) == pytest.approx((-0.1, 0.5, 0.1, "negative"))
    assert sentiment.summarize([]) == (None, None, None, None)
    assert sentiment.score_many(["I love this product", None]) == [pytest.approx(0.6369, abs=1e-4), 0.0]
