"""Circuit breaker transitions, turned by a fake clock — in memory and in a real Redis."""

from __future__ import annotations

import pytest

from supportwise.llm.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker


@pytest.fixture(params=["memory", "redis"])
def make_breaker(request, clock):
    redis = request.getfixturevalue("redis_conn") if request.param == "redis" else None

    def make(**kwargs) -> CircuitBreaker:
        return CircuitBreaker(redis=redis, clock=clock, **kwargs)

    return make


def fail(breaker: CircuitBreaker, name: str, times: int) -> None:
    for _ in range(times):
        breaker.record_failure(name)


def test_opens_after_threshold_consecutive_failures(make_breaker):
    breaker = make_breaker(threshold=3, cooldown_s=60)
    fail(breaker, "anthropic", 2)
    assert breaker.state("anthropic") == CLOSED and breaker.allow("anthropic")
    fail(breaker, "anthropic", 1)
    assert breaker.state("anthropic") == OPEN and not breaker.allow("anthropic")
    assert breaker.state("gemini") == CLOSED, "one breaker per provider"


def test_a_success_resets_the_count(make_breaker):
    breaker = make_breaker(threshold=3)
    fail(breaker, "anthropic", 2)
    breaker.record_success("anthropic")
    fail(breaker, "anthropic", 2)
    assert breaker.state("anthropic") == CLOSED


def test_half_open_after_cooldown_allows_one_trial_then_closes_on_success(make_breaker, clock):
    breaker = make_breaker(threshold=3, cooldown_s=60)
    fail(breaker, "gemini", 3)
    clock.advance(59.9)
    assert breaker.state("gemini") == OPEN and not breaker.allow("gemini")
    clock.advance(0.2)
    assert breaker.state("gemini") == HALF_OPEN
    assert breaker.allow("gemini"), "the first caller gets the trial"
    assert not breaker.allow("gemini"), "nobody else while the trial runs"
    breaker.record_success("gemini")
    assert breaker.state("gemini") == CLOSED and breaker.allow("gemini") and breaker.allow("gemini")


def test_failed_trial_reopens_for_another_cooldown(make_breaker, clock):
    breaker = make_breaker(threshold=3, cooldown_s=60)
    fail(breaker, "gemini", 3)
    clock.advance(61)
    assert breaker.allow("gemini")
    breaker.record_failure("gemini")
    assert breaker.state("gemini") == OPEN and not breaker.allow("gemini")
    clock.advance(61)
    assert breaker.state("gemini") == HALF_OPEN and breaker.allow("gemini"), "a new trial after the new cooldown"


def test_a_trial_that_never_reports_back_is_given_up_after_a_cooldown(make_breaker, clock):
    breaker = make_breaker(threshold=1, cooldown_s=30)
    fail(breaker, "openai", 1)
    clock.advance(31)
    assert breaker.allow("openai")  # this caller crashes and never reports
    clock.advance(10)
    assert not breaker.allow("openai")
    clock.advance(25)
    assert breaker.allow("openai")


def test_redis_state_is_shared_between_breakers(redis_conn, clock):
    # two app processes: each builds its own breaker over the same Redis
    first = CircuitBreaker(redis=redis_conn, clock=clock, threshold=2)
    second = CircuitBreaker(redis=redis_conn, clock=clock, threshold=2)
    first.record_failure("anthropic")
    second.record_failure("anthropic")
    assert first.state("anthropic") == OPEN == second.state("anthropic")
    clock.advance(61)
    assert first.allow("anthropic") and not second.allow("anthropic"), "one trial across processes"
    second.record_success("anthropic")
    assert first.state("anthropic") == CLOSED


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        CircuitBreaker(threshold=0)
