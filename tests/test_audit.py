from concurrent.futures import ThreadPoolExecutor

from supportwise.records import audit
from supportwise.records.roles import Principal

ADA = Principal("ada", "admin")


def test_rows_chain_and_verify(db):
    ids = [audit.record(db.app, ADA, "question", question=f"q{i}", row_count=i, duration_ms=1.5, cost_usd=0.01)
           for i in range(5)]
    check = audit.verify_chain(db.app)
    assert check.ok and check.rows == 5
    rows = audit.recent(db.app, limit=10)
    assert [r["id"] for r in rows] == sorted(ids, reverse=True)


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
