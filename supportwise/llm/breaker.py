"""A circuit breaker per provider, so a vendor that is down costs one timeout, not one per question.

closed ──N consecutive failures──▶ open ──cooldown passes──▶ half-open
  ▲                                  ▲                          │
  └────────── trial succeeds ────────┼──────────────────────────┤
                                     └────── trial fails ───────┘

In half-open state exactly one caller gets a trial call; the others are refused until it
reports back (or, if it never does, until another cooldown has passed).

State lives in Redis when a client is given, so every Streamlit session and RQ worker sees
the same breaker; in memory otherwise (one process, tests). Time comes from an injectable
clock; Redis only stores timestamps and never expires them by its own clock.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Protocol

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half-open"


@dataclass(frozen=True)
class BreakerState:
    """What the store holds for one provider."""

    failures: int = 0
    opened_at: float | None = None


class BreakerStore(Protocol):
    def get(self, name: str) -> BreakerState: ...

    def add_failure(self, name: str) -> int: ...

    def open(self, name: str, at: float) -> None: ...

    def reset(self, name: str) -> None: ...

    def claim_trial(self, name: str, now: float, ttl_s: float) -> bool: ...


class CircuitBreaker:
    """Opens after ``threshold`` consecutive failures, for ``cooldown_s``, then allows one trial call."""

    def __init__(self, *, threshold: int = 3, cooldown_s: float = 60.0, redis: Any = None,
                 clock: Callable[[], float] = time.time, prefix: str = "supportwise:llm:breaker"):
        if threshold < 1 or cooldown_s <= 0:
            raise ValueError("threshold must be >= 1 and cooldown_s > 0")
        self.threshold = threshold
        self.cooldown_s = cooldown_s
        self.clock = clock
        self.store: BreakerStore = RedisBreakerStore(redis, prefix) if redis is not None else MemoryBreakerStore()

    def state(self, name: str) -> str:
        """closed, open or half-open."""
        opened_at = self.store.get(name).opened_at
        if opened_at is None:
            return CLOSED
        return OPEN if self.clock() < opened_at + self.cooldown_s else HALF_OPEN

    def allow(self, name: str) -> bool:
        """May a call go to this provider now? In half-open state only the first asker gets True."""
        state = self.state(name)
        if state == CLOSED:
            return True
        if state == OPEN:
            return False
        return self.store.claim_trial(name, self.clock(), self.cooldown_s)

    def record_success(self, name: str) -> None:
        self.store.reset(name)

    def record_failure(self, name: str) -> None:
        """Count a failure; open the circuit at the threshold, re-open it when a trial call fails."""
        state = self.state(name)
        failures = self.store.add_failure(name)
        if state == HALF_OPEN or (state == CLOSED and failures >= self.threshold):
            self.store.open(name, self.clock())


class MemoryBreakerStore:
    """Breaker state for one process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._states: dict[str, BreakerState] = {}
        self._trials: dict[str, float] = {}

    def get(self, name: str) -> BreakerState:
        with self._lock:
            return self._states.get(name, BreakerState())

    def add_failure(self, name: str) -> int:
        with self._lock:
            old = self._states.get(name, BreakerState())
            self._states[name] = BreakerState(old.failures + 1, old.opened_at)
            return old.failures + 1

    def open(self, name: str, at: float) -> None:
        with self._lock:
            old = self._states.get(name, BreakerState())
            self._states[name] = BreakerState(old.failures, at)
            self._trials.pop(name, None)

    def reset(self, name: str) -> None:
        with self._lock:
            self._states.pop(name, None)
            self._trials.pop(name, None)

    def claim_trial(self, name: str, now: float, ttl_s: float) -> bool:
        with self._lock:
            claimed = self._trials.get(name)
            if claimed is not None and now < claimed + ttl_s:
                return False
            self._trials[name] = now
            return True


# Atomic "first one wins" for the half-open trial, judged by the caller's clock.
_CLAIM_TRIAL = """
local claimed = redis.call('HGET', KEYS[1], 'trial_at')
if claimed and tonumber(ARGV[1]) < tonumber(claimed) + tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'trial_at', ARGV[1])
return 1
"""


class RedisBreakerStore:
    """Breaker state shared by every process through one Redis hash per provider."""

    def __init__(self, redis: Any, prefix: str):
        self.redis = redis
        self.prefix = prefix
        self._claim = redis.register_script(_CLAIM_TRIAL)

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def get(self, name: str) -> BreakerState:
        raw = self.redis.hmget(self._key(name), "failures", "opened_at")
        return BreakerState(int(raw[0] or 0), float(raw[1]) if raw[1] is not None else None)

    def add_failure(self, name: str) -> int:
        return int(self.redis.hincrby(self._key(name), "failures", 1))

    def open(self, name: str, at: float) -> None:
        pipe = self.redis.pipeline()
        pipe.hset(self._key(name), "opened_at", repr(at))
        pipe.hdel(self._key(name), "trial_at")
        pipe.execute()

    def reset(self, name: str) -> None:
        self.redis.delete(self._key(name))

    def claim_trial(self, name: str, now: float, ttl_s: float) -> bool:
        return bool(self._claim(keys=[self._key(name)], args=[repr(now), repr(ttl_s)]))
