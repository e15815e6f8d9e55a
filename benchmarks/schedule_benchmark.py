"""Scheduled-delivery benchmark: ``python -m benchmarks.schedule_benchmark [N ...]`` (default 100 500).

For each N: N webhook schedules come due in the same minute; two dispatchers race to make their runs;
two real RQ worker processes deliver them to a local HTTP receiver. Prints, per N: time from dispatch to
the last delivery, deliveries per second, runs ok, and duplicates (deliveries of one run seen twice: must
be 0). The smaller N is the reference for the larger one in the same run.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import redis
import sqlalchemy as sa

from benchmarks.seed_benchmark import drop_database, fresh_database, server_url
from supportwise.platform import embedded
from supportwise.platform.database import Database, psycopg_conninfo
from supportwise.platform.settings import Settings
from supportwise.questions.context import AskContext
from supportwise.questions.planning import plan_question
from supportwise.records import users
from supportwise.records.saved_reports import save_report
from supportwise.records.schedules import create_schedule
from supportwise.schedules.dispatch import dispatch_and_queue
from supportwise.seed import seed_demo

TODAY = date(2026, 11, 23)
NAME = "sw_bench_schedules"
ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-secret"


class Receiver(BaseHTTPRequestHandler):
    seen: collections.Counter = collections.Counter()
    last: float = 0.0

    def do_POST(self):  # noqa: N802 — http.server's name
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Receiver.seen[self.headers.get("X-SupportWise-Delivery")] += 1
        Receiver.last = time.perf_counter()
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv[1:]] or [100, 500]
    admin = fresh_database(NAME)
    with psycopg.connect(psycopg_conninfo(admin)) as conn:
        seed_demo(conn, tickets=2000, seed=7, today=TODAY)
    redis_url = os.environ.get("SUPPORTWISE_BENCH_REDIS_URL") or embedded.ensure_redis(Path("/tmp/swbench"))
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    env = {"SUPPORTWISE_TODAY": TODAY.isoformat(), "SUPPORTWISE_LLM": "none", "SUPPORTWISE_OUTGOING_HOSTS": "127.0.0.1",
           "SUPPORTWISE_OUTGOING_ALLOW_PRIVATE": "true", "SUPPORTWISE_WEBHOOK_SECRET": SECRET,
           "SUPPORTWISE_RATE_LIMIT_PER_MIN": "1000000"}
    settings = Settings.from_env(env)
    db = Database.for_admin_url(admin, settings)
    owner = users.add_user(db.app, "bench", "Bench", "password-123", "manager").principal()
    question = "urgent tickets by team last week"
    spec = plan_question(question, AskContext(db, settings, owner, TODAY)).spec.model_dump(mode="json")
    report = save_report(db, owner, "Bench", question, spec)
    child_env = {**{k: v for k, v in os.environ.items() if not k.startswith("SUPPORTWISE_")}, **env,
                 "DATABASE_URL": admin, "REDIS_URL": redis_url, "PYTHONPATH": str(ROOT)}
    workers = [subprocess.Popen([sys.executable, "-m", "supportwise", "worker"], cwd=ROOT, env=child_env,
                                start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(2)]
    url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    day = datetime(2026, 12, 1, tzinfo=timezone.utc)
    try:
        time.sleep(8)  # workers up and warm (they import the pipeline once)
        print(f"{'schedules':>9}  {'to last delivery':>16}  {'deliveries/s':>12}  {'runs ok':>7}  {'duplicates':>10}")
        for n in sizes:
            day += timedelta(days=2)
            with db.admin.begin() as conn:
                conn.execute(sa.text("UPDATE app.schedules SET deleted_at = now() WHERE deleted_at IS NULL"))
            for _ in range(n):
                create_schedule(db, settings, owner, report.id, "every day at 9am", channel="webhook", target=url,
                                now=day)
            Receiver.seen.clear()
            slot = day.replace(hour=9) + timedelta(seconds=10)
            started = time.perf_counter()
            racers = [threading.Thread(target=dispatch_and_queue, args=(db, settings, client), kwargs={"now": slot})
                      for _ in range(2)]
            [t.start() for t in racers]
            [t.join() for t in racers]
            deadline = time.monotonic() + 600
            while sum(Receiver.seen.values()) < n and time.monotonic() < deadline:
                time.sleep(0.05)
            elapsed = Receiver.last - started
            time.sleep(2)  # room for a duplicate to show up
            with db.admin.connect() as conn:
                ok = conn.execute(sa.text(
                    "SELECT count(*) FROM app.schedule_runs r JOIN app.schedules s ON s.id = r.schedule_id "
                    "WHERE s.deleted_at IS NULL AND r.status = 'ok'")).scalar()
            duplicates = sum(c - 1 for c in Receiver.seen.values() if c > 1)
            print(f"{n:>9}  {elapsed:>14.1f} s  {n / elapsed:>12.1f}  {ok:>7}  {duplicates:>10}")
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
        receiver.shutdown()
        db.dispose()
        drop_database(server_url(), NAME)


if __name__ == "__main__":
    main(sys.argv)
