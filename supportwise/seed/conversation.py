"""A ticket's comment thread: who says what, in which order, in whose words.

Comments alternate customer / agent, starting with the customer. The first agent
comment is the first public reply (at first_response_at) or, for a ticket nobody has
answered yet, an internal triage note. A solved ticket ends with the agent's fix.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Mapping

from supportwise.seed import chatter
from supportwise.seed.body import Body, Fragment, plain
from supportwise.seed.slots import Slots
from supportwise.seed.topic import Topic


@dataclass(slots=True)
class Comment:
    """One written comment, ready for the batch (``at`` in epoch seconds)."""

    author_type: str
    author_id: int
    body: str
    public: bool
    at: int
    spans: list[tuple[str, str, int]]  # (entity type, value, start offset)


@dataclass(slots=True)
class Thread:
    """What the writer needs to know about a ticket to write its comments."""

    topic: Topic
    tone: str
    channel: str
    times: list[int]
    answered: bool  # has a first public reply
    solved: bool
    reopened: bool
    customer_id: int
    agent_id: int  # assignee, or the triage agent of an unassigned ticket


def describe(rng: random.Random, topic: Topic, slots: Slots) -> str:
    """The customer's problem statement (also the ticket description): no PII in it."""
    text = plain(rng.choice(topic.problems), slots)
    if rng.random() < 0.55:
        text += " " + plain(rng.choice(topic.details), slots)
    return text


def _pick(rng: random.Random, pool: tuple[Fragment, ...]) -> Fragment:
    return pool[int(rng.random() * len(pool))]


def _greet(body: Body, rng: random.Random, pool: tuple[Fragment, ...], chat_pool: tuple[Fragment, ...],
           chat: bool) -> None:
    """A greeting: "Hi Maria," on its own line; in chat only run-on ones ("Hi Maria!")."""
    body.add(_pick(rng, chat_pool if chat else pool))
    body.text("\n\n" if body.parts[-1].endswith(",") else " ")


def _sentence(body: Body, rng: random.Random, pool: tuple[Fragment, ...]) -> None:
    body.text(" ")
    body.add(_pick(rng, pool))


def customer_opening(rng: random.Random, thread: Thread, description: str, body: Body) -> None:
    """The first message: greeting, the problem, its impact, contact details, signature."""
    if thread.channel == "chat":
        body.add(_pick(rng, chatter.CHAT_GREETINGS))
        body.text(" " + description)
        if rng.random() < 0.5:
            _sentence(body, rng, chatter.ASKS[thread.tone])
        if rng.random() < 0.08:
            _sentence(body, rng, chatter.CONTACTS)
        return
    if rng.random() < 0.85:
        body.add(_pick(rng, chatter.GREETINGS))
        body.text("\n\n")
    if rng.random() < 0.3:
        body.add(_pick(rng, chatter.INTROS))
        body.text(" ")
    body.text(description)
    if thread.tone != "calm" or rng.random() < 0.35:
        _sentence(body, rng, chatter.IMPACT[thread.tone])
    if rng.random() < 0.7:
        _sentence(body, rng, chatter.ASKS[thread.tone])
    if rng.random() < 0.25:
        body.text("\n\n")
        body.add(_pick(rng, chatter.CONTACTS))
    if rng.random() < 0.88:
        body.text("\n\n" + rng.choice(chatter.CLOSINGS[thread.tone]) + "\n")
        body.add(_pick(rng, chatter.SIGNATURES))


def _steps(rng: random.Random, topic: Topic, body: Body) -> None:
    count = 1 if len(topic.steps) < 2 or rng.random() < 0.55 else 2
    chosen = rng.sample(topic.steps, count)
    if count > 1 and rng.random() < 0.5:
        body.add(_pick(rng, chatter.STEP_INTROS))
        for number, step in enumerate(chosen, 1):
            body.text(f"\n{number}. ")
            body.add(step)
    else:
        for index, step in enumerate(chosen):
            if index:
                body.text(" ")
            body.add(step)


def _agent_signoff(rng: random.Random, thread: Thread, body: Body) -> None:
    if thread.channel == "chat":
        if rng.random() < 0.4:
            body.text("\n")
            body.add(_pick(rng, chatter.CHAT_SIGNOFFS))
        return
    if rng.random() < 0.07:
        body.text("\n\n")
        body.add(_pick(rng, chatter.AGENT_DIRECT))
    body.text("\n\n")
    body.add(_pick(rng, chatter.AGENT_SIGNOFFS))


def agent_first_reply(rng: random.Random, thread: Thread, body: Body, closes: bool) -> None:
    """The first public answer: greeting, acknowledgement, troubleshooting, then a question
    (or, when this one reply solves the ticket, a closing line)."""
    _greet(body, rng, chatter.AGENT_GREETINGS, chatter.AGENT_GREETINGS_CHAT, thread.channel == "chat")
    body.add(_pick(rng, chatter.ACKS[thread.tone]))
    body.text(" ")
    _steps(rng, thread.topic, body)
    if closes:
        _sentence(body, rng, chatter.AGENT_CLOSES)
    elif rng.random() < 0.75:
        _sentence(body, rng, chatter.AGENT_ASKS)
    _agent_signoff(rng, thread, body)


