"""Replace personal data in text and result rows by typed placeholders.

``PiiMasker`` wraps an analyzer (see ``engine.build_analyzer``): ``find`` returns the
non-overlapping spans to hide, ``mask_text`` writes ``<EMAIL>``, ``<PHONE>``,
``<PERSON>`` … in their place, ``mask_rows`` does a result table (text cells scanned,
personal-data columns — see ``columns.py`` — replaced whole).

It never raises on a value: text it cannot analyse is replaced by ``<REDACTED>``
(fail closed — a crash would lose the answer, returning it unmasked would leak it).

``build_masker(engine)`` loads the known names from the database and caches the masker
per engine for ``NAMES_TTL_SECONDS`` (names change when customers sign up).

``masker.for_team(team)`` is the same masker for a team lead of ``team``: the full names of
that team's agents are shown (leads coach them, issue 11 item 6), everything else is masked as
before — customers, agents of other teams, every e-mail and phone, and an agent name that is
also some customer's name (showing it could not be told apart from showing the customer).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import threading
import time
import uuid
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from presidio_analyzer import AnalyzerEngine
from sqlalchemy import Engine
from sqlalchemy import text as sql_text
from sqlalchemy.exc import SQLAlchemyError

from supportwise.errors import ServiceUnavailable
from supportwise.pii.columns import is_sql_column, pii_column_type
from supportwise.pii.engine import ENTITIES, LANGUAGE, build_analyzer
from supportwise.pii.names import DEFAULT_POLICY, NameList, name_key

log = logging.getLogger(__name__)

PLACEHOLDERS = {
    "PERSON": "<PERSON>", "EMAIL_ADDRESS": "<EMAIL>", "PHONE_NUMBER": "<PHONE>", "CREDIT_CARD": "<CREDIT_CARD>",
    "IBAN_CODE": "<IBAN>", "IP_ADDRESS": "<IP_ADDRESS>", "US_SSN": "<SSN>", "URL": "<URL>",
}
REDACTED = "<REDACTED>"
# When spans of different types overlap, the longer wins; on a tie, the more specific.
TYPE_PRIORITY = ("EMAIL_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "PHONE_NUMBER", "IP_ADDRESS", "URL", "PERSON")

NAMES_TTL_SECONDS = 300.0
CACHE_SIZE = 8192            # distinct strings whose masked form is remembered
MAX_CACHED_CHARS = 4000      # longer strings are masked every time (and not kept in memory)
# spaCy refuses texts over nlp.max_length (1,000,000); long texts are analysed in windows
# that overlap by more than any PII span is long, so nothing straddles a cut unseen.
WINDOW = 50_000
WINDOW_OVERLAP = 500
MAX_DEPTH = 20               # nesting of lists/dicts inside a cell (jsonb, arrays)
# Cell types that cannot hold personal data; passed through untouched.
PLAIN_TYPES = (bool, int, float, complex, Decimal, dt.date, dt.time, dt.timedelta, uuid.UUID)

_HAS_WORD = re.compile(r"[^\W_]")
# Lone surrogates (from bad decoding upstream) make spaCy's tokenizer raise; one-for-one
# replacement keeps every offset valid for the original text.
_SURROGATE = re.compile("[\ud800-\udfff]")
_SQL_STRING = re.compile(r"'(?:[^']|'')*'")
NAMES_SQL = "SELECT name FROM public.customers WHERE name IS NOT NULL " \
            "UNION SELECT name FROM public.agents WHERE name IS NOT NULL"
# Per team, the agents a lead of that team may see by name: never one who shares a customer's name.
TEAM_AGENTS_SQL = "SELECT a.team, a.name FROM public.agents a WHERE a.name IS NOT NULL AND a.team IS NOT NULL " \
                  "AND NOT EXISTS (SELECT 1 FROM public.customers c " \
                  "WHERE lower(btrim(c.name)) = lower(btrim(a.name)))"


@dataclass(frozen=True)
class Span:
    """One stretch of text to hide: [start, end) and what it is."""

    start: int
    end: int
    entity_type: str
    score: float = 1.0

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS.get(self.entity_type, REDACTED)


class PiiMasker:
    """Masks text and rows with one analyzer; thread-safe, with an LRU of masked strings."""

    def __init__(self, analyzer: AnalyzerEngine, *, names: NameList | None = None, cache_size: int = CACHE_SIZE,
                 team_agents: Mapping[str, Iterable[str]] | None = None, shown: Iterable[str] = ()):
        self.analyzer = analyzer
        self.names = names
        self.team_agents = {team: frozenset(agents) for team, agents in (team_agents or {}).items()}
        # name_key()s of the full names this masker leaves as they are (a team's own agents)
        self.shown = frozenset(name_key(n) for n in shown)
        self._cache_size = cache_size
        self._team_views: dict[str, PiiMasker] = {}
        self._mask_cached = functools.lru_cache(maxsize=cache_size)(self._mask_str)

    def for_team(self, team: str | None) -> "PiiMasker":
        """This masker as a lead of ``team`` needs it: that team's agents' full names are shown.

        >>> masker.for_team("Billing").mask_text("Olivia Johnson (Billing agent) replied to Kenji Tanaka")
        'Olivia Johnson (Billing agent) replied to <PERSON>'
        """
        if not team:
            return self
        view = self._team_views.get(team)
        if view is None:
            view = PiiMasker(self.analyzer, names=self.names, cache_size=self._cache_size,
                             shown=self.team_agents.get(team, ()))
            view = self._team_views.setdefault(team, view)
        return view

    def _is_shown(self, text: str) -> bool:
        return bool(self.shown) and name_key(text) in self.shown

    # --- spans -----------------------------------------------------------------------
    def find(self, text: str) -> list[Span]:
        """The spans to hide in ``text``, sorted and non-overlapping (overlaps merged)."""
        if not isinstance(text, str) or not _HAS_WORD.search(text):
            return []
        spans: list[Span] = []
        text = _SURROGATE.sub("\ufffd", text)
        for offset, window in _windows(text):
            for r in self.analyzer.analyze(window, language=LANGUAGE, entities=list(ENTITIES)):
                if r.entity_type == "PERSON" and self._is_shown(window[r.start:r.end]):
                    continue
                spans.append(Span(r.start + offset, r.end + offset, r.entity_type, r.score))
        return merge_spans(spans)

    # --- text ------------------------------------------------------------------------
    def mask_text(self, text: Any) -> Any:
        """``text`` with each PII span replaced by its placeholder.

        >>> masker.mask_text("Call Olivia Johnson on +1 415-555-0134")
        'Call <PERSON> on <PHONE>'

        None stays None, bytes are decoded (UTF-8, lenient) and masked, other non-text
        values (numbers, dates …) are returned unchanged.
        """
        if isinstance(text, (bytes, bytearray, memoryview)):
            text = bytes(text).decode("utf-8", errors="replace")
        if not isinstance(text, str):
            return text
        if not _HAS_WORD.search(text):
            return text
        if len(text) <= MAX_CACHED_CHARS:
            return self._mask_cached(text)
        return self._mask_str(text)

    def _mask_str(self, text: str) -> str:
        try:
            spans = self.find(text)
        except Exception:  # noqa: BLE001 — any analyzer failure must fail closed, not leak or crash
            log.exception("PII analysis failed on a %d-character text; redacting it whole", len(text))
            return REDACTED
        return replace_spans(text, spans)

    def mask_sql(self, sql: Any) -> Any:
        """SQL with only its string literals masked ("WHERE a.name = '<PERSON>'").

        The analyzer would read ``t.id`` or ``a.name`` as web addresses; the personal
        data in shown SQL is in the bound values written in as literals.
        """
        if not isinstance(sql, str):
            return self.mask_text(sql)
        return _SQL_STRING.sub(lambda m: "'" + self.mask_text(m.group(0)[1:-1].replace("''", "'"))
                               .replace("'", "''") + "'", sql)

    # --- cells and rows --------------------------------------------------------------
    def mask_value(self, value: Any, column: object = None, _depth: int = 0) -> Any:
        """One cell: by its column's rule if it is a PII column, else its text scanned.

        Lists, tuples and other sequences (arrays) are masked item by item, dicts (jsonb)
        key by key with the column rule; numbers, dates and the like pass unchanged; any
        other object is judged by its ``str()`` (an ``inet`` value is an IP address).
        """
        kind = pii_column_type(column) if column is not None else None
        if kind is not None:
            return self.mask_whole(value, kind)
        if column is not None and is_sql_column(column):
            return self.mask_sql(value)
        if value is None or isinstance(value, PLAIN_TYPES):
            return value
        if isinstance(value, (str, bytes, bytearray, memoryview)):
            return self.mask_text(value)
        if _depth >= MAX_DEPTH:
            return REDACTED
        if isinstance(value, dict):
            return {self.mask_text(k): self.mask_value(v, k, _depth + 1) for k, v in value.items()}
        if type(value) in (list, tuple):
            return type(value)(self.mask_value(v, None, _depth + 1) for v in value)
        if isinstance(value, (Sequence, set, frozenset)):
            return [self.mask_value(v, None, _depth + 1) for v in value]
        shown = str(value)
        masked = self.mask_text(shown)
        return value if masked == shown else masked

    def mask_rows(self, columns: Sequence[object] | None, rows: Iterable[Any] | None) -> list[Any]:
        """Rows as lists, PII columns replaced whole and every other cell masked.

        A row may be any sequence (list, tuple, SQLAlchemy ``Row``); cells beyond the
        named columns are scanned like ordinary ones.
        """
        columns = list(columns or [])
        kinds = [pii_column_type(c) for c in columns]
        sql = [is_sql_column(c) for c in columns]
        masked = []
        for row in rows or []:
            if isinstance(row, (str, bytes, dict)) or not isinstance(row, Sequence):
                masked.append(self.mask_value(row))
                continue
            out = []
            for i, value in enumerate(row):
                if i < len(columns) and kinds[i] is not None:
                    out.append(self.mask_whole(value, kinds[i]))
                elif i < len(columns) and sql[i]:
                    out.append(self.mask_sql(value))
                else:
                    out.append(self.mask_value(value))
            masked.append(out)
        return masked

    def mask_whole(self, value: Any, entity_type: str) -> Any:
        """A cell of a personal-data column: its placeholder, unless it is a name this masker shows."""
        if entity_type == "PERSON" and isinstance(value, str) and self._is_shown(value):
            return value
        return mask_whole(value, entity_type)

    def mask_record(self, record: Any) -> Any:
        """A dict (an audit row, an export line) masked key by key with the column rule."""
        if not isinstance(record, dict):
            return self.mask_value(record)
        return {k: self.mask_value(v, k) for k, v in record.items()}


def mask_whole(value: Any, entity_type: str) -> Any:
    """The placeholder for a cell of a personal-data column; NULL and booleans stay."""
    if value is None or isinstance(value, bool):
        return value
    return PLACEHOLDERS.get(entity_type, REDACTED)


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted, non-overlapping spans: overlapping ones become one, typed by the longest."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            winner = max(last, span, key=_rank)
            merged[-1] = Span(last.start, max(last.end, span.end), winner.entity_type, max(last.score, span.score))
        else:
            merged.append(span)
    return merged


def _rank(span: Span) -> tuple[int, int]:
    priority = TYPE_PRIORITY.index(span.entity_type) if span.entity_type in TYPE_PRIORITY else len(TYPE_PRIORITY)
    return span.end - span.start, -priority


def replace_spans(text: str, spans: Sequence[Span]) -> str:
    """``text`` with each (sorted, non-overlapping) span replaced by its placeholder."""
    if not spans:
        return text
    parts, pos = [], 0
    for span in spans:
        parts.append(text[pos:span.start])
        parts.append(span.placeholder)
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts)


def _windows(text: str) -> Iterable[tuple[int, str]]:
    if len(text) <= WINDOW:
        yield 0, text
        return
    step = WINDOW - WINDOW_OVERLAP
    for start in range(0, len(text), step):
        yield start, text[start:start + WINDOW]
        if start + WINDOW >= len(text):
            break


# --- the per-engine masker, with names from the database ------------------------------
@dataclass
class _Cached:
    loaded_at: float
    names_key: int          # hash of the name set: unchanged names need no recompiled pattern
    masker: PiiMasker


_cache: "weakref.WeakKeyDictionary[Engine, _Cached]" = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def load_names(engine: Engine) -> list[str]:
    """Every customer's and agent's name (the reader role may read both tables)."""
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(sql_text(NAMES_SQL))]


def load_team_agents(engine: Engine) -> dict[str, frozenset[str]]:
    """Per team, the full names of its agents that a lead of the team is shown (see TEAM_AGENTS_SQL)."""
    teams: dict[str, set[str]] = {}
    with engine.connect() as conn:
        for team, name in conn.execute(sql_text(TEAM_AGENTS_SQL)):
            teams.setdefault(team, set()).add(name)
    return {team: frozenset(names) for team, names in teams.items()}


def masker_for_names(names: Iterable[object], policy: str = DEFAULT_POLICY, *,
                     team_agents: Mapping[str, Iterable[str]] | None = None) -> PiiMasker:
    """A masker that knows exactly these people's names (no database needed).

    ``team_agents`` (team → agent names its lead may see) must only hold names that are no
    customer's; ``build_masker`` reads them so from the database.
    """
    name_list = NameList.from_full_names(names, policy)
    return PiiMasker(build_analyzer(name_list), names=name_list, team_agents=team_agents)


def build_masker(engine: Engine, *, ttl_seconds: float = NAMES_TTL_SECONDS, policy: str = DEFAULT_POLICY) -> PiiMasker:
    """The masker for this database, its names re-read when older than ``ttl_seconds``.

    A re-read that finds the same names keeps the masker (compiling the pattern for
    100,000 names takes seconds). If the names cannot be re-read, the previous masker is
    kept (its names are at most a little stale); with no previous one,
    ``ServiceUnavailable`` is raised — masking without any names would show them.
    """
    now = time.monotonic()
    with _cache_lock:
        cached = _cache.get(engine)
        if cached is not None and cached.masker.names.policy != policy:
            cached = None
        if cached is not None and now - cached.loaded_at < ttl_seconds:
            return cached.masker
        try:
            names = load_names(engine)
            team_agents = load_team_agents(engine)
        except SQLAlchemyError as exc:
            if cached is not None:
                log.warning("Could not refresh the names for PII masking, keeping the previous list: %s", exc)
                return cached.masker
            raise ServiceUnavailable("Cannot load the names needed to mask personal data", detail=str(exc)) from exc
        key = hash((frozenset(names), frozenset(team_agents.items())))
        if cached is not None and cached.names_key == key:
            cached.loaded_at = now
            return cached.masker
        masker = masker_for_names(names, policy, team_agents=team_agents)
        _cache[engine] = _Cached(now, key, masker)
        return masker


def clear_cache() -> None:
    """Forget every cached masker (tests; after a bulk import of customers)."""
    with _cache_lock:
        _cache.clear()
