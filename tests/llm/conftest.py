"""Fixtures for the LLM layer: a replay server for the vendors' wire formats, a clock to turn by hand."""

from __future__ import annotations

import pytest

from tests.llm.replay_server import ReplayServer


@pytest.fixture
def replay():
    """A started ReplayServer on 127.0.0.1 (random port)."""
    with ReplayServer() as server:
        yield server


class FakeClock:
    """time.time stand-in: starts at an arbitrary epoch, moves only when told."""

    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
