"""The audit trail: every login, question and admin action, appended to a hash chain.

Each row's ``hash`` is sha256 over the canonical JSON of its fields plus the previous
row's hash, so altering or deleting a row breaks every link after it. Appends take a
transaction-scoped advisory lock so parallel writers keep one chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine

from supportwise.records.roles import Principal

GENESIS = "0" * 64
_LOCK_KEY = 0x5357_4155  # "SWAU": one chain per database
_FIELDS = ("username", "role", "action", "question", "sql", "fingerprint", "row_count", "duration_ms", "engine",
           "cost_usd", "status", "client", "detail")


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return repr(value)
    return value


def user_key(username: str) -> str:
    """A stable key for a username: rows hash the key, so erasure can pseudonymize the name."""
    return hashlib.sha256(f"supportwise-user:{username}".encode()).hexdigest()


def pseudonym(username: str) -> str:
    return "erased-" + user_key(username)[:12]


def row_hash(fields: dict[str, Any], prev_hash: str) -> str:
    """sha256 of canonical JSON (sorted keys, no spaces) of the row's fields and the previous hash.

    Rows with a user_key hash the key instead of the username (so a pseudonymized row still verifies).
    """
    payload = {k: _canonical(fields.get(k)) for k in (*_FIELDS, "at")}
    if fields.get("user_key"):
        payload.pop("username")
        payload["user_key"] = fields["user_key"]
    payload["prev_hash"] = prev_hash
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def record(app_engine: Engine, who: Principal, action: str, **fields: Any) -> int:
    """Append one audit row; return its id. Unknown field names are an error, not silently dropped."""
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        raise TypeError(f"unknown audit fields: {sorted(unknown)}")
    values = {k: fields.get(k) for k in _FIELDS}
    values.update(username=who.username, role=who.role, action=action, user_key=user_key(who.username))
    if values["cost_usd"] is not None:
        values["cost_usd"] = Decimal(str(values["cost_usd"])).quantize(Decimal("0.000001"))
    else:
        values["cost_usd"] = Decimal("0.000000")
    if values["duration_ms"] is not None:
        values["duration_ms"] = float(values["duration_ms"])
    with app_engine.begin() as conn:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        prev = conn.execute(sa.text("SELECT hash FROM app.audit_log ORDER BY id DESC LIMIT 1")).scalar()
        at = conn.execute(sa.text("SELECT date_trunc('milliseconds', clock_timestamp())")).scalar()
        values["at"] = at
        prev_hash = prev or GENESIS
        digest = row_hash(values, prev_hash)
        params = {**values, "client": json.dumps(values["client"]) if values["client"] is not None else None,
                  "detail": json.dumps(values["detail"]) if values["detail"] is not None else None,
                  "prev_hash": prev_hash, "hash": digest}
        return conn.execute(sa.text(
            "INSERT INTO app.audit_log (at, username, user_key, role, action, question, sql, fingerprint, row_count, "
            "duration_ms, engine, cost_usd, status, client, detail, prev_hash, hash) VALUES (:at, :username, "
            ":user_key, :role, :action, :question, :sql, :fingerprint, :row_count, :duration_ms, :engine, :cost_usd, "
            ":status, CAST(:client AS jsonb), CAST(:detail AS jsonb), :prev_hash, :hash) RETURNING id"),
            params).scalar_one()


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    rows: int
    first_broken_id: int | None = None
    reason: str | None = None


def verify_chain(engine: Engine) -> ChainCheck:
    """Walk the chain in id order; report the first row whose link or content does not match."""
    prev_hash = GENESIS
    count = 0
    columns = ", ".join(("id", "at", *_FIELDS, "user_key", "prev_hash", "hash"))
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=2000).execute(
            sa.text(f"SELECT {columns} FROM app.audit_log ORDER BY id"))
        for row in result.mappings():
            count += 1
            if row["prev_hash"] != prev_hash:
                return ChainCheck(False, count, row["id"], "prev_hash does not match the previous row (row removed?)")
            if row_hash(dict(row), prev_hash) != row["hash"]:
                return ChainCheck(False, count, row["id"], "row content does not match its hash (row altered?)")
            if row["user_key"] and not row["username"].startswith("erased-") and \
                    user_key(row["username"]) != row["user_key"]:
                return ChainCheck(False, count, row["id"], "username does not match its key (row altered?)")
            prev_hash = row["hash"]
    return ChainCheck(True, count)


# Every action the app writes (the Audit page's filter offers them all), in the order a reader looks for them.
ACTIONS = ("login", "logout", "question", "analysis", "search", "sql_run", "report_run", "report_save", "export",
           "feedback", "question_cancelled", "analysis_cancelled", "user_add", "user_set_role",
           "user_reset_password", "erasure", "glossary_save", "glossary_delete", "verified_add", "verified_remove",
           "schedule_create", "schedule_pause", "schedule_resume", "schedule_delete", "schedule_delivery")


def recent(engine: Engine, *, limit: int = 200, username: str | None = None, action: str | None = None,
           since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    """Newest audit rows first, filtered by user, action and [since, until] dates.

    An export's row also carries its ``format`` and ``file_name`` (from the row's detail).
    """
    clauses, params = [], {"limit": limit}
    for column, value in (("username", username), ("action", action)):
        if value:
            clauses.append(f"{column} = :{column}")
            params[column] = value
    if since:
        clauses.append("at >= :since")
        params["since"] = since
    if until:
        clauses.append("at < CAST(:until AS date) + 1")
        params["until"] = until
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            f"SELECT id, at, username, role, action, detail->>'format' AS format, detail->>'filename' AS file_name, "
            f"question, sql, row_count, duration_ms, engine, cost_usd, status "
            f"FROM app.audit_log {where} ORDER BY id DESC LIMIT :limit"), params).mappings().all()
    return [dict(r) for r in rows]
