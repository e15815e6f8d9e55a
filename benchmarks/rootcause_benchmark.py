"""Root-cause analysis benchmark: ``python -m benchmarks.rootcause_benchmark [TICKETS] [--embeddings]``.

Seeds TICKETS demo tickets (default 8,000: about 1,000 of them auto-sync; seed 7, today
2026-11-23) into the database ``sw_rootcause_bench`` on an embedded PostgreSQL in
/tmp/swbench (or SUPPORTWISE_BENCH_DATABASE_URL's server), runs the text enrichment
(sentiment; with ``--embeddings`` also the MiniLM vectors of the auto-sync tickets), then
times ``analyse("Why are customers unhappy with auto-sync?")`` with every progress update
printed, as an admin (no masking), a manager (quotes masked: the first run builds the masker)
and a team lead (one team's tickets), and the billing question over last month.
Target: under 45 s for an analysis of about 1,000 tickets. The database is dropped at the end
(SUPPORTWISE_BENCH_KEEP=1 keeps it).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from datetime import date

import psycopg
import sqlalchemy as sa

from benchmarks.seed_benchmark import drop_database, fresh_database, peak_rss_mb, server_url
from supportwise.analysis import analyse
from supportwise.platform.database import Database, psycopg_conninfo
from supportwise.platform.settings import Settings
from supportwise.records.roles import Principal
from supportwise.seed import seed_demo
from supportwise.text import embeddings as emb
from supportwise.text.enrich import enrich

BENCH_DB = "sw_rootcause_bench"  # its own name: the shared sw_seed_bench may be in use by another benchmark
TODAY = date(2026, 11, 23)
TARGET_S = 45.0
QUESTIONS = (
    ("admin", Principal("ada", "admin", None, "IT"), "Why are customers unhappy with auto-sync?"),
    ("manager (cold masker)", Principal("morgan", "manager"), "Why are customers unhappy with auto-sync?"),
    ("manager (warm)", Principal("morgan", "manager"), "Why are customers unhappy with auto-sync?"),
    ("team lead Frontline", Principal("lee", "team_lead", "Frontline"), "Why are customers unhappy with auto-sync?"),
    ("admin, billing", Principal("ada", "admin", None, "IT"), "What's behind the billing complaints last month?"),
)


def embed_auto_sync(admin_url: str) -> None:
    """Vectors for the auto-sync tickets only (embedding every ticket on a CPU takes long).

    Runs in a child process: torch's thread pool, once started, slows this process's numpy
    down, and the app never loads torch to analyse (it reads stored vectors).
    """
    database = Database.for_admin_url(admin_url, Settings.from_env({}))
    with database.admin.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT t.id, t.subject || E'\\n' || coalesce(string_agg(c.body, E'\\n' ORDER BY c.created_at, c.id), '') "
            "FROM tickets t LEFT JOIN comments c ON c.ticket_id = t.id AND c.author_type = 'customer' "
            "WHERE t.product_area = 'auto-sync' GROUP BY t.id")).all()
    vectors = emb.embed([text for _, text in rows])
    with database.admin.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO public.ticket_embeddings (ticket_id, embedding) SELECT id, CAST(v AS vector) "
            "FROM unnest(CAST(:ids AS bigint[]), CAST(:vs AS text[])) AS e(id, v) ON CONFLICT DO NOTHING"),
            {"ids": [r[0] for r in rows], "vs": [emb.to_pgvector(v) for v in vectors]})
    database.dispose()
    print(f"embedded {len(rows):,} auto-sync tickets", end="", flush=True)


def timed(label: str, database: Database, who: Principal, question: str, settings: Settings) -> float:
    started = time.perf_counter()

    def progress(stage: str, fraction: float) -> None:
        print(f"    {time.perf_counter() - started:6.2f} s  {fraction:4.0%}  {stage}")

    print(f"  {label}: {question}")
    report = analyse(database, who, question, today=TODAY, progress=progress, settings=settings)
    seconds = time.perf_counter() - started
    themes = ", ".join(f"{t.label} ({t.tickets})" for t in report.themes)
    print(f"  → {report.ticket_count:,} tickets, engine {report.engine}, {seconds:.2f} s "
          f"{'OK' if seconds < TARGET_S else 'OVER TARGET'}; themes: {themes}\n")
    return seconds


def main(argv: list[str]) -> None:
    args = [a for a in argv[1:] if not a.startswith("--")]
    tickets = int(args[0]) if args else 8000
    server = server_url()
    admin = fresh_database(BENCH_DB, server)
    settings = Settings.from_env({"SUPPORTWISE_TODAY": TODAY.isoformat(), "SUPPORTWISE_LLM": "none"})
    database = Database.for_admin_url(admin, settings)
    try:
        started = time.perf_counter()
        with psycopg.connect(psycopg_conninfo(admin)) as conn:
            seed_demo(conn, tickets=tickets, seed=7, today=TODAY)
        print(f"seeded {tickets:,} tickets in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        stats = enrich(database, embeddings=False)
        print(f"enriched {stats.tickets:,} tickets (sentiment, search document) "
              f"in {time.perf_counter() - started:.1f} s")
        if "--embeddings" in argv:
            reason = emb.unavailable_reason(database)
            if reason:
                print(f"embeddings skipped: {reason}")
            else:
                started = time.perf_counter()
                child = multiprocessing.get_context("spawn").Process(target=embed_auto_sync, args=(admin,))
                child.start()
                child.join()
                print(f" in {time.perf_counter() - started:.1f} s")
        print()
        results = [(label, timed(label, database, who, q, settings)) for label, who, q in QUESTIONS]
        print("summary:")
        for label, seconds in results:
            print(f"  {label:24} {seconds:7.2f} s")
        print(f"peak RSS {peak_rss_mb():.0f} MiB; target < {TARGET_S:.0f} s per analysis")
    finally:
        database.dispose()
        if not os.environ.get("SUPPORTWISE_BENCH_KEEP"):
            drop_database(server, BENCH_DB)


if __name__ == "__main__":
    main(sys.argv)
