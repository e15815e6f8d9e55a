"""``python -m supportwise start``: everything a demo needs, in one foreground command.

Migrates, seeds demo data when the support tables are empty, creates demo users, then
runs the Streamlit app, the RQ worker and the scheduler as child processes. Ctrl-C (or
SIGTERM) stops the children and, in embedded mode, the embedded servers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from supportwise.platform import redis_client
from supportwise.platform.bootstrap import open_database, ticket_count
from supportwise.platform.embedded import stop_embedded
from supportwise.platform.settings import Settings
from supportwise.queue.health import check_worker
from supportwise.queue.submit import submit_enrichment
from supportwise.records.users import DEMO_USERS, ensure_demo_users

ROOT = Path(__file__).resolve().parents[2]  # the checkout: app.py lives beside the package


def _say(text: str) -> None:
    print(f"[supportwise] {text}", flush=True)


def prepare(settings: Settings) -> None:
    """Migrate; in demo mode seed when empty and create the demo users."""
    database = open_database(settings)
    try:
        if settings.is_demo and ticket_count(database) == 0:
            from supportwise.seed import seed_demo

            today = settings.current_date()
            _say(f"Seeding {settings.demo_tickets:,} demo tickets (today = {today}) …")
            with database.connect_admin() as conn:
                stats = seed_demo(conn, tickets=settings.demo_tickets, seed=settings.demo_seed, today=today)
            _say(f"Seeded {stats.tickets:,} tickets and {stats.comments:,} comments in {stats.seconds:.1f} s")
        if settings.is_demo:
            created = ensure_demo_users(database.app)
            if created:
                _say("Created demo users.")
            _say("Demo logins (username / password / role):")
            for username, _, role, team, _, password in DEMO_USERS:
                _say(f"    {username:8} / {password:18} / {role}{' of ' + team if team else ''}")
    finally:
        database.dispose()
    redis_client.connect(settings).close()


def _spawn(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=os.environ.copy())


def start(settings: Settings) -> int:
    prepare(settings)
    children = {
        # Two workers: a long job (the first enrichment, an analysis) never holds up a question.
        "worker": _spawn(["-m", "supportwise", "worker"]),
        "worker 2": _spawn(["-m", "supportwise", "worker"]),
        "scheduler": _spawn(["-m", "supportwise", "scheduler"]),
        "app": _spawn(["-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(settings.port),
                       "--server.headless", "true", "--browser.gatherUsageStats", "false"]),
    }
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    health = check_worker(redis_client.connect(settings), timeout_s=30)
    _say(("Worker round trip OK: " if health.ok else "Worker round trip FAILED: ") + health.message)
    if health.ok:
        # Sentiment and the search index for tickets not enriched yet; later runs only see new comments.
        submit_enrichment(redis_client.connect(settings))
        _say("Queued text enrichment (sentiment, search index) in the background.")
    _say(f"SupportWise is running at http://localhost:{settings.port}  (Ctrl-C stops everything)")
    code = 0
    try:
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    _say(f"The {name} process exited with code {child.returncode}; stopping.")
                    stopping, code = True, child.returncode or 1
            time.sleep(0.5)
    finally:
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        for child in children.values():
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        if settings.embedded_db or settings.embedded_redis:
            stopped = stop_embedded(settings.data_dir)
            _say("Stopped embedded " + ", ".join(stopped) if stopped else "Embedded servers were already stopped")
    return code
