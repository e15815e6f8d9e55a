"""Databases shared by the tests of one module: enriching once is the slow part.

``text_database(template)`` clones a template like the root conftest does, but for a whole
module; tests that change data use the ordinary per-test ``seeded_db``.
"""

from __future__ import annotations

import itertools
import os
from contextlib import contextmanager

import psycopg
import pytest

from supportwise.platform.database import Database, psycopg_conninfo, with_database
from supportwise.platform.migrate import migrate
from supportwise.seed import seed_demo
from supportwise.text import embeddings as emb
from supportwise.text.enrich import enrich
from tests.conftest import SEEDED_SEED, TEST_TODAY, skip_without_vectors

# A smaller data set for the vector tests: embedding is ~50 tickets/s on two cores.
VECTOR_TICKETS = 600

_counter = itertools.count()


@contextmanager
def _database(server_url: str, settings, template: str):
    name = f"sw_tx_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(psycopg_conninfo(server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    # nothing pending; re-applies the database-level privileges a copy does not inherit
    with psycopg.connect(psycopg_conninfo(with_database(server_url, name))) as conn:
        migrate(conn)
    database = Database.for_admin_url(with_database(server_url, name), settings)
    try:
        yield database
    finally:
        database.dispose()
        with psycopg.connect(psycopg_conninfo(server_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def enriched_db(server_url, seeded_template_db, test_settings):
    """The 3000-ticket demo data, enriched without embeddings (full-text search only)."""
    with _database(server_url, test_settings, seeded_template_db) as database:
        enrich(database, embeddings=False)
        yield database


@pytest.fixture(scope="module")
def vector_db(server_url, template_db, test_settings):
    """A 600-ticket demo data set enriched with embeddings; skipped only where they cannot be had."""
    with _database(server_url, test_settings, template_db) as database:
        skip_without_vectors(emb.unavailable_reason(database))
        with database.connect_admin() as conn:
            seed_demo(conn, tickets=VECTOR_TICKETS, seed=SEEDED_SEED, today=TEST_TODAY)
        enrich(database, embeddings=True)
        yield database
