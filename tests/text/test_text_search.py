"""Ticket search over the enriched 3000-ticket demo data (full text; vectors in test_text_vectors)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from supportwise.errors import InvalidInput, ServiceUnavailable
from supportwise.pii.masker import masker_for_names
from supportwise.records.roles import Principal
from supportwise.text.search import fuse, search_tickets
from supportwise.text.snippet import mask_snippet, mask_snippets, unmark

ADMIN = Principal.local_admin()
LEAD = Principal("lead", "team_lead", "Frontline")
MANAGER = Principal("manager", "manager")

# Phrasings of the planted Auto-sync 2.0 "data loss" theme, in a customer's words.
DATA_LOSS_QUERIES = ["sync deleted my contacts", "duplicate contacts after auto-sync",
                     "records missing after the sync update"]


def _planted(db, theme: str) -> set[int]:
    with db.admin.connect() as conn:
        return set(conn.execute(sa.text("SELECT ticket_id FROM app.planted_ticket_themes WHERE theme = :theme"),
                                {"theme": theme}).scalars())


def _tickets(db, ids) -> list:
    with db.admin.connect() as conn:
        return conn.execute(sa.text("SELECT id, team, product_area, created_at FROM tickets "
                                    "WHERE id = ANY(:ids)"), {"ids": list(ids)}).all()


@pytest.mark.parametrize("query", DATA_LOSS_QUERIES)
def test_full_text_finds_planted_data_loss_tickets_first(enriched_db, query):
    planted = _planted(enriched_db, "data loss")
    hits = search_tickets(enriched_db, ADMIN, query, limit=10, semantic=False)
    assert hits[0].ticket_id in planted
    assert sum(hit.ticket_id in planted for hit in hits[:3]) >= 2
    assert all(hit.matched_by == ("text",) for hit in hits)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_hit_fields(enriched_db):
    hit = search_tickets(enriched_db, ADMIN, "refund", limit=5, semantic=False)[0]
    with enriched_db.admin.connect() as conn:
        subject, created_at, label = conn.execute(sa.text(
            "SELECT t.subject, t.created_at, tt.sentiment_label FROM tickets t JOIN ticket_text tt "
            "ON tt.ticket_id = t.id WHERE t.id = :id"), {"id": hit.ticket_id}).one()
    assert (hit.subject, hit.created_at, hit.sentiment) == (subject, created_at, label)
    assert "«refund" in hit.snippet.lower()
    assert hit.score == pytest.approx(1 / 61)


def test_words_together_first_then_some_of_them(enriched_db):
    # "disappeared" is in no ticket with both other words: the AND pass finds none, the
    # second pass still answers, best-covered tickets first
    hits = search_tickets(enriched_db, ADMIN, "contacts disappeared after sync", limit=20, semantic=False)
    assert len(hits) == 20
    assert not search_tickets(enriched_db, ADMIN, '"contacts disappeared after sync"', semantic=False)


def test_team_lead_sees_only_their_team(enriched_db):
    everyone = search_tickets(enriched_db, MANAGER, "sync deleted my contacts", limit=50, semantic=False)
    assert {row.team for row in _tickets(enriched_db, [h.ticket_id for h in everyone])} > {"Frontline"}
    mine = search_tickets(enriched_db, LEAD, "sync deleted my contacts", limit=50, semantic=False)
    assert mine and {row.team for row in _tickets(enriched_db, [h.ticket_id for h in mine])} == {"Frontline"}
    # the same ranking, just over fewer tickets
    assert [h.ticket_id for h in mine[:3]] == [h.ticket_id for h in everyone if h.team == "Frontline"][:3]


def test_filters_on_area_and_half_open_dates(enriched_db):
    since, until = date(2026, 9, 1), date(2026, 11, 1)
    hits = search_tickets(enriched_db, ADMIN, "invoice charged twice", limit=50, product_area="billing",
                          since=since, until=until, semantic=False)
    assert hits
    for row in _tickets(enriched_db, [h.ticket_id for h in hits]):
        assert row.product_area == "billing"
        assert since <= row.created_at.date() < until


def test_pii_masked_in_snippets_for_team_lead_not_admin(enriched_db):
    with enriched_db.admin.connect() as conn:
        name, ticket_id = conn.execute(sa.text("""
            SELECT p.value, t.id FROM app.planted_pii p
            JOIN comments c ON c.id = p.comment_id JOIN tickets t ON t.id = c.ticket_id
            WHERE p.entity_type = 'PERSON' AND p.value LIKE '% %' AND c.author_type = 'customer'
              AND t.team = 'Frontline'
            ORDER BY p.comment_id LIMIT 1""")).one()
    admin_hit = next(h for h in search_tickets(enriched_db, ADMIN, name, limit=50, semantic=False)
                     if h.ticket_id == ticket_id)
    assert name in unmark(admin_hit.snippet)[0]
    lead_hit = next(h for h in search_tickets(enriched_db, LEAD, name, limit=50, semantic=False)
                    if h.ticket_id == ticket_id)
    plain = unmark(lead_hit.snippet)[0]
    assert "<PERSON>" in plain
    assert not any(part in plain for part in name.split())


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_empty_query_is_invalid_input(enriched_db, query):
    with pytest.raises(InvalidInput):
        search_tickets(enriched_db, ADMIN, query)


def test_bad_limit_and_empty_range_are_invalid_input(enriched_db):
    with pytest.raises(InvalidInput):
        search_tickets(enriched_db, ADMIN, "sync", limit=0)
    with pytest.raises(InvalidInput):
        search_tickets(enriched_db, ADMIN, "sync", since=date(2026, 11, 1), until=date(2026, 11, 1))


def test_stop_words_only_and_odd_characters_find_nothing_quietly(enriched_db):
    assert search_tickets(enriched_db, ADMIN, "the and of", semantic=False) == []
    assert search_tickets(enriched_db, ADMIN, "'); DROP TABLE tickets; --", semantic=False) is not None


def test_not_enriched_means_no_hits(seeded_db):
    assert search_tickets(seeded_db, ADMIN, "refund") == []


def test_semantic_required_without_vectors_is_explained(enriched_db):
    with pytest.raises(ServiceUnavailable):  # no vectors in this database (or no pgvector, or no model)
        search_tickets(enriched_db, ADMIN, "refund", semantic=True)
    assert all(hit.matched_by == ("text",) for hit in search_tickets(enriched_db, ADMIN, "refund"))


def test_reciprocal_rank_fusion():
    fused = fuse([[7, 3], [3, 9]])
    assert [item for item, _ in fused] == [3, 7, 9]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)
    assert fuse([[1, 2]], k=0) == [(1, 1.0), (2, 0.5)]
    assert fuse([]) == []


def test_mask_snippet_keeps_highlights_outside_personal_data():
    masker = masker_for_names(["Olivia Johnson"])
    assert mask_snippet("Call «Olivia» Johnson about the «sync»", masker) == "Call <PERSON> about the «sync»"
    assert mask_snippet("mail «olivia.j@example.com» now", masker) == "mail <EMAIL> now"
    assert mask_snippet("no personal data «here»", masker) == "no personal data «here»"
    assert mask_snippets(["a «Olivia» Johnson", None, "", "«sync» by Olivia Johnson"], masker) == [
        "a <PERSON>", None, "", "«sync» by <PERSON>"]
