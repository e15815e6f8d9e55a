"""A built chart as a file: PNG, SVG, or an interactive HTML page that works offline.

vl-convert renders Vega-Lite in-process (no browser, no network: ``allowed_base_urls=[]``
forbids loading anything). The HTML page inlines the Vega, Vega-Lite and vega-embed
bundle that vl-convert ships (~0.9 MB), so it opens without internet access.
"""

from __future__ import annotations

import functools
import html
import json
from typing import Any

import altair as alt
import vl_convert as vlc

EXPORT_WIDTH = 640       # a page-wide image; the app itself stretches charts to its column
PNG_SCALE = 2            # sharp on high-density screens and in slides
_EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}


def sized(chart: alt.TopLevelMixin, kind: str) -> alt.TopLevelMixin:
    """The chart at export width (a pie and a single number keep their own square size)."""
    return chart if kind in ("pie", "number") else chart.properties(width=EXPORT_WIDTH)


def to_png(spec: dict[str, Any]) -> bytes:
    return vlc.vegalite_to_png(spec, scale=PNG_SCALE, allowed_base_urls=[])


def to_svg(spec: dict[str, Any]) -> bytes:
    """SVG with a <title>, a <desc> and role="img" with an aria-label: the text alternative travels with the file."""
    svg = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
    title, text = _title_text(spec), spec.get("description") or ""
    head_end = svg.index(">", svg.index("<svg")) + 1
    opening = svg[:head_end - 1] + f' role="img" aria-label="{html.escape(text, quote=True)}">'
    inner = f"<title>{html.escape(title)}</title><desc>{html.escape(text)}</desc>"
    return (opening + inner + svg[head_end:]).encode("utf-8")


@functools.cache
def _javascript_bundle() -> str:
    return vlc.javascript_bundle()


def to_html(spec: dict[str, Any], *, heading: str, caption: str | None = None) -> bytes:
    """A standalone page: the chart (interactive, tooltips), its title, caption and text alternative."""
    text = spec.get("description") or ""
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(heading)}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;color:#222}} .alt{{color:#555;max-width:48rem}}</style>
<script>{_javascript_bundle()}</script>
</head>
<body>
<main>
<h1>{html.escape(heading)}</h1>
{f'<p>{html.escape(caption)}</p>' if caption else ''}
<figure>
<div id="chart" role="img" aria-label="{html.escape(text, quote=True)}"></div>
<figcaption class="alt">{html.escape(text)}</figcaption>
</figure>
</main>
<script>
vegaEmbed("#chart", {_script_json(spec)}, {_script_json(_EMBED_OPTIONS)}).catch(console.error);
</script>
</body>
</html>
"""
    return page.encode("utf-8")


def _script_json(value: Any) -> str:
    """JSON safe inside <script>: no '</script>' or '<!--' can come out of a data value."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _title_text(spec: dict[str, Any]) -> str:
    title = spec.get("title") or ""
    return title.get("text", "") if isinstance(title, dict) else str(title)
