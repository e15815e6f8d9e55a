"""Round-trip health check through the RQ worker."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

import redis
from rq.job import Job

from supportwise.queue.kinds import HEALTH
from supportwise.queue.submit import submit


@dataclass(frozen=True)
class Health:
    ok: bool
    seconds: float
    tickets: int | None
    worker_pid: int | None
    message: str


def _wait_for_result(job, deadline: float):
    """The job's result once there is one, or None at the deadline.

    Polled, not a blocking XREAD: redis-py gives up on a socket read after its socket timeout
    (5 s here), so a worker that takes longer to start looked like a broken Redis.
    """
    while True:
        result = job.latest_result()
        if result is not None or time.perf_counter() >= deadline:
            return result
        time.sleep(0.2)


def check_worker(connection: redis.Redis, *, timeout_s: float = 15.0) -> Health:
    """Queue the health job (tasks.health.ping) and wait for its result; never raises for a missing worker."""
    token = uuid.uuid4().hex
    started = time.perf_counter()
    job = Job.fetch(submit(connection, HEALTH, owner=None, args=(token,)), connection=connection)
    result = _wait_for_result(job, started + timeout_s)
    seconds = time.perf_counter() - started
    if result is None:
        job.cancel()
        return Health(False, seconds, None, None, f"No worker answered within {timeout_s:g} s")
    if result.type != result.Type.SUCCESSFUL or result.return_value.get("token") != token:
        return Health(False, seconds, None, None, f"The health job failed: {result.exc_string or result.type}")
    value = result.return_value
    return Health(True, seconds, value["tickets"], value["worker_pid"],
                  f"Worker {value['worker_pid']} answered in {seconds * 1000:.0f} ms")
