"""Fast weighted choices for the hot loop of the generator."""

from __future__ import annotations

import math
import random
from typing import Generic, Sequence, TypeVar

T = TypeVar("T")


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split total into integer parts proportional to weights (largest remainder, stable ties)."""
    weight_sum = float(sum(weights))
    if weight_sum <= 0:
        raise ValueError("weights must have a positive sum")
    exact = [total * w / weight_sum for w in weights]
    parts = [math.floor(x) for x in exact]
    short = total - sum(parts)
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[:short]:
        parts[i] += 1
    return parts


class Lottery(Generic[T]):
    """Weighted choice in O(1): a table in which each value appears in proportion to its weight.

    ``Lottery({"low": 20, "high": 80}).pick(rng)`` returns "high" four times in five.
    Weights are rounded to 1/resolution of the table, plenty for demo distributions.
    """

    __slots__ = ("table", "size")

    def __init__(self, weights: dict[T, float], resolution: int = 2000):
        values = list(weights)
        counts = apportion(resolution, [weights[v] for v in values])
        self.table: tuple[T, ...] = tuple(v for v, n in zip(values, counts) for _ in range(n))
        self.size = len(self.table)

    def pick(self, rng: random.Random) -> T:
        """One value, drawn with its weight."""
        return self.table[int(rng.random() * self.size)]


def lognormal(rng: random.Random, median: float, sigma: float) -> float:
    """A long-tailed positive value whose median is ``median``."""
    return median * math.exp(sigma * rng.gauss(0.0, 1.0))
