"""The last LLM step: one SELECT written by the model, for a question the QuerySpec cannot express.

Asked only after the model said the spec cannot express the question (or gave no valid spec).
The prompt carries the question, today's date and the same schema text as the QuerySpec prompt
plus the allowed tables' columns (the guard's own list) — never rows, ticket text or names of
people. The reply is text the model wrote, trusted for nothing: the planner hands it to the
guard, the team scope and the read-only role like SQL an administrator pastes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from supportwise.engine.llm_planner import schema_text
from supportwise.errors import ProviderError, Unanswerable
from supportwise.guard.allowlist import SUPPORT_SCHEMA
from supportwise.llm.chain import FallbackChain
from supportwise.llm.pricing import cost_usd
from supportwise.llm.prompts import SQL_TOOL, sql_system_prompt
from supportwise.records.roles import Principal

PURPOSE = "question_sql"


@dataclass(frozen=True)
class ModelSQL:
    sql: str
    provider: str
    cost_usd: float


def tables_text() -> str:
    """The tables and columns the guard lets SQL read, one line each: ``tickets(id bigint, …)``."""
    lines = ["Tables (schema public) and their columns — nothing else may be read:"]
    for table, columns in SUPPORT_SCHEMA.items():
        lines.append(f"- {table}(" + ", ".join(f"{name} {kind}" for name, kind in columns.items()) + ")")
    lines += ["tickets.team and agents.team are the support team; tickets.assignee_id -> agents.id, "
              "requester_id -> customers.id, organization_id -> organizations.id, comments.ticket_id -> tickets.id.",
              "Timestamps are timestamptz in UTC."]
    return "\n".join(lines)


def sql_schema_text() -> str:
    """What the SQL prompt describes: the QuerySpec prompt's schema text, then the tables' columns."""
    return f"{schema_text()}\n\n{tables_text()}"


def reply_schema() -> dict[str, Any]:
    return {"type": "object",
            "properties": {"unanswerable": {"type": "boolean"}, "reason": {"type": "string"},
                           "sql": {"type": "string", "description": "one PostgreSQL SELECT statement"}},
            "required": ["unanswerable"]}


def write_sql_with_llm(question: str, today: date, chain: FallbackChain, who: Principal, *,
                       declined: str | None = None) -> ModelSQL:
    """Ask the chain for one SELECT; Unanswerable when it declines or cannot be reached.

    ``declined`` (the QuerySpec step's reason) is the decline given when the model writes no SQL
    and says nothing better.
    """
    prompt = f"Today is {today.isoformat()} ({today:%A}).\nQuestion: {question}"
    try:
        reply = chain.structured(who=who, purpose=PURPOSE, system=sql_system_prompt(sql_schema_text()),
                                 prompt=prompt, schema=reply_schema(), tool_name=SQL_TOOL)
    except ProviderError as exc:
        raise Unanswerable("The offline engine could not read this question and no language model could be "
                           "reached to write SQL for it, so nothing was guessed.", detail=str(exc)) from exc
    data = reply.data or {}
    sql = data.get("sql")
    if data.get("unanswerable") or not isinstance(sql, str) or not sql.strip():
        raise Unanswerable(data.get("reason") or declined or "This question can't be answered from the support data.")
    return ModelSQL(_unfenced(sql), reply.provider, cost_usd(reply.provider, reply.model, reply.usage, chain.prices))


def _unfenced(sql: str) -> str:
    """The statement without a Markdown fence around it (models add one even when told not to)."""
    text = sql.strip()
    if text.startswith("```"):
        text = text.strip("`").strip()
        text = text[3:].lstrip() if text[:3].lower() == "sql" else text
    return text
