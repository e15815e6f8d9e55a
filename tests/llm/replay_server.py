"""A local HTTP server that replays recorded vendor responses and records what the SDKs sent.

The real SDK clients are pointed at it through their ``base_url``; nothing leaves 127.0.0.1.
Responses are queued with ``reply``; the last one repeats. Recordings live in
``tests/llm/recordings/<vendor>/<name>.json`` in each vendor's wire format.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RECORDINGS = Path(__file__).parent / "recordings"


def recording(name: str) -> Any:
    """A recorded response body, parsed (``recording("anthropic/messages_tool_use")``)."""
    return json.loads((RECORDINGS / f"{name}.json").read_text())


@dataclass(frozen=True)
class Canned:
    status: int
    body: bytes
    delay_s: float = 0.0


@dataclass(frozen=True)
class SeenRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any

    def header(self, name: str) -> str | None:
        return {k.lower(): v for k, v in self.headers.items()}.get(name.lower())


@dataclass
class ReplayServer:
    queue: list[Canned] = field(default_factory=list)
    requests: list[SeenRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # a slow reply still sleeping must not hold up the test
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def reply(self, status: int, body: Any, *, delay_s: float = 0.0) -> "ReplayServer":
        """Queue a response: a recording name (str), or a dict/list body to send as JSON."""
        payload = recording(body) if isinstance(body, str) else body
        return self.reply_raw(status, json.dumps(payload).encode(), delay_s=delay_s)

    def reply_raw(self, status: int, body: bytes, *, delay_s: float = 0.0) -> "ReplayServer":
        """Queue a response body sent exactly as given (for replies that are not what a vendor sends)."""
        self.queue.append(Canned(status, body, delay_s))
        return self

    def next_canned(self) -> Canned:
        with self._lock:
            if not self.queue:
                return Canned(599, b'{"error": "nothing queued in ReplayServer"}')
            return self.queue.pop(0) if len(self.queue) > 1 else self.queue[0]

    def seen(self, request: SeenRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def __enter__(self) -> "ReplayServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler_for(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            server.seen(SeenRequest("POST", self.path, dict(self.headers.items()), json.loads(raw or b"null")))
            canned = server.next_canned()
            time.sleep(canned.delay_s)
            try:
                self.send_response(canned.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(canned.body)))
                self.end_headers()
                self.wfile.write(canned.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and hung up: that is what the slow reply is for

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (signature of the base class)
            pass

    return Handler
