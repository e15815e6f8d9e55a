"""'Why did CSAT drop in November?': where a metric moved, slice by slice, against the period before.

Counting cannot say *why*; it can say *where*. The metric is measured for the asked period and
the one before (``previous_window``: a finished month against the whole month before), overall
and per product area, channel, priority, team, plan and ticket type, each through the question
pipeline's own compile → guard → scope → cache steps. Each slice's effect on the overall number is

* for a count, its own change (the slices' changes add up to the total's);
* for a rate, a mean or a median, its share of the period's tickets × its change (the part of the
  overall change that comes from the slice itself moving, not from the mix of tickets shifting).

The slices that moved most in the metric's direction come first. A why-question about a metric
that this cannot measure (no period to compare, a breakdown already, a backlog "right now") is
declined with questions that can be answered, never handed to the text analysis (which searched
for the words "csat drop" and failed).

>>> metric_question("Why did CSAT drop in November?")
('CSAT in November', 'drop')
>>> metric_question("Why are customers unhappy with auto-sync?") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from supportwise.engine.layer import load_layer
from supportwise.engine.parse import parse_question
from supportwise.engine.spec import AlsoMetric, QuerySpec
from supportwise.engine.title import period_words, title
from supportwise.errors import QuestionError, Unanswerable
from supportwise.questions.answer import Answer
from supportwise.questions.context import AskContext
from supportwise.questions.names import source_for
from supportwise.questions.pipeline import compile_plan, run
from supportwise.questions.planning import Plan
from supportwise.questions.suggestions import previous_window

# Slices a support lead reads a change by; none of them is personal data (no agents, no customers).
DIMENSIONS = ("product_area", "channel", "priority", "team", "plan", "ticket_type")
MAX_ROWS = 10
_KINDS = ("count", "duration", "csat", "reopen", "comments", "sentiment")   # what has a value per slice
_MOVES = (r"drop(?:ped)?|dip(?:ped)?|f[ae]ll(?:en)?|go(?:ne)?\s+(?:up|down)|went\s+(?:up|down)|decrease[ds]?|"
          r"decline[ds]?|ris(?:e|en)|rose|increase[ds]?|jump(?:ed)?|spike[ds]?|climb(?:ed)?|grow|grew|grown|"
          r"shrink|shrank|change[ds]?|(?:get|got|gotten)\s+(?:worse|better)|worsen(?:ed)?|improve[ds]?|"
          r"plummet(?:ed)?|soar(?:ed)?|tank(?:ed)?|slip(?:ped)?")
_QUESTION = re.compile(rf"^\s*why\s+(?:did|has|have|had|is|are|was|were|does|do)\s+(?:the\s+|our\s+)?"
                       rf"(?P<what>.+?)\s+(?P<move>{_MOVES})\b(?P<rest>.*?)[\s?.!]*$", re.IGNORECASE)


def metric_question(question: str) -> tuple[str, str] | None:
    """(the question about the metric alone, the movement word) of "why did X move …", else None."""
    match = _QUESTION.match(question or "")
    if match is None:
        return None
    rest = " ".join(match["rest"].split())
    return " ".join(f"{match['what']} {rest}".split()), match["move"].lower()


@dataclass(frozen=True)
class _Slice:
    dimension: str
    value: str
    before: float | None
    now: float | None
    share: float | None      # of the period's tickets (the weight), 0–100; None for counts
    effect: float | None


def metric_spec(question: str, ctx: AskContext) -> QuerySpec | None:
    """The metric's spec, read fresh (a why-question is a complete question); None when it reads as no metric."""
    found = metric_question(question)
    if found is None:
        return None
    try:
        return parse_question(found[0], ctx.today, source_for(ctx.db.reader).index(), None)
    except QuestionError:
        return None   # not about a metric: the question takes its usual way (and its refusals)


def explain_change(question: str, spec: QuerySpec, ctx: AskContext) -> Answer:
    """The Answer listing the slices that moved most (see the module doc); Unanswerable with suggestions."""
    metric = load_layer().metrics[spec.metric]
    what, move = metric_question(question)
    _check(spec, metric, what, move)
    window = previous_window(spec.period, ctx.today)
    before_spec = spec.model_copy(update={"period": window.range})
    now_total, before_total = _value(spec, ctx), _value(before_spec, ctx)
    weight = None if metric.kind == "count" else ("solved_count" if metric.time == "solved_at" else "ticket_count")
    slices, sqls = [], []
    taken = {f.dimension for f in spec.filters}
    for dimension in (d for d in DIMENSIONS if d not in taken):
        now, sql = _by(spec, dimension, weight, ctx)
        before, _ = _by(before_spec, dimension, weight, ctx)
        sqls.append(sql)
        slices += _slices(dimension, now, before, weight is not None)
    change = None if now_total is None or before_total is None else now_total - before_total
    direction = -1 if change is not None and change < 0 else 1
    moved = sorted((s for s in slices if s.effect is not None and s.effect * direction > 0),
                   key=lambda s: -abs(s.effect))[:MAX_ROWS]
    label = title(spec, ctx.principal.scope_team)
    columns = ["dimension", "slice", "before", "now", "change"] + (["share_of_tickets_pct", "effect"] if weight else [])
    rows = [[s.dimension.replace("_", " "), s.value, s.before, s.now,
             None if s.before is None or s.now is None else s.now - s.before]
            + ([s.share, s.effect] if weight else []) for s in moved]
    return Answer(status="ok", question=question, sql=";\n\n".join(sqls), columns=columns, rows=rows,
                  interpretation=_reading(label, window.label, before_spec, before_total, now_total, weight,
                                          bool(moved)),
                  chart={"type": "table", "x": None, "y": None, "title": f"Where it moved: {label}"},
                  engine="analysis")


