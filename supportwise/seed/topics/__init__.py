"""The catalogue of ticket topics by product area, and the planted stories' topics."""

from __future__ import annotations

from supportwise.seed.sampling import Lottery
from supportwise.seed.topic import Topic
from supportwise.seed.topics import access, api, billing, integrations, mobile, outage, reporting, sync

# Share of everyday tickets per product area (before stories add their spikes).
AREA_WEIGHTS = {
    "billing": 16, "auto-sync": 9, "integrations": 12, "reporting": 14, "mobile": 12,
    "login": 12, "api": 9, "account": 8,
}
AREA_TAGS = {
    "billing": "billing", "auto-sync": "sync", "integrations": "integration", "reporting": "reports",
    "mobile": "mobile", "login": "login", "api": "api", "account": "account",
}
_BY_AREA: dict[str, tuple[Topic, ...]] = {
    "billing": billing.TOPICS, "auto-sync": sync.TOPICS, "integrations": integrations.TOPICS,
    "reporting": reporting.TOPICS, "mobile": mobile.TOPICS, "login": access.LOGIN_TOPICS,
    "api": api.TOPICS, "account": access.ACCOUNT_TOPICS,
}
EVERYDAY: dict[str, Lottery[Topic]] = {
    area: Lottery({t: t.weight for t in topics}) for area, topics in _BY_AREA.items()
}
AUTOSYNC_STORY: Lottery[Topic] = Lottery({sync.STORY_TOPICS[t]: w for t, w in sync.STORY_SHARES.items()})
OUTAGE: Lottery[Topic] = Lottery({outage.LOGIN_OUTAGE: 55, outage.API_OUTAGE: 45})

ALL_TOPICS: tuple[Topic, ...] = (
    *(t for topics in _BY_AREA.values() for t in topics), *sync.STORY_TOPICS.values(), *outage.TOPICS)
