"""The team glossary (issue 11): stored, audited, checked against the semantic layer, applied by the planner;
and words with two readings answered openly or asked about, never read one way silently."""

import json

import pytest
import sqlalchemy as sa

from supportwise.errors import InvalidInput, NotFound, PermissionDenied
from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records import glossary, users
from supportwise.records.erasure import erase_user
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY
from tests.helpers import app_env, run_cli

ADMIN = Principal.local_admin()
MANAGER = Principal("mo", "manager")


def _ctx(db, settings):
    return AskContext(db, settings, ADMIN, TEST_TODAY)


def _scalar(db, sql):
    with db.admin.connect() as conn:
        return conn.execute(sa.text(sql)).scalar_one()


def _audit(db, action):
    with db.admin.connect() as conn:
        return [r[0] for r in conn.execute(sa.text("SELECT detail FROM app.audit_log WHERE action = :a ORDER BY id"),
                                           {"a": action})]


def test_glossary_crud_is_audited(db):
    saved = glossary.save_entry(db.app, ADMIN, "P1", "value", "priority=urgent", note="our on-call convention")
    assert (saved.term, saved.target, saved.label, saved.updated_by) == ("P1", "priority=urgent", "priority urgent",
                                                                         "local-admin")
    changed = glossary.save_entry(db.app, ADMIN, "p1", "value", "priority=high")  # same word, any case
    assert changed.target == "priority=high" and [e.term for e in glossary.list_entries(db.app)] == ["p1"]
    glossary.save_entry(db.app, ADMIN, "TTR", "metric", "resolution_time:median")
    glossary.delete_entry(db.app, ADMIN, "ttr")
    assert [e.term for e in glossary.list_entries(db.app)] == ["p1"]
    saves = _audit(db, "glossary_save")
    assert [(d["term"], d["target"]) for d in saves] == [("P1", "priority=urgent"), ("p1", "priority=high"),
                                                         ("TTR", "resolution_time:median")]
    assert saves[0]["before"] is None and saves[1]["before"] == {"kind": "value", "target": "priority=urgent"}
    assert _audit(db, "glossary_delete") == [{"term": "TTR", "kind": "metric", "target": "resolution_time:median"}]
    with pytest.raises(NotFound):
        glossary.delete_entry(db.app, ADMIN, "TTR")


@pytest.mark.parametrize("term, kind, target, message", [
    ("P0", "value", "priority=p0", "priority has no value 'p0'; its values are urgent, high, normal, low"),
    ("VIP", "value", "tier=gold", "'tier' is not a dimension with fixed values"),
    ("TTR", "metric", "time_to_happiness", "Unknown metric 'time_to_happiness'"),
    ("TTR", "metric", "resolution_time:mode", "Unknown statistic 'mode'"),
    ("sat", "metric", "csat:median", "applies to durations"),
    ("tix", "word", "blorps", "does not read 'blorps'"),
    ("drop", "word", "tickets", "questions with it would be refused"),
    ("", "word", "tickets", "needs the team's word"),
    ("P1", "colour", "red", "not 'colour'"),
])
def test_entries_are_checked_against_the_layer(db, term, kind, target, message):
    with pytest.raises(InvalidInput, match=message):
        glossary.save_entry(db.app, ADMIN, term, kind, target)
    assert glossary.list_entries(db.app) == [] and _audit(db, "glossary_save") == []


def test_only_admins_edit_the_glossary(db):
    with pytest.raises(PermissionDenied):
        glossary.save_entry(db.app, MANAGER, "P1", "value", "priority=urgent")
    glossary.save_entry(db.app, ADMIN, "P1", "value", "priority=urgent")
    with pytest.raises(PermissionDenied):
        glossary.delete_entry(db.app, MANAGER, "P1")


def test_an_entry_changes_the_answer_and_the_reading_says_so(seeded_db, test_settings):
    question = "How many P1 tickets came in last week?"
    urgent = _scalar(seeded_db, "SELECT count(*) FROM tickets WHERE priority = 'urgent' "
                                "AND created_at >= '2026-11-16' AND created_at < '2026-11-23'")
    high = _scalar(seeded_db, "SELECT count(*) FROM tickets WHERE priority = 'high' "
                              "AND created_at >= '2026-11-16' AND created_at < '2026-11-23'")
    assert urgent != high
    before = ask(question, _ctx(seeded_db, test_settings))
    # no glossary: the layer's convention, said openly, with the other reading offered
    assert before.rows == [[urgent]] and "'P1' read as priority urgent" in before.interpretation
    assert before.suggestions == ["How many high priority tickets came in last week?"]
    assert before.readings == [{"word": "P1", "label": "priority high", "question": before.suggestions[0]}]
    glossary.save_entry(seeded_db.app, ADMIN, "P1", "value", "priority=high")
    after = ask(question, _ctx(seeded_db, test_settings))
    assert after.rows == [[high]] and "priority = high" in after.interpretation
    assert "'P1' = priority high (team glossary)" in after.interpretation
    assert after.suggestions == [] and after.readings == []  # fixed for everyone: nothing left to choose


