"""Organization and agent names from the database, matched in questions (exact, then fuzzy).

Names are read through the reader role and refreshed after ``ttl_s`` seconds, so a new
organization is recognised without a restart.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field

import sqlalchemy as sa
from rapidfuzz.distance import Levenshtein
from sqlalchemy import Engine

_SOURCES = {"organization": "SELECT name FROM organizations", "agent": "SELECT name FROM agents"}
_MIN_FUZZY_LEN = 8
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

    @classmethod
    def of(cls, **names: list[str]) -> "NameIndex":
        return cls({dim: {simplify(n): n for n in values if n} for dim, values in names.items()})

    def find(self, text: str) -> list[NameHit]:
        """Non-overlapping name mentions in normalized text, longest names first."""
        hits: list[NameHit] = []
        taken: list[tuple[int, int]] = []
        candidates = sorted(((s, d, v) for d, m in self.names.items() for s, v in m.items()), key=lambda c: -len(c[0]))
        for simple, dimension, value in candidates:
            for match in re.finditer(r"(?<![\w-])" + re.escape(simple) + r"(?![\w-])", text):
                if not any(match.start() < e and s < match.end() for s, e in taken):
                    hits.append(NameHit(match.start(), match.end(), dimension, value))
                    taken.append((match.start(), match.end()))
        hits.extend(self._fuzzy(text, taken))
        return sorted(hits, key=lambda h: h.start)

    def _fuzzy(self, text: str, taken: list[tuple[int, int]]) -> list[NameHit]:
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
        hits = []
        for dimension, mapping in self.names.items():
            for simple, value in mapping.items():
                if len(simple) < _MIN_FUZZY_LEN:
                    continue
                n = len(simple.split())
                for i in range(len(words) - n + 1):
                    start, end = words[i][0], words[i + n - 1][1]
                    if any(start < e and s < end for s, e in taken):
                        continue
                    if Levenshtein.normalized_similarity(text[start:end], simple) >= _FUZZY_SIMILARITY:
                        hits.append(NameHit(start, end, dimension, value))
                        taken.append((start, end))
        return hits


_sources: dict[str, "NameSource"] = {}
_sources_lock = threading.Lock()


def source_for(engine: Engine) -> "NameSource":
    """One NameSource per database per process (names are refreshed by TTL, not per question)."""
    key = engine.url.render_as_string(hide_password=False)
    with _sources_lock:
        if key not in _sources:
            _sources[key] = NameSource(engine)
        return _sources[key]


class NameSource:
    """A NameIndex loaded from the database and refreshed when older than ttl_s."""

    def __init__(self, engine: Engine, ttl_s: float = 300.0):
        self._engine = engine
        self._ttl = ttl_s
        self._index: NameIndex | None = None
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    def index(self) -> NameIndex:
        with self._lock:
            if self._index is None or time.monotonic() - self._loaded_at > self._ttl:
                with self._engine.connect() as conn:
                    loaded = {dim: [r[0] for r in conn.execute(sa.text(sql))] for dim, sql in _SOURCES.items()}
                self._index = NameIndex.of(**loaded)
                self._loaded_at = time.monotonic()
            return self._index
