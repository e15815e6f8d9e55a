"""The analysis job on a real RQ worker process: progress in the job's meta, the report as its result."""

import subprocess
import sys
import time

import redis
from rq.job import Job

from supportwise.analysis import STAGES
from supportwise.queue.kinds import ANALYSIS
from supportwise.queue.status import job_status
from supportwise.queue.submit import submit_analysis
from supportwise.records.users import add_user
from tests.conftest import TEST_TODAY
from tests.helpers import ROOT, app_env

QUESTION = "Why are customers unhappy with auto-sync?"


def test_analysis_job_reports_progress_and_completes(rc_db, redis_url, redis_conn, data_dir):
    user = add_user(rc_db.app, "lee", "Lee Frontline", "lead-test-pass", "team_lead", team="Frontline")
    connection = redis.Redis.from_url(redis_url)
    job_id = submit_analysis(connection, user.principal(), QUESTION, today=TEST_TODAY)
    worker = subprocess.Popen([sys.executable, "-m", "supportwise", "worker"], cwd=ROOT,
                              env=app_env(rc_db.admin_url, redis_url, data_dir), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    seen, deadline = [], time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            status = job_status(connection, job_id, principal=user.principal(), kind=ANALYSIS)
            if not seen or seen[-1] != (status.state, status.stage):
                seen.append((status.state, status.stage))
            if status.state in ("done", "failed"):
                break
            time.sleep(0.05)
    finally:
        worker.terminate()
        _, errors = worker.communicate(timeout=30)
    assert status.state == "done", (status, errors.decode()[-2000:])
    meta = Job.fetch(job_id, connection=connection).get_meta(refresh=True)
    assert (meta["stage"], meta["progress"]) == ("done", 1.0)  # the job wrote its progress as it went
    report = status.answer
    assert report["question"] == QUESTION and report["subject"]["value"] == "auto-sync"
    assert report["themes"] and report["summary"]
    # the worker loaded the user by name: a Frontline team lead, masked
    assert all("@" not in quote for theme in report["themes"] for quote in theme["quotes"])
    with rc_db.admin.connect() as conn:
        frontline = conn.exec_driver_sql("SELECT count(*) FROM tickets WHERE product_area = 'auto-sync' "
                                         "AND team = 'Frontline'").scalar_one()
    assert report["ticket_count"] == frontline
    assert seen[0][0] in ("queued", "running") and seen[-1] == ("done", "done")
    # polled every 50 ms, a job of a second or more shows its stages on the way
    assert any(state == "running" and stage in STAGES and stage != "done" for state, stage in seen), seen
