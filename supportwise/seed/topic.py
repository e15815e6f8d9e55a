"""What a ticket is about: a product area's recurring issue and all the ways to talk about it."""

from __future__ import annotations

from dataclasses import dataclass

from supportwise.seed.body import Fragment, fragments
from supportwise.seed.sampling import Lottery


@dataclass(frozen=True)
class Topic:
    """One kind of issue. Texts are fragments with ``{slot}`` words (see ``slots.py``).

    subjects: ticket subject lines; problems: how the customer first describes it;
    details: extra facts the customer adds; steps: the agent's troubleshooting;
    fixes: the agent's resolution; notes: internal notes; tags: candidate tags;
    slot_tags: slots whose value becomes a tag (e.g. the CRM named in the text).
    A planted story's topics carry ``story`` and ``theme`` (app.planted_ticket_themes);
    their first tag is always applied.
    """

    area: str
    name: str
    weight: float
    subjects: tuple[str, ...]
    problems: tuple[Fragment, ...]
    details: tuple[Fragment, ...]
    steps: tuple[Fragment, ...]
    fixes: tuple[Fragment, ...]
    tags: tuple[str, ...]
    types: Lottery[str]
    notes: tuple[Fragment, ...] = ()
    slot_tags: tuple[str, ...] = ()
    story: str | None = None
    theme: str | None = None
    severity: float = 1.0  # multiplies the odds of high / urgent priority
    priorities: Lottery[str] | None = None  # fixed priority mix instead of the severity rule


def topic(area: str, name: str, weight: float, *, subjects: tuple[str, ...], problems: tuple[str, ...],
          details: tuple[str, ...], steps: tuple[str, ...], fixes: tuple[str, ...], tags: tuple[str, ...],
          types: dict[str, float], notes: tuple[str, ...] = (), slot_tags: tuple[str, ...] = (),
          story: str | None = None, theme: str | None = None, severity: float = 1.0,
          priorities: dict[str, float] | None = None) -> Topic:
    """Build a Topic from plain strings, compiling its text fragments."""
    return Topic(area, name, weight, subjects, fragments(*problems), fragments(*details),
                 fragments(*steps), fragments(*fixes), tags, Lottery(types), fragments(*notes),
                 slot_tags, story, theme, severity, Lottery(priorities) if priorities else None)
