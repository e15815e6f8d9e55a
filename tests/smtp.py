"""A real SMTP server for tests (aiosmtpd on a free loopback port) that keeps what it receives."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Inbox:
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)   # recipients answered with 550

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 — aiosmtpd's hook
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's hook
        for rcpt in envelope.rcpt_tos:  # one stored copy per accepted recipient, like separate mailboxes
            copy = email.message_from_bytes(envelope.content, policy=email.policy.default)
            del copy["X-Delivered-To"]
            copy["X-Delivered-To"] = rcpt
            self.messages.append(copy)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_inbox() -> tuple[Controller, Inbox]:
    inbox = Inbox(port=_free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    return controller, inbox
