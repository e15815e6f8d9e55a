"""Read the tickets of a subject, in the asker's scope, as the read-only reader role.

One READ ONLY transaction reads: the tickets (newest first, at most ``MAX_TICKETS``) with
their rating and the sentiment of their customer comments (``ticket_text``, when enriched);
their public comments; their embeddings when ``ticket_embeddings`` exists and has them;
and the names of the people involved (requesters and agents), which are kept out of theme
phrases. The tickets come from ``scope.team_source`` — the derived table the scope rewrite
puts in every question — and everything else is read by those ticket ids only. (Agent names
are read in full: they only keep names out of theme phrases, nothing shows them.)
Run it inside ``platform.readonly.read_only``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import sqlalchemy as sa
from sqlalchemy import Connection

from supportwise.analysis.subject import RELEASE, TEXT, Catalog, Release, Subject
from supportwise.engine.periods.phrases import Period
from supportwise.errors import QueryFailed
from supportwise.guard.scope import team_source

# Past this many tickets the newest are analysed (and the report says so): the clustering
# holds a dense tickets × terms matrix, and a theme that matters shows in the newest 6,000.
MAX_TICKETS = 6000

_TICKETS = """
SELECT t.id, t.created_at, t.subject, t.satisfaction, tt.sentiment_label
FROM {tickets}
LEFT JOIN public.ticket_text tt ON tt.ticket_id = t.id
WHERE {where}
ORDER BY t.created_at DESC, t.id DESC
LIMIT :limit
"""
# Tickets not enriched yet are searched in their subject and description instead.
_MATCHES = ("(tt.document @@ {q} OR (tt.ticket_id IS NULL AND "
            "to_tsvector('english', t.subject || ' ' || coalesce(t.description, '')) @@ {q}))")
_COMMENTS = """
SELECT c.ticket_id, c.author_type, c.body
FROM public.comments c
WHERE c.ticket_id = ANY(CAST(:ids AS bigint[])) AND c.public
ORDER BY c.ticket_id, c.created_at, c.id
"""
_NAMES = """
SELECT name FROM public.customers
WHERE id IN (SELECT requester_id FROM public.tickets WHERE id = ANY(CAST(:ids AS bigint[]))) AND name IS NOT NULL
UNION SELECT name FROM public.agents WHERE name IS NOT NULL
"""
_HAS_EMBEDDINGS = """
SELECT coalesce(has_table_privilege(current_user, to_regclass('public.ticket_embeddings'), 'SELECT'), false)
"""
_EMBEDDINGS = """
SELECT ticket_id, CAST(embedding AS real[]) FROM public.ticket_embeddings
WHERE ticket_id = ANY(CAST(:ids AS bigint[]))
"""


@dataclass
class TicketSet:
    """The tickets of one analysis, in one order (newest first); lists are parallel."""

    ids: list[int]
    created: list[datetime]
    subjects: list[str]
    satisfaction: list[str | None]
    sentiment: list[str | None]
    texts: list[str] = field(default_factory=list)            # subject + public comments: what themes are made of
    first_customer: list[str | None] = field(default_factory=list)  # the customer's first comment: quotes
    customer_comments: list[list[str]] = field(default_factory=list)
    embeddings: np.ndarray | None = None                      # rows parallel to ids, or None
    names: set[str] = field(default_factory=set)              # lower-case words of people's names
    truncated: bool = False

    def __len__(self) -> int:
        return len(self.ids)


def catalog(conn: Connection) -> Catalog:
    """The areas present in the data and the feature releases."""
    areas = [r[0] for r in conn.execute(sa.text(
        "SELECT DISTINCT product_area FROM public.tickets WHERE product_area IS NOT NULL"))]
    releases = [Release(*r) for r in conn.execute(sa.text(
        "SELECT name, product_area, released_at FROM public.feature_releases"))]
    return Catalog.build(areas, releases)


def fetch(conn: Connection, subject: Subject, period: Period, *, team: str | None, tz: str,
          limit: int = MAX_TICKETS) -> TicketSet:
    """The subject's tickets in the period and scope, with everything the analysis reads."""
    tickets = _tickets(conn, subject, period, team=team, tz=tz, limit=limit)
    if not tickets.ids and subject.kind == TEXT and len(subject.terms) > 1:
        # every word at once found nothing: tickets with any of them
        tickets = _tickets(conn, subject, period, team=team, tz=tz, limit=limit, any_term=True)
    if tickets.ids:
        _attach_comments(conn, tickets)
        tickets.embeddings = _embeddings(conn, tickets.ids)
        tickets.names = {word for (name,) in conn.execute(sa.text(_NAMES), {"ids": tickets.ids})
                         for word in name.lower().replace("-", " ").split()}
    return tickets


