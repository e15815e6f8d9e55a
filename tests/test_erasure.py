"""Erasure: history gone, audit rows pseudonymized, the hash chain still valid."""

import sqlalchemy as sa

from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records import audit, users
from supportwise.records.erasure import erase_user
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY


def test_erasure_keeps_the_chain_valid(seeded_db, test_settings, redis_conn, tmp_path):
    maria = users.add_user(seeded_db.app, "maria", "Maria Lopez", "maria-pass-1", "team_lead", team="Billing",
                           email="maria@example.com")
    who = maria.principal()
    ask("tickets last week", AskContext(seeded_db, test_settings, who, TEST_TODAY, "s1", redis_conn))
    audit.record(seeded_db.app, Principal("bob", "viewer"), "login")
    with seeded_db.app.begin() as conn:
        conn.execute(sa.text("INSERT INTO app.conversations (id, user_id) VALUES ('c1', :u)"), {"u": maria.id})
        conn.execute(sa.text("INSERT INTO app.conversation_turns (conversation_id, question, answer) "
                             "VALUES ('c1', 'q', '{}')"))
    (tmp_path / "exports" / "maria").mkdir(parents=True)
    (tmp_path / "exports" / "maria" / "a.csv").write_text("x")
    assert redis_conn.keys("sw:ctx:maria:*")

    report = erase_user(seeded_db, redis_conn, tmp_path, "maria", by=Principal.local_admin())

    assert report.conversations == 1 and report.audit_rows == 1 and report.export_files == 1
    assert report.redis_keys == 1 and not redis_conn.keys("sw:ctx:maria:*")
    assert not (tmp_path / "exports" / "maria").exists()
    with seeded_db.admin.connect() as conn:
        names = {r[0] for r in conn.execute(sa.text("SELECT username FROM app.audit_log"))}
        assert "maria" not in names and report.pseudonym in names and "bob" in names
        assert conn.execute(sa.text("SELECT count(*) FROM app.conversation_turns")).scalar() == 0
        row = conn.execute(sa.text("SELECT name, email, active FROM app.users WHERE id = :i"), {"i": maria.id}).one()
        assert tuple(row) == ("Erased user", None, False)
    check = audit.verify_chain(seeded_db.app)
    assert check.ok, check
