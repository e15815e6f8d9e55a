"""Embedded PostgreSQL and Redis: one instance per data folder, shared by processes, stopped cleanly."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest
import redis

from supportwise.platform import embedded
from tests.helpers import ROOT

PROBE = """
import json, sys
from pathlib import Path
from supportwise.platform import embedded
d = Path(sys.argv[1])
pg = embedded.ensure_postgres(d)
rd = embedded.ensure_redis(d)
import psycopg, redis
pid = psycopg.connect(pg.replace(':@', '@')).execute('select pg_postmaster_start_time()::text').fetchone()[0]
redis_pid = redis.Redis.from_url(rd).info()['process_id']
print(json.dumps({"pg": pg, "redis": rd, "pg_started": pid, "redis_pid": redis_pid}))
"""


@pytest.fixture
def folder():
    path = Path(tempfile.mkdtemp(prefix="swe-", dir="/tmp"))
    yield path
    embedded.stop_embedded(path)


def test_processes_share_one_instance_and_stop_cleanly(folder):
    procs = [subprocess.Popen([sys.executable, "-c", PROBE, str(folder)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
    assert len({r["pg_started"] for r in results}) == 1, "PostgreSQL was started more than once"
    assert len({r["redis_pid"] for r in results}) == 1, "Redis was started more than once"
    assert sorted(embedded.stop_embedded(folder)) == ["postgres", "redis"]
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(results[0]["pg"].replace(":@", "@"), connect_timeout=2)
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(results[0]["redis"]).ping()
    assert embedded.stop_embedded(folder) == []


def test_data_survives_a_restart(folder):
    url = embedded.ensure_postgres(folder).replace(":@", "@")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE kept (v text)")
        conn.execute("INSERT INTO kept VALUES ('still here')")
    client = redis.Redis.from_url(embedded.ensure_redis(folder))
    client.set("kept", "yes")
    embedded.stop_embedded(folder)
    url = embedded.ensure_postgres(folder).replace(":@", "@")
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT v FROM kept").fetchone()[0] == "still here"
    assert redis.Redis.from_url(embedded.ensure_redis(folder)).get("kept") == b"yes"


def test_long_data_dir_gets_a_short_socket(tmp_path):
    deep = tmp_path / ("x" * 90)
    assert len(str(embedded._socket_dir(deep, "redis") / "redis.sock")) <= 100
