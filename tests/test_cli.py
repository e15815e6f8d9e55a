"""The command line, run as a real process against the test servers."""

import json

import sqlalchemy as sa

from tests.helpers import app_env, run_cli


def _env(db, redis_url, data_dir):
    return app_env(db.admin_url, redis_url, data_dir)


def test_ask_json_follows_contract(seeded_db, redis_url, data_dir):
    out = run_cli(["ask", "How many urgent tickets did we get last week?", "--json", "--today", "2026-11-23"],
                  _env(seeded_db, redis_url, data_dir))
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    with seeded_db.admin.connect() as conn:
        expected = conn.execute(sa.text("SELECT count(*) FROM tickets WHERE priority = 'urgent' AND "
                                        "created_at >= '2026-11-16' AND created_at < '2026-11-23'")).scalar_one()
    assert answer["status"] == "ok" and answer["rows"] == [[expected]]
    assert answer["interpretation"] == "Tickets · priority = urgent · created 2026-11-16 – 2026-11-22 · count"
    assert answer["sql"].startswith("SELECT") and answer["engine"] == "semantic" and answer["cost_usd"] == 0.0


def test_ask_json_exits_zero_for_every_status(seeded_db, redis_url, data_dir):
    env = _env(seeded_db, redis_url, data_dir)
    for question, status in (("delete all tickets", "rejected"), ("what is the meaning of life", "unanswerable")):
        out = run_cli(["ask", question, "--json"], env)
        assert out.returncode == 0 and json.loads(out.stdout)["status"] == status
        assert json.loads(out.stdout)["sql"] is None


def test_ask_as_user_applies_scope(seeded_db, redis_url, data_dir):
    env = _env(seeded_db, redis_url, data_dir)
    assert run_cli(["users", "add", "tina", "--name", "Tina", "--role", "team_lead", "--team", "Billing",
                    "--password", "tina-pass-1"], env).returncode == 0
    answer = json.loads(run_cli(["ask", "tickets last month", "--json", "--user", "tina", "--today", "2026-11-23"],
                                env).stdout)
    with seeded_db.admin.connect() as conn:
        billing = conn.execute(sa.text("SELECT count(*) FROM tickets WHERE team = 'Billing' AND "
                                       "created_at >= '2026-10-01' AND created_at < '2026-11-01'")).scalar_one()
    assert answer["rows"] == [[billing]]
    unknown = json.loads(run_cli(["ask", "tickets", "--json", "--user", "nobody"], env).stdout)
    assert unknown["status"] == "error" and "nobody" in unknown["reason"]


def test_users_commands(db, redis_url, data_dir):
    env = _env(db, redis_url, data_dir)
    assert run_cli(["users", "add", "sam", "--name", "Sam", "--role", "viewer", "--password", "sam-pass-1"],
                   env).returncode == 0
    assert run_cli(["users", "set-role", "sam", "manager"], env).returncode == 0
    assert run_cli(["users", "reset-password", "sam", "--password", "sam-pass-2"], env).returncode == 0
    listing = run_cli(["users", "list"], env).stdout
    assert "sam" in listing and "manager" in listing
    bad = run_cli(["users", "add", "lee", "--name", "Lee", "--role", "team_lead", "--password", "lee-pass-1"], env)
    assert bad.returncode == 1 and "bound to a team" in bad.stderr and "Traceback" not in bad.stderr
    with db.app.connect() as conn:  # every admin action is in the audit trail
        actions = [r[0] for r in conn.execute(sa.text("SELECT action FROM app.audit_log ORDER BY id"))]
    assert actions == ["user_add", "user_set_role", "user_reset_password"]


def test_bad_setting_is_a_clear_error(db, redis_url, data_dir):
    out = run_cli(["migrate"], {**_env(db, redis_url, data_dir), "SUPPORTWISE_ROW_LIMIT": "lots"})
    assert out.returncode == 1 and "SUPPORTWISE_ROW_LIMIT" in out.stderr and "Traceback" not in out.stderr


def test_settings_listing(db, redis_url, data_dir):
    out = run_cli(["settings"], _env(db, redis_url, data_dir))
    assert "DATABASE_URL" in out.stdout and "SUPPORTWISE_STATEMENT_TIMEOUT_MS" in out.stdout


def test_seed_command_is_deterministic(db, redis_url, data_dir):
    env = _env(db, redis_url, data_dir)
    checksum = ("SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM tickets t")
    sums = []
    for _ in range(2):
        out = run_cli(["seed", "--tickets", "300", "--seed", "5", "--today", "2026-11-23"], env)
        assert out.returncode == 0, out.stderr
        assert "Seeded 300 tickets" in out.stdout
        with db.admin.connect() as conn:
            sums.append(conn.execute(sa.text(checksum)).scalar_one())
    assert sums[0] == sums[1]


def test_follow_up_keeps_context_across_processes(seeded_db, redis_url, redis_conn, data_dir):
    env = _env(seeded_db, redis_url, data_dir)
    first = json.loads(run_cli(["ask", "How many urgent tickets did we get last week?", "--json", "--session", "s1",
                                "--today", "2026-11-23"], env).stdout)
    second = json.loads(run_cli(["ask", "what about the week before?", "--json", "--session", "s1",
                                 "--today", "2026-11-23"], env).stdout)
    with seeded_db.admin.connect() as conn:
        before = conn.execute(sa.text("SELECT count(*) FROM tickets WHERE priority = 'urgent' AND "
                                      "created_at >= '2026-11-09' AND created_at < '2026-11-16'")).scalar_one()
    assert first["status"] == second["status"] == "ok"
    assert second["rows"] == [[before]]
    assert "2026-11-09 – 2026-11-15" in second["interpretation"] and "urgent" in second["interpretation"]
    other_session = json.loads(run_cli(["ask", "what about the week before?", "--json", "--session", "s2"],
                                       env).stdout)
    assert other_session["status"] == "unanswerable"


def test_repeated_question_is_served_from_cache(seeded_db, redis_url, redis_conn, data_dir):
    env = _env(seeded_db, redis_url, data_dir)
    args = ["ask", "tickets by channel last month", "--json", "--today", "2026-11-23"]
    first, second = (json.loads(run_cli(args, env).stdout) for _ in range(2))
    assert (first["engine"], second["engine"]) == ("semantic", "cache")
    assert first["rows"] == second["rows"] and first["sql"] == second["sql"]
