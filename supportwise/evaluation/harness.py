"""Accuracy harness: ask a question suite (``suites/*/*.yaml``), run each gold query, compare result rows.

Nothing here knows how a question is parsed; answers are judged by their rows, never their SQL:
``print(format_report(evaluate(load_suite(EVAL_DIR), ask_fn, db.reader)))``.
"""

from __future__ import annotations

import itertools
import math
import re
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import yaml
from sqlalchemy import Engine

from supportwise.platform.readonly import read_only
from supportwise.questions.answer import Answer

AskFn = Callable[[str, str | None], Answer]
OUTCOMES = ("correct", "wrong", "declined", "refused_ok", "refusal_missed")

# Gold SQL ending in ORDER BY … LIMIT n is a top-N question: its rows are compared in order.
_TOP_N = re.compile(r"\border\s+by\b[^;]*\blimit\s+\d+\s*;?\s*$", re.IGNORECASE)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS = {**{d.lower(): d for d in _DAYS}, **{d[:3].lower(): d for d in _DAYS}}
_MAX_ALIGNMENTS = 5000  # column mappings tried per answer (8 got columns onto 5 expected is 6720)
_GREEDY_LIMIT = 300  # rows; past this only the O(n log n) sorted comparison runs
_SHOW = 160  # characters of rows shown per case in the report


@dataclass(frozen=True)
class Case:
    """One question: answerable (gold_sql) or one that must be refused (expect)."""

    id: str
    families: tuple[str, ...]
    question: str
    gold_sql: str = ""
    ordered: bool = False
    expect: str | None = None  # "rejected" or "unanswerable" for refusals


@dataclass(frozen=True)
class Suite:
    questions: list[Case]
    chains: list[list[Case]]  # each chain is asked in one session, turn by turn
    refusals: list[Case]


@dataclass(frozen=True)
class Outcome:
    case: Case
    kind: str  # "question", "followup" or "refusal"
    outcome: str  # one of OUTCOMES
    got: str = ""
    expected: str = ""


@dataclass(frozen=True)
class Report:
    outcomes: list[Outcome]

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def answerable(self) -> int:
        return sum(1 for o in self.outcomes if o.kind != "refusal")

    @property
    def accuracy(self) -> float:
        """correct / answerable (single questions and follow-up turns)."""
        return self.count("correct") / max(self.answerable, 1)

    @property
    def wrong_rate(self) -> float:
        return self.count("wrong") / max(self.answerable, 1)

    def by_family(self) -> dict[str, Counter]:
        """Outcome counts per family tag; a case counts once under each of its tags."""
        table: dict[str, Counter] = defaultdict(Counter)
        for o in self.outcomes:
            for family in o.case.families:
                table[family][o.outcome] += 1
        return dict(sorted(table.items()))


def load_suite(folder: Path) -> Suite:
    """Read questions.yaml, followups.yaml and refusals.yaml from folder."""
    questions = [_case(item["id"], item, _tags(item)) for item in _read(folder / "questions.yaml")]
    chains = [[_case(f"{chain['id']}.{n}", turn, (*_tags(chain), "followup"))
               for n, turn in enumerate(chain["turns"], 1)] for chain in _read(folder / "followups.yaml")]
    refusals = [Case(item["id"], _tags(item) or ("refusal",), item["question"], expect=item["expect"])
                for item in _read(folder / "refusals.yaml")]
    return Suite(questions, chains, refusals)


