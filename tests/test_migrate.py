import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from supportwise.errors import MigrationError
from supportwise.platform.database import ensure_database, psycopg_conninfo, with_database
from supportwise.platform.migrate import load_migrations, migrate
from tests.conftest import drop_database, tag


def test_migrations_are_ordered_and_recorded(db):
    with db.connect_admin() as conn:
        assert migrate(conn) == []  # the template is already migrated: nothing pending, idempotent
        recorded = [r[0] for r in conn.execute("SELECT name FROM app.schema_migrations ORDER BY version")]
    assert recorded == [m.name for m in load_migrations()]


def test_new_migration_is_applied_once(db, tmp_path):
    for m in load_migrations():
        (tmp_path / m.name).write_text(m.sql)
    (tmp_path / "9000_extra.sql").write_text("CREATE TABLE app.extra (id int);")
    with db.connect_admin() as conn:
        assert migrate(conn, tmp_path) == ["9000_extra.sql"]
        assert migrate(conn, tmp_path) == []
        assert conn.execute("SELECT to_regclass('app.extra')").fetchone()[0] == "app.extra"


def test_edited_migration_is_refused(db, tmp_path):
    for m in load_migrations():
        (tmp_path / m.name).write_text(m.sql + ("\n-- edited" if m.version == "0001" else ""))
    with db.connect_admin() as conn, pytest.raises(MigrationError, match="changed after it was applied"):
        migrate(conn, tmp_path)


def test_failed_migration_rolls_back_whole_file(db, tmp_path):
    for m in load_migrations():
        (tmp_path / m.name).write_text(m.sql)
    (tmp_path / "9001_broken.sql").write_text("CREATE TABLE app.half (id int); SELECT no_such_function();")
    with db.connect_admin() as conn:
        with pytest.raises(MigrationError, match="9001_broken.sql"):
            migrate(conn, tmp_path)
        conn.rollback()
        assert conn.execute("SELECT to_regclass('app.half')").fetchone()[0] is None
        assert conn.execute("SELECT count(*) FROM app.schema_migrations WHERE version = '9001'").fetchone()[0] == 0


def test_badly_named_file_is_an_error(tmp_path):
    (tmp_path / "add_stuff.sql").write_text("SELECT 1")
    with pytest.raises(MigrationError, match="NNNN_description"):
        load_migrations(tmp_path)


def test_contract_indexes_exist(db):
    with db.connect_admin() as conn:
        names = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'tickets'")}
    assert {"tickets_created_at", "tickets_solved_at", "tickets_priority_created", "tickets_channel_created",
            "tickets_open_status", "tickets_organization", "tickets_assignee"} <= names


def test_contract_invariants_are_enforced(db):
    with db.connect_admin() as conn:
        conn.execute("INSERT INTO organizations VALUES (1, 'Acme', 'pro', 'NA', now())")
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("INSERT INTO tickets (id, subject, status, priority, channel, ticket_type, created_at, "
                         "updated_at) VALUES (1, 's', 'solved', 'low', 'web', 'task', now(), now())")


def test_databases_of_one_server_migrate_at_the_same_moment(server_url):
    """Roles and grants are shared by the server's databases: concurrent first migrations all succeed."""
    names = [f"sw_race_{tag()}_{i}" for i in range(4)]
    for name in names:
        drop_database(server_url, name)
        ensure_database(server_url, name)
    start = threading.Barrier(len(names))

    def migrate_one(name: str) -> list[str]:
        with psycopg.connect(psycopg_conninfo(with_database(server_url, name))) as conn:
            start.wait()
            return migrate(conn)

    try:
        with ThreadPoolExecutor(len(names)) as pool:
            applied = list(pool.map(migrate_one, names))
        assert all(done == [m.name for m in load_migrations()] for done in applied)
    finally:
        for name in names:
            drop_database(server_url, name)
