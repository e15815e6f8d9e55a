"""Independent, reproducible random streams: one ``random.Random`` per (seed, purpose).

Every part of the demo data draws from its own stream, so adding a draw in one place
never shifts the values drawn elsewhere, and a day's tickets do not depend on how the
days before it were batched. Seeds come from sha256, not ``hash()`` (which is
randomized per process for strings).
"""

from __future__ import annotations

import hashlib
import random


def rng_for(seed: int, *purpose: object) -> random.Random:
    """A Random seeded from the seed and a purpose, e.g. ``rng_for(7, "day", 12)``."""
    key = ":".join(str(part) for part in (seed, *purpose)).encode()
    return random.Random(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))
