"""When the offline parser declines, ask an LLM for a QuerySpec — never for SQL here (engine/llm_sql.py).

The prompt carries the question, today's date and the semantic layer (metrics, dimensions
and their allowed values). It never carries ticket text, comments or names of people. The
reply is validated twice: by the QuerySpec model and against the semantic layer (every
metric, dimension and value must exist; organization names must match the database), so an
LLM can only choose among queries the offline engine could have built.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from supportwise.engine.layer import Layer, load_layer
from supportwise.engine.names import NameIndex, simplify
from supportwise.engine.spec import TIME_GRAINS, Filter, QuerySpec
from supportwise.errors import BeyondQuerySpec, ProviderError, Unanswerable
from supportwise.llm.chain import FallbackChain
from supportwise.llm.pricing import cost_usd
from supportwise.llm.prompts import SPEC_TOOL, spec_system_prompt
from supportwise.records.roles import Principal

TOOL_NAME = SPEC_TOOL


@dataclass(frozen=True)
class LLMPlan:
    spec: QuerySpec
    provider: str
    cost_usd: float


def schema_text(layer: Layer | None = None) -> str:
    """The tables and semantic layer, as the LLM sees them (no data rows, no names of people)."""
    layer = layer or load_layer()
    lines = ["Table tickets (alias t): one row per support ticket; organizations and agents are joined for",
             "plan, region, organization and agent; ticket_text for sentiment (VADER over the customer comments;",
             "only tickets with a sentiment label count in a sentiment question). 'Satisfied' / 'happy customers'",
             "mean CSAT (the customer's rating), not sentiment.", "", "Metrics (field 'metric'):"]
    for m in layer.metrics.values():
        time = f"period ranges over {m.time}" if m.time else "counts tickets open right now"
        lines.append(f"- {m.name}: {m.label}; {time}")
    lines += ["", "Statistics for first_response_time and resolution_time: mean, median, p90.", "",
              "Dimensions (filters and group_by) with allowed values:"]
    for d in layer.dimensions.values():
        values = (", ".join(d.values) if d.values else f"a name from the {d.names_from} table, as the user wrote it"
                  if d.names_from else "any tag, as the user wrote it")
        lines.append(f"- {d.name}: {values}")
    lines += ["", f"Time grains for group_by: {', '.join(TIME_GRAINS)}.",
              "Periods are half-open date ranges [start, end) in ISO dates; 'last week' is the previous ISO week "
              "Monday to Monday; no time phrase means no period (all time).",
              "Thresholds: measure first_response_hours | resolution_hours | reopens | comments with an operator.",
              "Listings (listing=true) return id, subject, priority, status, created_at."]
    return "\n".join(lines)


def _inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """Pydantic's $defs/$ref inlined: not every vendor's structured-output mode resolves references."""
    defs = schema.get("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(copy.deepcopy(defs[node["$ref"].rsplit("/", 1)[-1]]))
            return {k: resolve(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve(schema)


def _spec_schema() -> dict[str, Any]:
    """QuerySpec's schema without ``top_of``: it refers to QuerySpec itself (no inlining ends), and only a
    conversation's earlier answer fills it, never a model."""
    schema = QuerySpec.model_json_schema()
    root = schema["$defs"].pop(schema["$ref"].rsplit("/", 1)[-1]) if "$ref" in schema else schema
    root = {**root, "$defs": schema.get("$defs", {})}
    root["properties"] = {k: v for k, v in root["properties"].items() if k != "top_of"}
    return root


def reply_schema() -> dict[str, Any]:
    return {"type": "object",
            "properties": {"unanswerable": {"type": "boolean"}, "reason": {"type": "string"},
                           "sql_needed": {"type": "boolean"},
                           "spec": _inline_refs(_spec_schema())},
            "required": ["unanswerable"]}


