"""SQL the engine did not compile (pasted by an admin): validate → scope → run read-only, in the envelope.

The same guard, scope, read-only path, masking and audit row ('sql_run') as a typed question;
only the plan step is a person's SQL instead of the parser's.
"""

from __future__ import annotations

from supportwise.errors import InvalidInput, PermissionDenied
from supportwise.platform.readonly import run_readonly
from supportwise.questions.answer import Answer
from supportwise.questions.context import AskContext
from supportwise.questions.envelope import respond
from supportwise.questions.raw_sql import guard_sql
from supportwise.records import conversations

SQL_ROLES = frozenset({"admin"})


def answer_sql(sql: str, ctx: AskContext) -> Answer:
    """Run pasted SQL for an admin; every outcome is an Answer and an audit row ('sql_run')."""
    return respond("sql_run", sql, ctx, lambda: _run(sql, ctx), engine="sql")


def sql_turn(sql: str, ctx: AskContext) -> tuple[Answer, int]:
    """answer_sql, kept as a turn of the conversation ctx.session_id; returns the answer and the turn id."""
    if not ctx.session_id:
        raise InvalidInput("Start a conversation first (conversations.start); its id is the session id.")
    answer = answer_sql(sql, ctx)
    return answer, conversations.append_turn(ctx.db, ctx.session_id, ctx.principal, sql, answer.to_dict())


def _run(sql: str, ctx: AskContext) -> Answer:
    if ctx.principal.role not in SQL_ROLES:
        raise PermissionDenied("Only administrators may run SQL directly; please ask in plain English.")
    guarded = guard_sql(sql, row_limit=ctx.settings.row_limit, scope_team=ctx.principal.scope_team)
    result = run_readonly(ctx.db.reader, guarded.sql(), guarded.params, row_limit=ctx.settings.row_limit,
                          timeout_ms=ctx.settings.statement_timeout_ms, timezone=ctx.settings.timezone)
    return Answer(status="ok", question=sql, interpretation="SQL typed by an administrator, checked and run read-only",
                  sql=guarded.display_sql(), columns=result.columns,
                  rows=[list(r) for r in result.rows], chart={"type": "table", "x": None, "y": None}, engine="sql")
