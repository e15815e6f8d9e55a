"""Signed webhooks: the CONTRACT answer JSON, signed with HMAC-SHA256 over "<timestamp>.<body>".

Headers: ``X-SupportWise-Timestamp`` (Unix seconds), ``X-SupportWise-Signature`` ("sha256=<hex>") and
``X-SupportWise-Delivery`` (the run, for receivers that drop repeats: delivery is at least once).
A receiver recomputes the signature with the shared secret and rejects stale timestamps (``verify``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from supportwise.delivery.outgoing import Ack, post
from supportwise.errors import DeliveryRefused
from supportwise.platform.settings import Settings


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret: str, timestamp: int, body: bytes, signature: str, *, now: float | None = None,
           tolerance_s: int = 300) -> bool:
    """Does ``signature`` sign ``body`` at ``timestamp``, and is the timestamp recent?"""
    if abs((time.time() if now is None else now) - timestamp) > tolerance_s:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature or "")


def send_webhook(url: str, answer_json: dict[str, Any], settings: Settings, *, delivery_id: str | None = None,
                 now: int | None = None) -> Ack:
    if not settings.webhook_secret:
        raise DeliveryRefused("Webhooks are sent signed only: set SUPPORTWISE_WEBHOOK_SECRET.")
    body = json.dumps(answer_json, ensure_ascii=False, separators=(",", ":"), default=str).encode()
    stamp = int(time.time()) if now is None else now
    headers = {"Content-Type": "application/json", "X-SupportWise-Timestamp": str(stamp),
               "X-SupportWise-Signature": sign(settings.webhook_secret, stamp, body)}
    if delivery_id:
        headers["X-SupportWise-Delivery"] = delivery_id
    return post(url, body, headers, settings)
