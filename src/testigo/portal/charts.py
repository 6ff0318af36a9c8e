"""Server-rendered charts (Vega-Lite → SVG with vl-convert; no network, no JavaScript)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import vl_convert as vlc


def bar_chart_svg(
    points: Sequence[tuple[str, int]],
    *,
    x_title: str,
    y_title: str,
    description: str,
    language: str = "es",
) -> str:
    """An SVG bar chart of ``points`` (category label, value). Suppressed values are left out
    by the caller; ``description`` becomes the SVG's accessible description."""
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": description,
        "width": 560,
        "height": 240,
        "data": {"values": [{"x": x, "y": y} for x, y in points]},
        "mark": {"type": "bar", "color": "#8c2d19"},
        "encoding": {
            "x": {
                "field": "x",
                "type": "ordinal",
                "title": x_title,
                "sort": None,
                "axis": {"labelAngle": 0},
            },
            "y": {"field": "y", "type": "quantitative", "title": y_title},
            "tooltip": [{"field": "x", "title": x_title}, {"field": "y", "title": y_title}],
        },
        "config": {"font": "DejaVu Sans, sans-serif", "view": {"stroke": None}},
    }
    svg = vlc.vegalite_to_svg(spec, format_locale="es-MX" if language == "es" else "en-US")
    text = escape(description)
    svg = svg.replace("<svg ", f'<svg role="img" focusable="false" aria-label="{text}" ', 1)
    head_end = svg.index(">") + 1
    return f"{svg[:head_end]}<title>{text}</title>{svg[head_end:]}"
