"""SQL the engine did not compile (pasted by an admin): validate → scope → run read-only → mask → audit."""

from __future__ import annotations

import time

from supportwise.records import audit, conversations
from supportwise.questions.answer import Answer
from supportwise.questions.ask import AskContext
from supportwise.errors import InvalidInput, PermissionDenied, QuestionError
from supportwise.platform.readonly import run_readonly
from supportwise.guard import render_sql, validate_sql
from supportwise.pii.apply import mask_answer
from supportwise.pii.masker import build_masker
from supportwise.guard.scope import restrict_to_team

SQL_ROLES = frozenset({"admin"})


def _render(expression, params: dict) -> str:
    # render_sql drops comments and doubles every "%" (the driver reads "%" as a placeholder);
    # the scope's own placeholders are restored afterwards.
    escaped = render_sql(expression)
    for name in params:
        escaped = escaped.replace(f"%%({name})s", f"%({name})s")
    return escaped


def answer_sql(sql: str, ctx: AskContext) -> Answer:
    """Run pasted SQL for an admin; every outcome is an Answer and an audit row ('sql_run')."""
    started = time.perf_counter()
    try:
        if ctx.principal.role not in SQL_ROLES:
            raise PermissionDenied("Only administrators may run SQL directly; please ask in plain English.")
        checked = validate_sql(sql, row_limit=ctx.settings.row_limit)
        params: dict = {}
        scoped = restrict_to_team(checked, ctx.principal.scope_team, params)
        result = run_readonly(ctx.db.reader, _render(scoped, params), params,
                              timeout_ms=ctx.settings.statement_timeout_ms, row_limit=ctx.settings.row_limit,
                              timezone=ctx.settings.timezone)
        answer = Answer(status="ok", question=sql, interpretation="SQL typed by an administrator, checked and run "
                        "read-only", sql=scoped.sql(dialect="postgres", pretty=True), columns=result.columns,
                        rows=[list(r) for r in result.rows], chart={"type": "table", "x": None, "y": None},
                        engine="sql")
        if not ctx.principal.sees_pii:
            answer = mask_answer(answer, ctx.principal, build_masker(ctx.db.reader))
    except PermissionDenied as exc:
        answer = Answer(status="rejected", question=sql, reason=str(exc))
    except QuestionError as exc:
        answer = Answer(status=exc.status, question=sql, reason=str(exc))
    answer.duration_ms = (time.perf_counter() - started) * 1000
    audit.record(ctx.db.app, ctx.principal, "sql_run", question=sql, sql=answer.sql,
                 row_count=len(answer.rows) if answer.status == "ok" else None, duration_ms=answer.duration_ms,
                 engine="sql", status=answer.status, client=ctx.client, detail={"reason": answer.reason} if answer.reason else None)
    return answer


def sql_turn(sql: str, ctx: AskContext) -> tuple[Answer, int]:
    """answer_sql, kept as a turn of the conversation ctx.session_id; returns the answer and the turn id."""
    if not ctx.session_id:
        raise InvalidInput("Start a conversation first (conversations.start); its id is the session id.")
    answer = answer_sql(sql, ctx)
    return answer, conversations.append_turn(ctx.db, ctx.session_id, ctx.principal, sql, answer.to_dict())
