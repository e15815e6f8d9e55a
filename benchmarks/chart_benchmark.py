"""Chart export benchmark: ``python -m benchmarks.chart_benchmark [POINTS] [REPEATS]``.

A series of POINTS hourly values (default 10,000) with one spike, then per step the
median of REPEATS runs (default 5) after one warm-up run (the first vl-convert call of a
process starts its JavaScript engine: its time is printed apart):

- choose_chart, and build_chart with LTTB thinning to 1,000 points (to_dict included);
- PNG and SVG of the thinned chart, and the offline HTML page;
- for contrast, PNG and SVG of the same chart drawn from every point;
- the same for 4 series of POINTS each.

No database: exports' masking and audit are measured by their own benchmarks.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from typing import Callable

import numpy as np
import pandas as pd

from supportwise.charts import build as chart_build
from supportwise.charts import build_chart, choose_chart
from supportwise.charts.render import sized, to_html, to_png, to_svg


def series(points: int, names: tuple[str, ...] = ("",)) -> tuple[list[str], list[list]]:
    rng = np.random.default_rng(7)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    rows = []
    for name in names:
        values = rng.normal(8, 2, points).clip(0)
        values[points // 3] = 60.0                      # a spike LTTB must keep
        for i, value in enumerate(values):
            row = [start + dt.timedelta(hours=i), float(value)]
            rows.append(row if not name else [row[0], name, row[1]])
    columns = ["created_at", "resolution_hours"] if names == ("",) else ["created_at", "channel", "resolution_hours"]
    return columns, rows


def timed(step: Callable[[], object], repeats: int) -> tuple[float, float, object]:
    """(first run, median of the next ``repeats``) in milliseconds, and the last result."""
    started = time.perf_counter()
    result = step()
    first = (time.perf_counter() - started) * 1000
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = step()
        runs.append((time.perf_counter() - started) * 1000)
    return first, statistics.median(runs), result


def report(label: str, first: float, median: float, extra: str = "") -> None:
    print(f"  {label:<34} first {first:8.1f} ms   median {median:8.1f} ms  {extra}")


def run(points: int, repeats: int, names: tuple[str, ...]) -> None:
    columns, rows = series(points, names)
    frame = pd.DataFrame(rows, columns=columns)
    print(f"\n{len(names)} series × {points:,} points ({len(rows):,} rows)")
    first, median, plan = timed(lambda: choose_chart(columns, rows, None), repeats)
    report("choose_chart", first, median, plan.kind)
    first, median, spec = timed(lambda: sized(build_chart(frame, plan), plan.kind).to_dict(), repeats)
    report("build_chart + to_dict (LTTB)", first, median, f"{_drawn(spec):,} points drawn")
    for name, render in (("png", to_png), ("svg", to_svg)):
        first, median, data = timed(lambda render=render: render(spec), repeats)
        report(f"{name} of the thinned chart", first, median, f"{len(data) / 1024:,.0f} KiB")
    first, median, data = timed(lambda: to_html(spec, heading="benchmark"), repeats)
    report("html (offline bundle inlined)", first, median, f"{len(data) / 1024:,.0f} KiB")

    saved = chart_build.MAX_POINTS_PER_SERIES
    chart_build.thin_series.__defaults__ = (len(rows),)   # no thinning: every point drawn
    try:
        full = sized(build_chart(frame, plan), plan.kind).to_dict()
    finally:
        chart_build.thin_series.__defaults__ = (saved,)
    for name, render in (("png", to_png), ("svg", to_svg)):
        first, median, data = timed(lambda render=render: render(full), max(1, repeats // 2))
        report(f"{name} of every point (no LTTB)", first, median,
               f"{_drawn(full):,} points, {len(data) / 1024:,.0f} KiB")


def main(argv: list[str]) -> None:
    points = int(argv[0]) if argv else 10_000
    repeats = int(argv[1]) if len(argv) > 1 else 5
    started = time.perf_counter()
    to_svg(sized(build_chart(*_tiny()), "bar").to_dict())
    print(f"vl-convert warm-up (JavaScript engine start): {(time.perf_counter() - started) * 1000:,.0f} ms")
    run(points, repeats, ("",))
    run(points, repeats, ("email", "chat", "web", "api"))


def _drawn(spec: dict) -> int:
    data = spec["data"]
    return len(spec["datasets"][data["name"]] if "name" in data else data["values"])


def _tiny():
    rows = [["email", 1], ["web", 2]]
    return pd.DataFrame(rows, columns=["channel", "tickets"]), choose_chart(["channel", "tickets"], rows, None)


if __name__ == "__main__":
    main(sys.argv[1:])
