"""The Trends page in AppTest: filters change every card (checked against SQL), spikes are listed, and
"Explain this spike" runs the root-cause analysis on a real RQ worker and shows its themes."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date

import psycopg
import pytest
import redis
import sqlalchemy as sa
from rq import Queue

from supportwise.platform.database import Database, psycopg_conninfo, with_database
from supportwise.platform.migrate import migrate
from supportwise.queue.kinds import ANALYSIS
from supportwise.records.users import ensure_demo_users
from supportwise.text.enrich import enrich
from tests.helpers import ROOT, app_env
from tests.test_spikes import OUTAGE_DAY, demo_template, drop
from tests.ui.conftest import point_app_at
from tests.ui.test_pages_apptest import as_int, metric, open_page, sign_in

FILTERS = """FROM tickets t LEFT JOIN organizations o ON o.id = t.organization_id
WHERE t.created_at >= '2026-10-27' AND t.created_at < '2026-11-24'
  AND (CAST(:channels AS text[]) IS NULL OR t.channel = ANY(:channels))
  AND (CAST(:plans AS text[]) IS NULL OR o.plan = ANY(:plans))"""
WORKER_SECONDS = 120


def _one(database, query: str, **params):
    with database.reader.connect() as conn:
        return conn.execute(sa.text(query), {"channels": None, "plans": None, **params}).scalar_one()


def _button(at, label: str):
    return [b for b in at.button if b.label == label]


def test_filters_change_every_card(app_db):
    with app_db.admin.begin() as conn:  # no sentiment yet, whatever the seeded template holds
        conn.exec_driver_sql("TRUNCATE ticket_text, comment_sentiment")
    at = open_page(sign_in("manager"), "trends")
    assert as_int(metric(at, "Tickets created")) == _one(app_db, f"SELECT count(*) {FILTERS}")
    assert metric(at, "Negative sentiment") == "—"
    assert any("python -m supportwise enrich" in c.value for c in at.caption)
    assert [m.label for m in at.multiselect] == ["Team", "Channel", "Priority", "Product area", "Plan"]

    at.multiselect(key="sw_trends_channels").set_value(["chat"]).run()
    at.multiselect(key="sw_trends_plans").set_value(["enterprise"]).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    narrowed = {"channels": ["chat"], "plans": ["enterprise"]}
    assert as_int(metric(at, "Tickets created")) == _one(app_db, f"SELECT count(*) {FILTERS}", **narrowed)
    csat = _one(app_db, """SELECT 100.0 * count(*) FILTER (WHERE t.satisfaction = 'good') / count(t.satisfaction)
        FROM tickets t LEFT JOIN organizations o ON o.id = t.organization_id
        WHERE t.solved_at >= '2026-10-27' AND t.solved_at < '2026-11-24' AND t.status IN ('solved', 'closed')
          AND t.channel = ANY(:channels) AND o.plan = ANY(:plans)""", **narrowed)
    assert metric(at, "CSAT") == f"{float(csat):.1f} %"
    assert "channel chat · plan enterprise" in " ".join(c.value for c in at.caption)

    enrich(app_db, embeddings=False)
    at.run()
    negative = _one(app_db, f"""SELECT 100.0 * count(*) FILTER (WHERE tt.sentiment_label = 'negative')
        / count(tt.sentiment_label) {FILTERS.replace('WHERE', 'JOIN ticket_text tt ON tt.ticket_id = t.id WHERE')}
        AND tt.sentiment_label IS NOT NULL""", **narrowed)
    assert metric(at, "Negative sentiment") == f"{float(negative):.1f} %"
    assert len(at.get("vega_lite_chart")) == 6  # weekly by area, two speeds, CSAT, sentiment, daily


def test_the_outage_is_listed_as_spikes_with_explain_buttons(app_db):
    at = open_page(sign_in("manager"), "trends")
    texts = [m.value for m in at.markdown]
    assert OUTAGE_DAY.isoformat() in texts and {"login", "api"} <= set(texts)
    assert len(_button(at, "Explain this spike")) == 2
    # a quiet week has none
    at.date_input[0].set_value((date(2026, 11, 16), date(2026, 11, 22))).run()
    assert not at.exception and not _button(at, "Explain this spike")
    assert any(i.value == "No spikes in this period." for i in at.info)


@pytest.fixture(scope="module")
def demo_template_db(server_url, template_db):
    name = demo_template(server_url, template_db, f"{template_db}_tra")
    yield name
    drop(server_url, name)


@pytest.fixture
def demo_app_db(server_url, demo_template_db, test_settings, redis_url, redis_conn, tmp_path, monkeypatch):
    """A fresh copy of the 30,000-ticket demo data with the demo users, the app pointed at it."""
    name = f"{demo_template_db}_{time.monotonic_ns()}"
    with psycopg.connect(psycopg_conninfo(server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{demo_template_db}"')
    with psycopg.connect(psycopg_conninfo(with_database(server_url, name))) as conn:
        migrate(conn)
    database = Database.for_admin_url(with_database(server_url, name), test_settings)
    point_app_at(monkeypatch, database, redis_url, tmp_path)
    ensure_demo_users(database.app)
    yield database
    import streamlit as st

    st.cache_resource.clear()
    database.dispose()
    drop(server_url, name)


def _explain_login_spike(at):
    [login] = [b for b in _button(at, "Explain this spike") if b.key.startswith("sw_explain_login:")]
    login.click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]


def test_explain_runs_the_analysis_in_the_background_and_shows_its_themes(demo_app_db, redis_url, data_dir):
    at = open_page(sign_in("manager"), "trends")
    _explain_login_spike(at)
    connection = redis.Redis.from_url(redis_url)
    [job] = Queue(ANALYSIS.queue, connection=connection).get_jobs()
    assert job.args[:2] == ("manager", f"Why did login tickets spike on {OUTAGE_DAY.isoformat()}?")
    assert "Waiting for a worker" in at.get("progress")[0].proto.text and _button(at, "Cancel")

    worker = subprocess.Popen([sys.executable, "-m", "supportwise", "worker"], cwd=ROOT,
                              env=app_env(demo_app_db.admin_url, redis_url, data_dir),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + WORKER_SECONDS
        while at.get("progress") and time.monotonic() < deadline:
            time.sleep(0.5)
            at.run()
    finally:
        worker.terminate()
        _, errors = worker.communicate(timeout=30)
    assert not at.get("progress"), errors.decode()[-2000:]
    assert not at.exception and not at.error, [e.value for e in at.error]
    tickets = _one(demo_app_db, "SELECT count(*) FROM tickets WHERE product_area = 'login' "
                                "AND created_at >= :d AND created_at < CAST(:d AS date) + 1", d=OUTAGE_DAY)
    assert as_int(metric(at, "Tickets analysed")) == tickets
    markdown = " ".join(m.value for m in at.markdown)
    assert "**Summary.**" in markdown and "**1. " in markdown and "tickets (" in markdown
    assert any("Phrases:" in c.value for c in at.caption)
    assert any(m.value.startswith("> ") for m in at.markdown)  # quotes, masked for a manager
    assert "@" not in " ".join(m.value for m in at.markdown if m.value.startswith("> "))
    with demo_app_db.app.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM app.audit_log WHERE action = 'analysis' "
                                    "AND username = 'manager'")).scalar_one() == 1


def test_a_queued_explanation_can_be_cancelled(demo_app_db, redis_url):
    at = open_page(sign_in("manager"), "trends")
    _explain_login_spike(at)
    _button(at, "Cancel")[0].click().run()
    assert not at.exception
    assert [i.value for i in at.info][-1] == "The analysis was cancelled."
    assert not at.get("progress")
    assert Queue(ANALYSIS.queue, connection=redis.Redis.from_url(redis_url)).count == 0
