"""Outgoing HTTP of deliveries: only to listed hosts, never to private or loopback addresses unless allowed,
never following a redirect (a listed host must not bounce a report elsewhere).

``check_url`` runs before every request. The host's addresses are resolved and each one is checked, so a
listed name that resolves to 10.0.0.5 is refused too. (The request resolves the name again; pinning the
checked address would also close a DNS-rebinding window — not done, noted in the README.)
"""

from __future__ import annotations

import fnmatch
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import httpx

from supportwise.errors import DeliveryRefused
from supportwise.platform.settings import Settings


@dataclass(frozen=True)
class Ack:
    ok: bool          # the channel acknowledged it (HTTP 2xx, SMTP 250)
    detail: str       # a sentence: "HTTP 200", "the server answered 503", "SMTP refused lena@example.com: 550 …"


def allowed_hosts(settings: Settings) -> list[str]:
    return [h.strip().lower() for h in settings.outgoing_hosts.split(",") if h.strip()]


def check_url(url: str, settings: Settings) -> None:
    """DeliveryRefused (a sentence) unless ``url`` may be posted to under the allow-list and address rules."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise DeliveryRefused("That is not a web address (https://…).")  # never the URL: a Slack URL is its secret
    if not any(fnmatch.fnmatchcase(host, pattern) for pattern in allowed_hosts(settings)):
        raise DeliveryRefused(f"{host} is not on the list of hosts deliveries may go to "
                              "(SUPPORTWISE_OUTGOING_HOSTS); an admin can add it.")
    addresses = _addresses(host, parts.port or (443 if parts.scheme == "https" else 80))
    private = [a for a in addresses if not a.is_global]
    if private and not settings.outgoing_allow_private:
        raise DeliveryRefused(f"{host} is a private or loopback address ({private[0]}); deliveries go only to "
                              "public addresses unless SUPPORTWISE_OUTGOING_ALLOW_PRIVATE is set.")
    if parts.scheme == "http" and not private:
        raise DeliveryRefused(f"http://{host} is not encrypted: use https:// for a public address.")


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise DeliveryRefused(f"{host} could not be found ({exc.strerror}).") from exc
    return sorted({ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}, key=str)


@lru_cache(maxsize=1)
def _tls() -> ssl.SSLContext:
    """One verifying TLS context per process: loading the CA bundle costs 25 ms, more than a delivery."""
    return ssl.create_default_context()


def post(url: str, body: bytes, headers: dict[str, str], settings: Settings) -> Ack:
    """POST once; ok only on a 2xx. A redirect is a failure (not followed); so is a timeout."""
    check_url(url, settings)
    try:
        with httpx.Client(follow_redirects=False, timeout=settings.delivery_timeout_s, verify=_tls()) as client:
            response = client.post(url, content=body, headers=headers)
    except httpx.TimeoutException:
        return Ack(False, f"no answer within {settings.delivery_timeout_s:g} s")
    except httpx.HTTPError as exc:
        return Ack(False, f"could not connect ({type(exc).__name__})")
    if response.is_success:
        return Ack(True, f"HTTP {response.status_code}")
    if response.is_redirect:
        return Ack(False, f"the server answered {response.status_code} (a redirect, not followed)")
    return Ack(False, f"the server answered {response.status_code}")
