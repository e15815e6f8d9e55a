"""``python -m supportwise eval``: the accuracy harness on a scratch database of seeded, enriched demo data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import psycopg

from supportwise.evaluation.harness import Report, evaluate, load_suite
from supportwise.platform import redis_client
from supportwise.platform.database import Database, database_name, ensure_database, psycopg_conninfo, with_database
from supportwise.platform.migrate import migrate
from supportwise.platform.settings import Settings
from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records.roles import Principal
from supportwise.seed import seed_demo
from supportwise.text.enrich import enrich

# Package data: tuned (the set the engine was tuned on), holdout and holdout2 (written by people
# who did not read the parser). Their gold SQL was written for this data set and date.
SUITES_DIR = Path(__file__).resolve().parent / "suites"
EVAL_DIR = SUITES_DIR / "tuned"
EVAL_TODAY = date(2026, 11, 23)
EVAL_TICKETS = 3000
EVAL_SEED = 11
SCRATCH_DB = "supportwise_eval"


def run_eval(settings: Settings, admin_url: str, folder: Path = EVAL_DIR) -> Report:
    """Seed a scratch database next to admin_url's, run the harness with Redis context, drop it."""
    server = with_database(admin_url, "postgres")
    name = SCRATCH_DB if database_name(admin_url) != SCRATCH_DB else SCRATCH_DB + "_2"
    _drop(server, name)
    ensure_database(server, name)
    database = Database.for_admin_url(with_database(admin_url, name), settings)
    try:
        with psycopg.connect(psycopg_conninfo(database.admin_url)) as conn:
            migrate(conn)
            seed_demo(conn, tickets=EVAL_TICKETS, seed=EVAL_SEED, today=EVAL_TODAY)
        enrich(database, embeddings=False)  # sentiment questions count labels (~5 s for 3000 tickets)
        client = redis_client.connect(settings)
        settings = replace(settings, today=EVAL_TODAY, rate_limit_per_min=1_000_000)  # a batch, not a person
        who = Principal("eval", "admin")

        def ask_fn(question: str, session: str | None):
            return ask(question, AskContext(database, settings, who, EVAL_TODAY, session, client))

        client.delete(*client.keys("sw:result:*")) if client.keys("sw:result:*") else None
        return evaluate(load_suite(folder), ask_fn, database.reader)
    finally:
        database.dispose()
        _drop(server, name)


def _drop(server: str, name: str) -> None:
    with psycopg.connect(psycopg_conninfo(server), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
