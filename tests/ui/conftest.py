"""Point the Streamlit app at the test database through the environment, as a deployment would."""

from __future__ import annotations

import pytest
import streamlit as st

from supportwise.platform.settings import SETTINGS, reset_settings
from supportwise.records.users import ensure_demo_users


def point_app_at(monkeypatch, database, redis_url: str, data_dir) -> None:
    """Set the environment the app reads so it uses database, and forget cached settings and engines."""
    for setting in SETTINGS:  # nothing from the developer's shell may leak in (keys, other URLs)
        monkeypatch.delenv(setting.env, raising=False)
    monkeypatch.setenv("SUPPORTWISE_ENV", "demo")
    monkeypatch.setenv("DATABASE_URL", database.admin_url)
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("SUPPORTWISE_TODAY", "2026-11-23")
    monkeypatch.setenv("SUPPORTWISE_LLM", "none")
    monkeypatch.setenv("SUPPORTWISE_DATA_DIR", str(data_dir))
    reset_settings()
    st.cache_resource.clear()


@pytest.fixture
def app_db(seeded_db, redis_url, redis_conn, tmp_path, monkeypatch):
    """The seeded test database with the demo users, a flushed Redis, and the app configured to use them."""
    point_app_at(monkeypatch, seeded_db, redis_url, tmp_path)
    ensure_demo_users(seeded_db.app)
    yield seeded_db
    st.cache_resource.clear()  # disposes the app's engines before the database is dropped
    reset_settings()
