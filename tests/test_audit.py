from concurrent.futures import ThreadPoolExecutor


from supportwise import audit
from supportwise.roles import Principal

ADA = Principal("ada", "admin")


def test_rows_chain_and_verify(db):
    ids = [audit.record(db.app, ADA, "question", question=f"q{i}", row_count=i, duration_ms=1.5, cost_usd=0.01)
           for i in range(5)]
    check = audit.verify_chain(db.app)
    assert check.ok and check.rows == 5
    rows = audit.recent(db.app, limit=10)
    assert [r["id"] for r in rows] == sorted(ids, reverse=True)


def test_altered_row_breaks_the_chain_at_that_row(db):
    ids = [audit.record(db.app, ADA, "question", question=f"q{i}") for i in range(4)]
    with db.connect_admin(autocommit=True) as conn:  # a superuser can still change rows; the chain shows it
        conn.execute("UPDATE app.audit_log SET question = 'innocent' WHERE id = %s", (ids[2],))
    check = audit.verify_chain(db.app)
    assert not check.ok and check.first_broken_id == ids[2]


def test_deleted_row_breaks_the_next_link(db):
    ids = [audit.record(db.app, ADA, "login") for _ in range(3)]
    with db.connect_admin(autocommit=True) as conn:
        conn.execute("DELETE FROM app.audit_log WHERE id = %s", (ids[1],))
    assert audit.verify_chain(db.app).first_broken_id == ids[2]


def test_parallel_writers_keep_one_chain(db):
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: audit.record(db.app, Principal(f"u{i % 8}", "viewer"), "question"), range(80)))
    check = audit.verify_chain(db.app)
    assert check.ok and check.rows == 80


def test_filters(db):
    audit.record(db.app, ADA, "login")
    audit.record(db.app, Principal("lee", "team_lead", "Frontline"), "question", question="q")
    assert [r["username"] for r in audit.recent(db.app, username="lee")] == ["lee"]
    assert [r["action"] for r in audit.recent(db.app, action="login")] == ["login"]
