"""Load the semantic layer (layer.yaml) into lookup tables the parser and compiler share."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LAYER_FILE = Path(__file__).with_name("layer.yaml")


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    kind: str                       # count | duration | csat | share | comments | comment_count | reopen | …
    time: str | None                # timestamp the period ranges over; None = right now
    event: str                      # verb for the interpretation: created, solved, open now
    status: tuple[str, ...] = ()
    start: str | None = None        # duration metrics: stop - start
    stop: str | None = None
    unit: str | None = None
    join: str | None = None         # a table beside tickets the measure reads (ticket_text)
    comments: str | None = None     # comment metrics: the condition on comments AS c (agent replies …)
    per_ticket: str | None = None   # a comment count's "… per ticket" metric
    aggregate: str | None = None    # a comment metric's aggregate instead of COUNT(*): "AVG(cs.score)"
    by_author: bool = True          # comment metrics: "by agent" is the comment's writer (False: the assignee)

    @property
    def authored(self) -> bool:
        """Comments written by agents: "by agent" / "by team" is the writer and the writer's team."""
        return self.kind == "comment_count" and self.by_author


@dataclass(frozen=True)
class Dimension:
    name: str
    column: str
    join: str | None = None
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    names_from: str | None = None   # values come from a table (organizations, agents)
    exact: bool = False             # value words are matched as typed, never reached by typo correction
    null_value: str | None = None   # the value that means "the column is empty" (assignment: unassigned)
    set_value: str | None = None    # the value that means "the column is not empty" (assignment: assigned)
    key: str | None = None          # tickets column identifying one entity (organization_id, assignee_id …)


@dataclass(frozen=True)
class Join:
    name: str
    table: str
    alias: str
    left: str
    right: str
    inner: bool = False             # INNER JOIN (else LEFT)
    require: str | None = None      # condition on the joined table, added whenever the join is used
    note: str | None = None         # what `require` means, for the interpretation


@dataclass(frozen=True)
class Ambiguity:
    """A word with several readings: (replacement phrase, label) each; `default` indexes the one answered."""

    words: tuple[str, ...]
    readings: tuple[tuple[str, str], ...]
    default: int | None = None
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layer:
    metrics: dict[str, Metric]
    metric_words: tuple[tuple[str, tuple[str, ...]], ...]
    statistic_words: dict[str, tuple[str, ...]]
    dimensions: dict[str, Dimension]
    dimension_words: dict[str, tuple[str, ...]]
    joins: dict[str, Join]
    ambiguous: tuple[Ambiguity, ...] = ()

    def value_phrases(self) -> list[tuple[str, str, str]]:
        """(phrase, dimension, value) for every fixed filter value, longest phrase first."""
        out = [(phrase, dim.name, value) for dim in self.dimensions.values()
               for value, phrases in dim.values.items() for phrase in phrases]
        return sorted(out, key=lambda item: -len(item[0]))

    def dimension_phrases(self) -> list[tuple[str, str]]:
        out = [(phrase, name) for name, phrases in self.dimension_words.items() for phrase in phrases]
        return sorted(out, key=lambda item: -len(item[0]))

    def vocabulary(self) -> set[str]:
        """Every single word the layer knows (for typo correction)."""
        words: set[str] = set()
        phrases = [p for _, ps in self.metric_words for p in ps]
        phrases += [p for ps in self.statistic_words.values() for p in ps]
        phrases += [p for p, _, _ in self.value_phrases()] + [p for p, _ in self.dimension_phrases()]
        for phrase in phrases:
            words.update(phrase.split())
        return words

    def exact_words(self) -> set[str]:
        """Words known only as values of an `exact` dimension: typo correction never produces them."""
        exact = {w for dim in self.dimensions.values() if dim.exact
                 for phrases in dim.values.values() for phrase in phrases for w in phrase.split()}
        others = {w for dim in self.dimensions.values() if not dim.exact
                  for phrases in dim.values.values() for phrase in phrases for w in phrase.split()}
        others |= {w for _, ps in self.metric_words for p in ps for w in p.split()}
        others |= {w for ps in self.dimension_words.values() for p in ps for w in p.split()}
        return exact - others


def _load(data: dict[str, Any]) -> Layer:
    metrics = {name: Metric(name=name, label=m["label"], kind=m["kind"], time=m.get("time"), event=m["event"],
                            status=tuple(m.get("status") or ()), start=m.get("start"), stop=m.get("stop"),
                            unit=m.get("unit"), join=m.get("join"), comments=m.get("comments"),
                            per_ticket=m.get("per_ticket"), aggregate=m.get("aggregate"),
                            by_author=m.get("by_author", True))
               for name, m in data["metrics"].items()}
    dimensions = {name: Dimension(name=name, column=d["column"], join=d.get("join"),
                                  values={v: tuple(p) for v, p in (d.get("values") or {}).items()},
                                  names_from=d.get("names_from"), exact=bool(d.get("exact")),
                                  null_value=d.get("null_value"), set_value=d.get("set_value"),
                                  key=d.get("key"))
                  for name, d in data["dimensions"].items()}
    joins = {name: Join(name, j["table"], j["alias"], j["keys"][0], j["keys"][1], inner=bool(j.get("inner")),
                        require=j.get("require"), note=j.get("note"))
             for name, j in data["joins"].items()}
    return Layer(metrics=metrics,
                 metric_words=tuple((name, tuple(words)) for name, words in data["metric_words"]),
                 statistic_words={k: tuple(v) for k, v in data["statistic_words"].items()},
                 dimensions=dimensions,
                 dimension_words={k: tuple(v) for k, v in data["dimension_words"].items()},
                 joins=joins,
                 ambiguous=tuple(Ambiguity(words=tuple(a["words"]), readings=tuple((r["means"], r["label"])
                                                                                   for r in a["readings"]),
                                           default=a.get("default"), unless=tuple(a.get("unless") or ()))
                                 for a in data.get("ambiguous") or ()))


@lru_cache(maxsize=1)
def load_layer(path: Path = LAYER_FILE) -> Layer:
    """The semantic layer, parsed once per process."""
    return _load(yaml.safe_load(path.read_text()))
