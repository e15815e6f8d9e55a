"""Which result columns hold personal data as a whole, judged by the column's name.

Rule (applied to the name split into lowercase words: ``requesterEmail``,
``"Requester e-mail"`` and ``requester_email`` all give ``requester email``):

1. The last word says what the value is: ``email``/``mail`` → EMAIL_ADDRESS;
   ``phone``/``mobile``/``telephone``/``cell`` (also ``phone number``) → PHONE_NUMBER;
   ``name``/``fullname``/``firstname``/``lastname``/``surname``/``username`` → PERSON.
   ``email address`` counts as ``email``.
2. A ``name`` column is about a person unless a qualifying word names a thing:
   ``organization_name``, ``product_name``, ``team_name``, ``plan_name`` … are not
   masked; ``name``, ``customer_name``, ``agent_name``, ``first_name`` are.
3. A column named only for a person's role — ``customer``, ``requester``, ``assignee``,
   ``agent``, ``author``, ``contact``, ``person`` — holds that person's name (the
   semantic layer's "by agent" breakdown is such a column).
4. Anything else (``email_count``, ``agent_id``, ``phone_tickets``) is an ordinary
   column; its text cells are still scanned by the analyzer.

Wholly masked columns become the placeholder in every cell except NULL and booleans
(``has_phone`` → true/false tells nothing).
"""

from __future__ import annotations

import re

EMAIL_WORDS = frozenset({"email", "mail", "emailaddress"})
PHONE_WORDS = frozenset({"phone", "mobile", "telephone", "cell", "cellphone", "tel", "phonenumber"})
NAME_WORDS = frozenset({"name", "fullname", "firstname", "lastname", "givenname", "familyname", "surname",
                        "username", "displayname"})
PERSON_ROLES = frozenset({"customer", "requester", "assignee", "agent", "author", "contact", "person",
                          "submitter", "reporter", "owner", "user"})
# "<thing> name" is not a person's name.
THING_WORDS = frozenset({
    "organization", "organisation", "org", "company", "account", "product", "feature", "release", "team",
    "plan", "report", "area", "file", "table", "column", "schema", "database", "db", "queue", "tag", "label",
    "status", "priority", "channel", "region", "country", "city", "state", "department", "dept", "role",
    "category", "type", "model", "provider", "engine", "event", "metric", "page", "day", "month", "weekday",
    "stage", "source", "brand", "project", "workspace", "group", "integration", "app", "browser", "device",
    "domain", "host", "server", "job", "schedule", "task", "theme", "story", "period", "dimension", "field",
    "key", "index", "setting", "template", "sla", "macro", "view", "dashboard", "chart", "step", "version",
})
SQL_WORDS = frozenset({"sql"})

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^a-z0-9]+")


def column_words(column: object) -> list[str]:
    """Lowercase words of a column name: "requesterEmail" -> ["requester", "email"]."""
    text = _CAMEL.sub(" ", str(column)) if column is not None else ""
    return [w for w in _SPLIT.split(text.lower()) if w]


def pii_column_type(column: object) -> str | None:
    """The entity type a whole column holds ("PERSON", …), or None for an ordinary column."""
    words = column_words(column)
    if not words:
        return None
    # "email address", "phone number": the last word is generic, the one before decides
    if len(words) >= 2 and words[-1] in ("address", "number", "addr", "no", "num"):
        if words[-2] in EMAIL_WORDS or words[-2] in ("e",):
            return "EMAIL_ADDRESS"
        if words[-2] in PHONE_WORDS:
            return "PHONE_NUMBER"
        return None
    last = words[-1]
    if last in EMAIL_WORDS or (last == "mail" and words[-2:-1] == ["e"]):
        return "EMAIL_ADDRESS"
    if last in PHONE_WORDS:
        return "PHONE_NUMBER"
    if last in NAME_WORDS:
        if last == "name" and any(w in THING_WORDS for w in words[:-1]):
            return None
        return "PERSON"
    if len(words) == 1 and last in PERSON_ROLES:
        return "PERSON"
    return None


def is_sql_column(column: object) -> bool:
    """Columns holding SQL text: only their string literals are masked (see masker.mask_sql)."""
    words = column_words(column)
    return bool(words) and words[-1] in SQL_WORDS
