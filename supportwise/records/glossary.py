"""The team glossary, stored: admins add, change and remove entries; every change is an audit row.

The planner loads it once per question (``load_glossary``: one small SELECT); what an entry's
words are replaced with is worked out once per process (``engine.glossary`` caches it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import Engine

from supportwise.engine.glossary import Glossary, GlossaryEntry, clean_term, entry_for
from supportwise.errors import InvalidInput, NotFound, PermissionDenied
from supportwise.records import audit
from supportwise.records.roles import Principal

MAX_NOTE = 300


@dataclass(frozen=True)
class StoredEntry:
    term: str
    kind: str
    target: str
    label: str          # the meaning for people: "priority urgent"
    note: str | None
    updated_by: str
    updated_at: datetime


def _require_admin(principal: Principal) -> None:
    if principal.role != "admin":
        raise PermissionDenied("Only admins can change the team glossary.")


def save_entry(engine: Engine, principal: Principal, term: str, kind: str, target: str,
               note: str | None = None) -> StoredEntry:
    """Add or change the entry for a word; InvalidInput (with the reason) when the layer does not know its target."""
    _require_admin(principal)
    entry = entry_for(term, kind, target)
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        raise InvalidInput(f"Notes are at most {MAX_NOTE} characters.")
    with engine.begin() as conn:
        before = conn.execute(sa.text("SELECT kind, target FROM app.glossary WHERE term_key = :k"),
                              {"k": entry.term.casefold()}).mappings().first()
        conn.execute(sa.text(
            "INSERT INTO app.glossary (term, term_key, kind, target, note, updated_by) "
            "VALUES (:t, :k, :kind, :target, :note, :by) ON CONFLICT (term_key) DO UPDATE SET term = EXCLUDED.term, "
            "kind = EXCLUDED.kind, target = EXCLUDED.target, note = EXCLUDED.note, updated_by = EXCLUDED.updated_by, "
            "updated_at = now()"),
            {"t": entry.term, "k": entry.term.casefold(), "kind": entry.kind, "target": entry.target, "note": note,
             "by": principal.username})
    audit.record(engine, principal, "glossary_save", detail={
        "term": entry.term, "kind": entry.kind, "target": entry.target, "means": entry.label,
        "before": dict(before) if before else None})
    return get_entry(engine, entry.term)


def delete_entry(engine: Engine, principal: Principal, term: str) -> None:
    """Remove the entry for a word (the word is then read as the layer reads it); NotFound if there is none."""
    _require_admin(principal)
    key = clean_term(term).casefold()
    with engine.begin() as conn:
        gone = conn.execute(sa.text("DELETE FROM app.glossary WHERE term_key = :k RETURNING term, kind, target"),
                            {"k": key}).mappings().first()
    if gone is None:
        raise NotFound(f"The glossary has no entry for {term!r}.")
    audit.record(engine, principal, "glossary_delete", detail=dict(gone))


def get_entry(engine: Engine, term: str) -> StoredEntry:
    with engine.connect() as conn:
        row = conn.execute(sa.text(f"SELECT {_COLUMNS} FROM app.glossary WHERE term_key = :k"),
                           {"k": clean_term(term).casefold()}).mappings().first()
    if row is None:
        raise NotFound(f"The glossary has no entry for {term!r}.")
    return _stored(row)


def list_entries(engine: Engine) -> list[StoredEntry]:
    """Every entry, alphabetically."""
    with engine.connect() as conn:
        rows = conn.execute(sa.text(f"SELECT {_COLUMNS} FROM app.glossary ORDER BY term_key")).mappings().all()
    return [_stored(row) for row in rows]


def load_glossary(engine: Engine) -> Glossary:
    """The glossary the planner applies. An entry the current layer no longer reads is left out (it would
    otherwise change questions into something else); the Data page shows it as needing attention."""
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT term, kind, target FROM app.glossary ORDER BY term_key")).all()
    return Glossary(tuple(entry for entry in (_checked(*row) for row in rows) if entry is not None))


_COLUMNS = "term, kind, target, note, updated_by, updated_at"


def _checked(term: str, kind: str, target: str) -> GlossaryEntry | None:
    try:
        return entry_for(term, kind, target)
    except InvalidInput:
        return None


def _stored(row) -> StoredEntry:
    entry = _checked(row["term"], row["kind"], row["target"])
    label = entry.label if entry else "⚠ no longer in the semantic layer"
    return StoredEntry(row["term"], row["kind"], row["target"], label, row["note"], row["updated_by"],
                       row["updated_at"])
