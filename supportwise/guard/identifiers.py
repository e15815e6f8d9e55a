"""Identifiers as PostgreSQL sees them: unquoted names fold to lower case, quoted ones do not."""

from __future__ import annotations

import string

from sqlglot import exp

# PostgreSQL folds only ASCII letters in unquoted names; str.lower() would also fold e.g. the
# Kelvin sign (U+212A) to "k" and make a look-alike match an allowed name.
_ASCII_FOLD = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def fold(identifier: exp.Expression | str | None) -> str | None:
    """The name PostgreSQL resolves: 'Tickets' → 'tickets', '"Tickets"' → 'Tickets'."""
    if identifier is None:
        return None
    if isinstance(identifier, str):
        return identifier.translate(_ASCII_FOLD)
    # sqlglot leaves odd parts behind on broken input ('FROM ..t' gives a str, not an Identifier)
    name = identifier.this if isinstance(identifier, exp.Identifier) else identifier.name
    name = name if isinstance(name, str) else ""
    if isinstance(identifier, exp.Identifier) and identifier.quoted:
        return name
    return name.translate(_ASCII_FOLD)


def display(identifier: exp.Expression | str | None) -> str:
    """The identifier as written, quotes included, for messages."""
    if identifier is None:
        return ""
    if isinstance(identifier, str):
        return identifier
    return identifier.sql(dialect="postgres")
