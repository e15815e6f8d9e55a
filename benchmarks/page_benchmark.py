"""Ask-page benchmark in a real browser: ``python -m benchmarks.page_benchmark [TICKETS] [SESSIONS]``.

Seeds TICKETS demo tickets (default 100,000) into a database on the embedded PostgreSQL in
/tmp/swbench (or SUPPORTWISE_BENCH_DATABASE_URL's server), starts ``streamlit run app.py``
against it, and drives the Ask page with headless Chromium (Playwright):

1. one browser session asks the simple questions below, one after the other;
2. SESSIONS browser sessions (default 20) sign in as different team leads and managers (four
   at a time: signing in is not measured), then all ask the same questions at the same time,
   each in its own order.

Submit-to-answer is measured in the browser: from pressing Enter in the chat box to the
answer's footer ("Engine: …", drawn last) being visible. The Redis result cache is flushed
before each phase; within a phase, repeated questions may be served from it (as they would
be in production), and the report says how many were.
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
import redis
import sqlalchemy as sa

from benchmarks.seed_benchmark import TODAY, server_url
from supportwise.platform import embedded
from supportwise.platform.database import Database, ensure_database, psycopg_conninfo, with_database
from supportwise.platform.migrate import migrate
from supportwise.platform.settings import SETTINGS, Settings
from supportwise.records.users import add_user, ensure_demo_users
from supportwise.seed import seed_demo

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "sw_page_bench"
PASSWORD = "bench-pass-123"
TEAMS = ("Frontline", "Technical", "Billing", "Enterprise")
QUESTIONS = [
    "How many urgent tickets did we get last week?",
    "How many tickets were solved this month?",
    "Open tickets by priority",
    "Tickets by channel in the last 30 days",
    "What is the median first response time this month?",
    "What was our CSAT last month?",
    "How many tickets did we get yesterday?",
    "Tickets by product area last week",
]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
ANSWER_FOOTER = re.compile(r"^Engine: ")


def seeded_database(tickets: int) -> str:
    """The benchmark database with TICKETS tickets (re-used when it already holds exactly that many)."""
    server = server_url()
    ensure_database(server, BENCH_DB)
    url = with_database(server, BENCH_DB)
    with psycopg.connect(psycopg_conninfo(url)) as conn:
        migrate(conn)
        have = conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
    if have != tickets:
        print(f"seeding {tickets:,} tickets …", file=sys.stderr)
        with psycopg.connect(psycopg_conninfo(url)) as conn:
            conn.execute("TRUNCATE comments, tickets, customers, organizations, agents, feature_releases CASCADE")
            conn.commit()
            seed_demo(conn, tickets=tickets, seed=7, today=TODAY)
    return url


def bench_users(database: Database, sessions: int) -> list[str]:
    """SESSIONS users: team leads spread over the teams, every fifth a manager."""
    ensure_demo_users(database.app)
    names = []
    with database.app.connect() as conn:
        existing = set(conn.execute(sa.text("SELECT username FROM app.users")).scalars())
    for n in range(sessions):
        name = f"bench{n:02d}"
        if name not in existing:
            role, team = ("manager", None) if n % 5 == 4 else ("team_lead", TEAMS[n % len(TEAMS)])
            add_user(database.app, name, f"Bench User {n:02d}", PASSWORD, role, team=team)
        names.append(name)
    return names


def start_app(database_url: str, redis_url: str, port: int, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in {s.env for s in SETTINGS}}
    env.update({"DATABASE_URL": database_url, "REDIS_URL": redis_url, "SUPPORTWISE_ENV": "demo",
                "SUPPORTWISE_TODAY": TODAY.isoformat(), "SUPPORTWISE_LLM": "none",
                "SUPPORTWISE_DATA_DIR": "/tmp/swbench"})
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"streamlit did not start; see {log}")


async def sign_in(page, url: str, username: str) -> None:
    from playwright.async_api import expect

    for attempt in range(3):
        await page.goto(url)
        await expect(page.get_by_text("Demo logins")).to_be_visible(timeout=60_000)
        await page.wait_for_timeout(1500)  # the cookie component's first rerun (see tests/browser)
        await page.get_by_label("Username").fill(username)
        await page.get_by_label("Password", exact=True).fill(PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        try:
            await expect(page.get_by_role("heading", name="Ask")).to_be_visible(timeout=30_000)
            return
        except AssertionError:
            if attempt == 2:
                raise


async def open_session(browser, url: str, username: str, gate: asyncio.Semaphore):
    """A signed-in page on the Ask page (sign-ins are spread out: they are not what is measured)."""
    async with gate:
        context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        page = await context.new_page()
        page.set_default_timeout(120_000)
        await sign_in(page, url, username)
        return page


async def ask_all(page, questions: list[str]) -> list[tuple[str, float, str]]:
    """Ask each question in turn; return (question, seconds, engine) per answer."""
    timings = []
    footers = page.get_by_text(ANSWER_FOOTER)
    for number, question in enumerate(questions):
        chat = page.get_by_test_id("stChatInputTextArea")
        await chat.fill(question)
        started = time.perf_counter()
        await chat.press("Enter")
        await footers.nth(number).wait_for(state="visible")
        seconds = time.perf_counter() - started
        footer = await footers.nth(number).inner_text()
        timings.append((question, seconds, footer.split("·")[0].replace("Engine:", "").strip()))
    await page.context.close()
    return timings


def report(title: str, timings: list[tuple[str, float, str]], wall: float) -> None:
    seconds = sorted(t for _, t, _ in timings)
    cached = sum(1 for *_, engine in timings if engine == "result cache")
    p95 = seconds[max(0, round(0.95 * len(seconds)) - 1)]
    print(f"\n{title}: {len(seconds)} answers in {wall:.1f} s wall ({cached} from the result cache)")
    print(f"  submit-to-answer  p50 {statistics.median(seconds):.2f} s   p95 {p95:.2f} s   "
          f"max {seconds[-1]:.2f} s   (target p95 < 1.5 s)")


async def run(url: str, users: list[str], flush) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                   args=CHROMIUM_ARGS)
        gate = asyncio.Semaphore(4)
        page = await open_session(browser, url, users[0], gate)
        flush()
        started = time.perf_counter()
        single = await ask_all(page, QUESTIONS)
        report("1 session", single, time.perf_counter() - started)
        for question, seconds, engine in single:
            print(f"    {seconds:5.2f} s  {engine:<14} {question}")
        pages = await asyncio.gather(*(open_session(browser, url, user, gate) for user in users))
        flush()
        started = time.perf_counter()
        rotations = [QUESTIONS[n % len(QUESTIONS):] + QUESTIONS[:n % len(QUESTIONS)] for n in range(len(users))]
        results = await asyncio.gather(*(ask_all(page, order) for page, order in zip(pages, rotations)))
        report(f"{len(users)} simultaneous sessions", [t for result in results for t in result],
               time.perf_counter() - started)
        await browser.close()


def main(argv: list[str]) -> None:
    tickets = int(argv[1]) if len(argv) > 1 else 100_000
    sessions = int(argv[2]) if len(argv) > 2 else 20
    url = seeded_database(tickets)
    redis_url = os.environ.get("SUPPORTWISE_BENCH_REDIS_URL") or embedded.ensure_redis(Path("/tmp/swbench"))
    settings = Settings.from_env({"SUPPORTWISE_DATA_DIR": "/tmp/swbench", "REDIS_URL": redis_url})
    database = Database.for_admin_url(url, settings)
    users = bench_users(database, sessions)
    database.dispose()
    port = 8765
    log = Path("/tmp/swbench/page-benchmark-streamlit.log")
    app = start_app(url, redis_url, port, log)
    client = redis.Redis.from_url(redis_url)
    try:
        print(f"{tickets:,} tickets · {sessions} sessions · Chromium headless · app log {log}")
        asyncio.run(run(f"http://127.0.0.1:{port}", users, client.flushdb))
    finally:
        app.terminate()
        try:
            app.wait(timeout=20)
        except subprocess.TimeoutExpired:  # still busy with the closed sessions' last reruns
            app.kill()
            app.wait()
        client.close()


if __name__ == "__main__":
    main(sys.argv)
