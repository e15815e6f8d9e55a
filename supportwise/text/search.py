"""Hybrid ticket search: full-text and semantic retrieval fused by reciprocal rank.

``search_tickets(db, principal, "sync deleted my contacts")``:
1. full text — ``websearch_to_tsquery('english', query)`` against ticket_text.document
   (subject weight A, customer comments weight B), ranked by ``ts_rank_cd``; when all the
   words together find too few tickets and there are no vectors, tickets with all words
   but one follow, then all but two, …;
2. semantic — the query's all-MiniLM-L6-v2 embedding against ticket_embeddings by cosine
   distance (HNSW index), when ``embeddings`` are available and the table has rows;
3. reciprocal rank fusion, score = Σ 1 / (60 + rank) over the lists a ticket is in
   (Cormack, Clarke & Büttcher 2009; k = 60 as there);
4. details of the top hits with a highlighted snippet of the customer's words, masked for
   principals who do not see personal data.
Everything runs as the reader role on the read-only path (statement timeout included), within
the principal's scope: every query reads tickets from ``scope.source_sql``, the derived table
the same rewrite gives every question, so a team lead only ever gets their team's tickets.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import sqlalchemy as sa

from supportwise.errors import InvalidInput, ServiceUnavailable
from supportwise.guard.scope import team_source
from supportwise.pii.apply import masker_for
from supportwise.pii.masker import PiiMasker, build_masker
from supportwise.platform.database import Database
from supportwise.platform.readonly import read_only
from supportwise.platform.settings import Settings
from supportwise.records.roles import Principal
from supportwise.text import embeddings as emb
from supportwise.text.snippet import HEADLINE_OPTIONS, MARK_END, MARK_START, mask_snippets

RRF_K = 60
MAX_LIMIT = 100
MAX_QUERY_CHARS = 500
# Candidates each retriever contributes to the fusion: deep enough that a ticket ranked
# modestly by both lists can still win, shallow enough to stay fast on 100k tickets.
MIN_CANDIDATES = 100
# HNSW returns at most ef_search rows, and filters are applied to what it returns: with a
# filter (team scope, area, dates) it must look much further than the LIMIT (pgvector 0.6
# has no iterative scan). 1000 is pgvector's maximum.
EF_SEARCH_FILTERED = 1000

_TEXT_SQL = """
SELECT tt.ticket_id, ts_rank_cd(tt.document, q.query) AS rank
FROM public.ticket_text tt
JOIN {tickets} ON t.id = tt.ticket_id,
     websearch_to_tsquery('english', :{query}) AS q(query)
WHERE tt.document @@ q.query {filters}
ORDER BY rank DESC, tt.ticket_id
LIMIT :candidates
"""
# A relaxed full-text pass: tickets with some of the query's words (:groups is an OR of AND-groups).
_RELAXED_SQL = """
SELECT tt.ticket_id
FROM public.ticket_text tt
JOIN {tickets} ON t.id = tt.ticket_id,
     CAST(:groups AS tsquery) AS q(query)
WHERE tt.document @@ q.query {filters}
ORDER BY ts_rank_cd(tt.document, q.query) DESC, tt.ticket_id
LIMIT :more
"""
# 6 words make at most C(6,3) = 20 AND-groups in one pass
MAX_RELAXED_TERMS = 6
# websearch syntax a person may type on purpose: "a phrase", -word, or
_OPERATORS = re.compile(r'"|(^|\s)-\w|\bor\b', re.IGNORECASE)
# "+ 0" hides the distance from the HNSW index: an exact scan of the filtered rows, used
# when the index (which filters after it searches) came back with fewer rows than asked for.
_VECTOR_SQL = """
SELECT e.ticket_id
FROM public.ticket_embeddings e
JOIN {tickets} ON t.id = e.ticket_id
WHERE true {filters}
ORDER BY (e.embedding <=> CAST(:vector AS vector)){exact}
LIMIT :candidates
"""
_DETAILS_SQL = """
SELECT t.id, t.subject, t.created_at, t.product_area, t.team, t.status, tt.sentiment_label,
       ts_headline('english', translate(coalesce(nullif(src.body, ''), t.subject), :marks, '""'),
                   websearch_to_tsquery('english', :query), :options) AS snippet
