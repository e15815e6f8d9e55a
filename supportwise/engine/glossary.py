"""The team glossary as the engine reads it: a team's own word, replaced by the layer's words for its meaning.

An entry is checked against the semantic layer when it is made (``entry_for``): its target must be a
known metric or dimension value, and the words it is replaced with must be read back by the parser as
exactly that target, so an entry can never quietly mean something else.

    >>> entry_for("VIP", "value", "plan=enterprise").phrase
    'enterprise account'
    >>> entry_for("TTR", "metric", "resolution_time:median").label
    'median resolution time'
    >>> Glossary((entry_for("tix", "word", "tickets"),)).apply("tix yesterday?")
    ('tickets yesterday?', ("'tix' = tickets (team glossary)",))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache

from supportwise.engine.hostile import reject_if_hostile
from supportwise.engine.layer import load_layer
from supportwise.engine.lexicon import fold
from supportwise.engine.parse import parse_question
from supportwise.engine.spec import Filter, QuerySpec
from supportwise.errors import InvalidInput, QuestionError

KINDS = ("value", "metric", "word")
MAX_TERM = 40
_TERM = re.compile(r"^[^\W_][\w\s'.&+/-]*$")
_PROBE_DAY = date(2026, 11, 23)  # any day: the probes only check what the words mean, not when


@dataclass(frozen=True)
class GlossaryEntry:
    term: str     # the team's word as the admin typed it: "P1", "VIP", "TTR"
    kind: str     # value | metric | word
    target: str   # "priority=urgent", "resolution_time:median", "tickets"
    phrase: str   # the layer's words the term is replaced with before parsing
    label: str    # the meaning for people: "priority urgent", "median resolution time"


def term_pattern(words: tuple[str, ...]) -> re.Pattern:
    """Whole words (a plural 's' allowed), case-insensitive: 'P1' matches 'p1s' but not 'p10' or 'vip-tagged'."""
    alternatives = sorted((r"\s+".join(map(re.escape, w.split())) for w in words), key=len, reverse=True)
    return re.compile(rf"(?<![\w#-])(?:{'|'.join(alternatives)})s?(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...] = ()

    @cached_property
    def _by_term(self) -> dict[str, GlossaryEntry]:
        return {e.term.casefold(): e for e in self.entries}

    @cached_property
    def _pattern(self) -> re.Pattern | None:
        return term_pattern(tuple(e.term for e in self.entries)) if self.entries else None

    def defines(self, word: str) -> bool:
        """Does an entry fix this word ('P1s' counts as 'P1')?"""
        key = re.sub(r"\s+", " ", word.casefold())
        return key in self._by_term or (key.endswith("s") and key[:-1] in self._by_term)

    def apply(self, text: str) -> tuple[str, tuple[str, ...]]:
        """(text with every glossary term replaced, one note per term applied)."""
        if self._pattern is None:
            return text, ()
        notes: dict[str, str] = {}

        def replace(match: re.Match) -> str:
            key = re.sub(r"\s+", " ", match.group().casefold())
            entry = self._by_term.get(key) or self._by_term[key[:-1]]
            notes.setdefault(entry.term, f"'{entry.term}' = {entry.label} (team glossary)")
            return entry.phrase

        return self._pattern.sub(replace, text), tuple(notes.values())


def targets(kind: str) -> list[str]:
    """What an entry of this kind may mean, from the layer: 'priority=urgent' …, 'resolution_time:median' …"""
    layer = load_layer()
    if kind == "value":
        return [f"{name}={value}" for name, dim in layer.dimensions.items() for value in dim.values]
    if kind == "metric":
        out = []
        for name, metric in layer.metrics.items():
            out.append(name)
            if metric.kind == "duration":
                out += [f"{name}:{stat}" for stat in layer.statistic_words]
        return out
    return []


def clean_term(term: str) -> str:
    """The term as stored: spaces collapsed; InvalidInput when it cannot be a word of a question."""
    cleaned = re.sub(r"\s+", " ", term or "").strip()
    if not cleaned:
        raise InvalidInput("A glossary entry needs the team's word (e.g. 'P1', 'VIP', 'TTR').")
    if len(cleaned) > MAX_TERM:
        raise InvalidInput(f"Glossary words are at most {MAX_TERM} characters.")
    if not _TERM.match(cleaned) or cleaned.isdigit():
        raise InvalidInput(f"{cleaned!r} is not a word people type in a question: use letters and digits.")
    try:
        reject_if_hostile(fold(cleaned))
    except QuestionError as exc:
        raise InvalidInput(f"{cleaned!r} cannot be a glossary word: questions with it would be refused.") from exc
    return cleaned


@lru_cache(maxsize=512)
def entry_for(term: str, kind: str, target: str) -> GlossaryEntry:
    """A checked entry (worked out once per process); InvalidInput with the reason when the layer lacks the target."""
    term = clean_term(term)
    target = re.sub(r"\s+", " ", target or "").strip()
    if kind not in KINDS:
        raise InvalidInput(f"A glossary entry is a {', '.join(KINDS[:-1])} or {KINDS[-1]}, not {kind!r}.")
    if not target:
        raise InvalidInput(f"Say what {term!r} means.")
    if kind == "value":
        target, phrase, label = _value(target)
    elif kind == "metric":
        target, phrase, label = _metric(target)
    else:
        target, phrase, label = _word(target)
    if term.casefold() in phrase.casefold().split():
        raise InvalidInput(f"{term!r} cannot be defined by itself.")
    return GlossaryEntry(term, kind, target, phrase, label)


def _value(target: str) -> tuple[str, str, str]:
    layer = load_layer()
    dimension, sep, value = (part.strip() for part in target.partition("="))
    fixed = sorted(name for name, dim in layer.dimensions.items() if dim.values)
    if not sep or dimension not in layer.dimensions or not layer.dimensions[dimension].values:
        raise InvalidInput(f"{dimension!r} is not a dimension with fixed values; write dimension=value with one of "
                           f"{', '.join(fixed)} (e.g. plan=enterprise).")
    values = layer.dimensions[dimension].values
    known = {v.casefold(): v for v in values}
    if value.casefold() not in known:
        raise InvalidInput(f"{dimension} has no value {value!r}; its values are {', '.join(values)}.")
    value = known[value.casefold()]
    phrase = _value_phrase(dimension, value)
    if phrase is None:
        raise InvalidInput(f"The engine has no words that read as {dimension} = {value} inside a question.")
    return f"{dimension}={value}", phrase, f"{dimension} {value}"


@lru_cache(maxsize=256)
def _value_phrase(dimension: str, value: str) -> str | None:
    """The first of the value's words that the parser reads, in a question, as exactly that filter."""
    wanted = (Filter(dimension=dimension, values=(value,)),)
    for phrase in load_layer().dimensions[dimension].values[value]:
        spec = _probe(f"how many {phrase} tickets last week")
        if spec is not None and spec.metric == "ticket_count" and spec.filters == wanted and not spec.group_by \
                and spec.distinct is None:
            return phrase
    return None


