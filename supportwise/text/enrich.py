"""Enrichment: fill comment_sentiment, ticket_text and (optionally) ticket_embeddings.

``enrich(db)`` finds the tickets whose derived rows are missing or out of date, then works
through them in batches: read (reader role) → score the comments not scored yet → build
the ticket's sentiment and search document → embed → write and COMMIT (app role). A run
that dies loses at most the batch in flight; the next run starts where it stopped, because
"needs work" is computed from the tables themselves, not from a cursor kept aside.

A ticket needs work when
- it has no ticket_text row, or
- one of its comments has no comment_sentiment row (a comment arrived — whatever its
  created_at says: imports backfill old timestamps, demo data may lie in the future), or
- its count of customer comments differs from ticket_text.customer_comments (one was deleted),
- or, when this run writes embeddings, it has no ticket_embeddings row.
Comments are append-only in the support systems we import from; an edited comment body or
subject is not noticed (delete the ticket's ticket_text row to force it).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

import sqlalchemy as sa

from supportwise.errors import InvalidInput, ServiceUnavailable
from supportwise.platform.database import Database
from supportwise.text import embeddings as emb
from supportwise.text import sentiment

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

_STALE_SQL = """
WITH counts AS (
    SELECT c.ticket_id,
           count(*) FILTER (WHERE c.author_type = 'customer') AS customer_comments,
           count(*) FILTER (WHERE cs.comment_id IS NULL) AS unscored
    FROM public.comments c
    LEFT JOIN public.comment_sentiment cs ON cs.comment_id = c.id
    GROUP BY c.ticket_id
)
SELECT t.id
FROM public.tickets t
LEFT JOIN public.ticket_text tt ON tt.ticket_id = t.id
LEFT JOIN counts k ON k.ticket_id = t.id
WHERE tt.ticket_id IS NULL
   OR k.unscored > 0
   OR tt.customer_comments <> coalesce(k.customer_comments, 0)
   {missing_embedding}
ORDER BY t.id
"""
_MISSING_EMBEDDING = "OR NOT EXISTS (SELECT 1 FROM public.ticket_embeddings e WHERE e.ticket_id = t.id)"

_TICKETS_SQL = "SELECT id, subject FROM public.tickets WHERE id = ANY(CAST(:ids AS bigint[]))"
_COMMENTS_SQL = """
SELECT c.id, c.ticket_id, c.author_type, c.body, cs.score
FROM public.comments c
LEFT JOIN public.comment_sentiment cs ON cs.comment_id = c.id
WHERE c.ticket_id = ANY(CAST(:ids AS bigint[]))
ORDER BY c.ticket_id, c.created_at, c.id
"""

_UPSERT_COMMENTS = """
INSERT INTO public.comment_sentiment (comment_id, ticket_id, score, label)
SELECT * FROM unnest(CAST(:comment_ids AS bigint[]), CAST(:ticket_ids AS bigint[]),
                     CAST(:scores AS real[]), CAST(:labels AS text[]))
ON CONFLICT (comment_id) DO UPDATE
    SET ticket_id = EXCLUDED.ticket_id, score = EXCLUDED.score, label = EXCLUDED.label
"""
_UPSERT_TICKETS = """
INSERT INTO public.ticket_text (ticket_id, sentiment_mean, sentiment_first, sentiment_last, sentiment_label,
                                customer_comments, document, enriched_at)
SELECT b.ticket_id, b.mean, b.first, b.last, b.label, b.n,
       setweight(to_tsvector('english', b.subject), 'A') || setweight(to_tsvector('english', b.body), 'B'),
       now()
FROM unnest(CAST(:ticket_ids AS bigint[]), CAST(:means AS real[]), CAST(:firsts AS real[]),
            CAST(:lasts AS real[]), CAST(:labels AS text[]), CAST(:counts AS int[]),
            CAST(:subjects AS text[]), CAST(:bodies AS text[]))
     AS b(ticket_id, mean, first, last, label, n, subject, body)
ON CONFLICT (ticket_id) DO UPDATE
    SET sentiment_mean = EXCLUDED.sentiment_mean, sentiment_first = EXCLUDED.sentiment_first,
        sentiment_last = EXCLUDED.sentiment_last, sentiment_label = EXCLUDED.sentiment_label,
        customer_comments = EXCLUDED.customer_comments, document = EXCLUDED.document,
        enriched_at = EXCLUDED.enriched_at
