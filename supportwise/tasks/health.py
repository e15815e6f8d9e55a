"""The health job: proves app → Redis → worker → PostgreSQL → Redis → app works."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import sqlalchemy as sa

from supportwise.platform.readonly import read_only
from supportwise.tasks.bootstrap import job_run


def ping(token: str) -> dict:
    """Run inside the worker: count tickets as the reader role and echo the token."""
    with job_run() as run:
        with read_only(run.db.reader, timeout_ms=run.settings.statement_timeout_ms, tz=run.settings.timezone) as conn:
            tickets = conn.execute(sa.text("SELECT count(*) FROM tickets")).scalar_one()
    return {"token": token, "worker_pid": os.getpid(), "tickets": tickets,
            "at": datetime.now(timezone.utc).isoformat()}
