"""The RQ worker round trip: enqueue the health job, a real worker process runs it."""

import subprocess
import sys

import redis
import sqlalchemy as sa

from supportwise.queue.health import check_worker
from tests.helpers import ROOT, app_env


def test_health_job_round_trip(seeded_db, redis_url, redis_conn, data_dir):
    env = app_env(seeded_db.admin_url, redis_url, data_dir)
    worker = subprocess.Popen([sys.executable, "-m", "supportwise", "worker"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        health = check_worker(redis.Redis.from_url(redis_url), timeout_s=60)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    with seeded_db.admin.connect() as conn:
        tickets = conn.execute(sa.text("SELECT count(*) FROM tickets")).scalar_one()
    assert health.ok, health.message
    assert health.tickets == tickets and health.worker_pid != worker.pid  # the job ran in a work horse


def test_no_worker_is_reported_not_raised(redis_url, redis_conn):
    health = check_worker(redis.Redis.from_url(redis_url), timeout_s=1)
    assert not health.ok and "No worker" in health.message
