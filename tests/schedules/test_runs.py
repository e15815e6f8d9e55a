"""Scheduled runs delivered through real servers (issue 12, items 3–5): an SMTP server (aiosmtpd) and an HTTP
server (pytest-httpserver) started by the tests; each recipient sees the report in their own scope and masking."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug import Response

from supportwise.delivery.webhook import verify
from supportwise.errors import DeliveryRefused
from supportwise.records import audit
from supportwise.records.notifications import unread
from supportwise.records.schedule_runs import dispatch_due, get_run
from supportwise.schedules.runner import run_scheduled
from tests.schedules.helpers import BEFORE_NINE, schedule, user

NINE = BEFORE_NINE + timedelta(hours=1)
BY_REQUESTER = "tickets by requester last week"
SECRET = "test-webhook-secret"


@pytest.fixture
def delivering(test_settings, smtp_server):
    """Settings that send mail to the test SMTP server and may post to loopback, with quick retries."""
    return replace(test_settings, smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_starttls=False,
                   outgoing_hosts="localhost,127.0.0.1", outgoing_allow_private=True, webhook_secret=SECRET,
                   delivery_attempts=3, delivery_backoff_s=0.05, delivery_backoff_cap_s=0.2)


def _csv_rows(message) -> list[list[str]]:
    for part in message.iter_attachments():
        if part.get_content_type() == "text/csv":
            return list(csv.reader(io.StringIO(part.get_content() if isinstance(part.get_content(), str)
                                               else part.get_content().decode())))
    raise AssertionError("no CSV attached")


def _requesters(db, team: str | None) -> dict[str, int]:
    where = "AND t.team = :team" if team else ""
    with db.admin.connect() as conn:
        rows = conn.execute(sa.text(
            f"SELECT c.name, count(*) FROM tickets t JOIN customers c ON c.id = t.requester_id "
            f"WHERE t.created_at >= '2026-11-16' AND t.created_at < '2026-11-23' {where} GROUP BY c.name"),
            {"team": team}).all()
    return {name: n for name, n in rows}


def test_each_recipient_gets_their_own_scope_and_masking(seeded_db, delivering, smtp_server):
    maria = user(seeded_db, "maria")   # a manager: all teams
    user(seeded_db, "lena", "team_lead", team="Frontline", email="lena@example.com")
    saved = schedule(seeded_db, delivering, maria, question=BY_REQUESTER, recipients="lena, ops@outside.example")
    [run_id] = dispatch_due(seeded_db, NINE)
    run = run_scheduled(seeded_db, delivering, run_id)
    assert run.status == "ok", run.error
    assert sorted(d["to"] for d in run.deliveries) == ["lena", "ops@outside.example"]
    mail = {m["X-Delivered-To"]: m for m in smtp_server.messages}
    assert set(mail) == {"lena@example.com", "ops@outside.example"}

    lena_rows = _csv_rows(mail["lena@example.com"])[1:]
    frontline = _requesters(seeded_db, "Frontline")
    assert sum(int(r[-1]) for r in lena_rows) == sum(frontline.values())       # her team's tickets only
    assert not set(frontline) & {cell for row in lena_rows for cell in row}     # customer names masked
    outside_rows = _csv_rows(mail["ops@outside.example"])[1:]
    assert sum(int(r[-1]) for r in outside_rows) == sum(_requesters(seeded_db, None).values())  # owner's scope
    assert not set(_requesters(seeded_db, None)) & {cell for row in outside_rows for cell in row}
    html = mail["lena@example.com"].get_body(("html",)).get_content()
    assert "cid:" in html and "2026" in html
    rows = audit.recent(seeded_db.app, action="schedule_delivery")
    assert {r["username"] for r in rows} == {"lena", "maria"} and all(r["status"] == "ok" for r in rows)
    assert saved.id == run.schedule_id


def test_a_recipient_who_may_not_have_it_gets_nothing_and_the_owner_is_told(seeded_db, delivering, smtp_server):
    maria = user(seeded_db, "maria")
    user(seeded_db, "gone", "manager")
    with seeded_db.admin.begin() as conn:
        conn.execute(sa.text("UPDATE app.users SET active = false WHERE username = 'gone'"))
    schedule(seeded_db, delivering, maria, recipients="maria")
    with seeded_db.admin.begin() as conn:  # switched off after the schedule was made
        conn.execute(sa.text("UPDATE app.schedules SET recipients = '{maria,gone}'"))
    [run_id] = dispatch_due(seeded_db, NINE)
    run = run_scheduled(seeded_db, delivering, run_id)
    report, told = smtp_server.messages  # the report to maria, then the note to her as the owner
    assert [m["X-Delivered-To"] for m in (report, told)] == ["maria@example.com"] * 2
    assert report["Subject"].startswith("Urgent weekly: ") and "was not sent to everyone" in told["Subject"]
    assert "switched off" in told.get_content()
    assert run.status == "ok" and "gone: Not sent: their account is switched off" in run.error
    assert any("switched off" in n.message for n in unread(seeded_db, maria))


def test_a_webhook_receives_a_correctly_signed_answer(seeded_db, delivering, httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    maria = user(seeded_db, "maria")
    schedule(seeded_db, delivering, maria, channel="webhook", target=httpserver.url_for("/hook"))
    [run_id] = dispatch_due(seeded_db, NINE)
    assert run_scheduled(seeded_db, delivering, run_id).status == "ok"
    [(request, _)] = httpserver.log
    body = request.get_data()
    stamp = int(request.headers["X-SupportWise-Timestamp"])
    assert verify(SECRET, stamp, body, request.headers["X-SupportWise-Signature"], now=stamp)
    answer = json.loads(body)
    assert answer["status"] == "ok" and answer["question"].startswith("How many urgent")
    assert set(answer) >= {"interpretation", "sql", "columns", "rows", "chart", "engine"}


def test_a_failing_webhook_is_retried_with_backoff_then_failed_and_the_owner_told(seeded_db, delivering, httpserver):
    httpserver.expect_request("/hook").respond_with_response(Response("down", status=503))
    maria = user(seeded_db, "maria")
    schedule(seeded_db, delivering, maria, channel="webhook", target=httpserver.url_for("/hook"))
    [run_id] = dispatch_due(seeded_db, NINE)
    run = run_scheduled(seeded_db, delivering, run_id)
    assert run.status == "failed" and "503" in run.error
    assert len(httpserver.log) == 3 and run.deliveries[0]["attempts"] == 3
    attempts = audit.recent(seeded_db.app, action="schedule_delivery")
    assert [r["status"] for r in attempts] == ["error"] * 3
    [note] = unread(seeded_db, maria)
    assert "failed" in note.message and "503" in note.message and note.run_id == run_id


def test_loopback_is_refused_unless_allowed(seeded_db, test_settings, httpserver):
    maria = user(seeded_db, "maria")
    closed = replace(test_settings, outgoing_hosts="localhost,127.0.0.1", outgoing_allow_private=False)
    with pytest.raises(DeliveryRefused):
        schedule(seeded_db, closed, maria, channel="webhook", target=httpserver.url_for("/hook"))
    with pytest.raises(DeliveryRefused):
        schedule(seeded_db, closed, maria, channel="slack", target="https://10.0.0.7/services/x")
    assert httpserver.log == []


def test_skip_if_empty_sends_nothing(seeded_db, delivering, smtp_server):
    maria = user(seeded_db, "maria")
    schedule(seeded_db, delivering, maria, question="tickets by requester in 2019", skip_if_empty=True)
    [run_id] = dispatch_due(seeded_db, NINE)
    run = run_scheduled(seeded_db, delivering, run_id)
    assert run.status == "skipped" and smtp_server.messages == [], run.error
    assert get_run(seeded_db, run_id).finished_at is not None
