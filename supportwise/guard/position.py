"""Where in the SQL text a node came from, for messages that say WHERE something was refused."""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import TokenError
from sqlglot.tokens import Token, TokenType

from supportwise.errors import SqlRejected

DIALECT = "postgres"


def line_col(sql: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset."""
    line = sql.count("\n", 0, offset) + 1
    col = offset - (sql.rfind("\n", 0, offset) + 1) + 1
    return line, col


def locate(node: exp.Expression, sql: str, keyword: str | None = None) -> tuple[int | None, int | None]:
    """(line, column) where node starts: its earliest token sqlglot kept a position for.

    sqlglot keeps positions for names and literals, not keywords; with keyword (e.g. "DELETE")
    the position moves back to the last such keyword token before that name.
    """
    starts = [candidate.meta["start"] for candidate in node.walk()
              if candidate.meta and isinstance(candidate.meta.get("start"), int)]
    start = min(starts) if starts else None
    if keyword is not None:
        start = _keyword_before(sql, keyword, start)
    if start is None or not 0 <= start <= len(sql):
        return None, None
    return line_col(sql, start)


def _keyword_before(sql: str, keyword: str, limit: int | None) -> int | None:
    """Offset of the last token spelled keyword before limit (the first one when limit is None)."""
    found = None
    for token in _tokens(sql):
        if limit is not None and token.start > limit:
            break
        if token.text.upper() == keyword:
            found = token.start
            if limit is None:
                break
    return found if found is not None else limit


def _tokens(sql: str) -> list[Token]:
    try:
        return Dialect.get_or_raise(DIALECT).tokenize(sql)
    except TokenError:
        return []


def statement_starts(sql: str) -> list[tuple[int, int]]:
    """(line, column) of the first token of each non-empty statement in sql."""
    starts, expecting = [], True
    for token in _tokens(sql):
        if token.token_type == TokenType.SEMICOLON:
            expecting = True
        elif expecting:
            starts.append(line_col(sql, token.start))
            expecting = False
    return starts


def source_text(node: exp.Expression, sql: str) -> str | None:
    """The token as written (e.g. a function name before sqlglot renamed it), when known."""
    meta = node.meta or {}
    start, end = meta.get("start"), meta.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end < len(sql):
        return sql[start:end + 1]
    return None


def rejection(what: str, node: exp.Expression | None, sql: str, *, detail: str | None = None,
              keyword: str | None = None) -> SqlRejected:
    """A SqlRejected saying what was refused and, when known, where."""
    line, col = locate(node, sql, keyword) if node is not None else (None, None)
    return at(what, line, col, detail=detail)


def at(what: str, line: int | None, col: int | None, *, detail: str | None = None) -> SqlRejected:
    where = f" (line {line}, column {col})" if line is not None and col is not None else ""
    return SqlRejected(f"Refused: {what}{where}.", line=line, col=col, detail=detail)
