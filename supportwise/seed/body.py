"""Comment text assembled from fragments, remembering where each piece of PII went.

A fragment is written like ``"You can reach me at [email] or [phone]."``: words in
``{braces}`` are per-ticket slot values (products, counts, dates — not personal data),
words in ``[brackets]`` are a person's name, email or phone. ``Body`` joins fragments
and records each bracketed value with its offsets, which become app.planted_pii.
"""

from __future__ import annotations

import re
from typing import Mapping

# bracket word -> PII entity type
PII_KEYS = {
    "name": "PERSON", "first": "PERSON", "email": "EMAIL_ADDRESS", "phone": "PHONE_NUMBER",
    "agent": "PERSON", "agent_first": "PERSON", "agent_email": "EMAIL_ADDRESS",
}
_MARKER = re.compile(r"\[(" + "|".join(PII_KEYS) + r")\]")

LITERAL, TEMPLATE, PERSONAL = 0, 1, 2
Piece = tuple[int, str]
Fragment = tuple[Piece, ...]


def fragment(text: str) -> Fragment:
    """Compile one fragment into literal, slot-template and PII pieces."""
    pieces: list[Piece] = []
    for index, part in enumerate(_MARKER.split(text)):
        if index % 2:
            pieces.append((PERSONAL, part))
        elif part:
            pieces.append((TEMPLATE if "{" in part else LITERAL, part))
    return tuple(pieces)


def fragments(*texts: str) -> tuple[Fragment, ...]:
    """Compile a pool of alternative fragments."""
    return tuple(fragment(t) for t in texts)


def plain(piece_list: Fragment, slots: Mapping[str, str]) -> str:
    """Render a fragment that holds no PII (subjects, problem statements)."""
    return "".join(value.format_map(slots) if kind == TEMPLATE else value for kind, value in piece_list)


class Body:
    """A comment body under construction, with the PII spans written into it so far."""

    __slots__ = ("parts", "length", "spans", "slots", "people")

    def __init__(self, slots: Mapping[str, str], people: Mapping[str, str]):
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[tuple[str, str, int]] = []  # (entity type, value, start)
        self.slots = slots
        self.people = people

    def text(self, text: str) -> None:
        """Append plain text (no slots, no PII)."""
        self.parts.append(text)
        self.length += len(text)

    def add(self, piece_list: Fragment) -> None:
        """Append a compiled fragment, filling slots and recording PII offsets."""
        for kind, value in piece_list:
            if kind == TEMPLATE:
                value = value.format_map(self.slots)
            elif kind == PERSONAL:
                key = value
                value = self.people[key]
                self.spans.append((PII_KEYS[key], value, self.length))
            self.parts.append(value)
            self.length += len(value)

    def render(self) -> str:
        """The finished text; span offsets index into it."""
        return "".join(self.parts)
