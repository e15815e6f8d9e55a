"""Benchmark of the demo-data seeder: ``python benchmarks/seed_benchmark.py [TICKETS] [SEED]``.

Creates a fresh database on SUPPORTWISE_BENCH_DATABASE_URL's server, or on an embedded
PostgreSQL in /tmp/swbench, migrates it, seeds TICKETS tickets (default 100,000) and
prints throughput and the process's peak RSS. Run it at two sizes to see that memory
stays flat as the ticket count grows. The database is dropped again at the end.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import sys
import time
from pathlib import Path

import psycopg

from supportwise.platform import embedded
from supportwise.platform.database import ensure_database, psycopg_conninfo, with_database
from supportwise.platform.migrate import migrate
from supportwise.seed import seed_demo

BENCH_DB = "sw_seed_bench"
TODAY = dt.date(2026, 11, 23)


def server_url() -> str:
    """The benchmark server: SUPPORTWISE_BENCH_DATABASE_URL, or an embedded one."""
    url = os.environ.get("SUPPORTWISE_BENCH_DATABASE_URL")
    if url:
        return with_database(url, "postgres")
    return embedded.ensure_postgres(Path("/tmp/swbench"))


def drop_database(server: str, name: str = BENCH_DB) -> None:
    """Remove a benchmark database, if any (set SUPPORTWISE_BENCH_KEEP=1 to keep it)."""
    with psycopg.connect(psycopg_conninfo(server), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_database(name: str = BENCH_DB, server: str | None = None) -> str:
    """Drop and recreate a benchmark database (each benchmark its own name), migrated; return its admin URL."""
    server = server or server_url()
    drop_database(server, name)
    ensure_database(server, name)
    admin = with_database(server, name)
    with psycopg.connect(psycopg_conninfo(admin)) as conn:
        migrate(conn)
    return admin


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> None:
    tickets = int(argv[1]) if len(argv) > 1 else 100_000
    seed = int(argv[2]) if len(argv) > 2 else 7
    server = server_url()
    drop_database(server)
    ensure_database(server, BENCH_DB)
    conninfo = psycopg_conninfo(with_database(server, BENCH_DB))
    with psycopg.connect(conninfo) as conn:
        migrate(conn)
    rss_before = peak_rss_mb()
    last_report = [time.perf_counter()]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last_report[0] > 5 or done == total:
            print(f"  {done:>10,} / {total:,} tickets", file=sys.stderr)
            last_report[0] = now

    with psycopg.connect(conninfo) as conn:
        stats = seed_demo(conn, tickets=tickets, seed=seed, today=TODAY, progress=progress)
    print(f"tickets:      {stats.tickets:,}")
    print(f"comments:     {stats.comments:,}")
    print(f"customers:    {stats.customers:,}")
    print(f"seconds:      {stats.seconds:.1f}")
    print(f"tickets/s:    {stats.tickets / stats.seconds:,.0f}")
    print(f"comments/s:   {stats.comments / stats.seconds:,.0f}")
    print(f"peak RSS:     {peak_rss_mb():.0f} MiB (before seeding: {rss_before:.0f} MiB)")
    if not os.environ.get("SUPPORTWISE_BENCH_KEEP"):
        drop_database(server)


if __name__ == "__main__":
    main(sys.argv)
