"""Table-driven security tests: each *_sql.yaml file is a list of cases, each test a loop.

A test that takes an argument named ``hostile_case``, ``legit_case``, ``timeout_case``,
``limit_case`` or ``bypass_case`` runs once per case of the matching data file.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
import yaml

HERE = Path(__file__).resolve().parent
CORPORA = {
    "hostile_case": "hostile_sql.yaml",
    "legit_case": "legit_sql.yaml",
    "timeout_case": "timeout_sql.yaml",
    "limit_case": "limit_sql.yaml",
    "bypass_case": "executor_bypass.yaml",
}
REQUIRED = {"id", "sql", "why"}


def load_cases(filename: str) -> list[SimpleNamespace]:
    """The cases of one data file; ids unique, required fields present."""
    raw = yaml.safe_load((HERE / filename).read_text(encoding="utf-8"))
    cases, seen = [], set()
    for entry in raw:
        missing = REQUIRED - set(entry)
        assert not missing, f"{filename}: case {entry.get('id')!r} lacks {sorted(missing)}"
        assert entry["id"] not in seen, f"{filename}: duplicate id {entry['id']!r}"
        seen.add(entry["id"])
        cases.append(SimpleNamespace(**entry))
    return cases


def pytest_generate_tests(metafunc):
    for argname, filename in CORPORA.items():
        if argname in metafunc.fixturenames:
            cases = load_cases(filename)
            metafunc.parametrize(argname, cases, ids=[case.id for case in cases])


SUPPORT_TABLES = ("organizations", "customers", "agents", "tickets", "comments", "feature_releases")


def fingerprint(database) -> dict[str, object]:
    """Row counts and content hashes of the support tables and app.users, plus every relation name.

    Read as the admin user, so it sees what the reader could have changed or created.
    """
    result: dict[str, object] = {}
    with database.admin.connect() as conn:
        for table in (*(f"public.{t}" for t in SUPPORT_TABLES), "app.users", "app.audit_log"):
            row = conn.execute(sa.text(
                f"SELECT count(*), coalesce(sum(hashtextextended(x::text, 0)), 0) FROM {table} AS x")).one()
            result[table] = tuple(row)
        result["relations"] = sorted(conn.execute(sa.text(
            "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')")).scalars())
    return result


@pytest.fixture
def data_fingerprint():
    """fingerprint(database) as a fixture, for tests that assert nothing changed."""
    return fingerprint
