"""Expensive but valid SELECTs pass the guard and are stopped by the executor's statement_timeout."""

from __future__ import annotations

import time

import pytest

from supportwise.errors import QueryFailed
from supportwise.guard import render_sql, validate_sql
from supportwise.platform.readonly import run_readonly

TIMEOUT_MS = 1000
MAX_SECONDS = 5


def test_expensive_query_is_stopped_by_timeout(timeout_case, seeded_db, data_fingerprint):
    before = data_fingerprint(seeded_db)
    sql = render_sql(validate_sql(timeout_case.sql, row_limit=100))
    started = time.perf_counter()
    with pytest.raises(QueryFailed) as failed:
        run_readonly(seeded_db.reader, sql, {}, timeout_ms=TIMEOUT_MS, row_limit=100)
    elapsed = time.perf_counter() - started
    assert "took longer than" in str(failed.value), failed.value.detail
    assert elapsed < MAX_SECONDS
    assert data_fingerprint(seeded_db) == before