def _check(spec: QuerySpec, metric, what: str, move: str) -> None:
    words = _metric_words(spec)
    examples = [f"Why did {words} {move} last month?", f"{_capital(words)} by week over the last 8 weeks",
                f"{_capital(words)} by product area last month"]
    if metric.kind not in _KINDS or metric.time is None or spec.listing or spec.metric == "share":
        raise Unanswerable("I can show where a count, a time, CSAT or a rate moved between two periods; "
                           f"'{what}' is not one I can split that way.",
                           suggestions=["Why did tickets rise last week?", "Tickets by week over the last 8 weeks",
                                        f"{_capital(words)} by product area"])
    if spec.group_by or spec.also_metrics or spec.also_statistics or spec.compare_to or spec.limit:
        raise Unanswerable("Ask why one number moved (\"why did CSAT drop last month?\"); a breakdown, several "
                           "numbers or a comparison of its own cannot be explained slice by slice.",
                           suggestions=examples)
    if spec.period is None or spec.period.start is None or spec.period.end is None:
        raise Unanswerable("Say when it moved, so I can compare that period with the one before: "
                           f"\"{examples[0]}\".", suggestions=examples)


def _metric_words(spec: QuerySpec) -> str:
    """The metric in words a question can use again: 'CSAT', 'median resolution time', 'tickets'."""
    label = re.sub(r"\s*\(.*?\)", "", load_layer().metrics[spec.metric].label)
    label = label if label.isupper() or label.split()[0].isupper() else label.lower()
    statistic = {"median": "median ", "p90": "p90 "}.get(spec.statistic or "", "")
    return f"{statistic}{label}" if load_layer().metrics[spec.metric].kind == "duration" else label


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _value(spec: QuerySpec, ctx: AskContext) -> float | None:
    rows = _rows(spec, ctx)[0]
    return _float(rows[0][-1]) if len(rows) == 1 else None


def _by(spec: QuerySpec, dimension: str, weight: str | None, ctx: AskContext) -> tuple[dict, str]:
    """{slice: (value, weight)} for one dimension, and the SQL that ran."""
    by = spec.model_copy(update={"group_by": (dimension,),
                                 "also_metrics": (AlsoMetric(metric=weight),) if weight else ()})
    rows, sql = _rows(by, ctx)
    return {str(r[0]): (_float(r[1]), _float(r[2]) if weight else None) for r in rows}, sql


def _rows(spec: QuerySpec, ctx: AskContext) -> tuple[list[list], str]:
    prepared = compile_plan("", Plan(spec), ctx)   # guard, team scope and the result cache, as every question
    return run(prepared, ctx)[1], prepared.shown_sql


def _slices(dimension: str, now: dict, before: dict, weighted: bool) -> list[_Slice]:
    total = sum(w or 0 for _, w in now.values()) if weighted else 0
    out = []
    for value in dict.fromkeys([*now, *before]):
        v_now, w_now = now.get(value, (None, None))
        v_before = before.get(value, (None, None))[0]
        if not weighted:  # a count: a slice missing in one period had none there
            v_now, v_before = v_now or 0.0, v_before or 0.0
            out.append(_Slice(dimension, value, v_before, v_now, None, v_now - v_before))
            continue
        share = 100 * w_now / total if total and w_now else None
        effect = share / 100 * (v_now - v_before) if share and v_now is not None and v_before is not None else None
        out.append(_Slice(dimension, value, v_before, v_now, share, effect))
    return out


def _reading(label: str, before_label: str, before_spec: QuerySpec, before: float | None, now: float | None,
             weight: str | None, moved: bool) -> str:
    said = f"{label}: {_shown(now)}, against {_shown(before)} in the {before_label} " \
           f"({period_words(before_spec.period)})"
    if now is not None and before is not None:
        said += f", {now - before:+,.2f}"
    how = ("each slice's effect is its change" if weight is None else
           f"each slice's effect is its share of the {'solved ' if weight == 'solved_count' else ''}tickets now × "
           "its change, in the overall number's units")
    found = "the slices that moved most that way come first" if moved else "no slice moved that way"
    return (f"{said}. Per product area, channel, priority, team, plan and ticket type; {how}; {found}. "
            "This shows where the number moved, not why.")


def _shown(value: float | None) -> str:
    return "no value" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


def _float(value) -> float | None:
    return None if value is None else float(value)
