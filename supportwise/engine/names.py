"""Organization and agent names matched in questions (exact, then fuzzy).

Pure text matching over a NameIndex; the names themselves are read from the database by
``supportwise.questions.names`` (the engine never touches a connection).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from rapidfuzz import process
from rapidfuzz.distance import OSA

_MIN_FUZZY_LEN = 8
_LEGAL_SUFFIX = re.compile(r"\s+(?:inc|llc|ltd|ltda|plc|gmbh|ag|sa|s a|s a s|sas|srl|bv|nv|kk|k k|co|corp|"
                           r"corporation|company|limited|pty|oy|ab|as|spa|s p a)$")
_FUZZY_SIMILARITY = 0.88


def simplify(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s&-]", " ", name.lower())).strip()


@dataclass(frozen=True)
class NameHit:
    start: int
    end: int
    dimension: str
    value: str


@dataclass
class NameIndex:
    """Known names per dimension: simplified form → name as stored."""

    names: dict[str, dict[str, str]] = field(default_factory=dict)
    releases: dict[str, datetime] = field(default_factory=dict)   # feature release name → released_at

    @classmethod
    def of(cls, releases: dict[str, datetime] | None = None, **names: list[str]) -> "NameIndex":
        """Index each name as written and, when unambiguous, without its legal suffix ("Jetstream Analytics")."""
        index: dict[str, dict[str, str]] = {}
        for dim, values in names.items():
            mapping = {simplify(n): n for n in values if n}
            short: dict[str, list[str]] = {}
            for simple, name in mapping.items():
                stripped = _LEGAL_SUFFIX.sub("", simple).strip()
                if stripped != simple and len(stripped) >= 4:
                    short.setdefault(stripped, []).append(name)
            for stripped, owners in short.items():
                if len(owners) == 1 and stripped not in mapping:
                    mapping[stripped] = owners[0]
            index[dim] = mapping
        return cls(index, dict(releases or {}))

    _exact: re.Pattern | None = field(default=None, repr=False)
    _lookup: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)

    def _pattern(self) -> re.Pattern | None:
        # One alternation, longest names first, so "Acme Corp Europe" wins over "Acme Corp".
        if self._exact is None and any(self.names.values()):
            self._lookup = {s: (d, v) for d, m in self.names.items() for s, v in m.items()}
            ordered = sorted(self._lookup, key=len, reverse=True)
            self._exact = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ordered)) + r")(?![\w-])")
        return self._exact

    def find(self, text: str) -> list[NameHit]:
        """Non-overlapping name mentions in normalized text: exact first, then fuzzy."""
        hits: list[NameHit] = []
        pattern = self._pattern()
        if pattern is not None:
            for match in pattern.finditer(text):
                dimension, value = self._lookup[match.group(1)]
                hits.append(NameHit(match.start(), match.end(), dimension, value))
        taken = [(h.start, h.end) for h in hits]
        hits.extend(self._fuzzy(text, taken))
        return sorted(hits, key=lambda h: h.start)

    def _fuzzy(self, text: str, taken: list[tuple[int, int]]) -> list[NameHit]:
        """Typos in longer names ("globex industires"): word n-grams scored against names of n words."""
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)
                 if not any(m.start() < e and s < m.end() for s, e in taken)]
        by_length: dict[int, list[str]] = {}
        for simple in self._lookup:
            if len(simple) >= _MIN_FUZZY_LEN:
                by_length.setdefault(len(simple.split()), []).append(simple)
        hits: list[NameHit] = []
        used: list[tuple[int, int]] = []
        for n, choices in sorted(by_length.items(), reverse=True):
            for i in range(len(words) - n + 1):
                start, end = words[i][0], words[i + n - 1][1]
                if any(start < e and s < end for s, e in used) or end - start < _MIN_FUZZY_LEN - 2:
                    continue
                best = process.extractOne(text[start:end], choices, scorer=OSA.normalized_similarity,
                                          score_cutoff=_FUZZY_SIMILARITY)
                if best is not None:
                    dimension, value = self._lookup[best[0]]
                    hits.append(NameHit(start, end, dimension, value))
                    used.append((start, end))
        return hits
