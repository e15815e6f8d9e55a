"""Real PostgreSQL and Redis for every test.

Default: an embedded pgserver + Redis in a temporary folder, started once per run.
With SUPPORTWISE_TEST_DATABASE_URL / SUPPORTWISE_TEST_REDIS_URL set, those servers.
Each test gets its own database cloned from a migrated template (CREATE DATABASE …
TEMPLATE is a file copy: fast), and a flushed Redis database.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import redis

from supportwise.platform import embedded
from supportwise.platform.database import Database, ensure_database, psycopg_conninfo, with_database
from supportwise.platform.migrate import migrate
from supportwise.platform.settings import Settings

TEST_TODAY = date(2026, 11, 23)
SEEDED_TICKETS = 3000
SEEDED_SEED = 11

_counter = itertools.count()


def tag() -> str:
    """Unique per test process: database names of parallel runs never collide."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")
    return f"{worker}_{os.getpid()}"


@pytest.fixture(scope="session")
def data_dir():
    # short path: unix socket names are limited to ~100 bytes
    folder = Path(tempfile.mkdtemp(prefix="swt-", dir="/tmp"))
    yield folder
    if not os.environ.get("SUPPORTWISE_TEST_DATABASE_URL") or not os.environ.get("SUPPORTWISE_TEST_REDIS_URL"):
        embedded.stop_embedded(folder)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def server_url(data_dir) -> str:
    """Superuser URL of the test PostgreSQL server (database 'postgres')."""
    url = os.environ.get("SUPPORTWISE_TEST_DATABASE_URL")
    if url:
        return with_database(url, "postgres")
    return embedded.ensure_postgres(data_dir)


@pytest.fixture(scope="session")
def redis_url(data_dir) -> str:
    url = os.environ.get("SUPPORTWISE_TEST_REDIS_URL")
    return worker_redis_url(url) if url else embedded.ensure_redis(data_dir)


def skip_without_vectors(reason: str | None) -> None:
    """Skip a test that needs pgvector only on a given server that lacks it; the embedded one ships it."""
    if reason is None:
        return
    if os.environ.get("SUPPORTWISE_TEST_DATABASE_URL"):
        pytest.skip(f"vector search not testable on this server: {reason}")
    pytest.fail(f"the embedded PostgreSQL ships pgvector, yet vectors are unavailable: {reason}")


def worker_redis_url(url: str) -> str:
    """Under pytest-xdist each worker flushes its own database: the given one for gw0, one below it for gw1, …"""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker.removeprefix("gw") or 0)
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    if index > base:
        raise pytest.UsageError(f"{url}: too few Redis databases below it for xdist worker {worker}")
    return urlunsplit(parts._replace(path=f"/{base - index}"))


@pytest.fixture(scope="session")
def test_settings(data_dir, redis_url) -> Settings:
    return Settings.from_env({
        "SUPPORTWISE_DATA_DIR": str(data_dir),
        "SUPPORTWISE_TODAY": TEST_TODAY.isoformat(),
        "REDIS_URL": redis_url,
        "SUPPORTWISE_LLM": "none",
        # suites ask hundreds of questions a minute as one user; tests/test_limits.py sets its own limit
        "SUPPORTWISE_RATE_LIMIT_PER_MIN": "100000",
    })


def _admin(server_url: str, **kwargs) -> psycopg.Connection:
    return psycopg.connect(psycopg_conninfo(server_url), autocommit=True, **kwargs)


def drop_database(server_url: str, name: str) -> None:
    with _admin(server_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_database(server_url: str, template: str, name: str, settings: Settings) -> Database:
    """A new database ``name`` copied from ``template`` (a file copy: fast), migrated, ready to use."""
    drop_database(server_url, name)
    with _admin(server_url) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    with psycopg.connect(psycopg_conninfo(with_database(server_url, name))) as conn:
        migrate(conn)  # nothing pending; re-applies the database-level privileges a copy does not inherit
    return Database.for_admin_url(with_database(server_url, name), settings)


@pytest.fixture(scope="session")
def template_db(server_url) -> str:
    """A migrated, empty database to clone."""
    name = f"sw_tpl_{tag()}"
    drop_database(server_url, name)
    ensure_database(server_url, name)
    with psycopg.connect(psycopg_conninfo(with_database(server_url, name))) as conn:
        migrate(conn)
    yield name
    drop_database(server_url, name)


@pytest.fixture(scope="session")
def seeded_template_db(server_url, template_db) -> str:
    """A migrated database with small deterministic demo data, to clone."""
    from supportwise.seed import seed_demo

    name = f"sw_tpls_{tag()}"
    drop_database(server_url, name)
    with _admin(server_url) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    with psycopg.connect(psycopg_conninfo(with_database(server_url, name))) as conn:
        seed_demo(conn, tickets=SEEDED_TICKETS, seed=SEEDED_SEED, today=TEST_TODAY)
    yield name
    drop_database(server_url, name)


@pytest.fixture(scope="session")
def enriched_template_db(server_url, seeded_template_db, test_settings) -> str:
    """The seeded template with its text enrichment done (sentiment, search documents; no embeddings), to clone.

    A template of its own: tests of the enrichment itself need the seeded data un-enriched.
    Enriching the 3000 tickets (13,606 comments) takes about 5 s, once per session.
    """
    from supportwise.text.enrich import enrich

    name = f"sw_tple_{tag()}"
    database = copy_database(server_url, seeded_template_db, name, test_settings)
    try:
        enrich(database, embeddings=False)
    finally:
        database.dispose()  # a template must have no open connections
    yield name
    drop_database(server_url, name)


def clone_database(server_url: str, template: str, settings: Settings):
    """Yield a fresh database copied from ``template``; drop it afterwards (for fixtures: ``yield from``)."""
    name = f"sw_t_{tag()}_{next(_counter)}"
    database = copy_database(server_url, template, name, settings)
    try:
        yield database
    finally:
        database.dispose()
        drop_database(server_url, name)


@pytest.fixture
def db(server_url, template_db, test_settings):
    """A fresh migrated database with no support data."""
    yield from clone_database(server_url, template_db, test_settings)


@pytest.fixture
def seeded_db(server_url, seeded_template_db, test_settings):
    """A fresh database holding the small demo data set (today = TEST_TODAY)."""
    yield from clone_database(server_url, seeded_template_db, test_settings)


@pytest.fixture
def seeded_enriched_db(server_url, enriched_template_db, test_settings):
    """A fresh database holding the small demo data set with sentiment (ticket_text, comment_sentiment)."""
    yield from clone_database(server_url, enriched_template_db, test_settings)


@pytest.fixture
def redis_conn(redis_url):
    """A flushed Redis database for this test."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback; ``.messages`` holds what it accepted, one copy per recipient."""
    from tests.smtp import start_inbox

    controller, inbox = start_inbox()
    try:
        yield inbox
    finally:
        controller.stop()
