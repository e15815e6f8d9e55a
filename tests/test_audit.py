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


def test_every_action_written_is_offered_by_the_filter():
    # Issue 11: the Audit page's filter listed 7 actions; exports, analyses, report saves and feedback were missing
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    written = set()
    for path in [*(root / "supportwise").rglob("*.py"), *(root / "ui").glob("*.py")]:
        text = path.read_text()
        written |= set(re.findall(r"audit\.record\([^,]+,\s*[^,]+,\s*\"(\w+)\"", text))
        written |= set(re.findall(r"\brespond\(\"(\w+)\"", text))
    written |= {"question_cancelled", "analysis_cancelled"}  # written through an f-string in queue/turns.py
    assert {"export", "analysis", "report_save", "feedback", "login", "question"} <= written
    assert written <= set(audit.ACTIONS), written - set(audit.ACTIONS)


def test_an_export_row_tells_its_format_and_file_name(db):
    audit.record(db.app, ADA, "export", question="q", row_count=3,
                 detail={"format": "xlsx", "filename": "supportwise-q-2026-11-23.xlsx", "bytes": 10})
    audit.record(db.app, ADA, "feedback", question="q", detail={"verdict": "good"})
    (export,) = audit.recent(db.app, action="export")
    assert (export["format"], export["file_name"]) == ("xlsx", "supportwise-q-2026-11-23.xlsx")
    (feedback,) = audit.recent(db.app, action="feedback")
    assert feedback["format"] is None and feedback["file_name"] is None
