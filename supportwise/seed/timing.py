"""How long things take: first response, resolution, status, and comment timestamps.

Delays are lognormal (most tickets quick, a long tail of slow ones) with medians set by
priority, channel, team and kind of work. Everything is integer epoch seconds and
nothing may pass ``end`` (the last second of today): what would happen later has not
happened yet, which is what leaves a realistic backlog of unsolved tickets.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from supportwise.seed.clock import DAY, HOUR, MINUTE
from supportwise.seed.sampling import Lottery, lognormal
from supportwise.seed.topic import Topic

FIRST_RESPONSE_HOURS = {"urgent": 0.5, "high": 2.0, "normal": 5.0, "low": 9.0}
CHANNEL_SPEED = {"chat": 0.06, "phone": 0.1, "web": 1.0, "email": 1.35, "api": 1.15}
TEAM_SPEED = {"Frontline": 1.0, "Technical": 1.25, "Billing": 1.1, "Enterprise": 0.6}
RESOLUTION_HOURS = {"urgent": 4.0, "high": 12.0, "normal": 20.0, "low": 30.0}
TYPE_EFFORT = {"question": 0.6, "task": 1.1, "incident": 0.9, "problem": 1.5}
TEAM_EFFORT = {"Frontline": 0.8, "Technical": 1.4, "Billing": 1.0, "Enterprise": 0.9}
# Planted stories: the Auto-sync 2.0 flood swamps the queue and its problems are hard.
THEME_RESPONSE = {"data loss": 2.0, "sync delays": 2.0, "confusing setup": 1.6, "outage": 1.2}
THEME_EFFORT = {"data loss": 3.0, "sync delays": 2.0, "confusing setup": 1.1, "refund": 1.3}
ONE_TOUCH = {"question": 0.45, "task": 0.3, "incident": 0.12, "problem": 0.1}
LONGEST_RESOLUTION = 40 * DAY
AUTO_CLOSE = 4 * DAY  # solved tickets close four days after solving (if nothing happens)
OPEN_STATUS = Lottery({"open": 58, "pending": 30, "on_hold": 12})
SOLVED_COUNTS = Lottery({4: 58, 6: 28, 8: 14})
OPEN_COUNTS = Lottery({3: 50, 2: 20, 5: 20, 7: 10})
WAITING_COUNTS = Lottery({2: 45, 4: 35, 6: 15, 8: 5})


@dataclass(slots=True)
class Timeline:
    """When things happen to one ticket (epoch seconds) and where it stands at the end."""

    status: str
    first_response: int | None
    solved: int | None
    reopens: int
    times: list[int]  # comment timestamps
    updated: int


def _spread(rng: random.Random, low: int, high: int, count: int) -> list[int]:
    """``count`` increasing seconds strictly between low and high (fewer if there's no room)."""
    room = high - low - 1
    if count <= 0 or room <= 0:
        return []
    return sorted(rng.sample(range(low + 1, high), min(count, room)))


def _reopens(rng: random.Random, topic: Topic) -> int:
    roll = rng.random() / (2.0 if topic.story == "auto-sync" else 1.0)
    return 2 if roll < 0.025 else 1 if roll < 0.11 else 0


def draw_timeline(rng: random.Random, *, created: int, end: int, priority: str, channel: str, team: str,
                  ticket_type: str, topic: Topic, resolved_by: int | None = None) -> Timeline:
    """Response, resolution, status and comment times of one ticket.

    ``resolved_by`` pins the resolution to a moment (the end of the outage).
    """
    response_median = (FIRST_RESPONSE_HOURS[priority] * CHANNEL_SPEED[channel] * TEAM_SPEED[team]
                       * THEME_RESPONSE.get(topic.theme, 1.0) * HOUR)
    first = created + max(30, int(lognormal(rng, response_median, 1.0)))
    if first > end:
        note = created + min(end - created, int(lognormal(rng, 20 * MINUTE, 1.0)))
        times = [created, note] + _spread(rng, note, end, 1 if rng.random() < 0.2 else 0)
        return Timeline("new", None, None, 0, times, times[-1])

    reopens = _reopens(rng, topic)
    one_touch = not reopens and rng.random() < ONE_TOUCH[ticket_type] and topic.story is None
    if one_touch:
        solved = first + int(rng.random() * 10 * MINUTE) + 5
    elif resolved_by is not None:
        solved = max(resolved_by, first) + 300 + int(lognormal(rng, 1.5 * HOUR, 0.7))
    else:
        work = (RESOLUTION_HOURS[priority] * TYPE_EFFORT[ticket_type] * TEAM_EFFORT[team]
                * THEME_EFFORT.get(topic.theme, 1.0) * (1 + reopens) * HOUR)
        solved = first + min(LONGEST_RESOLUTION, 600 + int(lognormal(rng, work, 1.1)))

    if solved <= end:
        if one_touch:
            times = [created, first]
        else:
            count = max(SOLVED_COUNTS.pick(rng), 6 if reopens else 4)
            times = [created, first] + _spread(rng, first, solved, count - 3) + [solved]
        closed = end - solved > AUTO_CLOSE and rng.random() < 0.92
        updated = min(end, solved + AUTO_CLOSE + int(rng.random() * 6 * HOUR)) if closed else solved
        return Timeline("closed" if closed else "solved", first, solved, reopens, times, updated)

    status = OPEN_STATUS.pick(rng)
    count = (OPEN_COUNTS if status == "open" else WAITING_COUNTS).pick(rng)
    last = first + int((end - first) * rng.random())
    times = [created, first]
    if count > 2:
        times += _spread(rng, first, last + 1, count - 2)
    return Timeline(status, first, None, reopens if len(times) >= 6 else 0, times, times[-1])
