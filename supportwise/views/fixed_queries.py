"""Fixed queries kept as .sql files in sql/queries, run with bound parameters."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from supportwise.errors import NotFound
from supportwise.platform.migrate import SQL_DIR

QUERIES_DIR = SQL_DIR / "queries"
_NAME = re.compile(r"[a-z0-9_]+")


@lru_cache(maxsize=None)
def load(name: str) -> str:
    """The text of sql/queries/<name>.sql."""
    path = QUERIES_DIR / f"{name}.sql"
    if not _NAME.fullmatch(name) or not path.is_file():
        raise NotFound(f"No fixed query named {name!r}")
    return path.read_text()


def frame(engine: Engine, name: str, params: dict[str, Any]) -> pd.DataFrame:
    """Run a fixed query read-only and return a DataFrame."""
    with engine.connect() as conn:
        with conn.begin():
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            result = conn.exec_driver_sql(load(name), params)
            return pd.DataFrame(result.fetchall(), columns=list(result.keys()))