def check_against_layer(spec: QuerySpec, names: NameIndex, layer: Layer | None = None) -> QuerySpec:
    """The spec with names resolved, or Unanswerable naming what is not in the semantic layer."""
    layer = layer or load_layer()
    outside = outside_layer(spec, layer)
    if outside:
        raise Unanswerable(outside)
    return spec.model_copy(update={"filters": tuple(_resolve(f, names, layer) for f in spec.filters),
                                   "share_filters": tuple(_resolve(f, names, layer) for f in spec.share_filters)})


def outside_layer(spec: QuerySpec, layer: Layer | None = None) -> str | None:
    """Why the spec needs a metric, breakdown or filter the semantic layer does not have; None if it does not."""
    layer = layer or load_layer()
    if spec.metric not in layer.metrics:
        return f"The suggested metric {spec.metric!r} is not one SupportWise knows."
    if spec.top_of is not None:
        return "The suggested spec refers to an earlier answer, which only the conversation can supply."
    for g in spec.group_by:
        if g not in layer.dimensions and g not in TIME_GRAINS:
            return f"The suggested breakdown {g!r} is not one SupportWise knows."
    for flt in (*spec.filters, *spec.share_filters):
        if flt.dimension not in layer.dimensions:
            return f"The suggested filter on {flt.dimension!r} is not one SupportWise knows."
    return None


def _resolve(flt: Filter, names: NameIndex, layer: Layer) -> Filter:
    dimension = layer.dimensions.get(flt.dimension)
    if dimension is None:
        raise Unanswerable(f"The suggested filter on {flt.dimension!r} is not one SupportWise knows.")
    if dimension.values:
        unknown = [v for v in flt.values if v not in dimension.values]
        if unknown:
            raise Unanswerable(f"{', '.join(unknown)} is not a known {flt.dimension}.")
        return flt
    if not dimension.names_from:  # free values (tags) are bound as parameters as they are
        return flt
    known = names.names.get(flt.dimension, {})
    resolved = []
    for value in flt.values:
        hits = [h for h in names.find(simplify(value)) if h.dimension == flt.dimension]
        if simplify(value) in known:
            resolved.append(known[simplify(value)])
        elif len(hits) == 1:
            resolved.append(hits[0].value)
        else:
            raise Unanswerable(f"No {flt.dimension} named {value!r} was found.")
    return flt.model_copy(update={"values": tuple(resolved)})


def plan_with_llm(question: str, today: date, chain: FallbackChain, who: Principal, names: NameIndex) -> LLMPlan:
    """Ask the chain for a spec; Unanswerable when it declines, fails, or proposes something invalid.

    BeyondQuerySpec (an Unanswerable) when the model says only SQL can answer, or its spec is not valid
    or needs a metric, breakdown or filter the semantic layer lacks: the planner may then ask for SQL.
    """
    prompt = f"Today is {today.isoformat()} ({today:%A}).\nQuestion: {question}"
    try:
        reply = chain.structured(who=who, purpose="question_spec", system=spec_system_prompt(schema_text()),
                                 prompt=prompt, schema=reply_schema(), tool_name=TOOL_NAME)
    except ProviderError as exc:
        raise Unanswerable("The offline engine could not read this question and no language model could be "
                           "reached, so nothing was guessed.", detail=str(exc)) from exc
    cost = cost_usd(reply.provider, reply.model, reply.usage, chain.prices)
    data = reply.data or {}
    reason = data.get("reason") or "This question can't be answered from the support data."
    if data.get("sql_needed") and not data.get("spec"):
        raise BeyondQuerySpec(reason, provider=reply.provider, cost_usd=cost)
    if data.get("unanswerable") or not data.get("spec"):
        raise Unanswerable(reason)
    try:
        spec = QuerySpec.model_validate(data["spec"])
    except ValidationError as exc:
        raise BeyondQuerySpec("The language model's reading of the question was not a valid query, so nothing "
                              "was run.", provider=reply.provider, cost_usd=cost, detail=str(exc)) from exc
    outside = outside_layer(spec)
    if outside:  # the spec cannot say it; a value or name the data does not have stays a decline below
        raise BeyondQuerySpec(outside, provider=reply.provider, cost_usd=cost)
    return LLMPlan(check_against_layer(spec, names), reply.provider, cost)
