"""PII masking benchmark: ``python benchmarks/pii_benchmark.py [TICKETS] [SEED] [--fresh]``.

Seeds TICKETS demo tickets (default 5,000, seed 7, today 2026-11-23) into the database
``sw_pii_bench`` on an embedded PostgreSQL in /tmp/swbench (or on
SUPPORTWISE_BENCH_DATABASE_URL's server) — or reuses it when its last seed run matches
(``--fresh`` reseeds). Then, for every comment body, it compares what the masker hides
with app.planted_pii, the seeder's record of every name, e-mail and phone it wrote, and
prints per entity type:

- recall: planted spans with an overlapping detected span *of the same type*;
- hidden: planted spans wholly covered by detected spans of any type — the value no
  longer appears in the masked text (what a reader actually sees);
- precision: detected spans of a type that overlap a planted span of that type, over
  all detected spans of that type. Spans are counted after overlaps are merged, as the
  masker applies them (a first name inside an e-mail address is part of the <EMAIL>).
  Every person the seeder writes into a comment — customer names and agent signatures
  alike — is in the truth table, and company/product names are not people, so an
  unmatched span here is a false alarm. In real data a name missing from the truth
  (a colleague mentioned in passing) would count against precision while being PII.

It also compares the name policies (names.POLICIES): recall and precision of PERSON
on the comments, and false alarms on PII-free text (ticket subjects and feature-release
descriptions), and measures masking throughput on a cold cache.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter, defaultdict

import psycopg
from presidio_analyzer.predefined_recognizers import PhoneRecognizer
from sqlalchemy import Engine, create_engine, text

from benchmarks.seed_benchmark import server_url
from supportwise.pii.engine import PHONE_REGIONS, WrittenPhoneRecognizer, build_analyzer
from supportwise.pii.masker import PiiMasker, Span, load_names, merge_spans
from supportwise.pii.names import COMMON_WORD_NAMES, DEFAULT_POLICY, POLICIES, NameList, NameRecognizer
from supportwise.platform.database import ensure_database, psycopg_conninfo, with_database
from supportwise.platform.migrate import migrate
from supportwise.seed import seed_demo

BENCH_DB = "sw_pii_bench"
TODAY = dt.date(2026, 11, 23)
TRUTH_TYPES = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER")
TARGETS = {"PERSON": 0.90, "EMAIL_ADDRESS": 0.98, "PHONE_NUMBER": 0.98}
THROUGHPUT_SAMPLE = 2000


def prepare_database(tickets: int, seed: int, fresh: bool) -> str:
    """The benchmark database's admin URL, seeded with exactly these arguments."""
    server = server_url()
    ensure_database(server, BENCH_DB)
    admin = with_database(server, BENCH_DB)
    with psycopg.connect(psycopg_conninfo(admin)) as conn:
        migrate(conn)
        last = conn.execute("SELECT tickets, seed, today FROM app.seed_runs WHERE finished_at IS NOT NULL "
                            "ORDER BY id DESC LIMIT 1").fetchone()
        if fresh or last != (tickets, seed, TODAY):
            started = time.perf_counter()
            seed_demo(conn, tickets=tickets, seed=seed, today=TODAY)
            print(f"seeded {tickets:,} tickets (seed {seed}) in {time.perf_counter() - started:.1f} s")
        else:
            print(f"reusing {BENCH_DB}: {tickets:,} tickets, seed {seed}")
    return admin


def load_corpus(engine: Engine) -> tuple[list[tuple[int, str]], dict[int, list[Span]]]:
    """Comment bodies, and the planted spans of each comment."""
    with engine.connect() as conn:
        comments = [(r[0], r[1]) for r in conn.execute(text(
            "SELECT id, body FROM comments WHERE body IS NOT NULL ORDER BY id"))]
        truth: dict[int, list[Span]] = defaultdict(list)
        for cid, etype, start, end in conn.execute(text(
                "SELECT comment_id, entity_type, start_pos, end_pos FROM app.planted_pii")):
            truth[cid].append(Span(start, end, etype))
    return comments, truth