def _tickets(conn: Connection, subject: Subject, period: Period, *, team: str | None, tz: str, limit: int,
             any_term: bool = False) -> TicketSet:
    where, params = ["TRUE"], {"limit": limit + 1, "tz": tz}
    if subject.area:
        where.append("t.product_area = :area")
        params["area"] = subject.area
    if subject.kind == RELEASE and subject.since is not None:
        where.append("t.created_at >= :since")
        params["since"] = subject.since
    if subject.kind == TEXT:
        where.append(_MATCHES.format(q="websearch_to_tsquery('english', :terms)"))
        params["terms"] = (" or " if any_term else " ").join(subject.terms)
    if period.start is not None:
        where.append("t.created_at >= CAST(:start AS timestamp) AT TIME ZONE :tz")
        params["start"] = period.start
    if period.end is not None:
        where.append("t.created_at < CAST(:end AS timestamp) AT TIME ZONE :tz")
        params["end"] = period.end
    tickets = team_source("tickets", "t", team, params)
    try:
        rows = conn.execute(sa.text(_TICKETS.format(tickets=tickets, where=" AND ".join(where))), params).all()
    except sa.exc.DBAPIError as exc:
        raise QueryFailed("The tickets to analyse could not be read.", detail=str(exc.orig)) from exc
    truncated = len(rows) > limit
    rows = rows[:limit]
    return TicketSet(ids=[r[0] for r in rows], created=[r[1] for r in rows], subjects=[r[2] or "" for r in rows],
                     satisfaction=[r[3] for r in rows], sentiment=[r[4] for r in rows], truncated=truncated)


def _attach_comments(conn: Connection, tickets: TicketSet) -> None:
    position = {ticket_id: i for i, ticket_id in enumerate(tickets.ids)}
    parts: list[list[str]] = [[s] for s in tickets.subjects]
    customer: list[list[str]] = [[] for _ in tickets.ids]
    for ticket_id, author_type, body in conn.execute(sa.text(_COMMENTS), {"ids": tickets.ids}):
        i = position[ticket_id]
        parts[i].append(body or "")
        if author_type == "customer" and body:
            customer[i].append(body)
    tickets.texts = ["\n".join(p) for p in parts]
    tickets.customer_comments = customer
    tickets.first_customer = [c[0] if c else None for c in customer]


def _embeddings(conn: Connection, ids: list[int]) -> np.ndarray | None:
    """The tickets' vectors in ``ids`` order, or None unless every ticket has one."""
    if not conn.execute(sa.text(_HAS_EMBEDDINGS)).scalar_one():
        return None
    found = {ticket_id: vector for ticket_id, vector in conn.execute(sa.text(_EMBEDDINGS), {"ids": ids})}
    if len(found) < len(ids):
        return None  # partly enriched: one vector space for every ticket, or none (TF-IDF alone)
    return np.asarray([found[i] for i in ids], dtype=np.float32)


def week_of(moment: datetime | date) -> date:
    """The Monday of the ISO week of a date or (time zone–aware) timestamp."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return date.fromordinal(day.toordinal() - day.weekday())
