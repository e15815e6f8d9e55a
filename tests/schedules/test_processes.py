"""Schedules driven by real processes (issue 12, item 2): rq-scheduler and RQ workers started by the test, a
worker killed with SIGKILL mid-delivery, two schedulers at once — against a real HTTP server receiving webhooks."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from werkzeug import Request, Response

from supportwise.queue.kinds import SCHEDULE_RUN
from supportwise.queue.submit import submit
from supportwise.records.schedule_runs import dispatch_due, get_run
from supportwise.schedules.dispatch import dispatch_and_queue
from tests.helpers import ROOT, app_env
from tests.schedules.helpers import BEFORE_NINE, schedule, user

pytestmark = pytest.mark.once  # real worker and scheduler processes: about 50 s

SECRET = "test-webhook-secret"
NINE = BEFORE_NINE + timedelta(hours=1)


def _env(db, redis_url, data_dir, **extra):
    return app_env(db.admin_url, redis_url, data_dir, SUPPORTWISE_TODAY="2026-11-23",
                   SUPPORTWISE_OUTGOING_HOSTS="127.0.0.1,localhost", SUPPORTWISE_OUTGOING_ALLOW_PRIVATE="true",
                   SUPPORTWISE_WEBHOOK_SECRET=SECRET, SUPPORTWISE_DELIVERY_BACKOFF_S="0.1", **extra)


def _spawn(args, env):
    # its own process group: SIGKILL to the group takes the work horse (the forked child) down too
    return subprocess.Popen([sys.executable, "-m", "supportwise", *args], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_with_children(process) -> None:
    """SIGKILL a worker and its work horse (RQ puts the horse in a session of its own), as a crash would."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == process.pid:
            children.append(int(stat.parent.name))
    for pid in [process.pid, *children]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait()
    assert children, "the worker had no work horse running the job"


def _stop(*processes):
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait(condition, timeout=60.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_worker_killed_mid_run_leaves_a_retried_run_never_a_stuck_one(seeded_db, test_settings, redis_url,
                                                                         redis_conn, data_dir, httpserver):
    arrived, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def hook(request: Request) -> Response:
        calls.append(request.headers.get("X-SupportWise-Timestamp", ""))
        if len(calls) == 1:
            arrived.set()
            release.wait(30)  # the first delivery hangs until its worker is dead
        return Response("ok")

    httpserver.expect_request("/hook").respond_with_handler(hook)
    settings = replace(test_settings, outgoing_hosts="127.0.0.1,localhost", outgoing_allow_private=True,
                       webhook_secret=SECRET, schedule_run_timeout_s=2)
    maria = user(seeded_db, "maria")
    saved = schedule(seeded_db, settings, maria, channel="webhook", target=httpserver.url_for("/hook"))
    [run_id] = dispatch_due(seeded_db, NINE)
    with seeded_db.admin.begin() as conn:  # later slots are not this test's business
        conn.execute(sa.text("UPDATE app.schedules SET dispatched_until = now() + interval '8 days' WHERE id = :i"),
                     {"i": saved.id})
    submit(redis.Redis.from_url(redis_url), SCHEDULE_RUN, owner=None, args=([run_id],))
    env = _env(seeded_db, redis_url, data_dir)
    worker = _spawn(["worker"], env)
    try:
        assert arrived.wait(90), "the worker never delivered"
        _kill_with_children(worker)
        release.set()
        assert get_run(seeded_db, run_id).status == "running"   # what a killed worker leaves behind
        time.sleep(2.5)
        done = dispatch_and_queue(seeded_db, settings, redis.Redis.from_url(redis_url), now=settings.now())
        assert done.retried == [run_id] and done.made == []
        assert get_run(seeded_db, run_id).status == "queued"
        worker = _spawn(["worker"], env)
        _wait(lambda: get_run(seeded_db, run_id).status not in ("queued", "running"), 90, "the retried run")
    finally:
        release.set()
        _stop(worker)
    run = get_run(seeded_db, run_id)
    assert (run.status, run.attempts) == ("ok", 2), run.error
    assert len(calls) == 2  # at least once: the receiver saw the killed attempt's request too


def test_two_schedulers_started_together_send_a_missed_slot_once_and_late(seeded_db, test_settings, redis_url,
                                                                            redis_conn, data_dir, httpserver):
    httpserver.expect_request("/hook").respond_with_data("ok")
    settings = replace(test_settings, outgoing_hosts="127.0.0.1,localhost", outgoing_allow_private=True,
                       webhook_secret=SECRET)
    maria = user(seeded_db, "maria")
    now = datetime.now(timezone.utc)
    saved = schedule(seeded_db, settings, maria, "every day at 9am", channel="webhook",
                     target=httpserver.url_for("/hook"), now=now)
    with seeded_db.admin.begin() as conn:  # everything was down for three days
        conn.execute(sa.text("UPDATE app.schedules SET dispatched_until = :t"), {"t": now - timedelta(days=3)})
    env = _env(seeded_db, redis_url, data_dir)
    processes = [_spawn(["scheduler"], env), _spawn(["scheduler"], env), _spawn(["worker"], env)]
    try:
        _wait(lambda: len(httpserver.log) >= 1, 90, "the catch-up delivery")
        time.sleep(5)  # room for a second delivery, if there were one
    finally:
        _stop(*processes)
    with seeded_db.admin.connect() as conn:
        runs = conn.execute(sa.text("SELECT status, late, missed FROM app.schedule_runs WHERE schedule_id = :s"),
                            {"s": saved.id}).all()
    assert [(r.status, r.late, r.missed >= 2) for r in runs] == [("ok", True, True)]
    assert len(httpserver.log) == 1
