"""The choropleth map of Mexican and US states, as a server-rendered SVG (no JavaScript).

Boundaries come from ``geo/states.json`` (built by ``geo/build.py`` from the npm packages
``us-atlas`` and ``@svg-maps/mexico``; licences in ``geo/LICENSES.md``). Two panels in one
SVG: the United States above, Mexico below, each in its own projection as packaged.

Each state is filled by class of its published value; a suppressed value (``None``) is
hatched grey with its own legend entry — never drawn as zero — and a state with no value
recorded is left pale. Each state carries a ``<title>`` (name and value) and the SVG a
``<title>``/``<desc>``; the page also shows the data as a table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

GEO = Path(__file__).with_name("geo") / "states.json"
WIDTH = 600
COLOURS = ("#fde0c5", "#f9a77a", "#e8664a", "#b8312a", "#7a1414")  # light → dark, 5 classes
NO_DATA = "#f4f2ee"
SUPPRESSED_FILL = "url(#suppressed)"
Values = Mapping[str, int | None]


@dataclass(frozen=True)
class State:
    """A state's boundary: ISO 3166-2 ``code``, ``ref`` (FIPS or INEGI), ``name``, path ``d``."""

    code: str
    ref: str
    name: str
    d: str


@dataclass(frozen=True)
class Panel:
    """One country's states, in that panel's own coordinates (``width`` × ``height`` px)."""

    country: str
    width: float
    height: float
    states: tuple[State, ...]


@cache
def panels() -> tuple[Panel, ...]:
    """The packaged boundaries: US (51 states incl. DC) then Mexico (32 federal entities)."""
    doc = json.loads(GEO.read_text(encoding="utf-8"))
    return tuple(
        Panel(p["country"], p["width"], p["height"], tuple(State(**s) for s in p["states"]))
        for p in doc["panels"]
    )


def state_codes() -> set[str]:
    """Every state code the map draws (ISO 3166-2)."""
    return {s.code for p in panels() for s in p.states}


def breaks(values: Sequence[int], classes: int = len(COLOURS)) -> list[int]:
    """Upper bounds of up to ``classes`` classes of equal count (quantiles) over ``values``.

    Returns ascending distinct upper bounds; a value ``v`` falls in the first class whose
    bound is ``>= v``. Empty input → ``[]``.
    """
    ordered = sorted(values)
    if not ordered:
        return []
    bounds = []
    for i in range(1, classes + 1):
        bound = ordered[min(len(ordered) - 1, -(-i * len(ordered) // classes) - 1)]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def fill(value: int | None, bounds: Sequence[int], *, known: bool) -> str:
    """The fill of a state: a class colour, the hatch for suppressed, pale for no data."""
    if not known:
        return NO_DATA
    if value is None:
        return SUPPRESSED_FILL
    for index, bound in enumerate(bounds):
        if value <= bound:
            return COLOURS[index + len(COLOURS) - len(bounds)]
    return COLOURS[-1]


@dataclass(frozen=True)
class LegendText:
    """Translated texts the map shows (the caller translates them)."""

    title: str
    description: str
    suppressed: str
    no_data: str
    panel_names: Mapping[str, str]


def choropleth_svg(values: Values, text: LegendText, number: Callable[[int], str] = str) -> str:
    """An SVG map of every packaged state, filled by ``values`` (state code → published
    value, ``None`` = suppressed; missing code = nothing recorded). ``number`` formats a
    value for people (locale grouping). Returns SVG text with ``role="img"``."""
    shown = [v for v in values.values() if v is not None]
    bounds = breaks(shown)
    out: list[str] = []
    y = 0.0
    for panel in panels():
        scale = WIDTH / panel.width
        out.append(
            f'<text x="4" y="{y + 16:.0f}" class="panel">'
            f"{escape(text.panel_names.get(panel.country, panel.country))}</text>"
        )
        out.append(f'<g transform="translate(0 {y + 20:.1f}) scale({scale:.5f})" '
                   'stroke="#6b6257" stroke-width="0.6" stroke-linejoin="round">')  # fmt: skip
        for state in panel.states:
            known = state.code in values
            value = values.get(state.code)
            shown_value = (
                text.suppressed if known and value is None
                else number(value) if known else text.no_data
            )  # fmt: skip
            out.append(
                f'<path id="state-{state.code}" data-code="{state.code}" '
                f'fill="{fill(value, bounds, known=known)}" d="{state.d}">'
                f"<title>{escape(state.name)}: {escape(shown_value)}</title></path>"
            )
        out.append("</g>")
        y += 20 + panel.height * scale + 8
    legend_y = y + 6
    items: list[tuple[str, str]] = []
    low = min(shown) if shown else 0
    for index, bound in enumerate(bounds):
        colour = COLOURS[index + len(COLOURS) - len(bounds)]
        start = low if index == 0 else bounds[index - 1] + 1
        label = number(bound) if start >= bound else f"{number(start)}–{number(bound)}"
        items.append((colour, label))
    items += [(SUPPRESSED_FILL, text.suppressed), (NO_DATA, text.no_data)]
    legend = []
    for index, (colour, label) in enumerate(items):
        lx = 4 + (index % 4) * 148
        ly = legend_y + (index // 4) * 22
        legend.append(
            f'<rect x="{lx}" y="{ly:.0f}" width="16" height="14" fill="{colour}" '
            f'stroke="#6b6257" stroke-width="0.6"/>'
            f'<text x="{lx + 22}" y="{ly + 12:.0f}">{escape(label)}</text>'
        )
    height = legend_y + ((len(items) + 3) // 4) * 22 + 4
    title = escape(text.title)
    desc = escape(text.description)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'role="img" aria-labelledby="map-title map-desc" class="choropleth" '
        f'font-family="DejaVu Sans, sans-serif" font-size="12">'
        f'<title id="map-title">{title}</title><desc id="map-desc">{desc}</desc>'
        '<defs><pattern id="suppressed" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#d5d1cb"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#5a5a5a" stroke-width="2"/></pattern></defs>'
        + "".join(out)
        + "".join(legend)
        + "</svg>"
    )