FROM {tickets}
LEFT JOIN public.ticket_text tt ON tt.ticket_id = t.id
LEFT JOIN LATERAL (
    SELECT string_agg(c.body, E'\\n' ORDER BY c.created_at, c.id) AS body
    FROM public.comments c
    WHERE c.ticket_id = t.id AND c.author_type = 'customer'
) src ON true
WHERE t.id = ANY(CAST(:ids AS bigint[])) {filters}
"""


@dataclass(frozen=True)
class SearchHit:
    """One ticket found. ``snippet`` marks matched words with « »; ``score`` is the fused RRF score."""

    ticket_id: int
    subject: str
    snippet: str
    score: float
    sentiment: str | None          # ticket_text.sentiment_label (None: not enriched, or no customer comment)
    created_at: dt.datetime
    product_area: str | None
    team: str | None
    status: str
    matched_by: tuple[str, ...]    # ("text",), ("vector",) or ("text", "vector")


@dataclass(frozen=True)
class _Where:
    """The scoped tickets source ``t`` and the AND-conditions every query of one search shares."""

    tickets: str
    filters: str
    narrowed: bool   # scope or filters cut the tickets down (the vector index must look further)

    def sql(self, template: str, **more: str) -> str:
        return template.format(tickets=self.tickets, filters=self.filters, **more)


def search_tickets(db: Database, principal: Principal, query: str, *, limit: int = 20,
                   product_area: str | None = None, since: dt.date | dt.datetime | None = None,
                   until: dt.date | dt.datetime | None = None, semantic: bool | None = None,
                   masker: PiiMasker | None = None, settings: Settings | None = None) -> list[SearchHit]:
    """Tickets matching ``query`` best first, within ``principal``'s scope.

    ``since``/``until`` bound created_at as a half-open range [since, until) (CONTRACT §2);
    a date means midnight UTC. ``semantic``: None uses vectors when they are available,
    False forces full text only, True requires vectors (ServiceUnavailable without them).
    ``masker`` defaults to the database's (``build_masker``); ``settings`` give the statement
    timeout (default: the defaults). Raises InvalidInput for an empty query, a bad limit or an
    empty date range.
    """
    query = _check_query(query)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"The number of results must be between 1 and {MAX_LIMIT}.")
    start, end = _instant(since), _instant(until)
    if start is not None and end is not None and start >= end:
        raise InvalidInput("The start of the date range must be before its end.")
    params: dict = {"query": query, "limit": limit, "candidates": max(MIN_CANDIDATES, 3 * limit)}
    filters = _filters(product_area, start, end, params)
    where = _Where(team_source("tickets", "t", principal.scope_team, params), filters,
                   narrowed=bool(filters or principal.scope_team))
    settings = settings or Settings()
    vector = _query_vector(db, query, required=bool(semantic)) if semantic is not False else None
    with read_only(db.reader, timeout_ms=settings.statement_timeout_ms, tz=settings.timezone) as conn:
        ranked = [_text_candidates(conn, where, params, widen=vector is None)]
        if vector is not None:
            ranked.append(_vector_candidates(conn, vector, where, params))
        fused = fuse(ranked)[:limit]
        rows = conn.execute(sa.text(where.sql(_DETAILS_SQL)),
                            {**params, "ids": [ticket_id for ticket_id, _ in fused],
                             "marks": MARK_START + MARK_END, "options": HEADLINE_OPTIONS}).all() if fused else []
    by_id = {row.id: row for row in rows}
    sources = [set(ids) for ids in ranked]
    names = ("text", "vector")
    hits = [SearchHit(ticket_id=ticket_id, subject=row.subject, snippet=row.snippet, score=score,
                      sentiment=row.sentiment_label, created_at=row.created_at, product_area=row.product_area,
                      team=row.team, status=row.status,
                      matched_by=tuple(name for name, found in zip(names, sources) if ticket_id in found))
            for ticket_id, score in fused if (row := by_id.get(ticket_id)) is not None]
    if principal.sees_pii:
        return hits
    masker = masker_for(principal, masker or build_masker(db.reader))
    snippets = mask_snippets([hit.snippet for hit in hits], masker)
    return [replace(hit, subject=masker.mask_text(hit.subject), snippet=snippet)
            for hit, snippet in zip(hits, snippets)]


def fuse(ranked_lists: Sequence[Sequence[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: (id, Σ 1/(k + rank)) best first; ties broken by id.

    >>> fuse([[7, 3], [3, 9]])
    [(3, 0.0325…), (7, 0.0164…), (9, 0.0161…)]
    """
    scores: dict[int, float] = {}
    for ranked in ranked_lists:
        for rank, item in enumerate(ranked, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def _check_query(query: str) -> str:
    if not isinstance(query, str) or not query.strip():
        raise InvalidInput("Type some words to search for.")
    query = " ".join(query.split())
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(f"The search is too long: at most {MAX_QUERY_CHARS} characters.")
    return query


def _instant(value: dt.date | dt.datetime | None) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return dt.datetime.combine(value, dt.time(), tzinfo=dt.timezone.utc)


def _filters(product_area: str | None, start: dt.datetime | None, end: dt.datetime | None, params: dict) -> str:
    """AND-conditions on tickets ``t``, binding their values into params (the scope is in the source)."""
    conditions = []
    for column, op, name, value in (("product_area", "=", "product_area", product_area),
                                    ("created_at", ">=", "since", start), ("created_at", "<", "until", end)):
        if value is not None:
            conditions.append(f" AND t.{column} {op} :{name}")
            params[name] = value
    return "".join(conditions)


def _query_vector(db: Database, query: str, *, required: bool) -> str | None:
    """The query's embedding in pgvector text form, or None when there is nothing to compare it with."""
    reason = emb.unavailable_reason()
    if reason is None:
        with db.reader.connect() as conn:
            # two statements: a name in SQL is resolved before it runs, so a query that mentions
            # a missing ticket_embeddings fails whatever its conditions say
            if not conn.execute(sa.text("SELECT to_regclass(:table) IS NOT NULL"), {"table": emb.TABLE}).scalar_one():
                reason = "the database has no pgvector extension (no ticket_embeddings table)"
            elif not conn.execute(sa.text("SELECT EXISTS (SELECT 1 FROM public.ticket_embeddings)")).scalar_one():
                reason = "no ticket is embedded yet: run python -m supportwise enrich --embeddings"
    if reason is None:
        return emb.to_pgvector(emb.embed([query])[0])
    if required:
        raise ServiceUnavailable("Semantic search is not available", detail=reason)
    return None


def _text_candidates(conn: sa.Connection, where: _Where, params: dict, *, widen: bool) -> list[int]:
    """Tickets with every word of the query; then — with ``widen``, while fewer than ``limit``
    and the query is plain words — tickets with all words but one, all but two, … down to any.

    websearch_to_tsquery ANDs the words: "contacts disappeared after sync" finds nothing
    when no ticket says "disappeared". With full text as the only retriever (no pgvector)
    that would be the whole answer, so the relaxed passes keep recall, tickets matching more
    of the words first. Each pass is one GIN lookup (an OR of AND-groups) and stops as soon
    as there are enough tickets: ranking every ticket that has any common word ("sync",
    "report") would cost ~10^4 ts_rank_cd calls on 100k tickets. With vectors the relaxed
    passes are left out: the vectors bring the recall, loose text matches only noise.
    """
    ids = list(conn.execute(sa.text(where.sql(_TEXT_SQL, query="query")), params).scalars())
    if not widen or len(ids) >= params["limit"] or _OPERATORS.search(params["query"]):
        return ids
    lexemes = conn.execute(sa.text("SELECT tsvector_to_array(to_tsvector('english', :query))"), params).scalar_one()
    # quoted tsquery literals; a lexeme with a quote or backslash would need escaping — skipped
    terms = [f"'{lexeme}'" for lexeme in lexemes if "'" not in lexeme and "\\" not in lexeme][:MAX_RELAXED_TERMS]
    for keep in range(len(terms) - 1, 0, -1):
        if len(ids) >= params["limit"]:
            break
        groups = " | ".join("(" + " & ".join(group) + ")" for group in itertools.combinations(terms, keep))
        exclude = " AND NOT (tt.ticket_id = ANY(CAST(:found AS bigint[])))" if ids else ""
        relaxed = _Where(where.tickets, where.filters + exclude, where.narrowed)
        ids += conn.execute(sa.text(relaxed.sql(_RELAXED_SQL)),
                            {**params, "groups": groups, "found": ids,
                             "more": params["candidates"] - len(ids)}).scalars()
    return ids


def _vector_candidates(conn: sa.Connection, vector: str, where: _Where, params: dict) -> list[int]:
    candidates = params["candidates"]
    ef_search = EF_SEARCH_FILTERED if where.narrowed else min(2 * candidates, EF_SEARCH_FILTERED)
    conn.execute(sa.text("SELECT set_config('hnsw.ef_search', :ef, true)"), {"ef": str(ef_search)})
    args = {**params, "vector": vector}
    ids = list(conn.execute(sa.text(where.sql(_VECTOR_SQL, exact="")), args).scalars())
    if where.narrowed and len(ids) < params["limit"]:
        ids = list(conn.execute(sa.text(where.sql(_VECTOR_SQL, exact=" + 0")), args).scalars())
    return ids
