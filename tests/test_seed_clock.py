"""Seeding the real today stops at the seeding clock; every other date keeps whole days (issue 11).

Tests, the eval and demos seed fixed dates: their rows stay byte for byte what they were.
"""

from __future__ import annotations

import datetime as dt

from supportwise.seed import seed_demo
from supportwise.seed.clock import seeding_cutoff
from tests.test_seed import SEED, TODAY, checksums, scalar

LATEST = """SELECT max(x) FROM (
    SELECT max(greatest(created_at, updated_at, first_response_at, solved_at)) FROM tickets
    UNION ALL SELECT max(created_at) FROM comments UNION ALL SELECT max(created_at) FROM customers
    UNION ALL SELECT max(created_at) FROM organizations UNION ALL SELECT max(released_at) FROM feature_releases
) AS latest(x)"""


def test_seeding_the_real_today_stops_at_the_clock(db):
    # Issue 11: seeding today (the real date) wrote tickets up to 23:59:59 of it, i.e. in the future
    now = dt.datetime.combine(TODAY, dt.time(10, 30, 15), dt.timezone.utc)
    with db.connect_admin(autocommit=True) as conn:
        stats = seed_demo(conn, tickets=2_000, seed=SEED, today=TODAY, now=now)
        assert stats.tickets == 2_000 == scalar(conn, "SELECT count(*) FROM tickets")
        assert scalar(conn, LATEST) <= now
        assert scalar(conn, "SELECT count(*) FROM tickets WHERE created_at >= %s", (TODAY,)) > 0  # today so far
        assert scalar(conn, "SELECT count(*) FROM comments c JOIN tickets t ON t.id = c.ticket_id "
                            "WHERE c.created_at < t.created_at OR c.created_at > t.updated_at") == 0
        first = checksums(conn)
        seed_demo(conn, tickets=2_000, seed=SEED, today=TODAY, now=now)
        assert checksums(conn) == first                                # the same clock: the same rows
        # the real clock: the real today stops at the real now
        real_today = dt.datetime.now(dt.timezone.utc).date()
        seed_demo(conn, tickets=2_000, seed=SEED, today=real_today)
        assert scalar(conn, LATEST) <= dt.datetime.now(dt.timezone.utc)


def test_any_other_today_keeps_whole_days():
    now = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.timezone.utc)
    assert seeding_cutoff(TODAY, now) == int(now.timestamp())
    assert seeding_cutoff(TODAY, now.astimezone(dt.timezone(dt.timedelta(hours=-11)))) == int(now.timestamp())
    assert seeding_cutoff(TODAY - dt.timedelta(days=1), now) is None   # a past date (tests, the eval)
    assert seeding_cutoff(TODAY + dt.timedelta(days=30), now) is None  # a future demo date
