"""Build ``states.json`` (the dashboard's state boundaries) from two npm packages, once.

Run by hand when a package version changes (not at run time; nothing is downloaded)::

    cd "$(mktemp -d)" && npm pack us-atlas@3.0.1 @svg-maps/mexico@2.0.0
    for f in *.tgz; do mkdir "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
    python -m testigo.portal.geo.build --us-atlas us-atlas-3.0.1/package \\
        --mexico svg-maps-mexico-2.0.0/package

Sources (see ``LICENSES.md`` beside this file):

* US states: ``us-atlas`` 3.0.1, ``states-albers-10m.json`` — TopoJSON already projected
  (Albers USA, 975 × 610 px) from the US Census Bureau's cartographic boundaries; ISC licence.
  Arcs are decoded here (delta-encoded, quantised) into SVG path data.
* Mexican states: ``@svg-maps/mexico`` 2.0.0 (from MapSVG), SVG paths, 793 × 498 px;
  CC BY 4.0. Path ids are ISO 3166-2:MX subdivision codes in lower case.

Output: ``{"sources": [...], "panels": [{"country", "width", "height", "states": [{"code"
(ISO 3166-2), "ref" (FIPS or INEGI CVE_ENT), "name", "d"}]}]}``; coordinates rounded to
0.1 px (the simplification), relative path commands.
"""

from __future__ import annotations

import argparse
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pycountry

OUT = Path(__file__).with_name("states.json")

# ISO 3166-2:MX → INEGI Marco Geoestadístico CVE_ENT.
INEGI = {
    "AGU": "01", "BCN": "02", "BCS": "03", "CAM": "04", "COA": "05", "COL": "06",
    "CHP": "07", "CHH": "08", "CMX": "09", "DUR": "10", "GUA": "11", "GRO": "12",
    "HID": "13", "JAL": "14", "MEX": "15", "MIC": "16", "MOR": "17", "NAY": "18",
    "NLE": "19", "OAX": "20", "PUE": "21", "QUE": "22", "ROO": "23", "SLP": "24",
    "SIN": "25", "SON": "26", "TAB": "27", "TAM": "28", "TLA": "29", "VER": "30",
    "YUC": "31", "ZAC": "32",
}  # fmt: skip


def _num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topology["transform"]["scale"]
    move_x, move_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        rounded = [(round(x, 1), round(y, 1)) for x, y in ring]
        kept = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
        if len(kept) < 3:
            continue
        x0, y0 = kept[0]
        moves = [f"M{_num(x0)} {_num(y0)}l"]
        px, py = x0, y0
        steps = []
        for x, y in kept[1:]:
            steps.append(f"{_num(x - px)} {_num(y - py)}")
            px, py = x, y
        parts.append(moves[0] + " ".join(steps) + "z")
    return "".join(parts)


def us_states(folder: Path) -> dict:
    """The 50 states and DC from us-atlas's ``states-albers-10m.json``."""
    topology = json.loads((folder / "states-albers-10m.json").read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    states = []
    for geometry in topology["objects"]["states"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        name = geometry["properties"]["name"]
        subdivision = next(
            s for s in pycountry.subdivisions.get(country_code="US") if s.name == name
        )
        states.append(
            {"code": subdivision.code, "ref": geometry["id"], "name": name, "d": _path(rings)}
        )
    states.sort(key=lambda s: s["code"])
    return {"country": "US", "width": 975, "height": 610, "states": states}


def _svg_path_compact(d: str) -> str:
    return re.sub(r"(\d+\.\d)\d+", r"\1", " ".join(d.split()))


def mexican_states(folder: Path) -> dict:
    """The 32 federal entities from @svg-maps/mexico's ``mexico.svg``."""
    root = ET.parse(folder / "mexico.svg").getroot()  # noqa: S314  (a packaged file, by hand)
    _x, _y, width, height = (float(v) for v in root.attrib["viewBox"].split())
    states = []
    for element in root.iter("{http://www.w3.org/2000/svg}path"):
        iso = element.attrib["id"].upper()
        states.append(
            {
                "code": f"MX-{iso}",
                "ref": INEGI[iso],
                "name": element.attrib["aria-label"],
                "d": _svg_path_compact(element.attrib["d"]),
            }
        )
    states.sort(key=lambda s: s["code"])
    return {"country": "MX", "width": width, "height": height, "states": states}


def build(us_atlas: Path, mexico: Path, out: Path = OUT) -> Path:
    """Write ``out`` from the two unpacked packages; returns ``out``."""
    us_version = json.loads((us_atlas / "package.json").read_text())["version"]
    mx_version = json.loads((mexico / "package.json").read_text())["version"]
    doc = {
        "sources": [
            {"package": "us-atlas", "version": us_version, "licence": "ISC",
             "file": "states-albers-10m.json", "origin": "US Census Bureau boundaries"},
            {"package": "@svg-maps/mexico", "version": mx_version, "licence": "CC-BY-4.0",
             "file": "mexico.svg", "origin": "MapSVG (mapsvg.com), by Victor Cazanave"},
        ],
        "panels": [us_states(us_atlas), mexican_states(mexico)],
    }  # fmt: skip
    out.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return out


def main() -> None:
    """Command-line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--us-atlas", type=Path, required=True)
    parser.add_argument("--mexico", type=Path, required=True)
    args = parser.parse_args()
    print(build(args.us_atlas, args.mexico))


if __name__ == "__main__":
    main()
