"""Export an answer as a file: CSV, XLSX, JSON, Parquet, or its chart as PNG, SVG or offline HTML.

``export_answer`` runs three steps, each testable alone:

1. **mask** — the rows go out as this principal may see them. For a role without PII access
   the answer always goes through ``supportwise.pii.apply.mask_answer``, even when the
   caller already masked it (the Ask page does): masking is idempotent — placeholders such
   as ``<PERSON>`` are left as they are by a second pass, so the cost of masking twice is
   one pass over strings the masker has cached, and forgetting to mask cannot leak.
   Admins (``sees_pii``) get the answer as it is.
2. **write** — one writer per format; every row is written, never the thinned points a
   long chart is drawn with.
3. **audit** — one ``export`` row per file handed out, with format, file name and size.

>>> FORMATS["parquet"].mime
'application/vnd.apache.parquet'
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable

import pandas as pd

from supportwise.charts import ChartPlan, build_chart, choose_chart
from supportwise.charts.frame import unique_columns
from supportwise.charts.render import sized, to_html, to_png, to_svg
from supportwise.errors import InvalidInput
from supportwise.pii.apply import mask_answer
from supportwise.pii.masker import build_masker
from supportwise.questions.answer import Answer, json_value
from supportwise.records import audit
from supportwise.records.roles import Principal

if TYPE_CHECKING:
    from supportwise.platform.database import Database


@dataclass(frozen=True)
class Format:
    mime: str
    extension: str
    chart: bool          # an image or page of the chart, rather than the rows


FORMATS: dict[str, Format] = {
    "csv": Format("text/csv", "csv", False),
    "xlsx": Format("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", False),
    "json": Format("application/json", "json", False),
    "parquet": Format("application/vnd.apache.parquet", "parquet", False),
    "png": Format("image/png", "png", True),
    "svg": Format("image/svg+xml", "svg", True),
    "html": Format("text/html", "html", True),
}
SHEET = "Answer"
EXCEL_CELL_CHARS = 32_767   # Excel's limit; a longer cell makes it "repair" the workbook
MAX_SLUG = 60
# Spreadsheet apps run a cell that starts with one of these as a formula (OWASP "CSV injection");
# ticket subjects and comments are typed by customers.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 (and so XLSX) cannot hold; openpyxl refuses them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Export:
    filename: str
    mime: str
    data: bytes


def export_answer(answer: Answer, fmt: str, *, principal: Principal, db: Database, plan: ChartPlan | None = None,
                  kind: str | None = None, client: dict | None = None, now: dt.datetime | None = None) -> Export:
    """The answer as a file in ``fmt`` (see FORMATS), masked for ``principal``, with its audit row.

    ``plan``/``kind`` pick the chart for png, svg and html (default: ``choose_chart`` on the
    rows, drawn as its first choice). Raises InvalidInput for an unknown format, an answer
    that is not ok, or a chart format for a result that has no chart.
    """
    fmt = (fmt or "").strip().lower()
    if fmt not in FORMATS:
        raise InvalidInput(f"Cannot export as {fmt or 'nothing'!r}; choose one of: {', '.join(FORMATS)}.")
    if answer.status != "ok":
        raise InvalidInput("Only an answered question can be exported; this one was "
                           f"{answer.status}{': ' + answer.reason if answer.reason else ''}.")
    shown = masked_for(answer, principal, db)
    now = now or dt.datetime.now(dt.timezone.utc)
    spec = FORMATS[fmt]
    data = _chart_file(shown, fmt, plan, kind) if spec.chart else _WRITERS[fmt](shown, now)
    filename = export_filename(answer.question, now.date(), spec.extension)
    audit.record(db.app, principal, "export", question=answer.question, sql=shown.sql, row_count=len(shown.rows),
                 status="ok", client=client, detail={"format": fmt, "filename": filename, "bytes": len(data)})
    return Export(filename, spec.mime, data)


def answer_file(answer: Answer, fmt: str, *, now: dt.datetime | None = None) -> bytes:
    """The bytes of ``fmt`` for an answer already masked for its reader (a scheduled delivery); no audit row."""
    spec = FORMATS[fmt]
    now = now or dt.datetime.now(dt.timezone.utc)
    return _chart_file(answer, fmt, None, None) if spec.chart else _WRITERS[fmt](answer, now)


def chart_png(answer: Answer) -> bytes | None:
    """The answer's chart as PNG, or None when it is a table or has no rows."""
    try:
        return answer_file(answer, "png")
    except InvalidInput:
        return None


def masked_for(answer: Answer, principal: Principal | None, db: Database) -> Answer:
    """The answer as ``principal`` may see it (idempotent: safe on an answer masked before)."""
    if principal is not None and principal.sees_pii:
        return answer
    return mask_answer(answer, principal, build_masker(db.reader))


def export_filename(question: str, day: dt.date, extension: str) -> str:
    """'tickets-by-channel-last-week-2026-11-23.csv': the question as a slug, the date, the extension."""
    text = unicodedata.normalize("NFKD", question or "").encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:MAX_SLUG].rstrip("-") or "answer"
    return f"{slug}-{day.isoformat()}.{extension}"


# --- the rows as a typed frame -----------------------------------------------------------
def table_frame(columns: list[Any], rows: list[list[Any]]) -> pd.DataFrame:
    """Rows with real column types: integers, floats (Decimal, durations in hours), dates, UTC
    timestamps, booleans, text. Nested values (arrays, jsonb) become JSON text."""
    names = unique_columns(columns)
    return pd.DataFrame({name: _typed([r[i] if i < len(r) else None for r in rows])
                         for i, name in enumerate(names)}, columns=names)


