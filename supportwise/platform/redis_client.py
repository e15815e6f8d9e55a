"""Redis: the configured server, or the embedded one under the data folder."""

from __future__ import annotations

import redis

from supportwise.errors import ServiceUnavailable
from supportwise.platform import embedded
from supportwise.platform.settings import Settings


def redis_url(settings: Settings) -> str:
    """REDIS_URL, or the embedded server's unix:// URL (started on first use)."""
    return settings.redis_url or embedded.ensure_redis(settings.data_dir)


def connect(settings: Settings) -> redis.Redis:
    """A client for the configured Redis; ServiceUnavailable if it does not answer."""
    url = redis_url(settings)
    client = redis.Redis.from_url(url, socket_connect_timeout=5)
    try:
        client.ping()
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        raise ServiceUnavailable("Cannot reach Redis", detail=f"{url}: {exc}") from exc
    return client