def _metric(target: str) -> tuple[str, str, str]:
    layer = load_layer()
    metric, _, statistic = (part.strip() for part in target.partition(":"))
    if metric not in layer.metrics:
        raise InvalidInput(f"Unknown metric {metric!r}; the metrics are {', '.join(layer.metrics)}.")
    if statistic and statistic not in layer.statistic_words:
        raise InvalidInput(f"Unknown statistic {statistic!r}; use one of {', '.join(layer.statistic_words)}.")
    if statistic and layer.metrics[metric].kind != "duration":
        raise InvalidInput(f"A statistic ({statistic}) applies to durations (first response, resolution time), "
                           f"not to {metric}.")
    phrase = _metric_phrase(metric, statistic or None)
    if phrase is None:
        raise InvalidInput(f"The engine has no words that read as {metric} on their own, so it cannot be a "
                           "glossary meaning.")
    label = _metric_label(metric)
    return (f"{metric}:{statistic}" if statistic else metric), phrase, (f"{_STAT_LABEL[statistic]} {label}"
                                                                       if statistic else label)


_STAT_LABEL = {"mean": "average", "median": "median", "p90": "90th percentile", "min": "minimum", "max": "maximum"}


def _metric_label(metric: str) -> str:
    """'Resolution time (hours)' → 'resolution time'; 'CSAT (%)' → 'CSAT'."""
    label = re.sub(r"\s*\(.*\)$", "", load_layer().metrics[metric].label).strip()
    return label if label.split()[0].isupper() else label.lower()


@lru_cache(maxsize=256)
def _metric_phrase(metric: str, statistic: str | None) -> str | None:
    """The first words for the metric (its label first) that the parser reads back as exactly it."""
    layer = load_layer()
    prefixes = layer.statistic_words[statistic] if statistic else ("",)
    words = (_metric_label(metric).lower(), *dict(layer.metric_words).get(metric, ()))
    for prefix in prefixes[:2]:
        for word in words:
            phrase = f"{prefix} {word}".strip()
            spec = _probe(f"{phrase} last week")
            if spec is not None and spec.metric == metric and not spec.filters and not spec.group_by and \
                    (statistic is None or spec.statistic == statistic):
                return phrase
    return None


def _word(target: str) -> tuple[str, str, str]:
    phrase = target.lower()
    if _probe(f"how many {phrase} last week") is None:
        raise InvalidInput(f"The engine does not read {target!r} itself, so it cannot be what a word means; "
                           "define the word as a value (dimension=value) or a metric instead.")
    return phrase, phrase, phrase


def _probe(question: str) -> QuerySpec | None:
    try:
        return parse_question(question, _PROBE_DAY)
    except QuestionError:
        return None
