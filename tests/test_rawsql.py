"""Pasted SQL: validated, run read-only, audited; only administrators may paste it."""

import pytest
import sqlalchemy as sa

from supportwise.questions.context import AskContext
from supportwise.questions.pasted_sql import answer_sql
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY

ADMIN = Principal("ada", "admin")


def _ctx(db, settings, who=ADMIN):
    return AskContext(db, settings, who, TEST_TODAY)


def test_admin_sql_runs_with_percent_literals_and_a_limit(seeded_db, test_settings):
    answer = answer_sql("SELECT count(*) AS n FROM tickets WHERE subject ILIKE '%sync%'",
                        _ctx(seeded_db, test_settings))
    with seeded_db.admin.connect() as conn:
        expected = conn.execute(sa.text("SELECT count(*) FROM tickets WHERE subject ILIKE '%sync%'")).scalar_one()
    assert answer.status == "ok" and answer.rows == [[expected]] and "LIMIT" in answer.sql
    assert answer.engine == "sql"


@pytest.mark.parametrize("sql", [
    "DELETE FROM tickets",
    "SELECT * FROM app.users",
    "SELECT 1; DROP TABLE tickets",
    "SELECT pg_read_file('/etc/passwd')",
])
def test_hostile_sql_is_rejected_and_audited(seeded_db, test_settings, sql):
    answer = answer_sql(sql, _ctx(seeded_db, test_settings))
    assert answer.status == "rejected" and answer.rows == []
    with seeded_db.app.connect() as conn:
        row = conn.execute(sa.text("SELECT action, status, question FROM app.audit_log ORDER BY id DESC LIMIT 1")).one()
    assert tuple(row) == ("sql_run", "rejected", sql)


def test_only_admins_may_paste_sql(seeded_db, test_settings):
    answer = answer_sql("SELECT count(*) FROM tickets", _ctx(seeded_db, test_settings, Principal("m", "manager")))
    assert answer.status == "rejected" and "administrators" in answer.reason