"""
_UPSERT_EMBEDDINGS = """
INSERT INTO public.ticket_embeddings (ticket_id, embedding)
SELECT e.ticket_id, CAST(e.vector AS vector)
FROM unnest(CAST(:ticket_ids AS bigint[]), CAST(:vectors AS text[])) AS e(ticket_id, vector)
ON CONFLICT (ticket_id) DO UPDATE SET embedding = EXCLUDED.embedding
"""
# The text changed but this run writes no vectors: drop the stale ones so that the next run
# with embeddings re-embeds these tickets instead of keeping vectors of the old text.
_DROP_EMBEDDINGS = "DELETE FROM public.ticket_embeddings WHERE ticket_id = ANY(CAST(:ticket_ids AS bigint[]))"


@dataclass(frozen=True)
class EnrichStats:
    """What one run did. ``total`` tickets needed work when it started; ``tickets`` were done."""

    total: int
    tickets: int
    comments_scored: int
    embedded: int
    embeddings: bool
    seconds: float

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Ticket:
    ticket_id: int
    subject: str
    customer_scores: list[float] = field(default_factory=list)
    customer_bodies: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.customer_bodies)

    @property
    def embedding_text(self) -> str:
        return f"{self.subject}\n{self.body}"


def enrich(db: Database, *, batch_size: int = 500, progress: Progress | None = None,
           embeddings: bool | None = None) -> EnrichStats:
    """Bring the text tables up to date; return what was done.

    ``embeddings``: None writes vectors when ``embeddings.available(db)``, True requires
    them (``ServiceUnavailable`` otherwise), False writes none. ``progress(done, total)`` is
    called once before the first batch and after each committed batch; an exception it
    raises stops the run after that commit (what was committed stays).
    """
    if batch_size <= 0:
        raise InvalidInput("batch_size must be a positive number of tickets")
    started = time.perf_counter()
    use_vectors, has_vector_table = _embedding_plan(db, embeddings)
    stale = _stale_tickets(db, use_vectors)
    total = len(stale)
    if progress:
        progress(0, total)
    done = scored = embedded = 0
    with db.reader.connect() as reader:
        for start in range(0, total, batch_size):
            ids = stale[start:start + batch_size]
            tickets, new_scores = _read_and_score(reader, ids)
            vectors = emb.embed([t.embedding_text for t in tickets]) if use_vectors and tickets else None
            with db.app.begin() as writer:
                _write(writer, tickets, new_scores, vectors, drop_vectors=has_vector_table and not use_vectors)
            done += len(ids)
            scored += len(new_scores)
            embedded += 0 if vectors is None else len(vectors)
            log.debug("enriched %d/%d tickets", done, total)
            if progress:
                progress(done, total)
    return EnrichStats(total=total, tickets=done, comments_scored=scored, embedded=embedded,
                       embeddings=use_vectors, seconds=time.perf_counter() - started)


def _embedding_plan(db: Database, wanted: bool | None) -> tuple[bool, bool]:
    """(write vectors in this run, the database has the vector table)."""
    has_table = emb.database_supports(db)
    if wanted is False:
        return False, has_table
    reason = emb.unavailable_reason() or (None if has_table else
                                          "the database has no pgvector extension (no ticket_embeddings table)")
    if reason and wanted:
        raise ServiceUnavailable("Embeddings were asked for but cannot be computed", detail=reason)
    return reason is None, has_table


def _stale_tickets(db: Database, with_vectors: bool) -> list[int]:
    sql = _STALE_SQL.format(missing_embedding=_MISSING_EMBEDDING if with_vectors else "")
    with db.reader.connect() as conn:
        return list(conn.execute(sa.text(sql)).scalars())


def _read_and_score(reader: sa.Connection, ids: Sequence[int]) -> tuple[list[_Ticket], list[tuple]]:
    """The batch's tickets with their customer comments' scores; new (comment, ticket, score) rows."""
    try:
        tickets = {row.id: _Ticket(row.id, row.subject or "")
                   for row in reader.execute(sa.text(_TICKETS_SQL), {"ids": list(ids)})}
        comments = reader.execute(sa.text(_COMMENTS_SQL), {"ids": list(ids)}).all()
    finally:
        reader.rollback()  # end the read-only transaction; the next batch reads fresh data
    new_scores = []
    for comment_id, ticket_id, author_type, body, known in comments:
        ticket = tickets.get(ticket_id)
        if ticket is None:
            continue  # deleted since the stale list was taken
        if known is None:
            known = sentiment.score(body)
            new_scores.append((comment_id, ticket_id, known))
        if author_type == "customer":
            ticket.customer_scores.append(known)
            ticket.customer_bodies.append(body or "")
    return list(tickets.values()), new_scores


def _write(writer: sa.Connection, tickets: list[_Ticket], new_scores: list[tuple], vectors,
           *, drop_vectors: bool) -> None:
    if new_scores:
        writer.execute(sa.text(_UPSERT_COMMENTS), {
            "comment_ids": [c for c, _, _ in new_scores], "ticket_ids": [t for _, t, _ in new_scores],
            "scores": [s for _, _, s in new_scores], "labels": [sentiment.label_for(s) for _, _, s in new_scores]})
    if not tickets:
        return
    summaries = [sentiment.summarize(t.customer_scores) for t in tickets]
    ticket_ids = [t.ticket_id for t in tickets]
    writer.execute(sa.text(_UPSERT_TICKETS), {
        "ticket_ids": ticket_ids,
        "means": [s[0] for s in summaries], "firsts": [s[1] for s in summaries],
        "lasts": [s[2] for s in summaries], "labels": [s[3] for s in summaries],
        "counts": [len(t.customer_scores) for t in tickets],
        "subjects": [t.subject for t in tickets], "bodies": [t.body for t in tickets]})
    if vectors is not None:
        writer.execute(sa.text(_UPSERT_EMBEDDINGS), {
            "ticket_ids": ticket_ids, "vectors": [emb.to_pgvector(v) for v in vectors]})
    elif drop_vectors:
        writer.execute(sa.text(_DROP_EMBEDDINGS), {"ticket_ids": ticket_ids})
