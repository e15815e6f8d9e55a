"""Step 1: exactly one statement, and it is a query (SELECT, UNION, INTERSECT, EXCEPT, WITH … SELECT)."""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from supportwise.guard.position import DIALECT, at, statement_starts
from supportwise.guard.writes import describe_write

_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # sqlglot underlines the culprit for terminals
_CLASS_NAME = re.compile(r"<class '[\w.]*?(\w+)'>")


def parse_single(sql: str) -> exp.Expression:
    """Parse sql as PostgreSQL; refuse empty input, syntax errors and stacked statements."""
    if not sql or not sql.strip():
        raise at("the SQL is empty", None, None)
    try:
        statements = sqlglot.parse(sql, dialect=DIALECT)
    except ParseError as exc:
        first = exc.errors[0] if exc.errors else {}
        description = _CLASS_NAME.sub(lambda m: m.group(1).upper(), str(first.get("description") or exc))
        raise at(f"the SQL could not be parsed: {description}", first.get("line"), first.get("col"),
                 detail=_ANSI.sub("", str(exc))) from exc
    except TokenError as exc:
        raise at(f"the SQL could not be read: {exc}", None, None, detail=str(exc)) from exc
    except ValueError as exc:
        # sqlglot's expression builders raise ValueError on some malformed input, e.g. x::y("")
        raise at(f"the SQL could not be parsed: {exc}", None, None, detail=str(exc)) from exc
    # an empty statement (';;', or a comment after the last ';', parsed as exp.Semicolon) is nothing
    real = [statement for statement in statements
            if statement is not None and not isinstance(statement, exp.Semicolon)]
    if not real:
        raise at("the SQL holds no statement, only comments or semicolons", None, None)
    if len(real) > 1:
        starts = statement_starts(sql)
        line, col = starts[1] if len(starts) > 1 else (None, None)
        raise at(f"{len(real)} statements were given; only one SELECT is allowed (the second one starts here)",
                 line, col)
    return real[0]


def query_root(root: exp.Expression, sql: str) -> exp.Query:
    """The statement must be a SELECT or a set operation of SELECTs (parentheses are unwrapped)."""
    while isinstance(root, exp.Subquery) and not root.alias and root.this is not None:
        root = root.this
    if isinstance(root, (exp.Select, exp.SetOperation)):
        return root
    starts = statement_starts(sql)
    line, col = starts[0] if starts else (None, None)
    raise at(f"{_describe(root, sql)}; only a single SELECT query is allowed", line, col)


def _describe(root: exp.Expression, sql: str) -> str:
    described = describe_write(root)
    if not described.endswith("(changes data or the session)"):
        return described
    # not a statement sqlglot models (DEALLOCATE, LISTEN … parse as odd expressions): quote it
    words = " ".join(sql.split())
    return f"'{words[:40]}{'…' if len(words) > 40 else ''}' is not a SELECT query"
