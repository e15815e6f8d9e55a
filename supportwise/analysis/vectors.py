"""Tickets as vectors: TF-IDF over words and word pairs, and stored sentence embeddings.

Deterministic by construction: terms are ordered alphabetically, ties broken by name,
nothing is sampled. Tokens are lower-case words with a light plural fold ("records" and
"record" are one term, shown as the form customers write most); English stop words,
numbers and the words of people's names (requesters, agents) are dropped — names are
personal data and would otherwise surface as "distinctive phrases" of a theme.
Word pairs are of words written next to each other (no stop word between), never across a line
or a sentence, so a signature does not pair with a greeting.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few
for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's me more most mustn't
my myself no nor not now of off on once only or other ought our ours ourselves out over own same shan't she
she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then there
there's these they they'd they'll they're they've this those through to too under until up very was wasn't we
we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's
will with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves hi hello hey thanks
thank please regards best cheers dear also still get got just one two us via etc yes ok okay let know
""".split())
_SENTENCES = re.compile(r"[.!?;:\n|()\[\]\"]+")
_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*[a-z0-9]|[a-z]")
MAX_TERMS = 4000          # the most common terms kept (the matrix is dense: 6,000 tickets × 4,000 = 96 MB)
MAX_DOC_SHARE = 0.5       # a term in more than half the tickets names no theme


def fold(word: str) -> str:
    """The plural folded away: records → record, queries → query; 'status', 'access' unchanged."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")):
        return word[:-1]
    return word


@dataclass
class Terms:
    """The tokenized tickets: per ticket its terms (words and word pairs), and display forms."""

    docs: list[list[str]]
    surface: dict[str, Counter]

    def display(self, term: str) -> str:
        """A term as customers write it: each folded word in its most common written form."""
        return " ".join(self.surface[w].most_common(1)[0][0] if w in self.surface else w for w in term.split())


def tokenize(texts: list[str], names: set[str] = frozenset()) -> Terms:
    """Every text's terms (words and adjacent word pairs within a sentence)."""
    surface: dict[str, Counter] = {}
    docs = []
    for text in texts:
        terms: list[str] = []
        for sentence in _SENTENCES.split((text or "").lower().replace("’", "'")):
            previous = None  # the word just before, if it was kept: pairs are of adjacent words only
            for raw in _WORD.findall(sentence):
                raw = raw.removesuffix("'s").strip("'-")
                if len(raw) < 3 or raw in STOP_WORDS or raw in names or raw.isdigit() or not raw[0].isalpha():
                    previous = None
                    continue
                word = fold(raw)
                surface.setdefault(word, Counter())[raw] += 1
                terms.append(word)
                if previous is not None and previous != word:
                    terms.append(f"{previous} {word}")
                previous = word
        docs.append(terms)
    return Terms(docs, surface)


@dataclass
class TermMatrix:
    """Tickets × terms: L2-normalized TF-IDF weights and 0/1 presence."""

    vocabulary: list[str]
    tfidf: np.ndarray      # float32, rows of unit length (or zero for a ticket with no kept term)
    present: np.ndarray    # bool


def term_matrix(terms: Terms) -> TermMatrix:
    """TF-IDF with a sublinear term frequency and smoothed idf, over the terms worth keeping."""
    n = len(terms.docs)
    df = Counter(t for doc in terms.docs for t in set(doc))
    min_df = 3 if n >= 60 else 2
    kept = [t for t, c in df.items() if c >= min_df and c <= max(min_df, MAX_DOC_SHARE * n)]
    kept = sorted(sorted(kept), key=lambda t: -df[t])[:MAX_TERMS]
    vocabulary = sorted(kept)
    index = {t: j for j, t in enumerate(vocabulary)}
    weights = np.zeros((n, len(vocabulary)), dtype=np.float32)
    for i, doc in enumerate(terms.docs):
        for term, count in Counter(doc).items():
            j = index.get(term)
            if j is not None:
                weights[i, j] = 1.0 + math.log(count)
    present = weights > 0
    weights *= np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocabulary], dtype=np.float32)
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    weights /= np.where(norms > 0, norms, 1.0)  # in place: at 6,000 tickets a copy is 100+ MB
    return TermMatrix(vocabulary, weights, present)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1 (zero rows stay zero)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def combine(embeddings: np.ndarray | None, tfidf: np.ndarray, *, embedding_weight: float = 0.5) -> np.ndarray:
    """One unit vector per ticket: the centred embedding and the TF-IDF row, side by side.

    Dot products of the result are ``w·cos(embeddings) + (1−w)·cos(TF-IDF)``. Sentence
    embeddings of one product area all sit close together; centring them (subtracting the
    mean) spreads them out so that cosine tells themes apart. TF-IDF reads the whole public
    conversation — the agent's diagnosis is often the clearest statement of the cause —
    where the embedding only saw the subject and the customer's words.
    """
    if embeddings is None:
        return tfidf
    centred = unit_rows(embeddings - embeddings.mean(axis=0, keepdims=True))
    return np.hstack([math.sqrt(embedding_weight) * centred,
                      math.sqrt(1.0 - embedding_weight) * tfidf]).astype(np.float32)
