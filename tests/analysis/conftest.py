"""Databases for the root-cause analysis tests: demo data with its text enrichment done.

- ``rc_db``: the 3,000-ticket demo data (seed 11), enriched without embeddings, fresh per test.
- ``rc_big_db``: 8,000 tickets (seed 11), enriched, shared by a module: the key test's data
  (103 data-loss, 72 sync-delay and 46 setup tickets planted, against 45 / 33 / 12 in 3,000).
- ``rc_vector_db``: ``rc_db`` plus sentence embeddings of every auto-sync ticket, where the
  model and pgvector are available (skipped elsewhere, e.g. on PostgreSQL 15).
Templates are built once per session and cloned (CREATE DATABASE … TEMPLATE).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from supportwise.platform.database import Database
from supportwise.records.roles import Principal
from supportwise.seed import seed_demo
from supportwise.text import embeddings as emb
from supportwise.text.enrich import enrich
from tests.conftest import TEST_TODAY, clone_database, copy_database, drop_database, skip_without_vectors, tag

BIG_TICKETS, BIG_SEED = 8000, 11


def _enriched(server_url: str, template: str, name: str, settings, *, tickets: int | None = None,
              vectors_for_area: str | None = None) -> str:
    database = copy_database(server_url, template, name, settings)
    try:
        if tickets:
            with database.connect_admin() as conn:
                seed_demo(conn, tickets=tickets, seed=BIG_SEED, today=TEST_TODAY)
        enrich(database, embeddings=False)
        if vectors_for_area:
            embed_area(database, vectors_for_area)
    finally:
        database.dispose()
    return name


def embed_area(database: Database, area: str) -> int:
    """Store embeddings of one area's tickets, from the text enrichment embeds (subject + customer comments)."""
    with database.admin.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT t.id, t.subject || E'\\n' || coalesce(string_agg(c.body, E'\\n' ORDER BY c.created_at, c.id), '') "
            "FROM tickets t LEFT JOIN comments c ON c.ticket_id = t.id AND c.author_type = 'customer' "
            "WHERE t.product_area = :area GROUP BY t.id ORDER BY t.id"), {"area": area}).all()
    vectors = emb.embed([text for _, text in rows])
    with database.admin.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO public.ticket_embeddings (ticket_id, embedding) "
            "SELECT id, CAST(v AS vector) FROM unnest(CAST(:ids AS bigint[]), CAST(:vs AS text[])) AS e(id, v)"),
            {"ids": [r[0] for r in rows], "vs": [emb.to_pgvector(v) for v in vectors]})
    return len(rows)


@pytest.fixture(scope="session")
def rc_template(server_url, seeded_template_db, test_settings):
    name = _enriched(server_url, seeded_template_db, f"sw_rc_{tag()}", test_settings)
    yield name
    drop_database(server_url, name)


@pytest.fixture(scope="session")
def rc_big_template(server_url, template_db, test_settings):
    name = _enriched(server_url, template_db, f"sw_rcbig_{tag()}", test_settings, tickets=BIG_TICKETS)
    yield name
    drop_database(server_url, name)


@pytest.fixture(scope="session")
def rc_vector_template(server_url, rc_template, test_settings):
    probe = copy_database(server_url, rc_template, f"sw_rcprobe_{tag()}", test_settings)
    try:
        reason = emb.unavailable_reason(probe)
    finally:
        probe.dispose()
        drop_database(server_url, f"sw_rcprobe_{tag()}")
    skip_without_vectors(reason)
    name = _enriched(server_url, rc_template, f"sw_rcvec_{tag()}", test_settings, vectors_for_area="auto-sync")
    yield name
    drop_database(server_url, name)


@pytest.fixture
def rc_db(server_url, rc_template, test_settings):
    yield from clone_database(server_url, rc_template, test_settings)


@pytest.fixture(scope="module")
def rc_big_db(server_url, rc_big_template, test_settings):
    yield from clone_database(server_url, rc_big_template, test_settings)


@pytest.fixture
def rc_vector_db(server_url, rc_vector_template, test_settings):
    yield from clone_database(server_url, rc_vector_template, test_settings)


@pytest.fixture
def admin():
    return Principal("ada", "admin", None, "IT")


@pytest.fixture
def manager():
    return Principal("morgan", "manager", None, "Support")


@pytest.fixture
def frontline_lead():
    return Principal("lee", "team_lead", "Frontline", "Support")


def _truth(database: Database) -> dict[int, str]:
    with database.admin.connect() as conn:
        return dict(conn.execute(sa.text("SELECT ticket_id, theme FROM app.planted_ticket_themes")).all())


@pytest.fixture
def planted():
    """``planted(db)`` → {ticket id: planted theme} from app.planted_ticket_themes, the seeder's truth table."""
    return _truth
