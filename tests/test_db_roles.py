"""The reader role may only SELECT the support tables; the app role works on schema app."""

import psycopg
import pytest
import sqlalchemy as sa

WRITES = [
    "INSERT INTO organizations VALUES (99, 'Evil', 'pro', 'NA', now())",
    "UPDATE tickets SET priority = 'low'",
    "DELETE FROM comments",
    "TRUNCATE tickets CASCADE",
    "CREATE TABLE public.x (id int)",
    "CREATE TEMP TABLE x (id int)",
    "DROP TABLE tickets",
    "ALTER TABLE tickets ADD COLUMN x int",
]


def _reader(db):
    return psycopg.connect(db.reader_url.replace(":@", "@"), autocommit=True)


@pytest.mark.parametrize("statement", WRITES)
def test_reader_cannot_write_even_outside_read_only_transactions(seeded_db, statement):
    with _reader(seeded_db) as conn:
        conn.execute("SET default_transaction_read_only = off")  # a role setting is not the only barrier
        with pytest.raises(psycopg.errors.Error) as err:
            conn.execute(statement)
    assert err.value.sqlstate in {"42501", "25006"}  # insufficient_privilege / read_only_sql_transaction


def test_reader_is_read_only_by_default(seeded_db):
    with _reader(seeded_db) as conn:
        assert conn.execute("SHOW default_transaction_read_only").fetchone()[0] == "on"
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("INSERT INTO organizations VALUES (98, 'E', 'pro', 'NA', now())")


@pytest.mark.parametrize("table", ["app.users", "app.audit_log", "app.planted_pii", "app.planted_ticket_themes"])
def test_reader_cannot_read_app_schema(seeded_db, table):
    with _reader(seeded_db) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(f"SELECT * FROM {table}")


def test_reader_reads_support_tables_and_has_no_special_powers(seeded_db):
    with _reader(seeded_db) as conn:
        assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] > 0
        row = conn.execute("SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles "
                           "WHERE rolname = current_user").fetchone()
        assert row == (False, False, False, False)
        memberships = conn.execute("SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
                                   "WHERE r.rolname = current_user").fetchone()[0]
        assert memberships == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT pg_read_file('postgresql.conf')")


def test_app_role_uses_app_schema_but_audit_is_append_only(db):
    with db.app.begin() as conn:
        conn.execute(sa.text("INSERT INTO app.users (username, name, password_hash, role) "
                             "VALUES ('x1', 'X', 'h', 'viewer')"))
    for statement in ("UPDATE app.audit_log SET role = 'admin'", "DELETE FROM app.audit_log",
                      "DROP TABLE app.users", "SELECT * FROM app.planted_pii"):
        with pytest.raises(sa.exc.ProgrammingError), db.app.begin() as conn:
            conn.execute(sa.text(statement))
