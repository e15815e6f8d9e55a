"""Words read before the parser: the team glossary's fixed meanings, then the layer's ambiguous words.

A word with two reasonable readings ("P1": urgent or high? "closed": solved, or status closed?) is
never read one way silently. A glossary entry for it fixes the reading; otherwise, where the layer
gives a default (the data's own convention), that reading is answered and named in the
interpretation, and the others are offered as questions; with no default, a question the parser
cannot read without choosing is declined with its readings (``ReadQuestion.ask``, an ``Ambiguous``)
instead of going to an LLM that would choose.

    >>> read = read_words("How many P1 tickets came in last week?", Glossary())
    >>> read.notes, read.others[0].question
    (("'P1' read as priority urgent",), 'How many high priority tickets came in last week?')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from supportwise.engine.glossary import Glossary, term_pattern
from supportwise.engine.hostile import reject_if_hostile
from supportwise.engine.layer import Ambiguity, Layer, load_layer
from supportwise.engine.lexicon import fold
from supportwise.errors import Ambiguous


@dataclass(frozen=True)
class Reading:
    """Another way to read a word of the question, and the question that asks it."""

    word: str
    label: str
    question: str

    def to_dict(self) -> dict[str, str]:
        return {"word": self.word, "label": self.label, "question": self.question}


@dataclass(frozen=True)
class ReadQuestion:
    text: str                          # what the parser reads: glossary terms replaced
    notes: tuple[str, ...] = ()        # for the interpretation: "'P1' = priority urgent (team glossary)"
    others: tuple[Reading, ...] = ()   # the readings not answered, each as a question
    ask: Ambiguous | None = None       # a word with no default reading: raised if the parser declines


def read_words(question: str, glossary: Glossary, layer: Layer | None = None) -> ReadQuestion:
    """The question as the parser should read it, with how its words were read."""
    reject_if_hostile(fold(question))  # refused as typed, whatever a glossary entry would make of it
    text = unicodedata.normalize("NFKC", question)
    notes: list[str] = []
    others: list[Reading] = []
    ask: Ambiguous | None = None
    for ambiguity in (layer or load_layer()).ambiguous:
        match = _ambiguous_word(ambiguity, text, glossary)
        if match is None:
            continue
        word = _singular(match.group(), ambiguity)
        if ambiguity.default is None:
            if ask is None:
                readings = [Reading(word, label, glossary.apply(_replace(text, match, means))[0]).to_dict()
                            for means, label in ambiguity.readings]
                ask = Ambiguous(f"'{word}' can mean {' or '.join(r['label'] for r in readings)}; which one do you "
                                "mean? (An admin can fix its meaning for everyone in the team glossary.)",
                                readings=readings)
            continue
        notes.append(f"'{word}' read as {ambiguity.readings[ambiguity.default][1]}")
        others += [Reading(word, label, glossary.apply(_replace(text, match, means))[0])
                   for n, (means, label) in enumerate(ambiguity.readings) if n != ambiguity.default]
    rewritten, applied = glossary.apply(text)
    return ReadQuestion(rewritten, (*applied, *notes), tuple(others), ask)


def _ambiguous_word(ambiguity: Ambiguity, text: str, glossary: Glossary) -> re.Match | None:
    """The first use of one of the ambiguity's words that no glossary entry and no `unless` phrase settles."""
    pattern, unless = _patterns(ambiguity)
    settled = [m.span() for m in unless.finditer(text)] if unless is not None else []
    for match in pattern.finditer(text):
        if glossary.defines(match.group()):
            continue
        if not any(start <= match.start() and match.end() <= end for start, end in settled):
            return match
    return None


@lru_cache(maxsize=64)
def _patterns(ambiguity: Ambiguity) -> tuple[re.Pattern, re.Pattern | None]:
    unless = term_pattern(ambiguity.unless) if ambiguity.unless else None
    return term_pattern(ambiguity.words), unless


def _singular(word: str, ambiguity: Ambiguity) -> str:
    """'P1s' is named as 'P1' in notes and questions."""
    known = {w.casefold() for w in ambiguity.words}
    return word[:-1] if word.casefold() not in known and word[:-1].casefold() in known else word


def _replace(text: str, match: re.Match, means: str) -> str:
    return text[:match.start()] + means + text[match.end():]
