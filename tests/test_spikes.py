"""Spike detection: synthetic series with known answers, and the planted events of the demo data."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import psycopg
import pytest

from supportwise.platform.database import Database, psycopg_conninfo, with_database
from supportwise.platform.migrate import migrate
from supportwise.records.roles import Principal
from supportwise.seed import seed_demo
from supportwise.views import spikes
from supportwise.views.trends import TrendFilters, trends_view
from tests.conftest import TEST_TODAY

# What `./sw start` seeds: python -m supportwise seed --tickets 30000 --seed 7
DEMO_TICKETS, DEMO_SEED = 30_000, 7
OUTAGE_DAY = TEST_TODAY - timedelta(days=23)        # login and the API down for an afternoon
RELEASE_DAY = TEST_TODAY - timedelta(days=42)       # Auto-sync 2.0 ships at 16:00 UTC
MANAGER = Principal("manager", "manager")


def demo_template(server_url: str, template_db: str, name: str, tickets: int = DEMO_TICKETS,
                  seed: int = DEMO_SEED) -> str:
    """A database cloned from the migrated template and seeded like the demo; returns its name."""
    with psycopg.connect(psycopg_conninfo(server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    with psycopg.connect(psycopg_conninfo(with_database(server_url, name))) as conn:
        migrate(conn)
        seed_demo(conn, tickets=tickets, seed=seed, today=TEST_TODAY)
    return name


def drop(server_url: str, name: str) -> None:
    with psycopg.connect(psycopg_conninfo(server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def demo_db(server_url, template_db, test_settings):
    """The demo data set itself (30,000 tickets), read only by these tests."""
    name = demo_template(server_url, template_db, f"{template_db}_spk")
    database = Database.for_admin_url(with_database(server_url, name), test_settings)
    yield database
    database.dispose()
    drop(server_url, name)


def _daily(series: dict[str, list[float]], first: date) -> pd.DataFrame:
    rows = [(first + timedelta(days=i), area, n) for area, counts in series.items() for i, n in enumerate(counts)]
    return pd.DataFrame(rows, columns=["day", "product_area", "tickets"])


def _weekly_pattern(days: int, level: float, rng: np.random.Generator) -> list[float]:
    """Poisson counts with a busy Monday and a quiet weekend, starting on a Monday."""
    shape = [1.3, 1.2, 1.1, 1.0, 0.9, 0.3, 0.2]
    return [float(rng.poisson(level * shape[i % 7])) for i in range(days)]


FIRST = date(2026, 1, 5)  # a Monday


def test_steady_weekly_rhythm_has_no_spikes():
    rng = np.random.default_rng(3)
    days = 120
    daily = _daily({area: _weekly_pattern(days, level, rng) for area, level in
                    (("billing", 40), ("login", 12), ("api", 3))}, FIRST)
    start = FIRST + timedelta(days=spikes.WINDOW_DAYS)
    scores = spikes.score_days(daily, start=start, end=FIRST + timedelta(days=days - 1))
    assert spikes.find_spikes(scores) == []
    # every area and day of the range is scored, missing days as zero
    assert len(scores) == 3 * (days - spikes.WINDOW_DAYS)


def test_a_planted_day_is_found_with_its_numbers():
    rng = np.random.default_rng(4)
    counts = _weekly_pattern(90, 20, rng)
    counts[73] += 60  # a Thursday with four times its usual 20
    daily = _daily({"billing": counts, "mobile": _weekly_pattern(90, 20, rng)}, FIRST)
    start = FIRST + timedelta(days=60)
    [spike] = spikes.find_spikes(spikes.score_days(daily, start=start, end=FIRST + timedelta(days=89)))
    day = FIRST + timedelta(days=73)
    assert (spike.product_area, spike.first_day, spike.last_day, spike.days) == ("billing", day, day, 1)
    assert spike.tickets == counts[73] and 15 < spike.expected < 27 and spike.z >= spikes.Z_MIN
    assert spike.question() == f"Why did billing tickets spike on {day.isoformat()}?"


def test_consecutive_days_are_one_spike_and_small_counts_are_not_spikes():
    flat = [4.0] * 60
    counts = list(flat)
    counts[40] = counts[41] = 30
    tiny = [0.0] * 60
    tiny[45] = spikes.MIN_TICKETS - 1  # a huge z over an empty baseline, but a handful of tickets
    daily = _daily({"api": counts, "mobile": tiny}, FIRST)
    [spike] = spikes.find_spikes(spikes.score_days(daily, start=FIRST + timedelta(days=30),
                                                   end=FIRST + timedelta(days=59)))
    assert (spike.product_area, spike.days, spike.tickets) == ("api", 2, 60)
    assert spike.when() == f"{FIRST + timedelta(days=40)} – {FIRST + timedelta(days=41)}"
    assert "between" in spike.question()


def test_days_outside_the_range_are_not_flagged():
    counts = [5.0] * 60
    counts[35] = 60
    daily = _daily({"api": counts}, FIRST)
    assert spikes.find_spikes(spikes.score_days(daily, start=FIRST + timedelta(days=40),
                                                end=FIRST + timedelta(days=59))) == []
    assert spikes.score_days(daily.iloc[0:0], start=FIRST, end=FIRST).empty


def test_the_demo_outage_is_the_only_spike_of_the_last_four_weeks(demo_db, test_settings):
    view = trends_view(demo_db, MANAGER, TEST_TODAY - timedelta(days=27), TEST_TODAY, today=TEST_TODAY,
                       settings=test_settings)
    found = [(s.product_area, s.first_day, s.last_day) for s in view.spikes]
    assert sorted(found) == [("api", OUTAGE_DAY, OUTAGE_DAY), ("login", OUTAGE_DAY, OUTAGE_DAY)]
    with demo_db.reader.connect() as conn:
        outage = dict(conn.exec_driver_sql(
            "SELECT product_area, count(*) FROM tickets WHERE created_at >= %(d)s AND created_at < %(e)s "
            "AND product_area IN ('login', 'api') GROUP BY 1",
            {"d": OUTAGE_DAY, "e": OUTAGE_DAY + timedelta(days=1)}).all())
    assert {s.product_area: s.tickets for s in view.spikes} == outage
    assert all(s.tickets > 5 * s.expected for s in view.spikes)
    # the chart's data marks exactly those days
    marked = view.daily[view.daily["spike"]]
    assert sorted(zip(marked["product_area"], marked["day"])) == [("api", OUTAGE_DAY), ("login", OUTAGE_DAY)]


def test_a_year_of_demo_data_flags_only_the_planted_events(demo_db, test_settings):
    """The rule against noise: 8 areas x a year of ordinary days, and only the two stories are flagged."""
    view = trends_view(demo_db, MANAGER, TEST_TODAY - timedelta(days=364), TEST_TODAY, today=TEST_TODAY,
                       settings=test_settings)
    by_area = {s.product_area: s for s in view.spikes}
    assert sorted(by_area) == ["api", "auto-sync", "login"], view.spikes
    release = by_area["auto-sync"]
    assert release.first_day == RELEASE_DAY + timedelta(days=1)  # the first full day after the 16:00 release
    assert release.days <= 3 and release.z > 2 * spikes.Z_MIN


def test_filters_narrow_the_spikes_too(demo_db, test_settings):
    """The outage came in by chat and phone above all; an API-channel-only view has too few tickets to flag."""
    start = TEST_TODAY - timedelta(days=27)
    chat = trends_view(demo_db, MANAGER, start, TEST_TODAY, TrendFilters(channels=("chat",)), today=TEST_TODAY,
                       settings=test_settings)
    assert {s.product_area for s in chat.spikes} <= {"login", "api"} and chat.spikes
    billing = trends_view(demo_db, MANAGER, start, TEST_TODAY, TrendFilters(areas=("billing",)), today=TEST_TODAY,
                          settings=test_settings)
    assert billing.spikes == [] and set(billing.daily["product_area"]) == {"billing"}
