"""The health job: proves app → Redis → worker → PostgreSQL → Redis → app works."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import sqlalchemy as sa

from supportwise.platform.database import Database
from supportwise.platform.settings import Settings


def ping(token: str) -> dict:
    """Run inside the worker: count tickets as the reader role and echo the token."""
    database = Database.from_settings(Settings.from_env())
    try:
        with database.reader.connect() as conn:
            tickets = conn.execute(sa.text("SELECT count(*) FROM tickets")).scalar_one()
    finally:
        database.dispose()
    return {"token": token, "worker_pid": os.getpid(), "tickets": tickets,
            "at": datetime.now(timezone.utc).isoformat()}
