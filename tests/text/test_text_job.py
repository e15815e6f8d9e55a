"""Enrichment as an RQ job in a real worker process, and as a CLI command."""

from __future__ import annotations

import subprocess
import sys
import time

import redis
import sqlalchemy as sa
from rq.job import Job, JobStatus

from supportwise.queue.submit import submit_enrichment
from tests.helpers import ROOT, app_env, run_cli


def _count(db, table: str) -> int:
    with db.admin.connect() as conn:
        return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_job_reports_progress_and_completes_in_a_worker(seeded_db, redis_url, redis_conn, data_dir):
    connection = redis.Redis.from_url(redis_url)
    job_id = submit_enrichment(connection, batch_size=400, embeddings=False)
    assert Job.fetch(job_id, connection=connection).meta["progress"] == 0.0

    env = app_env(seeded_db.admin_url, redis_url, data_dir)
    worker = subprocess.Popen([sys.executable, "-m", "supportwise", "worker"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        job = Job.fetch(job_id, connection=connection)
        while job.get_status() not in (JobStatus.FINISHED, JobStatus.FAILED) and time.monotonic() < deadline:
            job.refresh()
            seen.add(job.meta.get("tickets", {}).get("done", 0))
            time.sleep(0.05)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    job.refresh()
    assert job.get_status() == JobStatus.FINISHED, job.latest_result().exc_string
    tickets = _count(seeded_db, "tickets")
    assert job.meta["tickets"] == {"done": tickets, "total": tickets} and job.meta["progress"] == 1.0
    assert seen - {0, tickets}, "no progress was seen between start and end"  # 8 batches of 400
    assert all(done % 400 == 0 or done == tickets for done in seen)
    result = job.return_value()
    assert result["tickets"] == result["total"] == tickets and result["embeddings"] is False
    assert result["comments_scored"] == _count(seeded_db, "comments") == _count(seeded_db, "comment_sentiment")
    assert _count(seeded_db, "ticket_text") == tickets


def test_cli_enrich_prints_what_it_did_and_is_incremental(seeded_db, redis_url, data_dir):
    env = app_env(seeded_db.admin_url, redis_url, data_dir)
    first = run_cli(["enrich", "--no-embeddings", "--batch-size", "1000"], env)
    assert first.returncode == 0, first.stderr
    assert "Enriched 3,000 tickets" in first.stdout and "full-text search only" in first.stdout
    assert "3,000/3,000" in first.stderr
    second = run_cli(["enrich", "--no-embeddings"], env)
    assert second.returncode == 0 and "Enriched 0 tickets" in second.stdout
