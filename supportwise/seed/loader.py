"""seed_demo: replace the support data with a deterministic demo data set, via COPY.

Flow: validate → truncate → organizations, customers, agents, releases (small, up
front) → tickets day by day, COPYing every ~5,000 tickets with their comments and
truth rows → app.seed_runs row → commit. Memory stays flat in the number of tickets
(only customers grow, at one per eight tickets).

Generating is Python work and loading is PostgreSQL work, so a single worker thread
COPYs one batch while the main thread generates the next (at most two batches are in
memory); on two cores that nearly halves the wall time.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterable

import psycopg

from supportwise.errors import SeedError
from supportwise.seed.arrivals import DayPlan, plan_days
from supportwise.seed.batch import Batch
from supportwise.seed.clock import Span, seeding_cutoff
from supportwise.seed.copytext import boolean, escape, line
from supportwise.seed.directory import (
    Agent,
    Customer,
    Organization,
    build_agents,
    build_customers,
    build_organizations,
    customer_count,
    organization_count,
)
from supportwise.seed.storyline import SPAN_DAYS, Storyline
from supportwise.seed.tickets import TicketFactory

BATCH_TICKETS = 5_000
MAX_TICKETS = 50_000_000
Progress = Callable[[int, int], None]

TRUNCATE = """
TRUNCATE public.comments, public.tickets, public.customers, public.agents, public.organizations,
         public.feature_releases, app.planted_ticket_themes, app.planted_pii CASCADE
"""
# FREEZE: the tables were truncated in this transaction, so rows can be written frozen
# (no hint-bit rewrite on first read); valid only because of the TRUNCATE above.
COPY = {
    "organizations": "COPY public.organizations (id, name, plan, region, created_at) FROM STDIN WITH (FREEZE)",
    "customers": "COPY public.customers (id, organization_id, name, email, phone, created_at) FROM STDIN WITH (FREEZE)",
    "agents": "COPY public.agents (id, name, email, team, active) FROM STDIN WITH (FREEZE)",
    "feature_releases": "COPY public.feature_releases (id, name, product_area, released_at, description) "
                        "FROM STDIN WITH (FREEZE)",
    "tickets": "COPY public.tickets (id, subject, description, status, priority, channel, ticket_type, product_area, "
               "team, requester_id, organization_id, assignee_id, tags, satisfaction, reopens, created_at, updated_at, "
               "first_response_at, solved_at) FROM STDIN WITH (FREEZE)",
    "comments": "COPY public.comments (id, ticket_id, author_type, author_id, body, public, created_at) "
                "FROM STDIN WITH (FREEZE)",
    "planted_pii": "COPY app.planted_pii (comment_id, entity_type, value, start_pos, end_pos) FROM STDIN WITH (FREEZE)",
    "planted_ticket_themes": "COPY app.planted_ticket_themes (ticket_id, story, theme) FROM STDIN WITH (FREEZE)",
}
CHUNK_LINES = 20_000


@dataclass(frozen=True)
class SeedStats:
    """What seed_demo loaded, and how long it took."""

    tickets: int
    comments: int
    customers: int
    organizations: int
    agents: int
    seconds: float


def validate(tickets: object, seed: object, today: object) -> None:
    """Raise SeedError unless the arguments can make a data set."""
    if isinstance(tickets, bool) or not isinstance(tickets, int):
        raise SeedError(f"tickets must be a whole number, not {tickets!r}")
    if not 1 <= tickets <= MAX_TICKETS:
        raise SeedError(f"tickets must be between 1 and {MAX_TICKETS:,}, not {tickets:,}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise SeedError(f"seed must be a whole number, not {seed!r}")
    if isinstance(today, dt.datetime) or not isinstance(today, dt.date):
        raise SeedError(f"today must be a date (YYYY-MM-DD), not {today!r}")
    if not 2000 <= today.year <= 2200:
        raise SeedError(f"today must be between the years 2000 and 2200, not {today.isoformat()}")


def copy_lines(cursor: psycopg.Cursor, table: str, lines: list[str]) -> None:
    """COPY pre-formatted text lines into ``table`` (a key of ``COPY``)."""
    if not lines:
        return
    with cursor.copy(COPY[table]) as copy:
        for start in range(0, len(lines), CHUNK_LINES):
            copy.write("".join(lines[start:start + CHUNK_LINES]))


def _organization_lines(orgs: Iterable[Organization], span: Span) -> list[str]:
    return [line((str(o.id), escape(o.name), o.plan, o.region, span.format(o.created_at))) for o in orgs]


def _customer_lines(customers: Iterable[Customer], span: Span) -> list[str]:
    return [line((str(c.id), str(c.organization.id), escape(c.name), escape(c.email), escape(c.phone),
                  span.format(c.created_at))) for c in customers]


def _agent_lines(agents: Iterable[Agent]) -> list[str]:
    return [line((str(a.id), escape(a.name), escape(a.email), a.team, boolean(a.active))) for a in agents]


def _release_lines(story: Storyline, span: Span) -> list[str]:
    return [line((str(i), escape(name), area, span.format(at), escape(text)))
            for i, name, area, at, text in story.release_rows()]


def _write_batch(cursor: psycopg.Cursor, batch: Batch) -> None:
    copy_lines(cursor, "tickets", batch.tickets)
    copy_lines(cursor, "comments", batch.comments)
    copy_lines(cursor, "planted_pii", batch.pii)
    copy_lines(cursor, "planted_ticket_themes", batch.themes)


def _write_tickets(cursor: psycopg.Cursor, factory: TicketFactory, span: Span, plans: list[DayPlan],
                   total: int, progress: Progress | None) -> int:
    """Generate the planned days in batches, COPYing each on a worker thread; return comments."""
    pending: deque[tuple[Future[None], int]] = deque()

    def settle(keep: int) -> None:
        """Wait until at most ``keep`` COPYs are in flight, reporting progress for the rest."""
        while len(pending) > keep:
            future, written = pending.popleft()
            future.result()  # re-raises a failed COPY here, in the caller's thread
            if progress:
                progress(written, total)

    done = 0
    batch = Batch(span, first_comment_id=1)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="seed-copy") as pool:
        for index, plan in enumerate(plans):
            done += factory.fill_day(plan, batch)
            if len(batch) >= BATCH_TICKETS or index == len(plans) - 1:
                pending.append((pool.submit(_write_batch, cursor, batch), done))
                batch = Batch(span, first_comment_id=batch.next_comment_id)
                settle(keep=1)
        settle(keep=0)
    return batch.next_comment_id - 1


def _load(conn: psycopg.Connection, tickets: int, seed: int, today: dt.date, cutoff: int | None,
          progress: Progress | None) -> tuple[int, int, int, int, int]:
    """Generate and COPY everything inside the caller's transaction; return the counts."""
    span = Span(today, SPAN_DAYS, cutoff)
    story = Storyline(span)
    customers_wanted = customer_count(tickets)
    orgs = build_organizations(seed, span, organization_count(customers_wanted))
    customers = build_customers(seed, span, orgs, customers_wanted)
    agents = build_agents(seed, span)
    factory = TicketFactory(seed, span, story, customers, agents)
    with conn.cursor() as cursor:
        cursor.execute(TRUNCATE)
        if conn.info.parameter_status("is_superuser") == "on":
            # The generator keeps every reference consistent; skipping the per-row
            # foreign-key triggers cuts the load time a lot. CHECKs still apply.
            cursor.execute("SET LOCAL session_replication_role = replica")
        copy_lines(cursor, "organizations", _organization_lines(orgs, span))
        copy_lines(cursor, "customers", _customer_lines(customers, span))
        copy_lines(cursor, "agents", _agent_lines(agents))
        copy_lines(cursor, "feature_releases", _release_lines(story, span))
        comments = _write_tickets(cursor, factory, span, plan_days(tickets, seed, span, story), tickets, progress)
    return factory.next_id - 1, comments, len(customers), len(orgs), len(agents)


