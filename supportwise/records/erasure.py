"""Erase one user: their conversations, feedback, session context and saved exports go; the
audit trail and cost ledger keep their rows under a pseudonym, and the hash chain stays valid."""

from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

import redis

from supportwise.errors import InvalidInput
from supportwise.platform.database import Database
from supportwise.records import audit
from supportwise.records.roles import Principal
from supportwise.records.users import get_user, hash_password


@dataclass(frozen=True)
class ErasureReport:
    pseudonym: str
    conversations: int
    feedback: int
    audit_rows: int
    llm_calls: int
    redis_keys: int
    export_files: int


def erase_user(db: Database, client: redis.Redis, data_dir: Path, username: str, *,
               by: Principal) -> ErasureReport:
    """Delete a user's history and pseudonymize them everywhere a record must stay."""
    user = get_user(db.app, username)
    if user.username.startswith("erased-"):
        raise InvalidInput(f"{username!r} was already erased")
    alias = audit.pseudonym(user.username)
    with db.connect_admin() as conn:
        with conn.transaction():
            conversations = conn.execute("DELETE FROM app.conversations WHERE user_id = %s", (user.id,)).rowcount
            feedback = conn.execute("DELETE FROM app.feedback WHERE user_id = %s", (user.id,)).rowcount
            # their schedules stop (history kept) and nothing is sent to them any more
            conn.execute("UPDATE app.schedules SET deleted_at = now(), updated_at = now() "
                         "WHERE owner_id = %s AND deleted_at IS NULL", (user.id,))
            conn.execute("UPDATE app.schedules SET recipients = array_remove(array_remove(recipients, %s), %s) "
                         "WHERE %s = ANY(recipients) OR %s = ANY(recipients)",
                         (user.username, user.email, user.username, user.email))
            conn.execute("DELETE FROM app.notifications WHERE user_id = %s", (user.id,))
            llm_calls = conn.execute("UPDATE app.llm_calls SET username = %s WHERE username = %s",
                                     (alias, user.username)).rowcount
            for table, column in (("glossary", "updated_by"), ("verified_questions", "verified_by")):
                conn.execute(f"UPDATE app.{table} SET {column} = %s WHERE {column} = %s", (alias, user.username))
            # the one change the audit guard allows, and only with this flag, in this transaction
            conn.execute("SET LOCAL supportwise.erasure = 'on'")
            audit_rows = conn.execute("UPDATE app.audit_log SET username = %s WHERE username = %s",
                                      (alias, user.username)).rowcount
            conn.execute("UPDATE app.users SET username = %s, name = 'Erased user', email = NULL, department = NULL, "
                         "active = false, password_hash = %s, updated_at = now() WHERE id = %s",
                         (alias, hash_password(secrets.token_urlsafe(24)), user.id))
    keys = list(client.scan_iter(match=f"sw:ctx:{user.username}:*"))
    if keys:
        client.delete(*keys)
    exports = Path(data_dir) / "exports" / user.username
    files = sum(1 for p in exports.rglob("*") if p.is_file()) if exports.exists() else 0
    shutil.rmtree(exports, ignore_errors=True)
    audit.record(db.app, by, "erasure", detail={"user": alias, "conversations": conversations,
                                                 "audit_rows": audit_rows})
    return ErasureReport(alias, conversations, feedback, audit_rows, llm_calls, len(keys), files)
