"""The one exception tree of SupportWise.

Every error the domain raises on purpose is a ``SupportWiseError``. Each carries a
message written for the person using the app (``str(err)``) and, where useful, a
``detail`` for the "details" expander. Pages render all of them through one helper
(``ui.errors.show_error``); the CLI prints them without a traceback.
"""

from __future__ import annotations


class SupportWiseError(Exception):
    """Base class: a failure we expected and can explain."""

    def __init__(self, message: str, *, detail: str | None = None):
        super().__init__(message)
        self.detail = detail


class ConfigError(SupportWiseError):
    """A setting is missing or has a bad value."""


class ServiceUnavailable(SupportWiseError):
    """PostgreSQL, Redis or the worker cannot be reached or started."""


class MigrationError(SupportWiseError):
    """A migration file failed to apply."""


class SeedError(SupportWiseError):
    """Demo data could not be generated or loaded."""


class AuthError(SupportWiseError):
    """Login failed, or a user record is invalid."""


class PermissionDenied(SupportWiseError):
    """The user's role may not do this."""


class NotFound(SupportWiseError):
    """A named thing (user, report, job) does not exist."""


class InvalidInput(SupportWiseError):
    """A value typed by a person is not acceptable (bad date, empty name …)."""


class DeliveryRefused(InvalidInput):
    """A delivery that must not be attempted: a host off the allow-list, a private address, no signing secret."""


class QuestionError(SupportWiseError):
    """Base for answers that are not 'ok'; ``status`` is the CONTRACT status."""

    status = "error"


class Unanswerable(QuestionError):
    """The question is outside the data or not understood; nothing is guessed."""

    status = "unanswerable"

    def __init__(self, message: str, *, suggestions: list[str] | None = None, detail: str | None = None):
        super().__init__(message, detail=detail)
        self.suggestions = suggestions or []


class Rejected(QuestionError):
    """The request asks to change data, reach outside the allowed tables or bend the rules."""

    status = "rejected"


class QueryFailed(QuestionError):
    """The database refused or timed out on a question's SQL."""

    status = "error"


class ProviderError(SupportWiseError):
    """An LLM provider failed, or every provider in a chain did.

    ``reason`` is one short word from ``supportwise.llm.base.REASONS`` (timeout, auth,
    rate-limit, bad-output, server-error …). ``usage`` holds the tokens a failed call still
    spent (a reply that was not valid JSON is billed all the same); ``failures`` lists
    ``(provider, reason)`` for each provider a chain tried. Messages never carry API keys.
    """

    def __init__(self, message: str, *, provider: str, reason: str, detail: str | None = None,
                 usage: object | None = None, failures: tuple[tuple[str, str], ...] = ()):
        super().__init__(message, detail=detail)
        self.provider = provider
        self.reason = reason
        self.usage = usage
        self.failures = failures


class RateLimited(QuestionError):
    """Too many questions in a short time; the message says when to try again."""

    status = "error"


class SqlRejected(Rejected):
    """The SQL guard refused a statement; ``line``/``col`` (1-based) point at the offending spot when known."""

    def __init__(self, message: str, *, line: int | None = None, col: int | None = None, detail: str | None = None):
        super().__init__(message, detail=detail)
        self.line = line
        self.col = col


class BeyondQuerySpec(Unanswerable):
    """The LLM found no QuerySpec for a question (it said the spec cannot express it, or proposed an invalid
    one); the planner may then ask it for SQL. ``cost_usd`` is what that first call cost."""

    def __init__(self, message: str, *, provider: str, cost_usd: float, detail: str | None = None):
        super().__init__(message, detail=detail)
        self.provider = provider
        self.cost_usd = cost_usd


class ModelSqlRefused(Rejected):
    """The guard or the team scope refused SQL a language model wrote; nothing ran.

    Carries what the audit row needs: the model's SQL, the engine (``llm:<provider>``) and the LLM cost.
    """

    def __init__(self, message: str, *, sql: str, engine: str, cost_usd: float, detail: str | None = None):
        super().__init__(message, detail=detail)
        self.sql = sql
        self.engine = engine
        self.cost_usd = cost_usd

    @property
    def audit_detail(self) -> dict:
        return {"model_sql": self.sql}


class Ambiguous(Unanswerable):
    """A word of the question has several reasonable readings and nothing fixes one: the person picks.

    ``readings`` are plain dicts {word, label, question}: each reading and the question that asks it
    (also in ``suggestions``, so every caller can offer them).
    """

    def __init__(self, message: str, *, readings: list[dict], detail: str | None = None):
        super().__init__(message, suggestions=[r["question"] for r in readings], detail=detail)
        self.readings = readings
