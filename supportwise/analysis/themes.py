"""From clusters to themes: names, ranking, weekly series, onset, and representative quotes.

- Name: the theme's most distinctive phrases in the customers' own words (subject lines,
  then subject and customer comments): terms scored by ``p_in · ln(p_in / p_out)`` — how
  many of the theme's tickets use the term, times how much more often than the other
  tickets do. Phrases that only ever appear together (one sentence) count once.
- Rank: by *excess unhappiness* — unhappy tickets (rated bad, or negative customer
  sentiment) beyond what the subject's overall rate predicts for a theme that size.
  Big, calm "how do I" themes sink; the themes that make customers unhappy rise.
- Onset: the day by which 5 % of a theme's tickets had arrived. A theme whose tickets came
  mostly after a release of the same area, at several times the rate before, is linked to it.
- Quotes: the first customer comment of the tickets nearest the theme's centroid.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import numpy as np

from supportwise.analysis.clustering import UNCLUSTERED
from supportwise.analysis.report import SentimentSplit, ThemeResult
from supportwise.analysis.retrieve import TicketSet, week_of
from supportwise.analysis.subject import Release
from supportwise.analysis.vectors import TermMatrix, Terms, fold, term_matrix, tokenize

PHRASES = 5                # distinctive phrases kept per theme
LABEL_PHRASES = 2          # of which the label shows
MIN_COVERAGE = 0.08        # a phrase must appear in at least 8 % of the theme's tickets
SAME_PHRASE_JACCARD = 0.8  # two phrases in (nearly) the same tickets are one phrase
QUOTES = 3
QUOTE_CHARS = 300
ONSET_QUANTILE = 0.05
NEW_THEME_DAYS = 28        # a release this far into the window has enough "before" to compare with
AFTER_SHARE = 0.75         # a theme follows a release when this share of its tickets came after it …
RATE_LIFT = 3.0            # … at this many times the daily rate before it


@dataclass(frozen=True)
class Window:
    """The days the weekly series covers: [start, end)."""

    start: date
    end: date

    def weeks(self) -> list[date]:
        first, last = week_of(self.start), week_of(self.end - timedelta(days=1))
        return [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


@dataclass
class Naming:
    """What themes are named from: subject lines alone, and subject plus customer comments."""

    subject_terms: Terms
    subjects: TermMatrix
    customer_terms: Terms
    customers: TermMatrix

    @classmethod
    def of(cls, tickets: TicketSet) -> "Naming":
        texts = [subject + "\n" + "\n".join(comments)
                 for subject, comments in zip(tickets.subjects, tickets.customer_comments)]
        subject_terms, customer_terms = tokenize(tickets.subjects, tickets.names), tokenize(texts, tickets.names)
        return cls(subject_terms, term_matrix(subject_terms), customer_terms, term_matrix(customer_terms))

    def phrases(self, inside: np.ndarray) -> list[str]:
        """Subject-line phrases (the customers' own one-line summaries) interleaved with phrases of
        their comments, each phrase once."""
        lines = distinctive_phrases(self.subjects, self.subject_terms, inside)
        words = distinctive_phrases(self.customers, self.customer_terms, inside)
        merged: list[str] = []
        for pair in zip(lines + [None] * len(words), words + [None] * len(lines)):
            for phrase in pair:
                if phrase and not any(_overlaps(phrase, seen) for seen in merged):
                    merged.append(phrase)
        return merged[:PHRASES]


def _overlaps(phrase: str, other: str) -> bool:
    """One phrase's words are all in the other's ("duplicate" and "duplicates" are one word)."""
    words, other_words = {fold(w) for w in phrase.lower().split()}, {fold(w) for w in other.lower().split()}
    return words <= other_words or other_words <= words


def unhappy_flags(tickets: TicketSet) -> np.ndarray:
    """Per ticket: rated bad, or negative sentiment in the customer's comments."""
    return np.array([s == "bad" or m == "negative" for s, m in zip(tickets.satisfaction, tickets.sentiment)],
                    dtype=bool)


def sentiment_split(labels: list[str | None]) -> SentimentSplit:
    counts = {"negative": 0, "neutral": 0, "positive": 0, "unknown": 0}
    for label in labels:
        counts[label if label in counts else "unknown"] += 1
    return SentimentSplit(**counts)


def build_themes(tickets: TicketSet, X: np.ndarray, clusters: np.ndarray, *, window: Window,
                 releases: list[Release], quote_mask=None) -> list[ThemeResult]:
    """One ThemeResult per cluster, ranked by excess unhappiness (then size)."""
    naming = Naming.of(tickets)
    unhappy = unhappy_flags(tickets)
    base_rate = float(unhappy.mean()) if len(unhappy) else 0.0
    weeks = window.weeks()
    themes = []
    for g in range(int(clusters.max()) + 1 if len(clusters) else 0):
        members = np.flatnonzero(clusters == g)
        if not len(members):
            continue
        phrases = naming.phrases(clusters == g)
        onset = _onset(tickets, members)
        themes.append(ThemeResult(
            label=label_for(phrases), phrases=phrases, tickets=len(members),
            share=100.0 * len(members) / len(tickets),
            weekly=_weekly(tickets, members, weeks), quotes=_quotes(tickets, X, members, quote_mask),
            unhappy=int(unhappy[members].sum()), excess=float(unhappy[members].sum() - base_rate * len(members)),
            sentiment=sentiment_split([tickets.sentiment[i] for i in members]),
            first_seen=onset, release=_release_before(tickets, members, window, releases),
            ticket_ids=sorted(tickets.ids[i] for i in members)))
    return sorted(themes, key=lambda t: (-round(t.excess, 6), -t.tickets, t.label))


def distinctive_phrases(matrix: TermMatrix, terms: Terms, inside: np.ndarray, limit: int = PHRASES) -> list[str]:
    """The terms that set the tickets ``inside`` apart from the rest, as customers write them."""
    present = matrix.present
    if not present.shape[1] or not inside.any():
        return []
    n_out = int((~inside).sum())
    p_in = present[inside].mean(axis=0)
    if n_out:
        p_out = (present[~inside].sum(axis=0) + 1.0) / (n_out + 2.0)
        score = np.where(p_in >= MIN_COVERAGE, p_in * np.log(np.maximum(p_in, 1e-12) / p_out), -np.inf)
    else:  # one theme holds every ticket: nothing to set it apart from, so its most common terms
        score = np.where(p_in >= MIN_COVERAGE, p_in, -np.inf)
    order = sorted(np.flatnonzero(np.isfinite(score) & (score > 0)),
                   key=lambda j: (-round(float(score[j]), 6), -len(matrix.vocabulary[j].split()),
                                  matrix.vocabulary[j]))
    chosen: list[int] = []
    inside_present = present[inside]
    for j in order:
        if len(chosen) == limit:
            break
        if any(_same_phrase(matrix.vocabulary[j], matrix.vocabulary[c], inside_present[:, j], inside_present[:, c])
               for c in chosen):
            continue
        chosen.append(j)
    return [terms.display(matrix.vocabulary[j]) for j in chosen]


def _same_phrase(term: str, other: str, docs: np.ndarray, other_docs: np.ndarray) -> bool:
    words, other_words = set(term.split()), set(other.split())
    if words <= other_words or other_words <= words:
        return True
    union = int((docs | other_docs).sum())
    return union > 0 and int((docs & other_docs).sum()) / union >= SAME_PHRASE_JACCARD


def label_for(phrases: list[str]) -> str:
    """A readable label from the top phrases: "Duplicate records / sync stuck"."""
    if not phrases:
        return "Other"
    label = " / ".join(phrases[:LABEL_PHRASES])
    return label[0].upper() + label[1:]


def _weekly(tickets: TicketSet, members: np.ndarray, weeks: list[date]) -> list[tuple[date, int]]:
    counts = dict.fromkeys(weeks, 0)
    for i in members:
        week = week_of(tickets.created[i])
        if week in counts:
            counts[week] += 1
    return list(counts.items())


def _onset(tickets: TicketSet, members: np.ndarray) -> date | None:
    days = sorted(tickets.created[i].date() for i in members)
    return days[int(math.floor(ONSET_QUANTILE * (len(days) - 1)))] if days else None


def _release_before(tickets: TicketSet, members: np.ndarray, window: Window,
                    releases: list[Release]) -> str | None:
    """The release of the subject's area that a theme followed, if one clearly did.

    A theme follows a release when at least AFTER_SHARE of its tickets came after it and its
    daily rate after the release is at least RATE_LIFT times the rate before (within the
    window). Releases in the window's first NEW_THEME_DAYS have too little "before" to tell.
    """
    best, best_lift = None, 0.0
    span_end = datetime.combine(window.end, time.min, tzinfo=timezone.utc)
    span_start = datetime.combine(window.start, time.min, tzinfo=timezone.utc)
    for release in releases:
        if not span_start + timedelta(days=NEW_THEME_DAYS) <= release.released_at < span_end:
            continue
        after = sum(1 for i in members if tickets.created[i] >= release.released_at)
        share = after / len(members)
        days_after = (span_end - release.released_at).total_seconds() / 86400
        days_before = (release.released_at - span_start).total_seconds() / 86400
        before_rate = max(len(members) - after, 0.5) / days_before  # half a ticket: no division by zero
        lift = (after / days_after) / before_rate
        if share >= AFTER_SHARE and lift >= RATE_LIFT and lift > best_lift:
            best, best_lift = release.name, lift
    return best


def _quotes(tickets: TicketSet, X: np.ndarray, members: np.ndarray, mask) -> list[str]:
    """Up to QUOTES distinct first customer comments of the tickets nearest the centroid."""
    centroid = X[members].sum(axis=0)
    closeness = X[members] @ centroid
    ranked = sorted(range(len(members)), key=lambda k: (-round(float(closeness[k]), 6), tickets.ids[members[k]]))
    quotes: list[str] = []
    for k in ranked:
        text = tickets.first_customer[members[k]]
        if not text:
            continue
        # masked before it is cut: a cut could leave half an e-mail address the masker misses
        quote = shorten(mask(text) if mask is not None else text)
        if quote not in quotes:
            quotes.append(quote)
        if len(quotes) == QUOTES:
            break
    return quotes


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    """Whitespace collapsed, cut at a word boundary with an ellipsis past ``limit`` characters."""
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def unclustered(clusters: np.ndarray) -> int:
    return int((clusters == UNCLUSTERED).sum())
