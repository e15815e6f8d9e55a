"""Enrichment on the real 3000-ticket demo data: complete, idempotent, incremental, resumable."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from supportwise.errors import InvalidInput, ServiceUnavailable
from supportwise.platform.migrate import MIGRATIONS_DIR
from supportwise.text import embeddings as emb
from supportwise.text import sentiment
from supportwise.text.enrich import enrich


def _scalar(db, sql: str, **params):
    with db.admin.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar_one()


def _counts(db) -> tuple[int, int, int, int]:
    return (_scalar(db, "SELECT count(*) FROM tickets"), _scalar(db, "SELECT count(*) FROM ticket_text"),
            _scalar(db, "SELECT count(*) FROM comments"), _scalar(db, "SELECT count(*) FROM comment_sentiment"))


def _add_comment(db, ticket_id: int, body: str, *, author_type: str = "customer") -> int:
    # created_at long before the enrichment — the ticket's first second — as a backfilled
    # import would have it: the new comment must be noticed all the same
    with db.admin.begin() as conn:
        comment_id = conn.execute(sa.text("SELECT max(id) + 1 FROM comments")).scalar_one()
        conn.execute(sa.text(
            "INSERT INTO comments (id, ticket_id, author_type, author_id, body, public, created_at) "
            "SELECT :id, :ticket, :author_type, requester_id, :body, true, created_at - interval '1 second' "
            "FROM tickets WHERE id = :ticket"),
            {"id": comment_id, "ticket": ticket_id, "author_type": author_type, "body": body})
    return comment_id


def _enriched_at(db) -> dict[int, datetime]:
    with db.admin.connect() as conn:
        return dict(conn.execute(sa.text("SELECT ticket_id, enriched_at FROM ticket_text")).all())


def test_first_run_enriches_everything_and_second_run_touches_nothing(seeded_db):
    calls = []
    stats = enrich(seeded_db, embeddings=False, progress=lambda done, total: calls.append((done, total)))
    tickets, texts, comments, scored = _counts(seeded_db)
    assert (stats.total, stats.tickets, stats.comments_scored, stats.embedded) == (tickets, tickets, comments, 0)
    assert (texts, scored) == (tickets, comments)
    assert calls[0] == (0, tickets) and calls[-1] == (tickets, tickets)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls) and len(calls) == 1 + tickets // 500

    before = _enriched_at(seeded_db)
    again = enrich(seeded_db, embeddings=False)
    assert (again.total, again.tickets, again.comments_scored) == (0, 0, 0)
    assert _enriched_at(seeded_db) == before


def test_ticket_sentiment_is_mean_first_last_of_customer_comments(seeded_db):
    enrich(seeded_db, embeddings=False)
    with seeded_db.admin.connect() as conn:
        rows = conn.execute(sa.text("""
            SELECT t.id, tt.sentiment_mean, tt.sentiment_first, tt.sentiment_last, tt.sentiment_label,
                   tt.customer_comments, e.mean, e.first, e.last, coalesce(e.n, 0)
            FROM tickets t
            JOIN ticket_text tt ON tt.ticket_id = t.id
            LEFT JOIN (
                SELECT c.ticket_id, avg(cs.score) AS mean, count(*) AS n,
                       (array_agg(cs.score ORDER BY c.created_at, c.id))[1] AS first,
                       (array_agg(cs.score ORDER BY c.created_at DESC, c.id DESC))[1] AS last
                FROM comments c JOIN comment_sentiment cs ON cs.comment_id = c.id
                WHERE c.author_type = 'customer'
                GROUP BY c.ticket_id
            ) e ON e.ticket_id = t.id""")).all()
    assert len(rows) == 3000
    for tid, mean, first, last, label, count, e_mean, e_first, e_last, e_count in rows:
        assert count == e_count, tid
        if e_count == 0:
            assert (mean, first, last, label) == (None, None, None, None), tid
            continue
        assert mean == pytest.approx(float(e_mean), abs=1e-5), tid
        assert (first, last) == (pytest.approx(e_first, abs=1e-6), pytest.approx(e_last, abs=1e-6)), tid
        assert label == sentiment.label_for(mean), tid
    assert {row[4] for row in rows} >= {"negative", "neutral", "positive"}


def test_comment_scores_are_vader_of_the_body(seeded_db):
    enrich(seeded_db, embeddings=False)
    with seeded_db.admin.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT c.body, c.ticket_id, cs.ticket_id, cs.score, cs.label FROM comments c "
            "JOIN comment_sentiment cs ON cs.comment_id = c.id ORDER BY c.id LIMIT 300")).all()
    for body, ticket_id, cs_ticket_id, score, label in rows:
        assert cs_ticket_id == ticket_id
        assert score == pytest.approx(sentiment.score(body), abs=1e-6)
        assert label == sentiment.label_for(sentiment.score(body))


def test_document_is_subject_weight_a_plus_customer_comments_weight_b(seeded_db):
    enrich(seeded_db, embeddings=False)
    mismatched = _scalar(seeded_db, """
        SELECT count(*) FROM tickets t JOIN ticket_text tt ON tt.ticket_id = t.id
        WHERE tt.document IS DISTINCT FROM
              setweight(to_tsvector('english', t.subject), 'A') || setweight(to_tsvector('english', coalesce(
                  (SELECT string_agg(coalesce(c.body, ''), E'\\n' ORDER BY c.created_at, c.id) FROM comments c
                   WHERE c.ticket_id = t.id AND c.author_type = 'customer'), '')), 'B')""")
    assert mismatched == 0


def test_new_comment_re_enriches_only_its_ticket(seeded_db):
    enrich(seeded_db, embeddings=False)
    ticket_id = _scalar(seeded_db, "SELECT ticket_id FROM ticket_text WHERE customer_comments > 1 ORDER BY ticket_id "
                                   "LIMIT 1")
    before = _enriched_at(seeded_db)
    old_count = _scalar(seeded_db, "SELECT customer_comments FROM ticket_text WHERE ticket_id = :t", t=ticket_id)
    body = "This is terrible. You deleted all of our contacts and nobody answers. Awful, useless support."
    comment_id = _add_comment(seeded_db, ticket_id, body)

    stats = enrich(seeded_db, embeddings=False)
    assert (stats.total, stats.tickets, stats.comments_scored) == (1, 1, 1)
    after = _enriched_at(seeded_db)
    assert after[ticket_id] > before[ticket_id]
    assert {t: at for t, at in after.items() if t != ticket_id} == {t: at for t, at in before.items() if t != ticket_id}
    with seeded_db.admin.connect() as conn:
        count, first = conn.execute(sa.text("SELECT customer_comments, sentiment_first FROM ticket_text "
                                            "WHERE ticket_id = :t"), {"t": ticket_id}).one()
        score = conn.execute(sa.text("SELECT score FROM comment_sentiment WHERE comment_id = :c"),
                             {"c": comment_id}).scalar_one()
    assert count == old_count + 1
    assert score == pytest.approx(sentiment.score(body), abs=1e-6) and score < -0.5
    assert first == pytest.approx(score)  # the earliest comment by created_at, whenever it was added
    assert _scalar(seeded_db, "SELECT count(*) FROM ticket_text WHERE document @@ to_tsquery('english', 'useless') "
                              "AND ticket_id = :t", t=ticket_id) == 1
    assert enrich(seeded_db, embeddings=False).tickets == 0


def test_agent_comment_is_scored_and_deleted_customer_comment_is_noticed(seeded_db):
    enrich(seeded_db, embeddings=False)
    ticket_id = _scalar(seeded_db, "SELECT ticket_id FROM ticket_text WHERE customer_comments > 1 ORDER BY ticket_id "
                                   "DESC LIMIT 1")
    _add_comment(seeded_db, ticket_id, "Happy to help, glad it works now!", author_type="agent")
    stats = enrich(seeded_db, embeddings=False)
    assert (stats.tickets, stats.comments_scored) == (1, 1)

    old_count = _scalar(seeded_db, "SELECT customer_comments FROM ticket_text WHERE ticket_id = :t", t=ticket_id)
    with seeded_db.admin.begin() as conn:
        conn.execute(sa.text("DELETE FROM comments WHERE id = (SELECT max(id) FROM comments WHERE ticket_id = :t "
                             "AND author_type = 'customer')"), {"t": ticket_id})
    stats = enrich(seeded_db, embeddings=False)
    assert (stats.total, stats.tickets, stats.comments_scored) == (1, 1, 0)
    assert _scalar(seeded_db, "SELECT customer_comments FROM ticket_text WHERE ticket_id = :t",
                   t=ticket_id) == old_count - 1
    assert _counts(seeded_db)[2:] == (_scalar(seeded_db, "SELECT count(*) FROM comments"),) * 2


class Crash(RuntimeError):
    pass


def test_crash_mid_run_resumes_where_it_stopped(seeded_db):
    def crash_after_1000(done: int, total: int) -> None:
        if done >= 1000:
            raise Crash("worker killed")

    with pytest.raises(Crash):
        enrich(seeded_db, batch_size=500, embeddings=False, progress=crash_after_1000)
    assert _scalar(seeded_db, "SELECT count(*) FROM ticket_text") == 1000  # two committed batches kept

    rest = enrich(seeded_db, batch_size=500, embeddings=False)
    tickets, texts, comments, scored = _counts(seeded_db)
    assert (rest.total, rest.tickets) == (tickets - 1000, tickets - 1000)
    assert (texts, scored) == (tickets, comments)
    assert enrich(seeded_db, embeddings=False).total == 0


def test_batch_size_must_be_positive(db):
    with pytest.raises(InvalidInput):
        enrich(db, batch_size=0)


def test_embeddings_fall_back_cleanly_when_the_model_is_missing(seeded_db, monkeypatch):
    monkeypatch.setattr(emb, "missing_modules", lambda: ("torch",))
    assert not emb.available(seeded_db)
    assert "requirements-embeddings.txt" in emb.unavailable_reason()
    with pytest.raises(ServiceUnavailable):
        enrich(seeded_db, embeddings=True)
    stats = enrich(seeded_db, batch_size=1000)  # auto: full text only
    assert stats.embeddings is False and stats.embedded == 0 and stats.tickets == 3000


def test_roles_on_the_new_tables(seeded_db):
    enrich(seeded_db, embeddings=False)
    with seeded_db.reader.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM ticket_text")).scalar_one() == 3000
        assert conn.execute(sa.text("SELECT count(*) FROM comment_sentiment")).scalar_one() > 3000
        with pytest.raises(sa.exc.DBAPIError):
            conn.execute(sa.text("DELETE FROM ticket_text"))
    with seeded_db.app.connect() as conn:
        with pytest.raises(sa.exc.ProgrammingError):  # the app role writes the text tables, not the tickets
            conn.execute(sa.text("SELECT count(*) FROM tickets"))


def test_migration_0007_can_run_again(db):
    sql = (MIGRATIONS_DIR / "0007_text_analytics.sql").read_text()
    with db.connect_admin() as conn:
        conn.execute(sql)
        conn.commit()
    vector_table = _scalar(db, "SELECT to_regclass('public.ticket_embeddings') IS NOT NULL")
    has_pgvector = _scalar(db, "SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'vector')")
    assert vector_table == has_pgvector
