"""Conversation context in Redis: the last QuerySpec of a session, with a sliding 30-minute expiry."""

from __future__ import annotations

import redis

from supportwise.engine.spec import QuerySpec

TTL_SECONDS = 30 * 60


class SessionContext:
    """Stores one spec per (user, session); reading or writing renews the expiry."""

    def __init__(self, client: redis.Redis, ttl_s: int = TTL_SECONDS):
        self._redis = client
        self._ttl = ttl_s

    @staticmethod
    def _key(username: str, session_id: str) -> str:
        # The user is part of the key so one user's session id never reaches another user's context.
        return f"sw:ctx:{username}:{session_id}"

    def load(self, username: str, session_id: str) -> QuerySpec | None:
        key = self._key(username, session_id)
        raw = self._redis.get(key)
        if raw is None:
            return None
        self._redis.expire(key, self._ttl)
        return QuerySpec.model_validate_json(raw)

    def save(self, username: str, session_id: str, spec: QuerySpec) -> None:
        self._redis.set(self._key(username, session_id), spec.model_dump_json(), ex=self._ttl)

    def clear(self, username: str, session_id: str) -> None:
        self._redis.delete(self._key(username, session_id))
