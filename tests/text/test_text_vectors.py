"""Semantic search with pgvector and all-MiniLM-L6-v2 (the optional extra).

Runs on the embedded PostgreSQL 16 (pgvector) with requirements-embeddings.txt installed;
the ``vector_db`` fixture skips, saying why, only where the extension or the model is missing.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import sqlalchemy as sa

from supportwise.records.roles import Principal
from supportwise.text import embeddings as emb
from supportwise.text.enrich import enrich
from supportwise.text.search import search_tickets
from tests.text.conftest import VECTOR_TICKETS

ADMIN = Principal.local_admin()
LEAD = Principal("lead", "team_lead", "Frontline")
# None of the tickets' key words (sync, deleted, disappeared, duplicates, contacts): found by meaning.
PARAPHRASE = "customer records vanished after the automatic synchronisation"


def _planted(db, theme: str) -> set[int]:
    with db.admin.connect() as conn:
        return set(conn.execute(sa.text("SELECT ticket_id FROM app.planted_ticket_themes WHERE theme = :t"),
                                {"t": theme}).scalars())


def test_embed_is_normalized_and_meaningful():
    vectors = emb.embed(["Auto-sync deleted our contacts", "The sync removed all my customer records",
                         "How do I download last month's invoice?"])
    assert vectors.shape == (3, emb.DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert emb.embed([]).shape == (0, emb.DIMENSIONS)
    assert emb.to_pgvector([0.5, -0.25]) == "[0.5,-0.25]"


def test_every_ticket_has_a_unit_vector(vector_db):
    with vector_db.admin.connect() as conn:
        count, worst = conn.execute(sa.text(
            "SELECT count(*), max(abs(vector_norm(embedding) - 1)) FROM ticket_embeddings")).one()
    assert count == VECTOR_TICKETS and worst < 1e-3
    assert enrich(vector_db).total == 0  # idempotent with embeddings too


def test_paraphrase_is_found_by_meaning_only(vector_db):
    planted = _planted(vector_db, "data loss")
    hits = search_tickets(vector_db, ADMIN, PARAPHRASE, limit=10)
    assert all("vector" in hit.matched_by for hit in hits[:5])
    assert sum(hit.ticket_id in planted for hit in hits[:5]) >= 3  # of the 600 tickets, 8 are planted


def test_hybrid_fuses_both_lists(vector_db):
    planted = _planted(vector_db, "data loss")
    hits = search_tickets(vector_db, ADMIN, "missing contacts after sync", limit=10)
    assert hits[0].matched_by == ("text", "vector") and hits[0].ticket_id in planted
    assert hits[0].score > 1 / 61  # in both lists: more than any ticket in one can have
    assert any(hit.matched_by == ("vector",) for hit in hits)
    assert sum(hit.ticket_id in planted for hit in hits[:5]) >= 3


def test_vectors_respect_team_scope_and_filters(vector_db):
    hits = search_tickets(vector_db, LEAD, PARAPHRASE, limit=30)
    ids = [hit.ticket_id for hit in hits]
    with vector_db.admin.connect() as conn:
        teams = set(conn.execute(sa.text("SELECT team FROM tickets WHERE id = ANY(:ids)"), {"ids": ids}).scalars())
    assert hits and teams == {"Frontline"}

    # a narrow filter leaves the HNSW index short of rows: the exact scan fills in
    since, until = date(2026, 10, 1), date(2026, 11, 1)
    narrow = search_tickets(vector_db, LEAD, PARAPHRASE, limit=20, product_area="auto-sync", since=since,
                            until=until)
    with vector_db.admin.connect() as conn:
        expected = conn.execute(sa.text(
            "SELECT count(*) FROM tickets JOIN ticket_embeddings e ON e.ticket_id = tickets.id "
            "WHERE team = 'Frontline' AND product_area = 'auto-sync' AND created_at >= :s AND created_at < :u"),
            {"s": since, "u": until}).scalar_one()
    assert 0 < len(narrow) == min(20, expected)


def test_text_change_without_embeddings_drops_the_stale_vector(vector_db):
    with vector_db.admin.begin() as conn:
        ticket_id = conn.execute(sa.text("SELECT min(ticket_id) FROM ticket_embeddings")).scalar_one()
        conn.execute(sa.text(
            "INSERT INTO comments (id, ticket_id, author_type, author_id, body, public, created_at) "
            "SELECT (SELECT max(id) + 1 FROM comments), id, 'customer', requester_id, "
            "'Still broken after the fix.', true, created_at FROM tickets WHERE id = :t"), {"t": ticket_id})
    assert enrich(vector_db, embeddings=False).tickets == 1
    with vector_db.admin.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM ticket_embeddings WHERE ticket_id = :t"),
                            {"t": ticket_id}).scalar_one() == 0
    again = enrich(vector_db)  # auto: embeddings available, the missing vector is the only work
    assert (again.total, again.embedded, again.comments_scored) == (1, 1, 0)