def pii_free_texts(engine: Engine) -> list[str]:
    """Texts the seeder writes without personal data: subjects and release notes."""
    with engine.connect() as conn:
        subjects = [r[0] for r in conn.execute(text("SELECT DISTINCT subject FROM tickets"))]
        releases = [r[0] for r in conn.execute(text(
            "SELECT name || '. ' || coalesce(description, '') FROM feature_releases"))]
    return subjects + releases


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _covered(span: Span, found: list[Span]) -> bool:
    pos = span.start
    for f in found:  # sorted, non-overlapping
        if f.start <= pos < f.end:
            pos = f.end
        if pos >= span.end:
            return True
    return False


def score(found_by_comment: dict[int, list[Span]], truth: dict[int, list[Span]]) -> dict[str, Counter]:
    """Per type: planted, recalled, hidden, found, correct."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for cid, found in found_by_comment.items():
        planted = truth.get(cid, [])
        for p in planted:
            c = counts[p.entity_type]
            c["planted"] += 1
            c["recalled"] += any(f.entity_type == p.entity_type and _overlaps(f, p) for f in found)
            c["hidden"] += _covered(p, found)
        for f in found:
            c = counts[f.entity_type]
            c["found"] += 1
            c["correct"] += any(p.entity_type == f.entity_type and _overlaps(f, p) for p in planted)
    return counts


def _ratio(a: int, b: int) -> str:
    return f"{a / b:6.3f}" if b else "   n/a"


def print_scores(counts: dict[str, Counter]) -> None:
    print(f"{'entity':14} {'planted':>8} {'recall':>7} {'hidden':>7} {'found':>8} {'precision':>9}  target")
    for etype in TRUTH_TYPES:
        c = counts.get(etype, Counter())
        recall = c["recalled"] / c["planted"] if c["planted"] else 0.0
        verdict = "ok" if recall >= TARGETS[etype] else "MISSED"
        print(f"{etype:14} {c['planted']:8,} {_ratio(c['recalled'], c['planted']):>7} "
              f"{_ratio(c['hidden'], c['planted']):>7} {c['found']:8,} {_ratio(c['correct'], c['found']):>9}"
              f"  recall ≥ {TARGETS[etype]:.2f} {verdict}")
    others = {t: c["found"] for t, c in counts.items() if t not in TRUTH_TYPES and c["found"]}
    print(f"other types found (none planted, so all false alarms): {others or 'none'}")


# A roster as a real CRM has it: some people are called Hope, May or Happy, some Price or
# King. The demo seeder avoids such names on purpose, so they are added here to show what
# each policy would do with them.
WORDLIKE_LAST = ("Price", "King", "Page", "Case", "Bell", "Hall", "Young", "Long", "Ward", "Gray", "Love", "Story")


def wordlike_roster() -> list[str]:
    """Extra full names whose parts are everyday words ("Hope Price", "May King" …)."""
    firsts = sorted(COMMON_WORD_NAMES)
    return [f"{first} {WORDLIKE_LAST[i % len(WORDLIKE_LAST)]}" for i, first in enumerate(firsts)]


def compare_policies(names: list[str], comments: list[tuple[int, str]], base: dict[int, list[Span]],
                     truth: dict[int, list[Span]], free_texts: list[str]) -> None:
    """PERSON quality under each name policy; non-name spans are reused from the full run.

    "free-text FPs": name spans in ticket subjects and release notes (no PII there).
    "+word-like roster": false alarms on the same comments (outside planted spans) and
    free texts once the roster also holds wordlike_roster() — none of whom is in the text.
    """
    print(f"\nname policies (PERSON on {len(comments):,} comments; {len(free_texts):,} PII-free texts)")
    print(f"{'policy':18} {'names':>7} {'recall':>7} {'precision':>9} {'FP spans':>9} {'free-text FPs':>14}"
          f" {'+word-like roster FPs':>22}")
    extra = wordlike_roster()
    for policy in POLICIES:
        name_list = NameList.from_full_names(names, policy)
        recognizer = NameRecognizer(name_list)
        found = {}
        for cid, body in comments:
            person = [Span(r.start, r.end, "PERSON") for r in recognizer.analyze(body, ["PERSON"])]
            found[cid] = merge_spans([s for s in base[cid] if s.entity_type != "PERSON"] + person)
        c = score(found, truth)["PERSON"]
        false_alarms = sum(len(recognizer.analyze(t, ["PERSON"])) for t in free_texts)
        stressed = NameRecognizer(NameList.from_full_names(names + extra, policy))
        stress_fp = sum(len(stressed.analyze(t, ["PERSON"])) for t in free_texts)
        for cid, body in comments:
            planted = truth.get(cid, [])
            stress_fp += sum(1 for r in stressed.analyze(body, ["PERSON"])
                             if not any(_overlaps(Span(r.start, r.end, "PERSON"), p) for p in planted))
        marker = "  <- default" if policy == DEFAULT_POLICY else ""
        print(f"{policy:18} {len(name_list):7,} {_ratio(c['recalled'], c['planted']):>7} "
              f"{_ratio(c['correct'], c['found']):>9} {c['found'] - c['correct']:9,} {false_alarms:14,}"
              f" {stress_fp:22,}{marker}")


def compare_phone_recognizers(comments: list[tuple[int, str]], truth: dict[int, list[Span]]) -> None:
    """Phone recall of each phone recognizer alone, on the comments with a planted phone."""
    with_phone = [(cid, body) for cid, body in comments
                  if any(p.entity_type == "PHONE_NUMBER" for p in truth.get(cid, []))]
    print(f"\nphone recognizers alone ({len(with_phone):,} comments with a planted phone):")
    candidates = {
        "presidio PhoneRecognizer, regions US+GB, VALID": PhoneRecognizer(supported_regions=PHONE_REGIONS),
        "presidio PhoneRecognizer, default 8 regions": PhoneRecognizer(),
        "WrittenPhoneRecognizer (patterns)": WrittenPhoneRecognizer(),
    }
    for label, recognizer in candidates.items():
        found = {cid: merge_spans(Span(r.start, r.end, "PHONE_NUMBER")
                                  for r in recognizer.analyze(body, ["PHONE_NUMBER"]) if r.score > 0)
                 for cid, body in with_phone}
        c = score(found, truth)["PHONE_NUMBER"]
        print(f"  {label:48} recall {_ratio(c['recalled'], c['planted'])}  "
              f"precision {_ratio(c['correct'], c['found'])}")


def throughput(names: list[str], bodies: list[str]) -> None:
    """Comments masked per second by a fresh masker (cold cache, so every text is analysed)."""
    name_list = NameList.from_full_names(names)
    started = time.perf_counter()
    masker = PiiMasker(build_analyzer(name_list), names=name_list)
    built = time.perf_counter() - started
    started = time.perf_counter()
    for body in bodies:
        masker.mask_text(body)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for body in bodies:
        masker.mask_text(body)
    warm = time.perf_counter() - started
    chars = sum(len(b) for b in bodies) / max(1, len(bodies))
    print(f"\nthroughput ({len(bodies):,} comments, mean {chars:.0f} chars; masker built in {built:.2f} s):")
    print(f"  cold cache: {len(bodies) / cold:8,.0f} comments/s  ({cold / len(bodies) * 1000:.2f} ms each; "
          f"1,000 comments in {cold / len(bodies) * 1000:.2f} s)")
    print(f"  warm cache: {len(bodies) / warm:8,.0f} comments/s  (repeated texts come from the LRU)")


def main(argv: list[str]) -> None:
    args = [a for a in argv[1:] if not a.startswith("--")]
    tickets = int(args[0]) if args else 5_000
    seed = int(args[1]) if len(args) > 1 else 7
    admin = prepare_database(tickets, seed, fresh="--fresh" in argv)
    engine = create_engine(admin.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        names = load_names(engine)
        comments, truth = load_corpus(engine)
        free_texts = pii_free_texts(engine)
    finally:
        engine.dispose()
    with_pii = sum(1 for cid, _ in comments if cid in truth)
    print(f"{len(comments):,} comments ({with_pii:,} with planted PII), {len(names):,} distinct names, "
          f"{sum(len(v) for v in truth.values()):,} planted spans")

    name_list = NameList.from_full_names(names, DEFAULT_POLICY)
    masker = PiiMasker(build_analyzer(name_list), names=name_list)
    started = time.perf_counter()
    found = {cid: masker.find(body) for cid, body in comments}
    elapsed = time.perf_counter() - started
    print(f"\nall comments, policy {DEFAULT_POLICY} ({len(comments) / elapsed:,.0f} comments/s):")
    print_scores(score(found, truth))
    compare_policies(names, comments, found, truth, free_texts)
    compare_phone_recognizers(comments, truth)
    throughput(names, [body for _, body in comments[:THROUGHPUT_SAMPLE]])


if __name__ == "__main__":
    main(sys.argv)
