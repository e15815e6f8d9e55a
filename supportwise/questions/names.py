"""The organization and agent names the parser matches, read from the database and refreshed by TTL.

Names are read through the read-only path as the reader role and refreshed after ``ttl_s``
seconds, so a new organization is recognised without a restart. One source per database per
process: names are refreshed by TTL, not per question.
"""

from __future__ import annotations

import threading
import time

import sqlalchemy as sa
from sqlalchemy import Engine

from supportwise.engine.names import NameIndex
from supportwise.platform.readonly import read_only

_SOURCES = {"organization": "SELECT name FROM organizations", "agent": "SELECT name FROM agents"}
_RELEASES = "SELECT name, released_at FROM feature_releases"  # "the 14 days after Auto-sync 2.0 shipped"
LOAD_TIMEOUT_MS = 10_000

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
                with read_only(self._engine, timeout_ms=LOAD_TIMEOUT_MS) as conn:
                    loaded = {dim: [r[0] for r in conn.execute(sa.text(sql))] for dim, sql in _SOURCES.items()}
                    releases = dict(conn.execute(sa.text(_RELEASES)).all())
                self._index = NameIndex.of(releases, **loaded)
                self._loaded_at = time.monotonic()
            return self._index
