"""When tickets arrive: how many on each day, and at which second of the day.

Volume grows mildly over the span, dips on weekends and holidays, and jumps where the
storyline says so. Within a day, arrival times follow the requester's business hours
(UTC offsets by region), so nights and weekends are quiet.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from supportwise.seed.clock import HOUR, Span
from supportwise.seed.rng import rng_for
from supportwise.seed.sampling import Lottery, apportion, lognormal
from supportwise.seed.storyline import Storyline
from supportwise.seed.topics import AREA_WEIGHTS

GROWTH = 0.35  # the last day gets 35% more tickets than the first
WEEKDAY_FACTOR = (1.12, 1.10, 1.05, 1.0, 0.92, 0.42, 0.38)  # Monday first
HOLIDAY_FACTOR = {(12, 24): 0.55, (12, 25): 0.3, (12, 26): 0.55, (12, 31): 0.6, (1, 1): 0.35}
OUTAGE_EXTRA = 1.1  # the outage brings about one more day's worth of tickets
# Relative ticket rate by local hour (0..23): office hours, a lunch dip, quiet nights.
LOCAL_HOURS = (0.05, 0.03, 0.03, 0.03, 0.04, 0.07, 0.15, 0.35, 0.8, 1.0, 1.0, 1.0,
               0.8, 0.95, 1.0, 0.95, 0.85, 0.6, 0.4, 0.3, 0.25, 0.2, 0.14, 0.08)
UTC_OFFSET = {"NA": -6, "EMEA": 1, "APAC": 8, "LATAM": -4}
ARRIVAL_REDRAWS = 30


@dataclass(slots=True)
class DayPlan:
    """How many tickets one day of the span gets, and what they are about."""

    index: int
    everyday: int  # ordinary tickets
    outage: int  # tickets of the planted outage
    areas: Lottery[str]  # product area of an ordinary ticket
    story_share: float  # share of auto-sync tickets that belong to the Auto-sync 2.0 story


def _area_lottery(boosts: dict[str, float]) -> Lottery[str]:
    return Lottery({area: w * boosts.get(area, 1.0) for area, w in AREA_WEIGHTS.items()})


def _day_weight(span: Span, day: int, noise: float) -> float:
    date = span.date_of(day)
    weight = (1.0 + GROWTH * day / (span.days - 1)) * WEEKDAY_FACTOR[date.weekday()]
    return weight * HOLIDAY_FACTOR.get((date.month, date.day), 1.0) * noise


def plan_days(tickets: int, seed: int, span: Span, story: Storyline) -> list[DayPlan]:
    """Split ``tickets`` over the days of the span (exactly; largest remainder)."""
    rng = rng_for(seed, "volume")
    base_area_total = sum(AREA_WEIGHTS.values())
    weights: list[float] = []
    boosts_by_day = []
    for day in range(span.days):
        # a today cut at the seeding clock gets only the tickets of its hours so far
        base = _day_weight(span, day, lognormal(rng, 1.0, 0.08)) * span.share_of(day)
        boosts = story.area_boosts(day)
        area_total = sum(w * boosts.get(a, 1.0) for a, w in AREA_WEIGHTS.items())
        weights.append(base * area_total / base_area_total)
        # an outage doesn't care whether it's Saturday: a full weekday's worth on top
        weights.append(_day_weight(span, day, 1.0) / WEEKDAY_FACTOR[span.date_of(day).weekday()]
                       * OUTAGE_EXTRA * span.share_of(day) if day == story.outage_day else 0.0)
        boosts_by_day.append(boosts)
    counts = apportion(tickets, weights)
    lotteries: dict[tuple, Lottery[str]] = {}
    plans = []
    for day, boosts in enumerate(boosts_by_day):
        key = tuple(sorted(boosts.items()))
        if key not in lotteries:
            lotteries[key] = _area_lottery(boosts)
        plans.append(DayPlan(day, counts[2 * day], counts[2 * day + 1], lotteries[key], story.story_share(day)))
    return plans


def _hour_lottery(offset: int) -> Lottery[int]:
    return Lottery({utc: LOCAL_HOURS[(utc + offset) % 24] for utc in range(24)}, resolution=4000)


HOURS_BY_REGION = {region: _hour_lottery(offset) for region, offset in UTC_OFFSET.items()}


def arrival_second(rng: random.Random, day_start: int, region: str) -> int:
    """A second of the day, following the region's business hours (in UTC)."""
    return day_start + HOURS_BY_REGION[region].pick(rng) * HOUR + int(rng.random() * HOUR)


def arrival_until(rng: random.Random, day_start: int, region: str, end: int) -> int:
    """``arrival_second``, drawn again while it falls after ``end`` (a today cut at the seeding clock).

    A whole day never redraws (every second of it is before ``end``), so its draws are unchanged.
    """
    second = arrival_second(rng, day_start, region)
    for _ in range(ARRIVAL_REDRAWS):
        if second <= end:
            return second
        second = arrival_second(rng, day_start, region)
    # the region's hours so far are its quiet ones: any second of them
    return second if second <= end else day_start + int(rng.random() * (end - day_start + 1))


def outage_second(rng: random.Random, story: Storyline) -> int:
    """A second during the outage (mostly its first hours), or shortly after it."""
    if rng.random() < 0.9:
        length = story.outage_ends - story.outage_starts
        return story.outage_starts + int(length * rng.random() ** 1.4)
    return story.outage_ends + int(rng.random() * 3 * HOUR)

