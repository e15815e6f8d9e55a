"""Audit insert throughput with the hash chain: ``python -m benchmarks.audit_benchmark [ROWS] [WRITERS]``.

Writes ROWS audit rows (default 4,000) from WRITERS threads (default 8) into a fresh database on
the embedded PostgreSQL in /tmp/swbench (or SUPPORTWISE_BENCH_DATABASE_URL's server), prints
rows/s, then verifies the chain and prints how long verification took.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor

from benchmarks.seed_benchmark import drop_database, fresh_database, server_url
from supportwise.platform.database import Database
from supportwise.platform.settings import Settings
from supportwise.records import audit
from supportwise.records.roles import Principal


def main(argv: list[str]) -> None:
    rows = int(argv[1]) if len(argv) > 1 else 4000
    writers = int(argv[2]) if len(argv) > 2 else 8
    admin = fresh_database()
    database = Database.for_admin_url(admin, Settings.from_env({}))

    def write(i: int) -> None:
        audit.record(database.app, Principal(f"user{i % writers}", "team_lead", "Frontline"), "question",
                     question=f"How many urgent tickets did we get last week? #{i}", sql="SELECT 1", row_count=1,
                     duration_ms=12.5, engine="semantic", status="ok")

    started = time.perf_counter()
    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(write, range(rows)))
    seconds = time.perf_counter() - started
    print(f"audit inserts: {rows:,} rows from {writers} parallel writers in {seconds:.2f} s "
          f"= {rows / seconds:,.0f} rows/s")
    started = time.perf_counter()
    check = audit.verify_chain(database.app)
    print(f"verify chain: {check.rows:,} rows, ok={check.ok}, {time.perf_counter() - started:.2f} s")
    database.dispose()
    drop_database(server_url())


if __name__ == "__main__":
    main(sys.argv)
