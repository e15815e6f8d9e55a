"""Emailed reports over SMTP: an HTML body with the headline, the chart inline (PNG by cid), what was counted
and a link back, the rows attached as CSV or XLSX up to a row limit; a plain-text part for other readers.

Sent only when the server accepts every recipient (each RCPT and the DATA answered 250): anything else is a
failed attempt with the server's answer as the reason.
"""

from __future__ import annotations

import datetime as dt
import html
import smtplib
import ssl
from dataclasses import replace
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from supportwise.delivery.content import headline, text_table
from supportwise.delivery.outgoing import Ack
from supportwise.errors import DeliveryRefused
from supportwise.platform.settings import Settings
from supportwise.questions.answer import Answer
from supportwise.views.exports import FORMATS, answer_file, chart_png, export_filename


def build_email(answer: Answer, *, title: str, sender: str, to: list[str], link: str | None, attach: str = "csv",
                row_limit: int = 10_000, now: dt.datetime | None = None) -> EmailMessage:
    now = now or dt.datetime.now(dt.timezone.utc)
    shown = headline(answer)
    message = EmailMessage()
    message["Subject"] = f"{title}: {shown}"
    message["From"], message["To"] = sender, ", ".join(to)
    message["Date"] = formatdate(now.timestamp(), localtime=False)
    cut = len(answer.rows) > row_limit
    attached = replace(answer, rows=answer.rows[:row_limit]) if cut else answer
    notes = list(answer.notices) + ([f"The attachment holds the first {row_limit:,} of {len(answer.rows):,} rows."]
                                    if cut and attach != "none" else [])
    message.set_content("\n\n".join(filter(None, [
        f"{title}: {shown}", answer.interpretation, *notes, text_table(answer),
        f"Open in SupportWise: {link}" if link else None])) + "\n")
    png = chart_png(answer)
    chart_id = make_msgid(domain="supportwise")
    message.add_alternative(_html(answer, title, shown, notes, link, chart_id if png else None), subtype="html")
    if png:
        message.get_payload()[1].add_related(png, maintype="image", subtype="png", cid=chart_id,
                                             filename="chart.png")
    if attach != "none" and answer.rows:
        spec = FORMATS[attach]
        maintype, subtype = spec.mime.split("/", 1)
        message.add_attachment(answer_file(attached, attach, now=now), maintype=maintype, subtype=subtype,
                               filename=export_filename(answer.question, now.date(), spec.extension))
    return message


def _html(answer: Answer, title: str, shown: str, notes: list[str], link: str | None, chart_id: str | None) -> str:
    e = html.escape
    parts = [f"<h2 style='margin:0 0 4px'>{e(title)}</h2>",
             f"<p style='font-size:32px;font-weight:600;margin:8px 0'>{e(shown)}</p>"]
    if answer.interpretation:
        parts.append(f"<p style='color:#444'>{e(answer.interpretation)}</p>")
    parts += [f"<p style='color:#8a5a00'>{e(note)}</p>" for note in notes]
    if chart_id:
        parts.append(f"<img src='cid:{chart_id.strip('<>')}' alt='{e(answer.question)}' style='max-width:640px'>")
    if link:
        parts.append(f"<p><a href='{e(link, quote=True)}'>Open in SupportWise</a></p>")
    return "<html><body style='font-family:sans-serif'>" + "".join(parts) + "</body></html>"


def send_email(message: EmailMessage, settings: Settings) -> Ack:
    """One SMTP attempt; DeliveryRefused when no server is configured."""
    if not settings.smtp_host:
        raise DeliveryRefused("Email is not configured: set SUPPORTWISE_SMTP_HOST.")
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.delivery_timeout_s) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            refused = smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        return Ack(False, "the mail server refused " + _refusals(exc.recipients))
    except smtplib.SMTPResponseException as exc:
        return Ack(False, f"the mail server answered {exc.smtp_code} {_text(exc.smtp_error)}")
    except (smtplib.SMTPException, OSError) as exc:
        return Ack(False, f"could not talk to the mail server {settings.smtp_host}:{settings.smtp_port} "
                          f"({type(exc).__name__}: {exc})")
    if refused:
        return Ack(False, "the mail server refused " + _refusals(refused))
    return Ack(True, "SMTP 250")


def _refusals(refused: dict) -> str:
    return "; ".join(f"{rcpt} ({code} {_text(text)})" for rcpt, (code, text) in refused.items())


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)
