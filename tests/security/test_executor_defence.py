"""Defence in depth: run_readonly alone (no guard) must refuse writes, secrets, files and long queries.

Each case from executor_bypass.yaml goes straight to supportwise.platform.readonly.run_readonly as the
reader role. A case that does NOT fail here is a real hole in the executor or the database
roles, not in the test: report it, don't weaken the case.
"""

from __future__ import annotations

import time

import psycopg
import pytest

from supportwise.errors import QueryFailed
from supportwise.platform.database import psycopg_conninfo
from supportwise.platform.readonly import run_readonly

TIMEOUT_MS = 2000
SLEEP_SECONDS = 5


def _run(seeded_db, sql: str):
    return run_readonly(seeded_db.reader, sql, {}, timeout_ms=TIMEOUT_MS, row_limit=100)


def test_executor_alone_holds(bypass_case, seeded_db, data_fingerprint):
    before = data_fingerprint(seeded_db)
    for step in getattr(bypass_case, "setup", None) or []:
        try:
            _run(seeded_db, step)
        except QueryFailed:
            pass  # a setup step may be refused already; the case is about what follows
    started = time.perf_counter()
    with pytest.raises(QueryFailed) as failed:
        _run(seeded_db, bypass_case.sql)
    elapsed = time.perf_counter() - started
    assert bypass_case.expect in ("refused", "timeout", "bounded")
    if bypass_case.expect == "timeout":
        assert "took longer than" in str(failed.value), f"not stopped by the timeout: {failed.value.detail}"
    if bypass_case.expect == "refused":
        assert "took longer than" not in str(failed.value)
    else:
        assert elapsed < SLEEP_SECONDS, f"ran {elapsed:.1f} s"
    assert data_fingerprint(seeded_db) == before


def test_reader_is_read_only_by_default(seeded_db):
    result = _run(seeded_db, "SELECT current_user, current_setting('default_transaction_read_only'), "
                             "current_setting('transaction_read_only')")
    assert result.rows == [("supportwise_reader", "on", "on")]


def test_reader_cannot_block_the_audit_lock(seeded_db):
    """A session advisory lock taken through run_readonly must not survive on the pooled connection."""
    audit_key = 0x5357_4155  # supportwise.records.audit._LOCK_KEY
    try:
        _run(seeded_db, f"SELECT pg_advisory_lock({audit_key})")
    except QueryFailed:
        pass  # refusing it outright is the fix
    with seeded_db.admin.connect() as conn:
        free = conn.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({audit_key})").scalar()
    assert free, "the reader's pooled connection still holds the audit writer's advisory lock"


def test_reader_cannot_kill_other_questions(seeded_db):
    """Another person's question runs on another reader session; run_readonly must not be able to end it."""
    with psycopg.connect(psycopg_conninfo(seeded_db.reader_url), autocommit=True) as victim:
        victim_pid = victim.info.backend_pid
        try:
            _run(seeded_db, f"SELECT pg_terminate_backend({victim_pid})")
        except QueryFailed:
            pass  # refusing it outright is the fix
        try:
            alive = victim.execute("SELECT 1").fetchone() == (1,)
        except psycopg.OperationalError:
            alive = False
    assert alive, "run_readonly terminated another reader session (pg_terminate_backend is open to the role)"
