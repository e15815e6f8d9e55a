"""The one place Streamlit caching lives: the process-wide Database for the current settings."""

from __future__ import annotations

import redis
import streamlit as st

from supportwise import redisconn
from supportwise.bootstrap import open_database
from supportwise.db import Database
from supportwise.settings import Settings, get_settings


def settings() -> Settings:
    """The process settings (read once from the environment by supportwise.settings)."""
    return get_settings()


def database() -> Database:
    """The migrated Database shared by every session of this server process."""
    current = settings()
    # Keyed by where the data lives, so a changed environment (tests) never reuses a stale engine.
    return _open_database(current, current.database_url or str(current.data_dir.resolve()))


@st.cache_resource(show_spinner="Connecting to the database …", on_release=Database.dispose)
def _open_database(_settings: Settings, where: str) -> Database:
    return open_database(_settings)


def redis_client() -> redis.Redis:
    """The shared Redis client (conversation context and the result cache live there)."""
    current = settings()
    return _connect_redis(current, current.redis_url or str(current.data_dir.resolve()))


@st.cache_resource(show_spinner="Connecting to Redis …", on_release=redis.Redis.close)
def _connect_redis(_settings: Settings, where: str) -> redis.Redis:
    return redisconn.connect(_settings)


# The engine session id of the Ask page: the id of the conversation on screen (ui/conversation.py).
SESSION_ID = "sw_session_id"


def client_info() -> dict:
    """What the audit records about the browser on the other end (when Streamlit knows it)."""
    ip, agent = st.context.ip_address, st.context.headers.get("User-Agent")
    # Only plain strings go to the audit (headless test runs hand back placeholder objects).
    return {"app": "streamlit", "ip": ip if isinstance(ip, str) else None,
            "user_agent": agent if isinstance(agent, str) else None}
