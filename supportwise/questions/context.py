"""Who asks, against which data, and what the question path may use: one AskContext per request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from redis import Redis

from supportwise.llm.chain import FallbackChain
from supportwise.platform.database import Database
from supportwise.platform.settings import Settings
from supportwise.records.roles import Principal


@dataclass(frozen=True)
class AskContext:
    db: Database
    settings: Settings
    principal: Principal
    today: date
    session_id: str | None = None      # the conversation id: follow-ups read its last question
    redis: Redis | None = None         # sessions, rate limit, result cache and the queue; None: none of them
    llm: FallbackChain | None = None   # default: the providers configured in settings (none offline)
    client: dict | None = None         # who is on the other end, when known (app, IP, user agent) — for the audit
    progress: Callable[[str], None] | None = None  # told each stage's name: planning, running query, masking

    def stage(self, name: str) -> None:
        """Tell whoever follows this request (a background job's progress bar) which stage it is in."""
        if self.progress is not None:
            self.progress(name)
