"""Known people's names → one compiled pattern, and the presidio recognizer that uses it.

Without a spaCy NER model (none may be downloaded here) the only reliable way to find
names is to know them: every customer and agent is in the database. ``NameList`` turns
those full names into the set of strings to look for, according to a ``policy``:

- ``full``             full names only ("Olivia Johnson");
- ``full+first``       plus every first name ("Olivia") — greetings and sign-offs;
- ``full+safe-first``  plus first names that are not also everyday English words
                       ("Olivia" yes, "Will"/"May"/"Hope" no) — the default;
- ``full+first+last``  plus every first and last name on its own.

Measured on the demo data (benchmarks/pii_benchmark.py, 5,000 tickets, 24,210 planted
names): ``full`` alone recalls 0.46 — over half the names are a bare first name ("Hi
Olivia,", "- Kenji") — while every other policy recalls 1.00 with precision 1.00, because
the seeder never uses a name that is also a word. Give the roster people called Hope,
May, Happy or Jade (as a real CRM has) and ``full+first`` raises 611 false alarms on the
same comments ("Happy to help", "Hope you can help", the month "May"); ``full+safe-first``
raises none. The price: a bare "Hope" signing off is not masked (her full name is). Bare
last names add nothing the data needs and hit words like "Ward", "Gray", "Price".

Full names match case-insensitively and across any whitespace (line breaks in
signatures); single names only with the capitalisation they are stored with, because
"olivia" in running text is rarer than a lowercase word that happens to be a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from presidio_analyzer import EntityRecognizer, LocalRecognizer, RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

POLICIES = ("full", "full+first", "full+safe-first", "full+first+last")
DEFAULT_POLICY = "full+safe-first"

# A bare name shorter than this is never looked for ("Al", "Jo" are too often parts of words).
MIN_SINGLE_NAME = 3
# Longer "names" are data errors, and a deep trie regex costs compile time for nothing.
MAX_NAME = 80
NAME_SCORE = 0.85

# Given names that are also common English words ("Will you…", "May I…", "Mark as solved"). A bare
# first name on this list is not masked under "full+safe-first" (the full name still is).
COMMON_WORD_NAMES = frozenset("""
    Will May June April August Hope Grace Faith Joy Mark Bill Chase Grant Frank Rich Jack
    Art Drew Guy Pat Sue Don Ray Rose Summer Amber Dawn Iris Ivy Lily Daisy Holly Crystal
    Pearl Ruby Jade Olive Violet Autumn Winter Sky Storm Rain River Brook Cliff Dale Glen
    Forest Heath Hunter Lane Price Case Page Love Bell Cash Max Gene Sandy Rusty Buddy Buck
    Duke Earl Prince Major Sterling Royal Sunny Happy Honey Candy Cherry Ginger Penny Misty
    Destiny Harmony Melody Patience Prudence Charity Mercy Trinity Unity Justice Liberty
    Victory Star Angel Pepper Blue Red Bob Nick Norm Matt Tag Sage Reed Rock Ash Bay Kit
    Jay Robin Wren Dean Bishop Knight Marshall Chief Bond Story Haven Gold Silver Diamond
""".split())


def _key(text: str) -> str:
    return " ".join(text.split())


def name_key(text: str) -> str:
    """How two spellings of one full name compare: whitespace runs and case do not count."""
    return _key(text).casefold()


def is_common_word(name: str) -> bool:
    """True for a bare name that is also an everyday word ("Will", "may", "Hope")."""
    return name in COMMON_WORD_NAMES or name.lower() in STOP_WORDS or name.title() in COMMON_WORD_NAMES


@dataclass
class NameList:
    """The full names and the bare first/last names to look for, under one policy."""

    full: set[str] = field(default_factory=set)
    single: set[str] = field(default_factory=set)
    policy: str = DEFAULT_POLICY

    @classmethod
    def from_full_names(cls, names: Iterable[object], policy: str = DEFAULT_POLICY) -> "NameList":
        """Build from full names as stored ("Pieter de Vries"); odd values are skipped."""
        if policy not in POLICIES:
            raise ValueError(f"policy must be one of {POLICIES}")
        result = cls(policy=policy)
        for raw in names:
            if not isinstance(raw, str):
                continue
            name = _key(raw)
            if not name or len(name) > MAX_NAME or not any(ch.isalpha() for ch in name):
                continue
            first, _, last = name.partition(" ")
            if last:
                result.full.add(name)
                result._add_single(first, last)
            else:
                result._add_single(first, "")  # a one-word name is only ever found bare
        return result

    def _add_single(self, first: str, last: str) -> None:
        wanted = []
        if self.policy in ("full+first", "full+first+last") or (self.policy == "full" and not last):
            wanted.append(first)
        elif self.policy == "full+safe-first" and not is_common_word(first):
            wanted.append(first)
        if self.policy == "full+first+last" and last:
            wanted.append(last)
        self.single.update(n for n in wanted if len(n) >= MIN_SINGLE_NAME)

    def __len__(self) -> int:
        return len(self.full) + len(self.single)

    def pattern(self) -> re.Pattern[str] | None:
        """One regex for all names (None when there are none), longest match first."""
        parts = []
        if self.full:
            parts.append("(?i:" + trie_regex(self.full) + ")")
        if self.single:
            parts.append(trie_regex(self.single))
        if not parts:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def trie_regex(words: Iterable[str]) -> str:
    """A regex matching exactly ``words``, factored as a character trie.

    Python's re tries alternatives one by one; thousands of names as a flat alternation
    cost a comparison each at every position, a trie costs one branch per character.
    A space matches any run of whitespace and an apostrophe also its typographic form.
    Example: ["Ann", "Anna Lee"] -> "Ann(?:a\\s+Lee)?".
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node_regex(trie)


def _char_regex(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch in "'’":
        return "['’]"
    return re.escape(ch)


def _node_regex(node: dict) -> str:
    branches = [_char_regex(ch) + _node_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    ends_here = "" in node
    if len(branches) == 1 and not ends_here:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if ends_here else group


class NameRecognizer(LocalRecognizer):
    """PERSON spans for the names in a ``NameList`` (a deny list that scales to many names)."""

    def __init__(self, names: NameList, supported_language: str = "en"):
        self.names = names
        self._pattern = names.pattern()
        super().__init__(supported_entities=["PERSON"], supported_language=supported_language,
                         name="KnownNameRecognizer")

    def load(self) -> None:  # the pattern is compiled in __init__
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        if self._pattern is None or "PERSON" not in entities:
            return []
        metadata = {RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}
        results = [RecognizerResult("PERSON", m.start(), m.end(), NAME_SCORE, recognition_metadata=dict(metadata))
                   for m in self._pattern.finditer(text)]
        return EntityRecognizer.remove_duplicates(results)
