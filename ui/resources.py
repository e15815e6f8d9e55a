"""The one place Streamlit caching lives: the process-wide Database for the current settings."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import redis
import streamlit as st

from supportwise.charts import ChartPlan, build_chart, choose_chart
from supportwise.charts.frame import chart_frame
from supportwise.platform.bootstrap import open_database
from supportwise.platform.database import Database
from supportwise.platform.redis_client import connect as connect_redis
from supportwise.platform.settings import Settings, get_settings
from supportwise.questions.answer import Answer


def settings() -> Settings:
    """The process settings (read once from the environment by supportwise.platform.settings)."""
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
    return connect_redis(_settings)


# The engine session id of the Ask page: the id of the conversation on screen (ui/conversation.py).
SESSION_ID = "sw_session_id"


def client_info() -> dict:
    """What the audit records about the browser on the other end (when Streamlit knows it)."""
    ip, agent = st.context.ip_address, st.context.headers.get("User-Agent")
    # Only plain strings go to the audit (headless test runs hand back placeholder objects).
    return {"app": "streamlit", "ip": ip if isinstance(ip, str) else None,
            "user_agent": agent if isinstance(agent, str) else None}


@dataclass(frozen=True)
class Drawing:
    """How one answer is drawn: the data's best chart, the one picked, its Vega-Lite spec, the rows as a frame."""

    plan: ChartPlan
    shown: ChartPlan
    spec: dict | None
    frame: pd.DataFrame


def answer_drawing(answer: Answer, kind: str | None = None) -> Drawing:
    """The drawing of an answer, cached: every rerun redraws the whole conversation, and building and
    validating each chart again (tens of ms each) is what made long conversations slow."""
    data = json.dumps([answer.columns, answer.to_dict()["rows"], answer.chart], default=str)
    return _drawing(data, kind)


@st.cache_data(max_entries=1000, show_spinner=False)
def _drawing(data: str, kind: str | None) -> Drawing:
    columns, rows, hint = json.loads(data)
    plan = choose_chart(columns, rows, hint)
    frame = chart_frame(columns, rows)
    shown = plan.switched(kind, frame) if kind and kind != plan.kind and kind in plan.alternatives else plan
    spec = build_chart(frame, shown).to_dict() if rows and shown.kind not in ("table",) else None
    return Drawing(plan, shown, spec, frame)