def _read(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def _tags(item: dict[str, Any]) -> tuple[str, ...]:
    family = item.get("family")
    return (family,) if isinstance(family, str) else tuple(family or ())


def _case(case_id: str, item: dict[str, Any], families: tuple[str, ...]) -> Case:
    sql = item["gold_sql"].strip()
    return Case(case_id, families, item["question"], sql, bool(item.get("ordered", _TOP_N.search(sql))))


def normalize(value: Any) -> Any:
    """Comparable form of a value: numbers as float, dates and timestamps as UTC ISO strings
    (a midnight timestamp as its date: '2026-11-01'), weekday names as the full English name."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, timedelta):
        return value.total_seconds() / 3600
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        s = value.strip()
        try:
            return normalize(datetime.fromisoformat(s)) if _ISO.fullmatch(s) else _WEEKDAYS.get(s.lower(), s)
        except ValueError:  # shaped like a date but is not one ('2026-13-45')
            return s
    if isinstance(value, (list, tuple)):
        return tuple(normalize(v) for v in value)
    return str(value)


def values_equal(a: Any, b: Any) -> bool:
    """Floats equal at 4 decimals or within 1e-6 relative; anything else exactly."""
    if isinstance(a, float) and isinstance(b, float):
        return round(a, 4) == round(b, 4) or math.isclose(a, b, rel_tol=1e-6)
    return a == b


def rows_match(got: Sequence[Sequence[Any]], expected: Sequence[Sequence[Any]], *, ordered: bool = False) -> bool:
    """True when got holds exactly the expected rows.

    Rows are compared as multisets (in order when ``ordered``, where rows tied on every number
    may swap). Column names and order are ignored: each expected column is matched to a got
    column of the same value type; extra got columns are allowed. A one-row comparison such as
    (this_week, last_week) also matches one row per period carrying those numbers.
    """
    got_rows = [tuple(normalize(v) for v in row) for row in got]
    wanted = [tuple(normalize(v) for v in row) for row in expected]
    if len(got_rows) != len(wanted):
        return _long_matches_wide(got_rows, wanted) or _pivot_matches(got_rows, wanted)
    if not wanted:
        return True
    same = _same_in_order if ordered else _same_multiset
    return any(same([tuple(row[i] for i in cols) for row in got_rows], wanted)
               for cols in _alignments(got_rows, wanted))


def _kinds(rows: list[tuple], column: int) -> frozenset[str]:
    return frozenset(type(row[column]).__name__ for row in rows if row[column] is not None)


def _alignments(got: list[tuple], wanted: list[tuple]) -> Iterator[tuple[int, ...]]:
    width, needed = len(got[0]), len(wanted[0])
    if any(len(row) != width for row in got) or width < needed:
        return
    got_kinds, wanted_kinds = [_kinds(got, i) for i in range(width)], [_kinds(wanted, j) for j in range(needed)]
    candidates = (cols for cols in itertools.permutations(range(width), needed)  # positional mapping first
                  if all(not got_kinds[c] or not wanted_kinds[j] or got_kinds[c] == wanted_kinds[j]
                         for j, c in enumerate(cols)))
    yield from itertools.islice(candidates, _MAX_ALIGNMENTS)


def _sort_key(value: Any) -> tuple[int, float, str]:
    if isinstance(value, (bool, float)):
        return (1, round(float(value), 4), "")
    return (0, 0.0, "") if value is None else (2, 0.0, value if isinstance(value, str) else repr(value))


def _same_multiset(got: list[tuple], wanted: list[tuple]) -> bool:
    def key(row: tuple) -> tuple:
        return tuple(_sort_key(v) for v in row)

    def equal(a: tuple, b: tuple) -> bool:
        return all(values_equal(x, y) for x, y in zip(a, b))

    if len(got) != len(wanted) or all(equal(a, b) for a, b in zip(sorted(got, key=key), sorted(wanted, key=key))):
        return len(got) == len(wanted)
    if len(wanted) > _GREEDY_LIMIT:
        return False
    # Sorting can place near-equal floats (9.99999 vs 10.0) apart; pair rows one by one instead.
    left = list(got)
    for row in wanted:
        found = next((i for i, candidate in enumerate(left) if equal(candidate, row)), None)
        if found is None:
            return False
        left.pop(found)
    return True


def _same_in_order(got: list[tuple], wanted: list[tuple]) -> bool:
    start = 0  # rows tied on every number (the ranking measure) may come back in either order
    for _, run in itertools.groupby(wanted, key=lambda row: tuple(round(v, 4) for v in row if isinstance(v, float))):
        end = start + len(list(run))
        if not _same_multiset(got[start:end], wanted[start:end]):
            return False
        start = end
    return True


def _long_matches_wide(got: list[tuple], wanted: list[tuple]) -> bool:
    if len(wanted) != 1 or len(got) < 2 or any(len(row) != len(got[0]) for row in got):
        return False
    numbers = [(v,) for v in wanted[0] if isinstance(v, float)]
    return len(numbers) == len(wanted[0]) == len(got) and any(
        all(isinstance(row[c], float) for row in got) and _same_multiset([(row[c],) for row in got], numbers)
        for c in range(len(got[0])))


def _pivot_matches(got: list[tuple], wanted: list[tuple]) -> bool:
    """A long answer (agent, rating, count) holds the same as a wide one (agent, good, bad): pivot it on
    each label column in turn, one value column per label, and compare. A missing (agent, rating) pair is a
    count of 0 only when the values are counts (whole numbers)."""
    if not got or not wanted or any(len(row) != len(got[0]) for row in got) or len(got[0]) < 3:
        return False
    values = [c for c in range(len(got[0])) if all(isinstance(row[c], float) for row in got)]
    labels = [c for c in range(len(got[0])) if all(isinstance(row[c], str) for row in got)]
    if len(values) != 1:
        return False
    value = values[0]
    counts = all(float(row[value]).is_integer() for row in got)
    for label in labels:
        names = sorted({row[label] for row in got})
        if len(names) < 2 or len(names) > 6:
            continue
        keys = [c for c in range(len(got[0])) if c not in (label, value)]
        table: dict[tuple, dict[str, float]] = {}
        for row in got:
            table.setdefault(tuple(row[c] for c in keys), {})[row[label]] = row[value]
        wide = [(*key, *(cells.get(n, 0.0 if counts else None) for n in names)) for key, cells in table.items()]
        if len(wide) == len(wanted) and rows_match(wide, wanted):
            return True
    return False


GOLD_TIMEOUT_MS = 60_000  # gold queries are written for clarity, not speed


def run_gold(engine: Engine, sql: str) -> list[tuple]:
    """Run one gold query on the read-only path in UTC (rolled back like every read)."""
    with read_only(engine, timeout_ms=GOLD_TIMEOUT_MS, tz="UTC") as conn:
        return [tuple(row) for row in conn.exec_driver_sql(sql).fetchall()]


def evaluate(suite: Suite, ask: AskFn, engine: Engine) -> Report:
    """Ask every case of suite through ask(question, session_id) and judge it against its gold rows."""
    outcomes = [_judge(case, "question", _ask(ask, case.question, None), engine) for case in suite.questions]
    run = uuid.uuid4().hex[:8]  # fresh sessions, so an earlier run's context never leaks in
    for chain in suite.chains:
        session = f"eval-{run}-{chain[0].id.rsplit('.', 1)[0]}"
        outcomes += [_judge(case, "followup", _ask(ask, case.question, session), engine) for case in chain]
    for case in suite.refusals:
        answer = _ask(ask, case.question, None)
        verdict = "refused_ok" if answer.status == case.expect else "refusal_missed"
        outcomes.append(Outcome(case, "refusal", verdict, got=_describe(answer), expected=case.expect or ""))
    return Report(outcomes)


def _ask(ask: AskFn, question: str, session: str | None) -> Answer:
    try:
        return ask(question, session)
    except Exception as exc:  # an engine crash is one declined case, not the end of the evaluation
        return Answer(status="error", question=question, reason=f"{type(exc).__name__}: {exc}")


def _judge(case: Case, kind: str, answer: Answer, engine: Engine) -> Outcome:
    gold = run_gold(engine, case.gold_sql)
    verdict = ("declined" if answer.status != "ok"
               else "correct" if rows_match(answer.rows, gold, ordered=case.ordered) else "wrong")
    return Outcome(case, kind, verdict, got=_describe(answer), expected=_show(gold))


def _describe(answer: Answer) -> str:
    return _show(answer.rows) if answer.status == "ok" else f"{answer.status}: {answer.reason or ''}".strip()


def _show(rows: Sequence[Sequence[Any]]) -> str:
    text = repr([[normalize(v) for v in row] for row in rows])
    return text if len(text) <= _SHOW else text[:_SHOW - 1] + "…"


def summary_line(report: Report) -> str:
    """One line: accuracy, wrong rate, declined, refusals."""
    return (f"accuracy {report.count('correct')}/{report.answerable} ({100 * report.accuracy:.1f}%) · "
            f"wrong {report.count('wrong')} ({100 * report.wrong_rate:.1f}%) · declined {report.count('declined')}"
            f" · refusals {report.count('refused_ok')}/{len(report.outcomes) - report.answerable} as expected")


def format_report(report: Report) -> str:
    """The report as text: summary, per-family table, then every wrong, declined and missed case."""
    lines = ["SupportWise question accuracy", summary_line(report), "",
             f"{'family':32} {'n':>4} {'correct':>7} {'wrong':>5} {'declined':>8} {'refused':>7} {'missed':>6}"]
    for family, c in report.by_family().items():
        lines.append(f"{family:32} {sum(c.values()):>4} {c['correct']:>7} {c['wrong']:>5} {c['declined']:>8} "
                     f"{c['refused_ok']:>7} {c['refusal_missed']:>6}")
    for title, outcome in (("Wrong", "wrong"), ("Declined", "declined"), ("Refusals missed", "refusal_missed")):
        cases = [o for o in report.outcomes if o.outcome == outcome]
        lines += ["", f"{title} ({len(cases)}):"] if cases else []
        lines += [f"  {o.case.id:8} {o.case.question}\n{'':11}got      {o.got[:_SHOW]}\n{'':11}expected {o.expected}"
                  for o in cases]
    return "\n".join(lines)
