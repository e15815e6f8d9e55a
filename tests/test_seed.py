"""The demo-data seeder against real PostgreSQL: determinism, the contract, the planted truth.

One 5,000-ticket data set (``story_db``, seeded once for the module) serves the read-only
checks; tests that seed again get their own fresh database from the ``db`` fixture.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import subprocess
import sys

import psycopg
import pytest

from supportwise.errors import SeedError
from supportwise.platform.database import psycopg_conninfo, with_database
from supportwise.seed import SeedStats, loader, seed_demo
from supportwise.seed.directory import TEAM_SIZES
from tests.conftest import SEEDED_TICKETS
from tests.helpers import ROOT

TODAY = dt.date(2026, 11, 23)
TICKETS = 5_000
SEED = 7
END_OF_TODAY = "timestamptz '2026-11-24 00:00:00+00'"
AREAS = {"billing", "auto-sync", "integrations", "reporting", "mobile", "login", "api", "account"}

# Each table's rows in a fixed order, hashed in SQL: equal checksums mean identical rows.
CHECKSUM_QUERIES = {
    "organizations": "SELECT md5(string_agg(t::text, E'\\n' ORDER BY id)) FROM public.organizations t",
    "customers": "SELECT md5(string_agg(t::text, E'\\n' ORDER BY id)) FROM public.customers t",
    "agents": "SELECT md5(string_agg(t::text, E'\\n' ORDER BY id)) FROM public.agents t",
    "feature_releases": "SELECT md5(string_agg(t::text, E'\\n' ORDER BY id)) FROM public.feature_releases t",
    "tickets": "SELECT md5(string_agg(t::text, E'\\n' ORDER BY id)) FROM public.tickets t",
    "comments": "SELECT md5(string_agg(t::text, E'\\n' ORDER BY id)) FROM public.comments t",
    "planted_pii": "SELECT md5(string_agg(t::text, E'\\n' ORDER BY comment_id, start_pos, entity_type)) "
                   "FROM app.planted_pii t",
    "planted_ticket_themes": "SELECT md5(string_agg(t::text, E'\\n' ORDER BY ticket_id, story)) "
                             "FROM app.planted_ticket_themes t",
}

_names = itertools.count()


def checksums(conn: psycopg.Connection) -> dict[str, str]:
    return {table: conn.execute(sql).fetchone()[0] for table, sql in CHECKSUM_QUERIES.items()}


def scalar(conn: psycopg.Connection, sql: str, params: tuple | None = None):
    return conn.execute(sql, params).fetchone()[0]


@pytest.fixture(scope="module")
def story_db(server_url, template_db):
    """(connection, stats) of a module-private database seeded with 5,000 tickets."""
    name = f"sw_seedtest_{next(_names)}"
    with psycopg.connect(psycopg_conninfo(server_url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    conn = psycopg.connect(psycopg_conninfo(with_database(server_url, name)))
    stats = seed_demo(conn, tickets=TICKETS, seed=SEED, today=TODAY)
    conn.autocommit = True
    yield conn, stats
    conn.close()
    with psycopg.connect(psycopg_conninfo(server_url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def seeded(story_db) -> psycopg.Connection:
    return story_db[0]


# --- arguments ----------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, message", [
    ({"tickets": 0}, "tickets must be between"),
    ({"tickets": -5}, "tickets must be between"),
    ({"tickets": "100"}, "tickets must be a whole number"),
    ({"tickets": True}, "tickets must be a whole number"),
    ({"seed": "seven"}, "seed must be a whole number"),
    ({"today": "2026-11-23"}, "today must be a date"),
    ({"today": dt.datetime(2026, 11, 23, 12)}, "today must be a date"),
    ({"today": dt.date(1970, 1, 1)}, "today must be between"),
])
def test_bad_arguments_are_refused_before_touching_the_database(kwargs, message):
    args = {"tickets": 10, "seed": 1, "today": TODAY, **kwargs}
    with pytest.raises(SeedError, match=message):
        seed_demo(None, **args)  # type: ignore[arg-type]


# --- determinism and streaming ------------------------------------------------------------

def test_same_arguments_give_identical_rows_in_batches_of_any_size(db, story_db, monkeypatch):
    seeded_conn, _ = story_db
    expected = checksums(seeded_conn)
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(loader, "BATCH_TICKETS", 700)  # many small batches, same rows
    with db.connect_admin(autocommit=True) as conn:
        stats = seed_demo(conn, tickets=TICKETS, seed=SEED, today=TODAY, progress=lambda d, t: calls.append((d, t)))
        assert checksums(conn) == expected
    assert stats.tickets == TICKETS
    assert len(calls) > 5
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(set(done)) == len(done)
    assert calls[-1] == (TICKETS, TICKETS)
    assert {t for _, t in calls} == {TICKETS}


def test_reseeding_replaces_the_data_and_a_new_seed_changes_it(db, story_db):
    expected = checksums(story_db[0])
    with db.connect_admin() as conn:
        seed_demo(conn, tickets=TICKETS, seed=SEED + 1, today=TODAY)
        other = checksums(conn)
        assert all(other[table] != expected[table] for table in ("customers", "tickets", "comments", "planted_pii"))
        assert scalar(conn, "SELECT count(*) FROM tickets") == TICKETS
        seed_demo(conn, tickets=TICKETS, seed=SEED, today=TODAY)
        assert checksums(conn) == expected
        runs = conn.execute("SELECT tickets, seed, today FROM app.seed_runs ORDER BY id").fetchall()
    assert runs == [(TICKETS, SEED + 1, TODAY), (TICKETS, SEED, TODAY)]


def test_rows_do_not_depend_on_the_process(db, story_db):
    """Another interpreter, with another string-hash seed, writes the very same rows."""
    code = ("import datetime, sys, psycopg\n"
            "from supportwise.seed import seed_demo\n"
            "with psycopg.connect(sys.argv[1]) as conn:\n"
            f"    seed_demo(conn, tickets={TICKETS}, seed={SEED}, today=datetime.date.fromisoformat('{TODAY}'))\n")
    env = {**os.environ, "PYTHONHASHSEED": "4242", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code, psycopg_conninfo(db.admin_url)], env=env, check=True, timeout=120)
    with db.connect_admin() as conn:
        assert checksums(conn) == checksums(story_db[0])


def test_the_shared_seeded_fixture_is_loaded(seeded_db):
    with seeded_db.connect_admin() as conn:
        assert scalar(conn, "SELECT count(*) FROM tickets") == SEEDED_TICKETS


# --- the contract ---------------------------------------------------------------------------

def test_stats_match_the_tables(story_db):
    conn, stats = story_db
    assert isinstance(stats, SeedStats) and stats.seconds > 0
    assert stats.tickets == scalar(conn, "SELECT count(*) FROM tickets") == TICKETS
    assert stats.comments == scalar(conn, "SELECT count(*) FROM comments")
    assert stats.customers == scalar(conn, "SELECT count(*) FROM customers") == 625
    assert stats.organizations == scalar(conn, "SELECT count(*) FROM organizations") == 300
    assert stats.agents == scalar(conn, "SELECT count(*) FROM agents") == sum(TEAM_SIZES.values())


def test_value_sets_and_directory(seeded):
    assert {r[0] for r in seeded.execute("SELECT DISTINCT product_area FROM tickets")} == AREAS
    assert {r[0] for r in seeded.execute("SELECT DISTINCT team FROM tickets")} == set(TEAM_SIZES)
    channels = {r[0] for r in seeded.execute("SELECT DISTINCT channel FROM tickets")}
    assert channels == {"email", "web", "chat", "phone", "api"}
    assert {r[0] for r in seeded.execute("SELECT DISTINCT ticket_type FROM tickets")} == {
        "question", "incident", "problem", "task"}
    assert {r[0] for r in seeded.execute("SELECT DISTINCT status FROM tickets")} == {
        "new", "open", "pending", "on_hold", "solved", "closed"}
    assert {r[0] for r in seeded.execute("SELECT DISTINCT plan FROM organizations")} == {"free", "pro", "enterprise"}
    regions = {r[0] for r in seeded.execute("SELECT DISTINCT region FROM organizations")}
    assert regions == {"NA", "EMEA", "APAC", "LATAM"}
    assert scalar(seeded, "SELECT count(*) FROM (SELECT unnest(tags) AS tag FROM tickets) t "
                          "WHERE tag !~ '^[a-z0-9-]+$'") == 0
    assert scalar(seeded, "SELECT count(*) FROM tickets WHERE cardinality(tags) = 0") == 0
    assert scalar(seeded, "SELECT count(DISTINCT email) = count(*) FROM customers")
    assert scalar(seeded, "SELECT count(DISTINCT email) = count(*) AND count(DISTINCT name) = count(*) FROM agents")
    assert scalar(seeded, "SELECT count(*) FROM agents WHERE NOT active") == 2
    phones = [r[0] for r in seeded.execute("SELECT phone FROM customers")]
    assert any(p.startswith("+1 ") for p in phones) and any(p.startswith("(") for p in phones)
    assert any(p.startswith("+44 ") for p in phones)


def test_references_are_consistent(seeded):
    # the loader skips foreign-key triggers, so check every reference here
    assert scalar(seeded, """
        SELECT count(*) FROM tickets t LEFT JOIN customers c ON c.id = t.requester_id
        WHERE c.id IS NULL OR c.organization_id <> t.organization_id
           OR c.created_at > t.created_at""") == 0
    assert scalar(seeded, "SELECT count(*) FROM tickets t WHERE assignee_id IS NOT NULL "
                          "AND NOT EXISTS (SELECT 1 FROM agents a WHERE a.id = t.assignee_id)") == 0
    assert scalar(seeded, "SELECT count(*) FROM customers c JOIN organizations o ON o.id = c.organization_id "
                          "WHERE c.created_at < o.created_at") == 0
    assert scalar(seeded, "SELECT count(*) FROM comments c WHERE NOT EXISTS "
                          "(SELECT 1 FROM tickets t WHERE t.id = c.ticket_id)") == 0
    assert scalar(seeded, """
        SELECT count(*) FROM comments c JOIN tickets t ON t.id = c.ticket_id
        WHERE (c.author_type = 'customer' AND c.author_id <> t.requester_id)
           OR (c.author_type = 'agent' AND NOT EXISTS (SELECT 1 FROM agents a WHERE a.id = c.author_id))""") == 0


def test_timestamps_are_ordered_and_never_after_today(seeded):
    assert scalar(seeded, f"""
        SELECT count(*) FROM tickets
        WHERE first_response_at < created_at OR solved_at < created_at OR solved_at < first_response_at
           OR updated_at < greatest(created_at, first_response_at, solved_at)
           OR greatest(created_at, updated_at, first_response_at, solved_at) >= {END_OF_TODAY}
           OR (status IN ('solved', 'closed')) <> (solved_at IS NOT NULL)
           OR (status = 'new') <> (first_response_at IS NULL)""") == 0
    for table, column in (("comments", "created_at"), ("customers", "created_at"),
                          ("organizations", "created_at"), ("feature_releases", "released_at")):
        assert scalar(seeded, f"SELECT max({column}) < {END_OF_TODAY} FROM {table}")
    assert scalar(seeded, "SELECT min(created_at) <= %s FROM tickets", (TODAY - dt.timedelta(days=400),))
    assert scalar(seeded, "SELECT max(created_at) >= %s FROM tickets", (TODAY,))
    assert scalar(seeded, """
        SELECT count(*) FROM (
            SELECT c.created_at, lag(c.created_at) OVER (PARTITION BY c.ticket_id ORDER BY c.id) AS previous,
                   t.created_at AS ticket_created, t.updated_at
            FROM comments c JOIN tickets t ON t.id = c.ticket_id) x
        WHERE created_at < coalesce(previous, ticket_created) OR created_at > updated_at""") == 0


def test_comment_threads_alternate_starting_with_the_customer(seeded):
    assert scalar(seeded, "SELECT min(n) >= 2 AND max(n) <= 8 FROM "
                          "(SELECT count(*) AS n FROM comments GROUP BY ticket_id) x")
    assert scalar(seeded, "SELECT count(DISTINCT ticket_id) FROM comments") == TICKETS
    assert scalar(seeded, """
        SELECT count(*) FROM (
            SELECT author_type, row_number() OVER (PARTITION BY ticket_id ORDER BY id) AS position FROM comments) x
        WHERE author_type <> CASE WHEN position % 2 = 1 THEN 'customer' ELSE 'agent' END""") == 0
    # the first agent comment is the first public reply, at first_response_at
    assert scalar(seeded, """
        SELECT count(*) FROM tickets t
        JOIN LATERAL (SELECT * FROM comments c WHERE c.ticket_id = t.id AND c.author_type = 'agent'
                      ORDER BY c.id LIMIT 1) a ON true
        WHERE t.first_response_at IS NOT NULL AND (a.created_at <> t.first_response_at OR NOT a.public)""") == 0
    assert scalar(seeded, "SELECT count(*) FILTER (WHERE NOT public) > 0 FROM comments")
    assert scalar(seeded, "SELECT count(*) FROM comments WHERE author_type = 'customer' AND NOT public") == 0
    # built from fragments: lots of distinct text
    assert scalar(seeded, "SELECT count(DISTINCT body)::float / count(*) FROM comments") > 0.6


def test_distributions_look_like_a_support_desk(seeded):
    urgent = scalar(seeded, "SELECT avg((priority = 'urgent')::int) * 100 FROM tickets")
    assert 5 <= urgent <= 8
    high = scalar(seeded, "SELECT avg((priority = 'high')::int) * 100 FROM tickets")
    assert 15 <= high <= 25
    unsolved = scalar(seeded, "SELECT count(*) FROM tickets WHERE status IN ('new', 'open', 'pending', 'on_hold')")
    assert 0.002 * TICKETS <= unsolved <= 0.02 * TICKETS
    # old tickets are done; the backlog is recent
    assert scalar(seeded, "SELECT avg((status IN ('solved', 'closed'))::int) FROM tickets "
                          "WHERE created_at < %s", (TODAY - dt.timedelta(days=60),)) > 0.99
    rated = scalar(seeded, "SELECT avg((satisfaction IS NOT NULL)::int) FROM tickets WHERE solved_at IS NOT NULL")
    assert 0.5 <= rated <= 0.7
    good = scalar(seeded, "SELECT avg((satisfaction = 'good')::int) FROM tickets WHERE satisfaction IS NOT NULL")
    assert 0.78 <= good <= 0.92
    assert scalar(seeded, "SELECT avg((reopens = 0)::int) FROM tickets") > 0.8
    assert scalar(seeded, "SELECT max(reopens) FROM tickets") == 2
    # weekends are quieter than weekdays, nights quieter than office hours
    weekend, weekday = seeded.execute("""
        SELECT count(*) FILTER (WHERE extract(isodow FROM created_at) >= 6) / 2.0,
               count(*) FILTER (WHERE extract(isodow FROM created_at) < 6) / 5.0 FROM tickets""").fetchone()
    weekend, weekday = float(weekend), float(weekday)
    assert weekend < 0.6 * weekday
    # routing follows the product area
    assert scalar(seeded, "SELECT avg((team = 'Billing')::int) FROM tickets WHERE product_area = 'billing'") > 0.85
    assert scalar(seeded, "SELECT avg((team = 'Technical')::int) FROM tickets t JOIN organizations o "
                          "ON o.id = t.organization_id WHERE product_area = 'api' AND o.plan <> 'enterprise'") > 0.7
    # chat is answered faster than email
    chat, email = seeded.execute("""
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at))
               FILTER (WHERE channel = 'chat'),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at))
               FILTER (WHERE channel = 'email')
        FROM tickets WHERE first_response_at IS NOT NULL""").fetchone()
    assert chat * 5 < email


# --- the planted stories ----------------------------------------------------------------------

def test_autosync_release_spike_and_sour_mood(seeded):
    released_at = scalar(seeded, "SELECT released_at FROM feature_releases WHERE name = 'Auto-sync 2.0' "
                                 "AND product_area = 'auto-sync'")
    assert released_at.date() == TODAY - dt.timedelta(days=42)
    assert scalar(seeded, "SELECT count(*) FROM feature_releases") >= 5
    before, after = seeded.execute("""
        SELECT count(*) FILTER (WHERE created_at < %(r)s)
                 / (extract(epoch FROM %(r)s - min(created_at)) / 604800),
               count(*) FILTER (WHERE created_at >= %(r)s)
                 / (extract(epoch FROM timestamptz '2026-11-24' - %(r)s) / 604800)
        FROM tickets WHERE product_area = 'auto-sync'""", {"r": released_at}).fetchone()
    assert float(after) >= 2.5 * float(before)
    csat_before, csat_after = seeded.execute("""
        SELECT 100.0 * count(*) FILTER (WHERE satisfaction = 'good' AND solved_at < %(r)s)
                 / count(satisfaction) FILTER (WHERE solved_at < %(r)s),
               100.0 * count(*) FILTER (WHERE satisfaction = 'good' AND solved_at >= %(r)s)
                 / count(satisfaction) FILTER (WHERE solved_at >= %(r)s)
        FROM tickets WHERE product_area = 'auto-sync'""", {"r": released_at}).fetchone()
    assert csat_after < csat_before - 25
    themes = dict(seeded.execute("SELECT theme, count(*) FROM app.planted_ticket_themes WHERE story = 'auto-sync' "
                                 "GROUP BY theme").fetchall())
    assert set(themes) == {"data loss", "sync delays", "confusing setup"}
    assert themes["data loss"] > themes["sync delays"] > themes["confusing setup"] > 0
    assert scalar(seeded, """
        SELECT count(*) FROM app.planted_ticket_themes p JOIN tickets t ON t.id = p.ticket_id
        WHERE p.story = 'auto-sync' AND (t.product_area <> 'auto-sync' OR t.created_at < %s)""", (released_at,)) == 0


@pytest.mark.parametrize("theme, words", [
    ("data loss", r"missing|duplicat|disappeared|gone|wiped|lost|deleted|overwr|reset|vanish|merged|no longer"),
    ("sync delays", r"stuck|hours|slow|queued|timing out|out of date|updating|days ago|forever|next day|complete"),
    ("confusing setup", r"configur|figure out|setup|setting up|mapping|wizard|no idea|unclear|understand|"
                        r"what does|lost"),
])
def test_autosync_themes_are_distinct_and_varied(seeded, theme, words):
    descriptions = [r[0] for r in seeded.execute("""
        SELECT t.description FROM app.planted_ticket_themes p JOIN tickets t ON t.id = p.ticket_id
        WHERE p.theme = %s""", (theme,))]
    matching = [d for d in descriptions if re.search(words, d, re.IGNORECASE)]
    assert len(matching) >= 0.95 * len(descriptions)
    assert len({d.split(".")[0] for d in descriptions}) >= 6  # many phrasings, not one sentence


def test_outage_day_is_an_urgent_spike(seeded):
    outage_day = TODAY - dt.timedelta(days=23)
    daily = dict(seeded.execute("""
        SELECT d::date, count(t.id) FROM generate_series(%s::date, %s::date, interval '1 day') d
        LEFT JOIN tickets t ON t.priority = 'urgent' AND t.created_at >= d AND t.created_at < d + interval '1 day'
        GROUP BY d""", (TODAY - dt.timedelta(days=400), TODAY)).fetchall())
    median = sorted(daily.values())[len(daily) // 2]
    assert daily[outage_day] > 5 * max(median, 1)
    rows = seeded.execute("""
        SELECT t.created_at::date, t.product_area, t.ticket_type, 'outage' = ANY(t.tags)
        FROM app.planted_ticket_themes p JOIN tickets t ON t.id = p.ticket_id
        WHERE p.story = 'outage' AND p.theme = 'outage'""").fetchall()
    assert len(rows) >= 5
    assert all(r == (outage_day, r[1], "incident", True) and r[1] in ("login", "api") for r in rows)


def test_refund_theme_runs_through_the_whole_span(seeded):
    buckets = dict(seeded.execute("""
        SELECT floor(extract(epoch FROM t.created_at - %s::timestamptz) / (30 * 86400))::int, count(*)
        FROM app.planted_ticket_themes p JOIN tickets t ON t.id = p.ticket_id
        WHERE p.story = 'billing' AND p.theme = 'refund' GROUP BY 1""", (TODAY - dt.timedelta(days=419),)).fetchall())
    assert set(buckets) == set(range(14))
    assert scalar(seeded, """
        SELECT count(*) FROM app.planted_ticket_themes p JOIN tickets t ON t.id = p.ticket_id
        WHERE p.theme = 'refund' AND (t.product_area <> 'billing' OR NOT 'refund' = ANY(t.tags))""") == 0
    assert scalar(seeded, "SELECT count(*) FROM app.planted_ticket_themes p JOIN tickets t ON t.id = p.ticket_id "
                          "WHERE p.theme = 'refund' AND t.description ~* 'refund|charged|charge|billed|payment'") \
        == scalar(seeded, "SELECT count(*) FROM app.planted_ticket_themes WHERE theme = 'refund'")


# --- PII truth ------------------------------------------------------------------------------

def test_pii_offsets_point_at_the_values(seeded):
    assert scalar(seeded, """
        SELECT count(*) FROM app.planted_pii p JOIN comments c ON c.id = p.comment_id
        WHERE substring(c.body FROM p.start_pos + 1 FOR p.end_pos - p.start_pos) <> p.value""") == 0
    kinds = dict(seeded.execute("SELECT entity_type, count(*) FROM app.planted_pii GROUP BY 1").fetchall())
    assert set(kinds) == {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"}
    # the values are real people's details
    assert scalar(seeded, """
        SELECT count(*) FROM app.planted_pii p WHERE entity_type = 'EMAIL_ADDRESS'
        AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.email = p.value)
        AND NOT EXISTS (SELECT 1 FROM agents a WHERE a.email = p.value)""") == 0
    assert scalar(seeded, "SELECT count(*) FROM app.planted_pii p WHERE entity_type = 'PHONE_NUMBER' "
                          "AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.phone = p.value)") == 0
    assert scalar(seeded, """
        SELECT count(*) FROM app.planted_pii p WHERE entity_type = 'PERSON'
        AND NOT EXISTS (SELECT 1 FROM customers c WHERE p.value IN (c.name, split_part(c.name, ' ', 1)))
        AND NOT EXISTS (SELECT 1 FROM agents a WHERE p.value IN (a.name, split_part(a.name, ' ', 1)))""") == 0


def test_every_email_and_phone_in_a_comment_is_recorded(seeded):
    unrecorded_emails = scalar(seeded, """
        SELECT count(*) FROM (
            SELECT c.id, m[1] AS email FROM comments c,
                   regexp_matches(c.body, '([A-Za-z0-9._%%+-]+@[A-Za-z0-9.-]+\\.[a-z]{2,})', 'g') AS m) found
        WHERE NOT EXISTS (SELECT 1 FROM app.planted_pii p WHERE p.comment_id = found.id
                          AND p.entity_type = 'EMAIL_ADDRESS' AND p.value = found.email)""")
    assert unrecorded_emails == 0
    assert scalar(seeded, """
        SELECT count(*) FROM comments c JOIN tickets t ON t.id = c.ticket_id JOIN customers u ON u.id = t.requester_id
        WHERE strpos(c.body, u.phone) > 0 AND NOT EXISTS (
            SELECT 1 FROM app.planted_pii p WHERE p.comment_id = c.id AND p.value = u.phone)""") == 0
    assert scalar(seeded, """
        SELECT count(*) FROM comments c JOIN tickets t ON t.id = c.ticket_id JOIN customers u ON u.id = t.requester_id
        WHERE strpos(c.body, u.name) > 0 AND NOT EXISTS (
            SELECT 1 FROM app.planted_pii p WHERE p.comment_id = c.id AND p.value = u.name)""") == 0
    assert scalar(seeded, "SELECT count(*) FROM tickets t JOIN customers u ON u.id = t.requester_id "
                          "WHERE strpos(t.description, u.email) > 0 OR strpos(t.subject, u.name) > 0") == 0
