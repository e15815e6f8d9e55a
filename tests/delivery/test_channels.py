"""Delivery channels against real servers started here: aiosmtpd for email, pytest-httpserver for HTTP."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from dataclasses import replace

import openpyxl
import pytest
from werkzeug import Response

from supportwise.delivery.email import build_email, send_email
from supportwise.delivery.outgoing import check_url, post
from supportwise.delivery.retry import deliver_with_retries
from supportwise.delivery.slack import send_slack, slack_message
from supportwise.delivery.webhook import send_webhook, sign, verify
from supportwise.errors import DeliveryRefused
from supportwise.questions.answer import Answer

SECRET = "s3cret"
ANSWER = Answer(status="ok", question="tickets by channel last week", columns=["channel", "tickets"],
                rows=[["email", 120], ["chat", 80], ["<script>", 3]],
                interpretation="Tickets · created 2026-11-16 – 2026-11-22 · count by channel",
                chart={"type": "bar", "x": "channel", "y": "tickets", "title": "Tickets by channel"})


@pytest.fixture
def open_settings(test_settings):
    return replace(test_settings, outgoing_hosts="localhost,127.0.0.1", outgoing_allow_private=True,
                   webhook_secret=SECRET, delivery_timeout_s=5)


def test_email_has_headline_inline_chart_and_the_rows_attached(test_settings, smtp_server):
    settings = replace(test_settings, smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_starttls=False)
    message = build_email(ANSWER, title="Weekly channels", sender="sw@example.com", to=["a@example.com"],
                          link="http://app.example/reports")
    ack = send_email(message, settings)
    assert ack.ok and ack.detail == "SMTP 250"
    [mail] = smtp_server.messages
    html = mail.get_body(("html",)).get_content()
    assert "3 rows" in html and "2026-11-16" in html and "http://app.example/reports" in html
    hostile = build_email(replace(ANSWER, interpretation="counted <img src=x onerror=alert(1)>"), title="<b>t</b>",
                          sender="s@x.io", to=["a@x.io"], link=None).get_body(("html",)).get_content()
    assert "&lt;img src=x" in hostile and "<img src=x" not in hostile and "&lt;b&gt;t&lt;/b&gt;" in hostile
    [png] = [p for p in mail.walk() if p.get_content_type() == "image/png"]
    assert png.get_content()[:4] == b"\x89PNG" and f"cid:{png['Content-ID'].strip('<>')}" in html
    [attached] = list(mail.iter_attachments())
    text = attached.get_content()
    rows = list(csv.reader(io.StringIO(text if isinstance(text, str) else text.decode())))
    assert rows == [["channel", "tickets"], ["email", "120"], ["chat", "80"], ["<script>", "3"]]


def test_attachment_is_cut_at_the_row_limit_and_says_so(test_settings, smtp_server):
    message = build_email(ANSWER, title="t", sender="s@example.com", to=["a@example.com"], link=None,
                          attach="xlsx", row_limit=2)
    [attached] = list(message.iter_attachments())
    sheet = openpyxl.load_workbook(io.BytesIO(attached.get_content())).worksheets[0]
    assert [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))] == ["channel", "tickets"]
    assert sheet.max_row == 3  # header + 2
    assert "first 2 of 3 rows" in message.get_body(("plain",)).get_content()


def test_a_refused_recipient_is_a_failed_delivery_with_the_servers_words(test_settings, smtp_server):
    smtp_server.refuse.add("nobody@example.com")
    settings = replace(test_settings, smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_starttls=False)
    message = build_email(ANSWER, title="t", sender="s@example.com", to=["nobody@example.com"], link=None)
    ack = send_email(message, settings)
    assert not ack.ok and "550" in ack.detail and "nobody@example.com" in ack.detail
    assert smtp_server.messages == []


def test_email_without_a_server_is_refused_not_attempted(test_settings):
    with pytest.raises(DeliveryRefused, match="SUPPORTWISE_SMTP_HOST"):
        send_email(build_email(ANSWER, title="t", sender="s@x.io", to=["a@x.io"], link=None), test_settings)


def test_a_webhook_is_signed_over_timestamp_and_body(open_settings, httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data("thanks")
    ack = send_webhook(httpserver.url_for("/hook"), ANSWER.to_dict(), open_settings, delivery_id="run-7", now=1_800)
    assert ack.ok and ack.detail == "HTTP 200"
    [(request, _)] = httpserver.log
    body = request.get_data()
    expected = "sha256=" + hmac.new(SECRET.encode(), b"1800." + body, hashlib.sha256).hexdigest()
    assert request.headers["X-SupportWise-Signature"] == expected == sign(SECRET, 1800, body)
    assert request.headers["X-SupportWise-Delivery"] == "run-7"
    assert verify(SECRET, 1800, body, expected, now=1_900)
    assert not verify(SECRET, 1800, body, expected, now=1_800 + 301)          # stale
    assert not verify(SECRET, 1800, body + b" ", expected, now=1_800)         # body changed
    assert not verify("other", 1800, body, expected, now=1_800)               # wrong secret
    assert json.loads(body)["rows"] == [["email", 120], ["chat", 80], ["<script>", 3]]


def test_webhooks_are_never_sent_unsigned(open_settings, httpserver):
    with pytest.raises(DeliveryRefused, match="SUPPORTWISE_WEBHOOK_SECRET"):
        send_webhook(httpserver.url_for("/hook"), {}, replace(open_settings, webhook_secret=None))
    assert httpserver.log == []


def test_a_redirect_is_not_followed_and_a_5xx_is_not_success(open_settings, httpserver):
    httpserver.expect_request("/moved").respond_with_response(
        Response("", status=302, headers={"Location": httpserver.url_for("/elsewhere")}))
    httpserver.expect_request("/broken").respond_with_response(Response("no", status=500))
    moved = post(httpserver.url_for("/moved"), b"{}", {}, open_settings)
    broken = post(httpserver.url_for("/broken"), b"{}", {}, open_settings)
    assert not moved.ok and "302" in moved.detail and "not followed" in moved.detail
    assert not broken.ok and "500" in broken.detail
    assert [r.path for r, _ in httpserver.log] == ["/moved", "/broken"]


@pytest.mark.parametrize("url, hosts, allow_private, message", [
    ("http://127.0.0.1:9/hook", "127.0.0.1", False, "private or loopback"),
    ("https://10.0.0.1/hook", "10.0.0.1", False, "private or loopback"),
    ("https://[::1]/hook", "::1", False, "private or loopback"),
    ("https://169.254.169.254/latest", "169.254.169.254", False, "private or loopback"),
    ("https://example.org/hook", "hooks.slack.com", True, "not on the list"),
    ("ftp://hooks.slack.com/x", "hooks.slack.com", True, "not a web address"),
    ("http://93.184.215.14/hook", "93.184.215.14", False, "not encrypted"),
])
def test_outgoing_addresses_are_refused_before_any_connection(test_settings, url, hosts, allow_private, message):
    settings = replace(test_settings, outgoing_hosts=hosts, outgoing_allow_private=allow_private)
    with pytest.raises(DeliveryRefused, match=message):
        check_url(url, settings)


def test_wildcards_allow_subdomains_only(test_settings):
    settings = replace(test_settings, outgoing_hosts="*.example.com", outgoing_allow_private=True)
    check_url("https://127.0.0.1/x", replace(settings, outgoing_hosts="127.0.0.1"))  # listed: allowed
    with pytest.raises(DeliveryRefused, match="not on the list"):
        check_url("https://example.com.evil.org/x", settings)


def test_slack_gets_block_kit_with_a_table_and_a_link(open_settings, httpserver):
    httpserver.expect_request("/services/T/B/X", method="POST").respond_with_data("ok")
    message = slack_message(ANSWER, title="Weekly channels", link="http://app.example/reports")
    assert send_slack(httpserver.url_for("/services/T/B/X"), message, open_settings).ok
    [(request, _)] = httpserver.log
    posted = request.get_json()
    kinds = [b["type"] for b in posted["blocks"]]
    assert kinds == ["header", "section", "section", "context"]
    assert "email" in posted["blocks"][2]["text"]["text"] and posted["blocks"][2]["text"]["text"].startswith("```")
    assert "http://app.example/reports" in posted["blocks"][3]["elements"][0]["text"]


def test_retries_back_off_exponentially_until_acknowledged(open_settings, httpserver):
    statuses = iter([503, 502, 200])
    httpserver.expect_request("/flaky").respond_with_handler(lambda request: Response("", status=next(statuses)))
    waits: list[float] = []
    result = deliver_with_retries(lambda: post(httpserver.url_for("/flaky"), b"{}", {}, open_settings), attempts=4,
                                  base_s=1.5, cap_s=60, sleep=waits.append)
    assert result.ok and result.attempts == 3 and waits == [1.5, 3.0]
    assert result.errors == ["the server answered 503", "the server answered 502"]


def test_retries_stop_at_the_cap_and_a_refusal_is_not_retried(open_settings, httpserver):
    httpserver.expect_request("/down").respond_with_response(Response("", status=503))
    waits: list[float] = []
    failed = deliver_with_retries(lambda: post(httpserver.url_for("/down"), b"{}", {}, open_settings), attempts=5,
                                  base_s=10, cap_s=25, sleep=waits.append)
    assert not failed.ok and failed.attempts == 5 and waits == [10, 20, 25, 25] and len(httpserver.log) == 5
    closed = replace(open_settings, outgoing_allow_private=False)
    refused = deliver_with_retries(lambda: post(httpserver.url_for("/down"), b"{}", {}, closed), attempts=5,
                                   base_s=10, cap_s=25, sleep=waits.append)
    assert not refused.ok and refused.attempts == 1 and len(httpserver.log) == 5
