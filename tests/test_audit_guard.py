"""The audit log is append-only in the database itself, and tampering by a superuser is detected."""

import psycopg
import pytest
import sqlalchemy as sa

from supportwise.records import audit
from supportwise.records.roles import Principal

ADA = Principal("ada", "admin")


@pytest.mark.parametrize("statement", [
    "UPDATE app.audit_log SET question = 'innocent'",
    "DELETE FROM app.audit_log",
    "TRUNCATE app.audit_log",
])
def test_even_a_superuser_cannot_change_rows_without_disabling_the_guard(db, statement):
    audit.record(db.app, ADA, "question", question="q")
    with db.connect_admin(autocommit=True) as conn:
        with pytest.raises(psycopg.errors.Error) as err:
            conn.execute(statement)
        # the guard trigger (42501); TRUNCATE may be stopped first by the feedback foreign key (0A000)
        assert err.value.sqlstate in {"42501", "0A000"}
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("TRUNCATE app.audit_log CASCADE")
    assert audit.verify_chain(db.app).ok and audit.verify_chain(db.app).rows == 1


def test_app_role_may_only_insert_and_read(db):
    audit.record(db.app, ADA, "login")
    for statement in ("UPDATE app.audit_log SET role = 'viewer'", "DELETE FROM app.audit_log",
                      "TRUNCATE app.audit_log"):
        with pytest.raises(sa.exc.ProgrammingError), db.app.begin() as conn:
            conn.execute(sa.text(statement))


def _tamper(db, sql, *args):
    with db.connect_admin(autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # a superuser switching triggers off
        conn.execute(sql, args)


def test_tampering_with_triggers_off_is_found_by_verify(db):
    ids = [audit.record(db.app, ADA, "question", question=f"q{i}") for i in range(4)]
    _tamper(db, "UPDATE app.audit_log SET question = 'innocent' WHERE id = %s", ids[2])
    check = audit.verify_chain(db.app)
    assert not check.ok and check.first_broken_id == ids[2]


def test_renaming_the_user_is_found_by_verify(db):
    ids = [audit.record(db.app, ADA, "question", question="q") for _ in range(2)]
    _tamper(db, "UPDATE app.audit_log SET username = 'someone-else' WHERE id = %s", ids[1])
    check = audit.verify_chain(db.app)
    assert not check.ok and check.first_broken_id == ids[1] and "username" in check.reason


def test_deleted_row_with_triggers_off_breaks_the_next_link(db):
    ids = [audit.record(db.app, ADA, "login") for _ in range(3)]
    _tamper(db, "DELETE FROM app.audit_log WHERE id = %s", ids[1])
    assert audit.verify_chain(db.app).first_broken_id == ids[2]
