"""Answer rows as a pandas frame ready to draw, and what kind of values each column holds.

PostgreSQL numerics arrive as ``Decimal`` and durations as ``timedelta``; a chart wants
floats (hours for durations, as everywhere in the answer). Dates and timestamps become
UTC pandas timestamps.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pandas as pd

TEMPORAL, NUMERIC, CATEGORY, OTHER = "temporal", "numeric", "category", "other"
NO_VALUE = "(none)"  # how a NULL category is drawn

# Engine time grains (engine/spec.py TIME_GRAINS) that are calendar dates; hour_of_day and
# day_of_week are cyclic categories, not points in time.
TIME_NAMES = frozenset({"day", "week", "month", "quarter", "year_start", "date", "period_start"})
# Numbers that name a thing or a slot rather than measure one.
ORDINAL_NUMBER_NAMES = frozenset({"hour_of_day", "year", "id", "iso_week", "week_number"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


def unique_columns(columns: Sequence[Any]) -> list[str]:
    """Column names made unique ('name', 'name_2'): raw SQL may select two columns called 'name'."""
    seen: dict[str, int] = {}
    out = []
    for column in columns:
        name = str(column)
        if name in seen:
            seen[name] += 1
            candidate = f"{name}_{seen[name]}"
            while candidate in seen:
                seen[name] += 1
                candidate = f"{name}_{seen[name]}"
            name = candidate
        seen[name] = 1
        out.append(name)
    return out


def value_kind(column: str, values: Sequence[Any]) -> str:
    """TEMPORAL, NUMERIC, CATEGORY or OTHER (lists, dicts: not drawable), from the non-null values."""
    present = [v for v in values if v is not None]
    if not present:
        return CATEGORY
    if all(isinstance(v, (dt.date, dt.datetime)) for v in present):
        return TEMPORAL
    if all(isinstance(v, (int, float, Decimal, dt.timedelta)) and not isinstance(v, bool) for v in present):
        return CATEGORY if _names_a_slot(column) else NUMERIC
    if all(isinstance(v, str) for v in present):
        # dates that went through JSON: only when the name says it is a date
        if _names_a_date(column) and all(_ISO_DATE.match(v) for v in present):
            return TEMPORAL
        return CATEGORY
    if all(isinstance(v, (str, bool, int, Decimal, float, dt.time)) for v in present):
        return CATEGORY
    return OTHER


def _names_a_slot(column: str) -> bool:
    name = str(column).lower()
    return name in ORDINAL_NUMBER_NAMES or name.endswith("_id")


def _names_a_date(column: str) -> bool:
    name = str(column).lower()
    return name in TIME_NAMES or name.endswith(("_at", "_date", "_day", "_week", "_month"))


def to_number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 3600
    return float(value)


def chart_frame(columns: Sequence[Any], rows: Sequence[Sequence[Any]],
                kinds: dict[str, str] | None = None) -> pd.DataFrame:
    """A frame of the rows: numbers as float64, dates as UTC timestamps, categories as text."""
    names = unique_columns(columns)
    frame = pd.DataFrame([list(r) for r in rows], columns=names, dtype=object) if rows else \
        pd.DataFrame({n: pd.Series(dtype=object) for n in names})
    kinds = kinds or {n: value_kind(n, frame[n].tolist()) for n in names}
    for name in names:
        kind = kinds.get(name, CATEGORY)
        if kind == NUMERIC:
            frame[name] = pd.Series([to_number(v) for v in frame[name]], index=frame.index, dtype="float64")
        elif kind == TEMPORAL:
            frame[name] = utc_timestamps(frame[name])
        else:
            frame[name] = frame[name].map(lambda v: NO_VALUE if v is None else str(v)).astype(object)
    return frame


def utc_timestamps(values: pd.Series) -> pd.Series:
    """Dates, datetimes (naive ones read as UTC) or ISO strings as UTC pandas timestamps."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.tz_localize("UTC") if values.dt.tz is None else values.dt.tz_convert("UTC")
    present = values.dropna()
    if len(present) and isinstance(present.iloc[0], str):
        return pd.to_datetime(values, utc=True, format="ISO8601")
    if len(present) and not isinstance(present.iloc[0], dt.datetime):   # dates: midnight UTC
        return pd.to_datetime(values.map(lambda v: None if v is None else v.isoformat()), utc=True, format="ISO8601")
    return pd.to_datetime(values, utc=True)