SUPPORT_TABLES = ("organizations", "customers", "agents", "feature_releases", "tickets", "comments")


def seed_demo(conn: psycopg.Connection, *, tickets: int, seed: int, today: dt.date,
              progress: Progress | None = None, now: dt.datetime | None = None) -> SeedStats:
    """Replace the support data with ``tickets`` demo tickets for ``today``; commit.

    The same (tickets, seed, today) always give the same rows, byte for byte — except when
    ``today`` is the current UTC date of ``now`` (default: the clock): then nothing is later
    than ``now`` (``clock.seeding_cutoff``), and the rows are the same for the same ``now``.
    ``progress(done, total)`` is called after every batch, last with done == total.
    """
    validate(tickets, seed, today)
    started = time.perf_counter()
    started_at = dt.datetime.now(dt.timezone.utc)  # run bookkeeping (and the cutoff of a real today)
    cutoff = seeding_cutoff(today, now or started_at)
    try:
        with conn.transaction():
            counts = _load(conn, tickets, seed, today, cutoff, progress)
            conn.execute(
                "INSERT INTO app.seed_runs (tickets, seed, today, started_at, finished_at) "
                "VALUES (%s, %s, %s, %s, clock_timestamp())", (tickets, seed, today, started_at))
        conn.commit()
        # Fresh statistics now, not whenever autovacuum gets round to it: on 100k new tickets a
        # stale plan turned a 9 ms question into 23 s.
        for table in SUPPORT_TABLES:
            conn.execute(f"ANALYZE {table}")
        conn.commit()
    except psycopg.Error as exc:
        raise SeedError("Loading the demo data failed", detail=str(exc)) from exc
    return SeedStats(*counts, seconds=time.perf_counter() - started)
