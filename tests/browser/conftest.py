"""A real `streamlit run app.py` on a free port against the seeded test database, and a Chromium to drive it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from supportwise.platform.settings import SETTINGS
from supportwise.records.users import ensure_demo_users

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"streamlit did not answer within {STARTUP_SECONDS} s:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def serve_app(database, redis_url: str, data_dir: Path, **extra_env: str) -> Iterator[str]:
    """Run `streamlit run app.py` against database, configured only through the environment; yield its URL."""
    env = {k: v for k, v in os.environ.items() if k not in {s.env for s in SETTINGS}}
    env.update({"SUPPORTWISE_ENV": "demo", "DATABASE_URL": database.admin_url, "REDIS_URL": redis_url,
                "SUPPORTWISE_TODAY": "2026-11-23", "SUPPORTWISE_LLM": "none", "SUPPORTWISE_DATA_DIR": str(data_dir)})
    env.update(extra_env)
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "streamlit-server.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def streamlit_app(seeded_db, redis_url, redis_conn, tmp_path):
    """Base URL of the app on the seeded test database, with the demo users."""
    ensure_demo_users(seeded_db.app)
    with serve_app(seeded_db, redis_url, tmp_path) as url:
        yield url


@pytest.fixture
def browser():
    """Headless Debian Chromium; missing Chromium is a failure, since the test command installs it."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` (browser tests need it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