def test_team_words_for_metrics_and_values(seeded_db, test_settings):
    glossary.save_entry(seeded_db.app, ADMIN, "TTR", "metric", "resolution_time:median")
    glossary.save_entry(seeded_db.app, ADMIN, "VIP", "value", "plan=enterprise")
    answer = ask("TTR for VIP tickets last month", _ctx(seeded_db, test_settings))
    expected = _scalar(seeded_db, "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "
                                  "t.solved_at - t.created_at) / 3600) FROM tickets t JOIN organizations o ON "
                                  "o.id = t.organization_id WHERE o.plan = 'enterprise' AND t.status IN "
                                  "('solved','closed') AND t.solved_at >= '2026-10-01' AND t.solved_at < '2026-11-01'")
    assert answer.status == "ok" and float(answer.rows[0][-1]) == pytest.approx(float(expected))
    assert "'TTR' = median resolution time (team glossary)" in answer.interpretation
    assert "'VIP' = plan enterprise (team glossary)" in answer.interpretation


def test_a_word_with_no_default_reading_is_asked_about(seeded_db, test_settings):
    answer = ask("How many VIP tickets did we get last week?", _ctx(seeded_db, test_settings))
    assert answer.status == "unanswerable" and "'VIP' can mean" in answer.reason
    assert answer.suggestions == ["How many enterprise plan tickets did we get last week?",
                                  "How many tagged vip tickets did we get last week?"]
    assert [r["label"] for r in answer.readings] == ["enterprise-plan customers", "tickets tagged vip"]
    for suggestion in answer.suggestions:  # each reading is a question the engine answers
        assert ask(suggestion, _ctx(seeded_db, test_settings)).status == "ok"
    # a context that settles the word is not asked about
    assert ask("how many vip-tagged tickets are unsolved right now?", _ctx(seeded_db, test_settings)).status == "ok"


def test_closed_is_read_openly_and_status_closed_can_be_asked(seeded_db, test_settings):
    answer = ask("How many tickets were closed last week?", _ctx(seeded_db, test_settings))
    assert "'closed' read as solved (status solved or closed)" in answer.interpretation
    [other] = answer.readings
    assert other["label"] == "status closed only"
    closed_only = ask(other["question"], _ctx(seeded_db, test_settings))
    expected = _scalar(seeded_db, "SELECT count(*) FROM tickets WHERE status = 'closed' "
                                  "AND solved_at >= '2026-11-16' AND solved_at < '2026-11-23'")
    assert closed_only.rows == [[expected]] and "status = closed" in closed_only.interpretation
    assert closed_only.readings == []  # "status closed" is not ambiguous


def test_cli_json_offers_readings_as_suggestions(db, redis_url, data_dir):
    env = app_env(db.admin_url, redis_url, data_dir)
    out = run_cli(["ask", "VIP tickets this week", "--json", "--today", "2026-11-23"], env)
    answer = json.loads(out.stdout)
    assert out.returncode == 0 and answer["status"] == "unanswerable"
    assert answer["suggestions"] == ["enterprise plan tickets this week", "tagged vip tickets this week"]
    assert answer["readings"][0] == {"word": "VIP", "label": "enterprise-plan customers",
                                     "question": "enterprise plan tickets this week"}
    bad = run_cli(["glossary", "set", "VIP", "--value", "plan=platinum"], env)
    assert bad.returncode == 1 and "plan has no value 'platinum'" in bad.stderr and "Traceback" not in bad.stderr
    assert run_cli(["glossary", "set", "VIP", "--value", "plan=enterprise"], env).returncode == 0
    assert "VIP\tvalue\tplan=enterprise\tplan enterprise" in run_cli(["glossary", "list"], env).stdout
    fixed = json.loads(run_cli(["ask", "VIP tickets this week", "--json", "--today", "2026-11-23"], env).stdout)
    assert fixed["status"] == "ok" and "'VIP' = plan enterprise (team glossary)" in fixed["interpretation"]
    assert run_cli(["glossary", "remove", "vip"], env).returncode == 0
    assert _audit(db, "glossary_delete") == [{"term": "VIP", "kind": "value", "target": "plan=enterprise"}]


def test_cli_verifies_an_answer(seeded_db, redis_url, data_dir):
    env = app_env(seeded_db.admin_url, redis_url, data_dir)
    question = "How many urgent tickets did we get last week?"
    out = run_cli(["verified", "add", question, "--today", "2026-11-23"], env)
    assert out.returncode == 0 and out.stdout.startswith("verified #1: Tickets · priority = urgent"), out.stderr
    answer = json.loads(run_cli(["ask", question, "--json", "--today", "2026-11-23"], env).stdout)
    assert answer["status"] == "ok" and "answered from a verified answer" in answer["interpretation"]
    assert answer["engine"] in ("template", "cache")  # the same SQL may already be in the result cache
    assert run_cli(["verified", "remove", "1"], env).returncode == 0
    assert run_cli(["verified", "list"], env).stdout == ""


def test_erasure_pseudonymizes_who_edited_the_glossary(db, redis_conn, tmp_path):
    ada = users.add_user(db.app, "ada", "Ada", "ada-pass-1", "admin").principal()
    glossary.save_entry(db.app, ada, "P1", "value", "priority=urgent")
    report = erase_user(db, redis_conn, tmp_path, "ada", by=ADMIN)
    assert glossary.get_entry(db.app, "P1").updated_by == report.pseudonym
