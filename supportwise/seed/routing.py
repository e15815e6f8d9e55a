"""Who handles a ticket and how it is classified: priority, channel, tone, team, assignee."""

from __future__ import annotations

import random
from functools import lru_cache

from supportwise.seed.directory import Agent
from supportwise.seed.sampling import Lottery
from supportwise.seed.topic import Topic

BASE_PRIORITY = {"low": 21.0, "normal": 55.0, "high": 18.5, "urgent": 5.5}
# Bigger customers escalate more.
PLAN_URGENCY = {"free": 0.7, "pro": 1.0, "enterprise": 1.3}
CHANNELS = Lottery({"email": 36, "web": 28, "chat": 19, "phone": 9, "api": 8})
API_CHANNELS = Lottery({"email": 30, "web": 22, "chat": 10, "phone": 3, "api": 35})
OUTAGE_CHANNELS = Lottery({"email": 22, "web": 18, "chat": 35, "phone": 20, "api": 5})
STORY_TONES = {
    "data loss": {"angry": 50, "upset": 40, "calm": 10},
    "sync delays": {"angry": 30, "upset": 50, "calm": 20},
    "confusing setup": {"angry": 10, "upset": 45, "calm": 45},
    "outage": {"angry": 35, "upset": 65},
    "refund": {"angry": 15, "upset": 45, "calm": 40},
}
PRIORITY_TONES = {
    "urgent": {"angry": 20, "upset": 55, "calm": 25},
    "high": {"angry": 7, "upset": 35, "calm": 58},
    "normal": {"angry": 3, "upset": 17, "calm": 80},
    "low": {"angry": 1, "upset": 9, "calm": 90},
}


@lru_cache(maxsize=None)
def _priority_lottery(severity: float, plan: str) -> Lottery[str]:
    urgent = BASE_PRIORITY["urgent"] * severity * PLAN_URGENCY[plan]
    high = BASE_PRIORITY["high"] * severity ** 0.5 * PLAN_URGENCY[plan] ** 0.5
    low = BASE_PRIORITY["low"] / severity
    normal = max(5.0, 100.0 - urgent - high - low)
    return Lottery({"low": low, "normal": normal, "high": high, "urgent": urgent})


def priority(rng: random.Random, topic: Topic, plan: str) -> str:
    """low / normal / high / urgent: urgent about 6% overall, far more in an outage."""
    if topic.priorities is not None:
        return topic.priorities.pick(rng)
    return _priority_lottery(topic.severity, plan).pick(rng)


def channel(rng: random.Random, topic: Topic) -> str:
    """How the ticket came in; developers file API problems through the API."""
    if topic.story == "outage":
        return OUTAGE_CHANNELS.pick(rng)
    return (API_CHANNELS if topic.area == "api" else CHANNELS).pick(rng)


_TONES = {key: Lottery(weights) for key, weights in {**STORY_TONES, **PRIORITY_TONES}.items()}


def tone(rng: random.Random, topic: Topic, priority_name: str) -> str:
    """calm / upset / angry: the planted stories are the sour ones."""
    return _TONES[topic.theme if topic.theme in STORY_TONES else priority_name].pick(rng)


def team(rng: random.Random, area: str, plan: str) -> str:
    """The team a ticket is routed to, from its product area and the customer's plan."""
    roll = rng.random()
    if area == "billing":
        return "Billing" if roll < 0.9 else "Enterprise" if plan == "enterprise" else "Frontline"
    if plan == "enterprise" and roll < 0.6:
        return "Enterprise"
    roll = rng.random()
    if area in ("api", "integrations"):
        return "Technical" if roll < 0.8 else "Frontline"
    if area == "auto-sync":
        return "Technical" if roll < 0.45 else "Frontline"
    return "Frontline" if roll < 0.88 else "Technical"


class Roster:
    """The agents of each team, and who was on the team on a given day."""

    def __init__(self, agents: list[Agent]):
        self.by_team: dict[str, list[Agent]] = {}
        for agent in agents:
            self.by_team.setdefault(agent.team, []).append(agent)

    def pick(self, rng: random.Random, team_name: str, day: int) -> Agent:
        """A random agent of the team who worked there on ``day``."""
        members = self.by_team[team_name]
        while True:
            agent = members[int(rng.random() * len(members))]
            if agent.joined_day <= day < agent.left_day:
                return agent