def _typed(values: list[Any]) -> pd.Series:
    present = [v for v in values if v is not None]
    if not present:
        return pd.Series(values, dtype=object)
    if all(isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="boolean")
    if all(_integral(v) for v in present):
        return pd.Series([None if v is None else int(v) for v in values], dtype="Int64")
    if all(isinstance(v, (int, float, Decimal, dt.timedelta)) and not isinstance(v, bool) for v in present):
        return pd.Series([_float(v) for v in values], dtype="float64")
    if all(isinstance(v, dt.datetime) for v in present):
        aware = [v for v in present if v.tzinfo is not None]
        if aware and len(aware) == len(present):
            return pd.Series(pd.to_datetime([v for v in values], utc=True))
        if not aware:
            return pd.Series(pd.to_datetime(values))
    if all(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in present):
        return pd.Series(values, dtype=object)       # python dates: Parquet date32, Excel dates, ISO text
    return pd.Series([v if v is None or isinstance(v, str) else _text(v) for v in values], dtype=object)


def _integral(value: Any) -> bool:
    """An integer that fits a 64-bit column (larger ones are kept as floats)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return False
    if isinstance(value, Decimal) and not (value.is_finite() and value == value.to_integral_value()):
        return False
    return -2**63 <= int(value) < 2**63


def _float(value: Any) -> float | None:
    if value is None:
        return None
    return value.total_seconds() / 3600 if isinstance(value, dt.timedelta) else float(value)


def _text(value: Any) -> str:
    plain = json_value(value)
    return plain if isinstance(plain, str) else json.dumps(plain, ensure_ascii=False, default=str)


# --- writers -----------------------------------------------------------------------------
def _csv(answer: Answer, now: dt.datetime) -> bytes:
    frame = table_frame(answer.columns, answer.rows)
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            frame[name] = column.map(lambda t: None if pd.isna(t) else t.isoformat())
        elif column.dtype == object:
            frame[name] = column.map(_defuse_formula)
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def _defuse_formula(value: Any) -> Any:
    """A leading apostrophe keeps a spreadsheet from running text as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _xlsx(answer: Answer, now: dt.datetime) -> bytes:
    frame = table_frame(answer.columns, answer.rows)
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            frame[name] = column.dt.tz_convert("UTC").dt.tz_localize(None)   # Excel has no time zones: UTC
        elif isinstance(column.dtype, pd.BooleanDtype):
            frame[name] = column.astype(object).where(column.notna(), None)  # TRUE/FALSE cells, not 1.0
        elif column.dtype == object:
            frame[name] = column.map(_excel_text)
    about = pd.DataFrame({"": ["Question", "Interpretation", "SQL", "Generated at (UTC)", "Rows", "Times"],
                          " ": [answer.question, answer.interpretation, answer.sql,
                                now.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"), len(frame), "UTC"]})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=SHEET, index=False)
        about.to_excel(writer, sheet_name="About", index=False, header=False)
        for sheet in writer.sheets.values():
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":     # text that looks like a formula stays text
                        cell.data_type = "s"
    return buffer.getvalue()


def _excel_text(value: Any) -> Any:
    """Text a workbook can hold: no XML-illegal control characters, at most Excel's 32,767 per cell."""
    if not isinstance(value, str):
        return value
    value = _XML_ILLEGAL.sub("\ufffd", value)
    return value if len(value) <= EXCEL_CELL_CHARS else value[:EXCEL_CELL_CHARS - 1] + "…"


def _json(answer: Answer, now: dt.datetime) -> bytes:
    names = unique_columns(answer.columns)
    document = {
        "question": answer.question,
        "interpretation": answer.interpretation,
        "sql": answer.sql,
        "generated_at": now.astimezone(dt.timezone.utc).isoformat(),
        "engine": answer.engine,
        "columns": names,
        "row_count": len(answer.rows),
        "records": [dict(zip(names, (_json_cell(v) for v in row))) for row in answer.rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False).encode("utf-8")


def _parquet(answer: Answer, now: dt.datetime) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(table_frame(answer.columns, answer.rows), preserve_index=False)
    about = {"question": answer.question, "interpretation": answer.interpretation, "sql": answer.sql,
             "generated_at": now.astimezone(dt.timezone.utc).isoformat()}
    table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                           b"supportwise": json.dumps(about, ensure_ascii=False).encode()})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def _json_cell(value: Any) -> Any:
    plain = json_value(value)
    return None if isinstance(plain, float) and not math.isfinite(plain) else plain   # NaN is not JSON


_WRITERS: dict[str, Callable[[Answer, dt.datetime], bytes]] = {
    "csv": _csv, "xlsx": _xlsx, "json": _json, "parquet": _parquet}


def _chart_file(answer: Answer, fmt: str, plan: ChartPlan | None, kind: str | None) -> bytes:
    plan = plan or choose_chart(answer.columns, answer.rows, answer.chart)
    kind = kind or plan.kind
    if kind == "table" or not answer.rows:
        raise InvalidInput("This answer is a table with no chart to draw; export it as CSV, XLSX, JSON or Parquet.")
    frame = pd.DataFrame([list(r) for r in answer.rows], columns=unique_columns(answer.columns))
    spec = sized(build_chart(frame, plan, kind), kind).to_dict()
    if fmt == "png":
        return to_png(spec)
    if fmt == "svg":
        return to_svg(spec)
    return to_html(spec, heading=answer.question, caption=answer.interpretation)
