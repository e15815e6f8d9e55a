"""Fixed queries: the pages' .sql files (``supportwise/platform/sql/queries``), run on the one read path.

``support/*.sql`` read the support tables as the reader role. Each is parsed once by sqlglot,
checked by the same guard as a compiled question (``guard.compiled.check_query``; the one
function it may use beyond the allow-list is generate_series, for a calendar of weeks) and, for
a team lead, rewritten by the same scope rewrite as every question — the files hold no team
condition of their own. What runs is the text rendered from that checked tree.

``app/*.sql`` read the app's own tables (LLM spend, the audit log) for the admins' Costs page,
as the app role. The guard's tables are the support tables, so these are not guarded; they
run read-only, with the statement timeout, like everything else.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pandas as pd
import sqlglot
from sqlalchemy import Engine
from sqlglot import exp

from supportwise.errors import NotFound
from supportwise.guard import render_sql
from supportwise.guard.compiled import check_query
from supportwise.guard.scope import SCOPE_PARAM, restrict_to_team
from supportwise.platform.database import Database
from supportwise.platform.migrate import SQL_DIR
from supportwise.platform.readonly import read_only

QUERIES_DIR = SQL_DIR / "queries"
SUPPORT, APP = "support", "app"
CALENDAR_FUNCTIONS = (exp.GenerateSeries, exp.ExplodingGenerateSeries)
DEFAULT_TIMEOUT_MS = 10_000
_NAME = re.compile(r"[a-z0-9_]+")


@lru_cache(maxsize=None)
def load(folder: str, name: str) -> str:
    """The text of sql/queries/<folder>/<name>.sql; NotFound for anything else."""
    path = QUERIES_DIR / folder / f"{name}.sql"
    if folder not in (SUPPORT, APP) or not _NAME.fullmatch(name) or not path.is_file():
        raise NotFound(f"No fixed query named {folder}/{name}")
    return path.read_text()


@lru_cache(maxsize=None)
def support_sql(name: str, *, scoped: bool) -> str:
    """The SQL that runs for support/<name>.sql: guarded, and scoped to ``%(scope_team)s`` when ``scoped``."""
    return guarded_sql(load(SUPPORT, name), scoped=scoped)


def guarded_sql(sql: str, *, scoped: bool) -> str:
    """``sql`` parsed once, guarded, scoped when ``scoped``, and rendered; Rejected when the guard refuses it."""
    tree = sqlglot.parse_one(sql, read="postgres")
    names = {node.name for node in tree.find_all(exp.Placeholder)}
    check_query(tree, dict.fromkeys(names), extra_functions=CALENDAR_FUNCTIONS)
    if scoped:  # the team is bound at run time; the rewrite only needs to know there is one
        tree = restrict_to_team(tree, "", {})
        names.add(SCOPE_PARAM)
    return render_sql(tree, names)


def support_frame(db: Database, name: str, params: dict[str, Any], *, scope_team: str | None,
                  timeout_ms: int = DEFAULT_TIMEOUT_MS, tz: str = "UTC") -> pd.DataFrame:
    """Run support/<name>.sql as the reader, within ``scope_team`` (None: every team)."""
    sql = support_sql(name, scoped=scope_team is not None)
    bound = {**params, SCOPE_PARAM: scope_team} if scope_team is not None else params
    return _frame(db.reader, sql, bound, timeout_ms, tz)


def app_frame(db: Database, name: str, params: dict[str, Any], *, timeout_ms: int = DEFAULT_TIMEOUT_MS,
              tz: str = "UTC") -> pd.DataFrame:
    """Run app/<name>.sql as the app role."""
    return _frame(db.app, load(APP, name), params, timeout_ms, tz)


def _frame(engine: Engine, sql: str, params: dict[str, Any], timeout_ms: int, tz: str) -> pd.DataFrame:
    with read_only(engine, timeout_ms=timeout_ms, tz=tz) as conn:
        result = conn.exec_driver_sql(sql, params)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))
