"""Notes to one user inside the app ("Your schedule 'Weekly urgent' failed: …"), shown until read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from supportwise.platform.database import Database
from supportwise.records.roles import Principal


@dataclass(frozen=True)
class Notification:
    id: int
    message: str
    schedule_id: int | None
    run_id: int | None
    created_at: datetime


def notify(db: Database, username: str, message: str, *, schedule_id: int | None = None,
           run_id: int | None = None) -> int:
    """Leave ``message`` for ``username``; return its id."""
    with db.app.begin() as conn:
        return conn.execute(sa.text(
            "INSERT INTO app.notifications (user_id, message, schedule_id, run_id) "
            "SELECT id, :m, :s, :r FROM app.users WHERE username = :u RETURNING id"),
            {"u": username, "m": message, "s": schedule_id, "r": run_id}).scalar_one()


def unread(db: Database, principal: Principal, *, limit: int = 20) -> list[Notification]:
    """The principal's unread notes, newest first."""
    with db.app.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT n.id, n.message, n.schedule_id, n.run_id, n.created_at FROM app.notifications n "
            "JOIN app.users u ON u.id = n.user_id WHERE u.username = :u AND n.read_at IS NULL "
            "ORDER BY n.id DESC LIMIT :n"), {"u": principal.username, "n": limit}).all()
    return [Notification(*row) for row in rows]


def mark_read(db: Database, principal: Principal, notification_id: int) -> None:
    """Dismiss one of the principal's own notes (someone else's id changes nothing)."""
    with db.app.begin() as conn:
        conn.execute(sa.text(
            "UPDATE app.notifications n SET read_at = now() FROM app.users u "
            "WHERE n.id = :i AND u.id = n.user_id AND u.username = :u"),
            {"i": notification_id, "u": principal.username})
