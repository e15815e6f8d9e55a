"""Try a delivery until acknowledged: exponential backoff with a cap; a refusal is not retried."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from supportwise.delivery.outgoing import Ack
from supportwise.errors import DeliveryRefused


@dataclass
class Result:
    ok: bool
    attempts: int
    ack: Ack | None
    errors: list[str] = field(default_factory=list)


def backoff(attempt: int, base_s: float, cap_s: float) -> float:
    """Wait after the ``attempt``-th failure: base, 2·base, 4·base … at most cap."""
    return min(cap_s, base_s * 2 ** (attempt - 1))


def deliver_with_retries(send: Callable[[], Ack], *, attempts: int, base_s: float, cap_s: float,
                         sleep: Callable[[float], None] = time.sleep,
                         on_attempt: Callable[[int, Ack], None] | None = None) -> Result:
    result = Result(False, 0, None)
    for number in range(1, attempts + 1):
        refused = False
        try:
            ack = send()
        except DeliveryRefused as exc:  # it will not get better by waiting
            ack, refused = Ack(False, str(exc)), True
        result.attempts, result.ack = number, ack
        if on_attempt is not None:
            on_attempt(number, ack)
        if ack.ok:
            result.ok = True
            return result
        result.errors.append(ack.detail)
        if refused:
            return result
        if number < attempts:
            sleep(backoff(number, base_s, cap_s))
    return result
