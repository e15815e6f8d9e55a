"""Small helpers shared by tests that run the CLI or other processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def app_env(database_url: str | None, redis_url: str | None, data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a child process pointed at the test servers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTWISE_") and k not in
           ("DATABASE_URL", "REDIS_URL")}
    env.update({"SUPPORTWISE_DATA_DIR": str(data_dir), "SUPPORTWISE_LLM": "none", "PYTHONPATH": str(ROOT)})
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra)
    return env


def run_cli(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "supportwise", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)
