"""Answer cache in Redis, keyed by what was actually run and for whom.

The key is a fingerprint of the sqlglot-normalized SQL with its values written in, plus
the asker's data scope (a team lead's cached answer never serves another team). Results
over ranges that ended before today are stable (24 h); anything touching today lives 5 min.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

import redis
import sqlglot

from supportwise.engine.periods.period import like_bound
from supportwise.questions.answer import json_value

STABLE_TTL_S = 24 * 3600
VOLATILE_TTL_S = 5 * 60


def fingerprint(display_sql: str, scope_team: str | None) -> str:
    """sha256 of the canonical SQL (whitespace, case and quoting normalized) and the scope."""
    canonical = sqlglot.transpile(display_sql, read="postgres", write="postgres", normalize=True)[0]
    return hashlib.sha256(f"{canonical}\x00{scope_team or '*'}".encode()).hexdigest()


def ttl_for(period_end: date | None, today: date) -> int:
    """24 h when the range ended before today; 5 min when it touches today or is open-ended."""
    return STABLE_TTL_S if period_end is not None and period_end <= like_bound(today, period_end) else VOLATILE_TTL_S


class ResultCache:
    def __init__(self, client: redis.Redis):
        self._redis = client

    def get(self, key: str) -> tuple[list[str], list[list[Any]]] | None:
        raw = self._redis.get(f"sw:result:{key}")
        if raw is None:
            return None
        data = json.loads(raw)
        return data["columns"], data["rows"]

    def put(self, key: str, columns: list[str], rows: list[tuple[Any, ...]], ttl_s: int) -> None:
        payload = json.dumps({"columns": columns, "rows": [[json_value(v) for v in r] for r in rows]})
        self._redis.set(f"sw:result:{key}", payload, ex=ttl_s)
