"""Heavy questions in the background, with a real RQ worker process and real PostgreSQL.

A running job is held honestly: the test takes an ACCESS EXCLUSIVE lock on tickets, so the
job's query waits inside PostgreSQL (stage 'running query') until it is stopped or released.
"""

from __future__ import annotations

import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import replace

import pytest
from rq import Queue
from rq.job import Job
from rq.job import JobStatus as RQStatus
from rq.timeouts import JobTimeoutException

from supportwise.errors import NotFound
from supportwise.platform.settings import Settings
from supportwise.questions.context import AskContext
from supportwise.questions.planning import plan_question
from supportwise.questions.router import Answered, ask, ask_or_submit
from supportwise.queue.kinds import QUESTION
from supportwise.queue.status import GENERIC_ERROR, friendly_error, job_status
from supportwise.queue.turns import Submitted, settle, submit_turn
from supportwise.queue.turns import cancel_turn as cancel
from supportwise.records import audit, conversations, users
from tests.conftest import TEST_TODAY
from tests.helpers import ROOT, app_env

HEAVY = "comments per ticket by channel and priority last year"
SIMPLE = "How many urgent tickets did we get last week?"


def _user(db, username, role="team_lead", team="Frontline"):
    return users.add_user(db.app, username, username.title(), "password-123", role, team=team).principal()


