"""The Trends page's fixed queries (views.fixed_queries: guarded, scoped, read-only as the reader), cached in Redis.

The cache key is the query's name, its parameters, the asker's team scope (a team lead's
figures never serve anyone else) and ``data_version()``, a cheap fingerprint of the tickets
and the text enrichment, so new data or a finished enrichment shows at once. A range that ends
before today is stable (24 h);
one that includes today may still change (5 min) — resultcache's TTLs.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
import redis

from supportwise.platform.database import Database
from supportwise.questions.answer import json_value
from supportwise.questions.cache import ResultCache, ttl_for
from supportwise.views import fixed_queries

log = logging.getLogger(__name__)

DATE_COLUMNS = ("day", "week")  # come back from the cache as ISO strings


def cache_key(name: str, params: dict[str, Any], scope_team: str | None, version: str = "") -> str:
    """sha256 of the query name, its parameters (JSON, sorted), the scope and the data version."""
    payload = json.dumps({"q": name, "p": {k: json_value(v) for k, v in params.items()}, "s": scope_team or "*",
                          "v": version}, sort_keys=True)
    return "trends:" + hashlib.sha256(payload.encode()).hexdigest()


def run(db: Database, name: str, params: dict[str, Any], *, timezone: str = "UTC", timeout_ms: int = 10_000,
        cache: ResultCache | None = None, scope_team: str | None = None, range_end: date | None = None,
        today: date | None = None, version: str = "") -> pd.DataFrame:
    """The rows of sql/queries/<name>.sql for params, from the cache when there.

    ``range_end`` is the exclusive end of the days the result covers (None: "now", short TTL).
    """
    key = cache_key(name, params, scope_team, version) if cache is not None else None
    if key is not None:
        try:
            hit = cache.get(key)
        except redis.RedisError as exc:  # the cache is an optimisation: run the query instead
            log.warning("trends cache unavailable: %s", exc)
            hit, key = None, None
        if hit is not None:
            columns, rows = hit
            return _typed(pd.DataFrame(rows, columns=columns))
    frame = _execute(db, name, params, timezone, timeout_ms, scope_team)
    if key is not None:
        try:
            cache.put(key, list(frame.columns), list(frame.itertuples(index=False, name=None)),
                      ttl_for(range_end, today or date.today()))
        except redis.RedisError as exc:
            log.warning("trends cache unavailable: %s", exc)
    return frame


def data_version(db: Database, *, timezone: str = "UTC", timeout_ms: int = 10_000,
                 scope_team: str | None = None) -> str:
    """The fingerprint of the (scoped) tickets and their enrichment that every cache key includes."""
    return str(_execute(db, "trends_data_version", {}, timezone, timeout_ms, scope_team).at[0, "version"])


def _execute(db: Database, name: str, params: dict[str, Any], timezone: str, timeout_ms: int,
             scope_team: str | None) -> pd.DataFrame:
    # Day and week buckets follow the configured time zone (CONTRACT §2), like questions do.
    frame = fixed_queries.support_frame(db, name, params, scope_team=scope_team, timeout_ms=timeout_ms, tz=timezone)
    for column in frame.columns:  # PostgreSQL numerics arrive as Decimal; the cache hands back floats
        if frame[column].map(lambda v: isinstance(v, Decimal)).any():
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for column in DATE_COLUMNS:
        if column in frame.columns:
            frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame
