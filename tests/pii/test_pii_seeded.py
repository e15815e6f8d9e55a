"""Masking the seeded demo comments, scored against app.planted_pii (real PostgreSQL)."""

from __future__ import annotations

import re
import time
from collections import Counter

import pytest
import sqlalchemy as sa

from supportwise.errors import ServiceUnavailable
from supportwise.pii.masker import build_masker, clear_cache

SAMPLE = 400
RECALL_TARGETS = {"EMAIL_ADDRESS": 0.98, "PHONE_NUMBER": 0.98, "PERSON": 0.90}
# words of the support domain that must survive masking, case-sensitive
KEEP_WORDS = ("billing", "sync", "refund", "invoice", "export", "Salesforce", "HubSpot", "QuickBooks", "Zapier",
              "Slack", "Tallyo", "Chrome", "iPhone", "CSV", "Frontline", "Technical")


@pytest.fixture(autouse=True)
def _fresh_masker_cache():
    clear_cache()
    yield
    clear_cache()


def _sample(db, limit=SAMPLE):
    """A deterministic sample of comments with planted PII: [(body, [(type, value, start, end)])]."""
    with db.admin.connect() as conn:
        ids = [r[0] for r in conn.execute(sa.text(
            "SELECT comment_id FROM app.planted_pii GROUP BY comment_id ORDER BY md5(comment_id::text) LIMIT :n"),
            {"n": limit})]
        bodies = dict(conn.execute(sa.text("SELECT id, body FROM comments WHERE id = ANY(:ids)"), {"ids": ids}).all())
        planted: dict[int, list] = {i: [] for i in ids}
        for row in conn.execute(sa.text("SELECT comment_id, entity_type, value, start_pos, end_pos "
                                        "FROM app.planted_pii WHERE comment_id = ANY(:ids)"), {"ids": ids}):
            planted[row[0]].append(tuple(row[1:]))
    return [(bodies[i], planted[i]) for i in ids]


def _remains(value: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text) is not None


def test_planted_values_are_gone_after_masking(seeded_db):
    masker = build_masker(seeded_db.reader)
    sample = _sample(seeded_db)
    assert len(sample) == SAMPLE
    planted, hidden = Counter(), Counter()
    for body, spans in sample:
        masked = masker.mask_text(body)
        for entity_type, value, start, end in spans:
            assert body[start:end] == value
            planted[entity_type] += 1
            hidden[entity_type] += not _remains(value, masked)
    for entity_type, target in RECALL_TARGETS.items():
        assert planted[entity_type] >= 20, f"sample has too few {entity_type}"
        recall = hidden[entity_type] / planted[entity_type]
        assert recall >= target, f"{entity_type}: recall {recall:.3f} < {target}"


def test_detected_spans_cover_the_planted_ones_with_the_right_type(seeded_db):
    masker = build_masker(seeded_db.reader)
    found = typed = total = 0
    for body, spans in _sample(seeded_db, 200):
        detected = masker.find(body)
        for entity_type, _, start, end in spans:
            total += 1
            found += any(d.start <= start and d.end >= end for d in detected)
            typed += any(d.entity_type == entity_type and d.start < end and start < d.end for d in detected)
    assert found / total >= 0.98 and typed / total >= 0.95


def test_support_vocabulary_survives(seeded_db):
    masker = build_masker(seeded_db.reader)
    with seeded_db.admin.connect() as conn:
        bodies = [r[0] for r in conn.execute(sa.text("SELECT body FROM comments ORDER BY id LIMIT 600"))]
    seen = Counter()
    for body in bodies:
        masked = masker.mask_text(body)
        for word in KEEP_WORDS:
            pattern = r"\b" + re.escape(word) + r"\b"
            before = len(re.findall(pattern, body))
            assert len(re.findall(pattern, masked)) == before, (word, body, masked)
            seen[word] += before
    assert sum(seen.values()) > 100 and sum(1 for w in KEEP_WORDS if seen[w]) >= 6


def test_pii_free_text_is_untouched(seeded_db):
    masker = build_masker(seeded_db.reader)
    with seeded_db.admin.connect() as conn:
        texts = [r[0] for r in conn.execute(sa.text(
            "SELECT DISTINCT subject FROM tickets UNION ALL SELECT description FROM feature_releases "
            "UNION ALL SELECT name FROM organizations"))]
    changed = [t for t in texts if t and masker.mask_text(t) != t]
    assert not changed, changed[:5]


def test_thousand_comments_mask_in_a_few_seconds(seeded_db):
    masker = build_masker(seeded_db.reader)
    with seeded_db.admin.connect() as conn:
        bodies = [r[0] for r in conn.execute(sa.text("SELECT body FROM comments ORDER BY id DESC LIMIT 1000"))]
    masker.mask_text("warm up Olivia +1 415-555-0134")
    started = time.perf_counter()
    for body in bodies:
        masker.mask_text(body)
    elapsed = time.perf_counter() - started
    assert len(bodies) == 1000
    assert elapsed < 5.0, f"1,000 comments took {elapsed:.2f} s"


def test_masker_is_cached_per_engine_and_refreshed_after_ttl(seeded_db):
    first = build_masker(seeded_db.reader)
    assert build_masker(seeded_db.reader) is first
    assert build_masker(seeded_db.reader, ttl_seconds=0) is first          # re-read, same names: kept
    with seeded_db.admin.begin() as conn:
        conn.execute(sa.text("INSERT INTO customers (id, organization_id, name, email, phone, created_at) "
                             "VALUES (999001, 1, 'Zebulon Quixote', 'zq@example.com', NULL, now())"))
    text = "Zebulon Quixote asked again"
    assert build_masker(seeded_db.reader).mask_text(text) == text          # still the cached list
    refreshed = build_masker(seeded_db.reader, ttl_seconds=0)
    assert refreshed is not first
    assert refreshed.mask_text(text) == "<PERSON> asked again"
    assert refreshed.mask_text("Thanks,\nZebulon") == "Thanks,\n<PERSON>"


def test_stale_masker_is_kept_when_names_cannot_be_reloaded(seeded_db, monkeypatch):
    first = build_masker(seeded_db.reader)
    from supportwise.pii import masker as module

    def unreachable(engine):
        raise sa.exc.OperationalError("SELECT name", {}, Exception("server gone"))

    monkeypatch.setattr(module, "load_names", unreachable)
    assert build_masker(seeded_db.reader, ttl_seconds=0) is first


def test_no_names_at_all_is_an_explained_error():
    engine = sa.create_engine("postgresql+psycopg://nobody@/nodb?host=/nonexistent-socket-dir")
    try:
        with pytest.raises(ServiceUnavailable):
            build_masker(engine)
    finally:
        engine.dispose()