@contextmanager
def _worker(db, redis_url, data_dir, **env_extra):
    env = app_env(db.admin_url, redis_url, data_dir, **env_extra)
    process = subprocess.Popen([sys.executable, "-m", "supportwise", "worker"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def submit_question(db, connection, principal, question, *, conversation_id, today, settings=None):
    """Queue a question's plan as the router does for a heavy one (the question is planned here, once)."""
    ctx = AskContext(db, settings or Settings.from_env({"SUPPORTWISE_LLM": "none"}), principal, today, conversation_id)
    plan = plan_question(question, ctx)
    return submit_turn(db, connection, principal, conversation_id, question, QUESTION,
                       (principal.username, conversation_id, question, plan.to_dict(), today.isoformat(), None)).job_id


def _wait(connection, job_id, states, timeout=60.0, stage=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = job_status(connection, job_id)
        if status.state in states and (stage is None or status.stage == stage):
            return status
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not reach {states}/{stage}: last {status}")


@contextmanager
def _tickets_locked(db):
    with db.connect_admin() as conn:
        conn.execute("LOCK TABLE tickets IN ACCESS EXCLUSIVE MODE")  # held until the transaction ends
        try:
            yield
        finally:
            conn.rollback()


def test_a_background_question_completes_and_is_kept(seeded_db, test_settings, redis_url, redis_conn, data_dir):
    lead = _user(seeded_db, "lena")
    conversation = conversations.start(seeded_db, lead)
    job_id = submit_question(seeded_db, redis_conn, lead, HEAVY, conversation_id=conversation, today=TEST_TODAY)
    assert job_status(redis_conn, job_id).state == "queued"
    assert conversations.turn_for_job(seeded_db, job_id, lead).status == "pending"

    with _worker(seeded_db, redis_url, data_dir):
        status = _wait(redis_conn, job_id, {"done", "failed"})

    assert status.state == "done" and status.progress == 1.0 and status.error is None
    assert status.answer["status"] == "ok" and "Frontline" in status.answer["interpretation"]
    job = Job.fetch(job_id, connection=redis_conn)
    # planned before it was queued: the worker compiles and runs, it does not parse again
    assert job.meta["stages"] == ["starting", "running query", "masking", "saving", "done"]
    (turn,) = conversations.latest(seeded_db, lead).turns  # what a reload shows
    assert turn.status == "done" and turn.answer == status.answer and turn.job_id == job_id
    (logged,) = audit.recent(seeded_db.app, action="question")
    assert logged["id"] == turn.audit_id and logged["username"] == "lena" and logged["question"] == HEAVY
    # the same answer as asked inline (masked the same way)
    inline = ask(HEAVY, AskContext(seeded_db, test_settings, lead, TEST_TODAY))
    assert inline.to_dict()["rows"] == turn.answer["rows"]


def test_cancelling_a_queued_job(seeded_db, redis_conn):
    lead = _user(seeded_db, "lena")
    conversation = conversations.start(seeded_db, lead)
    job_id = submit_question(seeded_db, redis_conn, lead, HEAVY, conversation_id=conversation, today=TEST_TODAY)

    with pytest.raises(NotFound):  # only the asker may cancel
        cancel(seeded_db, redis_conn, _user(seeded_db, "bob", "manager", None), job_id)
    status = cancel(seeded_db, redis_conn, lead, job_id)

    assert status.state == "cancelled"
    assert Job.fetch(job_id, connection=redis_conn).get_status() == RQStatus.CANCELED
    assert job_id not in Queue("heavy", connection=redis_conn).job_ids
    assert job_status(redis_conn, job_id).state == "cancelled"
    assert conversations.turn_for_job(seeded_db, job_id, lead).status == "cancelled"
    (logged,) = audit.recent(seeded_db.app, action="question_cancelled")
    assert logged["question"] == HEAVY and logged["username"] == "lena"


def test_cancelling_a_running_job(seeded_db, redis_url, redis_conn, data_dir):
    lead = _user(seeded_db, "lena")
    conversation = conversations.start(seeded_db, lead)
    with _tickets_locked(seeded_db), _worker(seeded_db, redis_url, data_dir):
        job_id = submit_question(seeded_db, redis_conn, lead, HEAVY, conversation_id=conversation,
                                 today=TEST_TODAY)
        running = _wait(redis_conn, job_id, {"running"}, stage="running query")
        assert 0 < running.progress < 1

        status = cancel(seeded_db, redis_conn, lead, job_id)

        assert status.state == "cancelled"
        _wait(redis_conn, job_id, {"cancelled"}, timeout=30)  # the worker stopped the work horse
        assert Job.fetch(job_id, connection=redis_conn).get_status() == RQStatus.STOPPED
    turn = conversations.turn_for_job(seeded_db, job_id, lead)
    assert turn.status == "cancelled" and turn.answer is None
    assert audit.recent(seeded_db.app, action="question") == []  # the question never finished


def test_a_failing_job_reports_a_sentence_not_a_traceback(seeded_db, redis_url, redis_conn, data_dir):
    lead = _user(seeded_db, "lena")
    conversation = conversations.start(seeded_db, lead)
    job_id = submit_question(seeded_db, redis_conn, lead, HEAVY, conversation_id=conversation, today=TEST_TODAY)
    with seeded_db.admin.begin() as conn:  # the account is switched off before the worker gets to it
        conn.exec_driver_sql("UPDATE app.users SET active = false WHERE username = 'lena'")

    with _worker(seeded_db, redis_url, data_dir):
        status = _wait(redis_conn, job_id, {"done", "failed"})

    assert status.state == "failed"
    assert status.error == "Your account was deactivated before this question ran."
    assert "Traceback" not in status.error
    turn = conversations.turn_for_job(seeded_db, job_id, lead)
    assert turn.status == "failed" and turn.error == status.error


def test_a_query_over_the_statement_timeout_is_an_answer_saying_so(seeded_db, redis_url, redis_conn, data_dir):
    # The job's own time limit (JOB_TIMEOUT_S) sits far above the statement timeout, so a slow
    # query ends the way it does inline: an answer that says it took too long.
    lead = _user(seeded_db, "lena")
    conversation = conversations.start(seeded_db, lead)
    with _tickets_locked(seeded_db), _worker(seeded_db, redis_url, data_dir, SUPPORTWISE_STATEMENT_TIMEOUT_MS="1000"):
        job_id = submit_question(seeded_db, redis_conn, lead, HEAVY, conversation_id=conversation,
                                 today=TEST_TODAY)
        status = _wait(redis_conn, job_id, {"done", "failed"}, timeout=90)
    assert status.state == "done" and status.answer["status"] == "error"
    assert status.answer["reason"] == "The query took longer than 1 s and was stopped."
    turn = conversations.turn_for_job(seeded_db, job_id, lead)
    assert turn.status == "done" and turn.answer == status.answer


@pytest.mark.parametrize("exc, sentence", [
    (NotFound("No user named 'gone'"), "No user named 'gone'"),
    (RuntimeError("psycopg internals"), GENERIC_ERROR),
    (None, GENERIC_ERROR),
])
def test_friendly_errors(exc, sentence):
    assert friendly_error(exc, 300) == sentence


def test_the_time_limit_is_found_behind_the_error_it_caused():
    try:
        try:
            raise JobTimeoutException("Task exceeded maximum timeout value (300 seconds)")
        except JobTimeoutException as timeout:
            raise OSError("connection closed while a query was running") from timeout
    except OSError as exc:
        assert friendly_error(exc, 300) == "The question took longer than 300 s in the background and was stopped."


def test_ask_or_submit_decides_by_planner_cost(seeded_db, test_settings, redis_conn):
    lead = _user(seeded_db, "lena")
    conversation = conversations.start(seeded_db, lead)
    low = AskContext(seeded_db, replace(test_settings, heavy_query_cost=1.0), lead, TEST_TODAY, conversation,
                     redis_conn)
    high = replace(low, settings=replace(test_settings, heavy_query_cost=1e12))

    inline = ask_or_submit(high, SIMPLE)
    submitted = ask_or_submit(low, HEAVY)
    cached = ask_or_submit(low, SIMPLE)  # heavy by the threshold, but answered from the cache
    refused = ask_or_submit(low, "delete all tickets")  # the offline parser declines: answered (refused) inline

    assert isinstance(inline, Answered) and inline.answer.status == "ok"
    assert isinstance(submitted, Submitted)
    assert isinstance(cached, Answered) and cached.answer.engine == "cache"
    assert isinstance(refused, Answered) and refused.answer.status in ("rejected", "unanswerable")
    job = Job.fetch(submitted.job_id, connection=redis_conn)
    assert job.origin == "heavy" and job.func_name == "supportwise.tasks.question.answer_question"
    assert job.args[:3] == ("lena", conversation, HEAVY) and job.args[4:] == (TEST_TODAY.isoformat(), None)
    assert job.args[3]["engine"] == "semantic" and job.args[3]["spec"]["metric"] == "comments_per_ticket"
    assert job.meta["owner"] == "lena" and job.meta["kind"] == "question"
    turns = conversations.turns(seeded_db, conversation, lead)
    assert [(t.question, t.status) for t in turns] == [
        (SIMPLE, "done"), (HEAVY, "pending"), (SIMPLE, "done"), ("delete all tickets", "done")]
    assert turns[0].answer == inline.answer.to_dict() and turns[0].audit_id == inline.answer.audit_id


def test_settle_copies_a_lost_job_into_its_turn(seeded_db, redis_conn):
    lead = _user(seeded_db, "lena")
    conversation = conversations.start(seeded_db, lead)
    job_id = submit_question(seeded_db, redis_conn, lead, HEAVY, conversation_id=conversation, today=TEST_TODAY)
    redis_conn.flushdb()  # Redis lost the job (restart without persistence)
    status = settle(seeded_db, redis_conn, lead, job_id)
    assert status.state == "failed" and "ask it again" in status.error
    assert conversations.turn_for_job(seeded_db, job_id, lead).status == "failed"
    assert settle(seeded_db, redis_conn, lead, job_id).state == "failed"  # from the turn now
