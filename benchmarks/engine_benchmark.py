"""Question-engine benchmark: ``python benchmarks/engine_benchmark.py [TICKETS]``.

Seeds TICKETS demo tickets (default 100,000; today 2026-11-23) into a fresh database on
an embedded PostgreSQL in /tmp/swbench (or SUPPORTWISE_BENCH_DATABASE_URL's server), then prints:
- parse + compile time per question over the question set (p50 / p95 / max);
- end-to-end ``ask`` time, warm, without the result cache (every question hits PostgreSQL);
- end-to-end ``ask`` time answered from the Redis result cache.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

import psycopg
import redis
import yaml

from benchmarks.seed_benchmark import drop_database, fresh_database, server_url
from supportwise.engine.compile import compile_spec
from supportwise.engine.parse import SUGGESTIONS, parse_question
from supportwise.errors import QuestionError
from supportwise.platform import embedded
from supportwise.platform.database import Database, psycopg_conninfo
from supportwise.platform.settings import Settings
from supportwise.questions.context import AskContext
from supportwise.questions.names import source_for
from supportwise.questions.router import ask
from supportwise.records.roles import Principal
from supportwise.seed import seed_demo

TODAY = date(2026, 11, 23)
QUESTIONS_FILE = Path(__file__).resolve().parent.parent / "tests" / "eval" / "questions.yaml"


def questions() -> list[str]:
    if QUESTIONS_FILE.exists():
        return [case["question"] for case in yaml.safe_load(QUESTIONS_FILE.read_text())]
    return list(SUGGESTIONS)


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return (f"p50 {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms   max {ordered[-1]:7.2f} ms   "
            f"n={len(ordered)}")


def main(argv: list[str]) -> None:
    tickets = int(argv[1]) if len(argv) > 1 else 100_000
    admin = fresh_database()
    with psycopg.connect(psycopg_conninfo(admin)) as conn:
        started = time.perf_counter()
        seed_demo(conn, tickets=tickets, seed=7, today=TODAY)
    print(f"seeded {tickets:,} tickets in {time.perf_counter() - started:.1f} s")
    settings = Settings.from_env({"SUPPORTWISE_TODAY": TODAY.isoformat(), "SUPPORTWISE_LLM": "none"})
    database = Database.for_admin_url(admin, settings)
    names = source_for(database.reader).index()
    qs = questions()

    timings = []
    for _ in range(3):
        for q in qs:
            t0 = time.perf_counter()
            try:
                compile_spec(parse_question(q, TODAY, names)).sql()
            except QuestionError:
                pass
            timings.append((time.perf_counter() - t0) * 1000)
    print(f"parse+compile            {percentiles(timings)}")

    client = redis.Redis.from_url(embedded.ensure_redis(Path("/tmp/swbench")))
    client.flushdb()
    who = Principal.local_admin()
    for label, ctx in (("ask, no cache (warm)", AskContext(database, settings, who, TODAY)),
                       ("ask, from Redis cache", AskContext(database, settings, who, TODAY, redis=client))):
        for q in qs[:10]:  # warm the pools and, for the cached run, the cache
            ask(q, ctx)
        samples = []
        for q in qs:
            t0 = time.perf_counter()
            ask(q, ctx)
            samples.append((time.perf_counter() - t0) * 1000)
        if ctx.redis is not None:
            samples = []
            for q in qs:
                t0 = time.perf_counter()
                ask(q, ctx)
                samples.append((time.perf_counter() - t0) * 1000)
        print(f"{label:24} {percentiles(samples)}")
    database.dispose()
    drop_database(server_url())


if __name__ == "__main__":
    main(sys.argv)