def agent_update(rng: random.Random, thread: Thread, body: Body) -> None:
    """A later public agent message: progress, escalation, or one more thing to try."""
    if rng.random() < 0.5:
        _greet(body, rng, chatter.AGENT_GREETINGS, chatter.AGENT_GREETINGS_CHAT, thread.channel == "chat")
    body.add(_pick(rng, chatter.AGENT_UPDATES))
    if rng.random() < 0.6:
        body.text(" ")
        body.add(_pick(rng, thread.topic.steps))
    _agent_signoff(rng, thread, body)


def agent_fix(rng: random.Random, thread: Thread, body: Body, confirmed: bool) -> None:
    """The agent's resolution message."""
    if rng.random() < 0.6:
        _greet(body, rng, chatter.AGENT_GREETINGS, chatter.AGENT_GREETINGS_CHAT, thread.channel == "chat")
    if confirmed:
        body.add(_pick(rng, chatter.CONFIRMED))
        body.text(" ")
    body.add(_pick(rng, thread.topic.fixes))
    _sentence(body, rng, chatter.AGENT_CLOSES)
    _agent_signoff(rng, thread, body)


def internal_note(rng: random.Random, thread: Thread, body: Body, triage: bool) -> None:
    """A note only agents see (public = false)."""
    if triage:
        body.add(_pick(rng, chatter.TRIAGE_NOTES))
    elif thread.topic.notes and rng.random() < 0.5:
        body.add(_pick(rng, thread.topic.notes))
    else:
        body.add(_pick(rng, chatter.NOTES))


def customer_follow_up(rng: random.Random, thread: Thread, body: Body, kind: str) -> None:
    """A later customer message of one kind: info, still, angry, ok or reopen."""
    if rng.random() < 0.45:
        _greet(body, rng, chatter.FOLLOW_GREETINGS, chatter.FOLLOW_GREETINGS_CHAT, thread.channel == "chat")
    body.add(_pick(rng, chatter.FOLLOW[kind]))
    if kind in ("info", "still", "reopen") and rng.random() < 0.35:
        body.text(" ")
        body.add(_pick(rng, thread.topic.details))
    if rng.random() < 0.08:
        _sentence(body, rng, chatter.FOLLOW_CONTACTS)
    if thread.channel != "chat" and rng.random() < 0.5:
        body.text("\n\n")
        body.add(_pick(rng, chatter.FOLLOW_SIGNATURES))


def _follow_kind(rng: random.Random, tone: str) -> str:
    roll = rng.random()
    if tone == "angry":
        return "angry" if roll < 0.5 else "still" if roll < 0.75 else "info"
    if tone == "upset":
        return "still" if roll < 0.35 else "angry" if roll < 0.5 else "info"
    return "info" if roll < 0.65 else "still"


def _customer_turn(rng: random.Random, thread: Thread, body: Body, index: int, reopen_at: int,
                   description: str) -> str:
    """Write the customer's comment number ``index``; return its kind."""
    if index == 0:
        customer_opening(rng, thread, description, body)
        return "opening"
    if index == reopen_at:
        kind = "reopen"
    elif thread.solved and index == len(thread.times) - 2 and rng.random() < 0.65:
        kind = "ok"  # the customer confirms, the agent's fix follows
    else:
        kind = _follow_kind(rng, thread.tone)
    customer_follow_up(rng, thread, body, kind)
    return kind


def _agent_turn(rng: random.Random, thread: Thread, body: Body, index: int, reopen_at: int,
                customer_kind: str) -> bool:
    """Write the agent's comment number ``index``; return whether it is public."""
    last = len(thread.times) - 1
    if index == 1 and not thread.answered:
        internal_note(rng, thread, body, triage=True)
        return False
    if index == 1:
        agent_first_reply(rng, thread, body, closes=thread.solved and last == 1)
    elif (thread.solved and index == last) or index == reopen_at - 1:
        agent_fix(rng, thread, body, confirmed=customer_kind == "ok")
    elif rng.random() < 0.2:
        internal_note(rng, thread, body, triage=False)
        return False
    else:
        agent_update(rng, thread, body)
    return True


def write_thread(rng: random.Random, thread: Thread, description: str, slots: Slots,
                 people: Mapping[str, str]) -> list[Comment]:
    """All comments of a ticket, in order, with their PII spans.

    A reopened ticket with room for it gets a fix at comment 3 and "it's back" at 4.
    """
    reopen_at = 4 if thread.reopened and len(thread.times) >= 6 else -1
    comments = []
    kind = ""
    for index, at in enumerate(thread.times):
        body = Body(slots, people)
        if index % 2 == 0:
            kind = _customer_turn(rng, thread, body, index, reopen_at, description)
            comments.append(Comment("customer", thread.customer_id, body.render(), True, at, body.spans))
        else:
            public = _agent_turn(rng, thread, body, index, reopen_at, kind)
            comments.append(Comment("agent", thread.agent_id, body.render(), public, at, body.spans))
    return comments
