"""The question pipeline: parse → compile → scope → execute → audit, one step per module."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import date

from supportwise import audit
from supportwise.answer import Answer
from supportwise.compiler import compile_spec
from supportwise.db import Database
from supportwise.errors import QuestionError, Unanswerable
from supportwise.executor import run_readonly
from supportwise.parser import parse_question
from supportwise.roles import Principal
from supportwise.scope import restrict_to_team
from supportwise.settings import Settings


@dataclass(frozen=True)
class AskContext:
    db: Database
    settings: Settings
    principal: Principal
    today: date
    session_id: str | None = None


def ask(question: str, ctx: AskContext) -> Answer:
    """Answer one question for ctx.principal; every outcome is an Answer and an audit row."""
    started = time.perf_counter()
    try:
        answer = _answer(question, ctx)
    except Unanswerable as exc:
        answer = Answer(status=exc.status, question=question, reason=str(exc), suggestions=exc.suggestions)
    except QuestionError as exc:
        answer = Answer(status=exc.status, question=question, reason=str(exc))
    answer.duration_ms = (time.perf_counter() - started) * 1000
    # No answer leaves without its audit row: a failing audit write fails the question.
    audit.record(ctx.db.app, ctx.principal, "question", question=question, sql=answer.sql,
                 row_count=len(answer.rows) if answer.status == "ok" else None,
                 duration_ms=answer.duration_ms, engine=answer.engine, cost_usd=answer.cost_usd,
                 status=answer.status, detail={"session": ctx.session_id} if ctx.session_id else None)
    return answer


def _answer(question: str, ctx: AskContext) -> Answer:
    spec = parse_question(question, ctx.today)
    compiled = compile_spec(spec)
    params = dict(compiled.params)
    expression = restrict_to_team(compiled.expression, ctx.principal.scope_team, params)
    result = run_readonly(ctx.db.reader, expression.sql(dialect="postgres"), params,
                          timeout_ms=ctx.settings.statement_timeout_ms, row_limit=ctx.settings.row_limit,
                          timezone=ctx.settings.timezone)
    interpretation = compiled.interpretation
    if ctx.principal.scope_team:
        interpretation += f" · team {ctx.principal.scope_team} only"
    shown = replace(compiled, expression=expression, params=params, interpretation=interpretation)
    return Answer(status="ok", question=question, interpretation=interpretation, sql=shown.display_sql(),
                  columns=result.columns, rows=[list(r) for r in result.rows], chart=compiled.chart,
                  engine="semantic", cost_usd=0.0)
