"""Plan a question: the offline parser first, an LLM only for what it declines.

The LLM is asked for a QuerySpec; only when it says the spec cannot express the question (or
gives no valid one) is it asked for one SELECT, which the pipeline guards and scopes like pasted SQL.
A Plan is plain data (the QuerySpec or the model's SQL, who planned it, what it cost, notices for
the person), so it can be handed to a background job as JSON and compiled there without parsing again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from supportwise.engine.llm_planner import plan_with_llm
from supportwise.engine.llm_sql import write_sql_with_llm
from supportwise.engine.parse import parse_question
from supportwise.engine.readings import read_words
from supportwise.engine.spec import QuerySpec
from supportwise.errors import BeyondQuerySpec, Unanswerable
from supportwise.llm.chain import FallbackChain
from supportwise.llm.ledger import DatabaseLedger
from supportwise.llm.registry import chain_from_settings
from supportwise.questions.context import AskContext
from supportwise.questions.limits import Budget, budget_for
from supportwise.questions.names import source_for
from supportwise.questions.session import SessionContext
from supportwise.questions.templates import ENGINE as TEMPLATE
from supportwise.questions.templates import match_template
from supportwise.records.glossary import load_glossary


@dataclass(frozen=True)
class Plan:
    """What a question means (spec) and who worked that out: 'semantic' or 'llm:<provider>'.

    A plan the model wrote SQL for has no spec and carries ``sql`` (unchecked: compile_plan guards it).
    """

    spec: QuerySpec | None
    engine: str = "semantic"
    cost_usd: float = 0.0
    notices: tuple[str, ...] = field(default_factory=tuple)   # e.g. the LLM budget warning
    sql: str | None = None   # one SELECT written by the model
    # How words were read before parsing, for the interpretation: "'P1' = priority urgent (team glossary)";
    # and the readings not answered, as {word, label, question} (engine.readings)
    readings: tuple[str, ...] = field(default_factory=tuple)
    others: tuple[dict[str, str], ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.spec is None and not self.sql:
            raise ValueError("a plan needs a spec or the model's SQL")

    def with_spec(self, spec: QuerySpec) -> "Plan":
        return Plan(spec, self.engine, self.cost_usd, self.notices, self.sql, self.readings, self.others)

    def read_as(self, interpretation: str) -> str:
        """The interpretation, with how the question's words were read."""
        return " · ".join((interpretation, *self.readings))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON for a job's arguments."""
        return {"spec": self.spec.model_dump(mode="json") if self.spec is not None else None, "engine": self.engine,
                "cost_usd": self.cost_usd, "notices": list(self.notices), "sql": self.sql,
                "readings": list(self.readings), "others": list(self.others)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Plan":
        spec = QuerySpec.model_validate(data["spec"]) if data.get("spec") is not None else None
        return cls(spec, data.get("engine", "semantic"), float(data.get("cost_usd", 0.0)),
                   tuple(data.get("notices", ())), data.get("sql"), tuple(data.get("readings", ())),
                   tuple(data.get("others", ())))


def plan_question(question: str, ctx: AskContext) -> Plan:
    """The Plan for a question in ctx's conversation; Unanswerable when neither planner can read it.

    A verified answer's template is matched first; then the team glossary and the layer's ambiguous
    words are read (engine.readings), then the offline parser, then an LLM for what it declines.
    """
    template, _, stale = match_template(ctx.db.app, question, ctx.today)
    if template is not None:
        return Plan(template, TEMPLATE, readings=("answered from a verified answer",))
    read = read_words(question, load_glossary(ctx.db.app))
    previous = (SessionContext(ctx.redis).load(ctx.principal.username, ctx.session_id)
                if ctx.redis is not None and ctx.session_id else None)
    names = source_for(ctx.db.reader).index()
    try:
        return Plan(parse_question(read.text, ctx.today, names, previous), notices=(stale,) if stale else (),
                    readings=read.notes, others=tuple(r.to_dict() for r in read.others))
    except Unanswerable as declined:
        # A follow-up to a question that was not answered must not edit the one before it ("only the Technical
        # team" after a declined "median instead …" would answer the mean): the conversation forgets it.
        remember(ctx, None)
        if read.ask is not None:  # "VIP tickets": ask which reading, rather than let a model choose
            raise read.ask from declined
        chain = ctx.llm if ctx.llm is not None else chain_from_settings(
            ctx.settings, DatabaseLedger(ctx.db.app), redis=ctx.redis)
        if not chain.providers:
            raise
        budget = budget_for(ctx.db.app, ctx.principal.username, ctx.settings.daily_budget_usd)
        if budget.exhausted:
            raise Unanswerable(f"{declined} {budget.notice()}", suggestions=declined.suggestions) from declined
        try:
            llm = plan_with_llm(read.text, ctx.today, chain, ctx.principal, names)
        except BeyondQuerySpec as beyond:
            return _plan_model_sql(read.text, ctx, chain, beyond)
        notice = Budget(budget.spent_usd + llm.cost_usd, budget.budget_usd).notice()
        return Plan(llm.spec, f"llm:{llm.provider}", llm.cost_usd, tuple(n for n in (stale, notice) if n),
                    readings=read.notes)


def _plan_model_sql(question: str, ctx: AskContext, chain: FallbackChain, beyond: BeyondQuerySpec) -> Plan:
    """The second LLM step: one SELECT from the model, if the budget (after the first call) allows it."""
    budget = budget_for(ctx.db.app, ctx.principal.username, ctx.settings.daily_budget_usd)
    if budget.exhausted:
        raise Unanswerable(f"{beyond} {budget.notice()}") from beyond
    written = write_sql_with_llm(question, ctx.today, chain, ctx.principal, declined=str(beyond))
    cost = beyond.cost_usd + written.cost_usd
    notice = Budget(budget.spent_usd + written.cost_usd, budget.budget_usd).notice()
    return Plan(None, f"llm:{written.provider}", cost, (notice,) if notice else (), sql=written.sql)


def remember(ctx: AskContext, spec: QuerySpec | None) -> None:
    """Keep spec as the conversation's last question, for follow-ups ("what about the week before?").

    None (the model's SQL answered) forgets the last one: a follow-up must not edit an older question.
    """
    if ctx.redis is not None and ctx.session_id:
        if spec is None:
            SessionContext(ctx.redis).clear(ctx.principal.username, ctx.session_id)
        else:
            SessionContext(ctx.redis).save(ctx.principal.username, ctx.session_id, spec)
