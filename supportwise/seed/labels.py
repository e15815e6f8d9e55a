"""What a ticket is labelled with: its subject line, its tags and the customer's rating."""

from __future__ import annotations

import random

from supportwise.seed.clock import DAY, HOUR
from supportwise.seed.slots import Slots
from supportwise.seed.timing import Timeline
from supportwise.seed.topic import Topic
from supportwise.seed.topics import AREA_TAGS

URGENT_PREFIXES = ("URGENT: ", "Urgent - ", "URGENT ", "Critical: ")
# Chance that a rated ticket is rated good, before penalties.
THEME_GOOD = {"data loss": 0.2, "sync delays": 0.33, "confusing setup": 0.55, "outage": 0.55, "refund": 0.72}
EVERYDAY_GOOD = 0.93
RATED = 0.6
STORY_RATED = 0.72  # unhappy customers answer the survey more often


def subject(rng: random.Random, topic: Topic, slots: Slots, priority: str, tone: str) -> str:
    """The subject line, sometimes shouted when the customer is upset about something urgent."""
    text = rng.choice(topic.subjects).format_map(slots)
    if priority == "urgent" and tone != "calm" and not text.startswith("URGENT") and rng.random() < 0.35:
        text = rng.choice(URGENT_PREFIXES) + text
    elif tone == "angry" and rng.random() < 0.1:
        text += "!!"
    return text


def _tag_word(value: str) -> str:
    return "".join(ch for ch in value.lower().replace(" ", "-") if ch.isalnum() or ch == "-")


def tags(rng: random.Random, topic: Topic, slots: Slots, plan: str) -> list[str]:
    """A few relevant tags in [a-z0-9-]: area, topic, product named in the text, vip."""
    chosen = [AREA_TAGS[topic.area]]
    if topic.story and topic.tags[0] not in chosen:
        chosen.append(topic.tags[0])
    roll = rng.random()
    extra = 0 if roll < 0.15 else 1 if roll < 0.65 else 2
    for tag in rng.sample(topic.tags, min(extra, len(topic.tags))):
        if tag not in chosen:
            chosen.append(tag)
    for key in topic.slot_tags:
        value = slots[key]
        word = f"mobile-{value.lower()}" if key == "mobile_os" else _tag_word(value)
        if word not in chosen:
            chosen.append(word)
    if plan == "enterprise" and rng.random() < 0.5:
        chosen.append("vip")
    return chosen


def satisfaction(rng: random.Random, topic: Topic, timeline: Timeline, created: int, tone: str) -> str | None:
    """'good', 'bad' or None (unrated) for a solved ticket; slow and sour tickets rate worse."""
    if timeline.solved is None or rng.random() >= (STORY_RATED if topic.story == "auto-sync" else RATED):
        return None
    good = THEME_GOOD.get(topic.theme, EVERYDAY_GOOD)
    if timeline.solved - created > 5 * DAY:
        good -= 0.2
    if timeline.first_response is not None and timeline.first_response - created > 24 * HOUR:
        good -= 0.12
    good -= 0.15 * timeline.reopens
    if tone == "angry":
        good -= 0.1
    return "good" if rng.random() < max(good, 0.05) else "bad"
