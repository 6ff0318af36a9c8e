"""Sources side by side: Arizona border deaths from IOM MMP and from Arizona OpenGIS.

The real files are imported once for the module; both series are recomputed here from the
raw files (csv, openpyxl) and compared with what the gate publishes.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from django.db import transaction

from testigo.imports.services import import_run_start
from testigo.statistics.comparison import (
    ARIZONA_OUTLINE,
    arizona_border_deaths,
    point_in_polygon,
    state_from_coordinates,
)

pytestmark = pytest.mark.django_db

US_MEXICO = "US-Mexico border crossing"


@pytest.fixture(scope="module")
def ogis_csv(shared_data: Path) -> Path:
    return (
        shared_data
        / "arizona_ogis_deceased_migrants"
        / "humane_borders_ogis_deceased_migrants_thru_2022-03.csv"
    )


@pytest.fixture(scope="module")
def census_arizona(shared_data: Path) -> list[tuple[float, float]]:
    """Arizona's outer ring from the Census-derived US states file (tests only)."""
    data = json.loads((shared_data / "geo_mexico_us" / "us_states_51_fips.geojson").read_text())
    feature = next(f for f in data["features"] if f["properties"]["name"] == "Arizona")
    assert feature["geometry"]["type"] == "Polygon"
    return [(float(x), float(y)) for x, y in feature["geometry"]["coordinates"][0]]


def _inside(lon: float, lat: float, ring: list[tuple[float, float]]) -> bool:
    """Even-odd ray casting, written here independently of the module under test."""
    hits = 0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            hits += 1
    return hits % 2 == 1


@pytest.fixture(scope="module")
def mmp_points(mmp_2025: Path) -> list[tuple[int | None, float, float, int]]:
    """(incident year, lat, lon, dead) of US–Mexico incidents with coordinates (openpyxl)."""
    workbook = openpyxl.load_workbook(mmp_2025, read_only=True)
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = next(rows)
    col = {name: header.index(name) for name in header}
    points = []
    for row in rows:
        if (row[col["Migration Route"]] or "").split(",")[0].strip() != US_MEXICO:
            continue
        coordinates = row[col["Coordinates"]]
        if not coordinates:
            continue
        lat, lon = (float(v) for v in str(coordinates).split(","))
        year = row[col["Incident Year"]]
        points.append((int(year) if year else None, lat, lon, int(row[col["Number of Dead"]] or 0)))
    workbook.close()
    return points


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, mmp_2025: Path, ogis_csv: Path):
    """Both real files imported once for this module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        import_run_start(actor=None, source_kind="mmp", path=mmp_2025)
        import_run_start(actor=None, source_kind="arizona-ogis", path=ogis_csv)
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def comparison(imported, django_db_blocker):
    with django_db_blocker.unblock():
        return arizona_border_deaths()


def _by_year(pairs: list[tuple[int | None, int]]) -> dict[int | None, int]:
    totals: Counter[int | None] = Counter()
    for year, dead in pairs:
        totals[year] += dead
    return dict(totals)


def test_point_in_arizona_by_hand() -> None:
    assert state_from_coordinates((32.2226, -110.9747)) == "US-AZ"  # Tucson
    assert state_from_coordinates((31.3404, -110.9343)) == "US-AZ"  # Nogales, Arizona
    assert state_from_coordinates((31.3012, -110.9381)) is None  # Nogales, Sonora
    assert state_from_coordinates((31.8622, -112.8522)) is None  # Sonoyta, Sonora
    assert state_from_coordinates((32.6927, -114.6277)) == "US-AZ"  # Yuma
    assert state_from_coordinates((32.7395, -114.6344)) is None  # Winterhaven, California
    assert state_from_coordinates((31.7619, -106.4850)) is None  # El Paso, Texas
    assert state_from_coordinates((None, -110.0)) is None
    square = ((0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0))
    assert point_in_polygon(1.0, 1.0, square)
    assert not point_in_polygon(3.0, 1.0, square)


def test_outline_agrees_with_the_census_boundary(mmp_points, census_arizona) -> None:
    ours = [point_in_polygon(lon, lat, ARIZONA_OUTLINE) for _y, lat, lon, _d in mmp_points]
    census = [_inside(lon, lat, census_arizona) for _y, lat, lon, _d in mmp_points]
    assert len(mmp_points) == 5410  # every US–Mexico incident in the 2025 export has coordinates
    assert sum(census) == 2050
    disagree = sum(a != b for a, b in zip(ours, census, strict=True))
    assert disagree <= 10  # points on the border line or in the Colorado River (6 today)
    by_ours = _by_year([(p[0], p[3]) for p, a in zip(mmp_points, ours, strict=True) if a])
    by_census = _by_year([(p[0], p[3]) for p, b in zip(mmp_points, census, strict=True) if b])
    for year in set(by_ours) | set(by_census):
        assert abs(by_ours.get(year, 0) - by_census.get(year, 0)) <= 3


def test_mmp_series_equals_the_file(comparison, mmp_points) -> None:
    expected = _by_year(
        [(y, dead) for y, lat, lon, dead in mmp_points if _inside(lon, lat, list(ARIZONA_OUTLINE))]
    )
    published = {row.key[0]: row.values["dead"] for row in comparison.first_table.rows}
    assert comparison.first_table.suppressed_cells == 0
    assert published == expected
    assert comparison.first_years == (2014, 2025)
    for row in comparison.rows:
        if 2014 <= row.period <= 2025:
            assert row.first == expected.get(row.period, 0)
        else:
            assert row.first is None  # MMP does not cover the year


def test_ogis_series_equals_the_file(comparison, ogis_csv: Path) -> None:
    with ogis_csv.open(encoding="utf-8-sig", newline="") as fh:
        expected = Counter(int(r["Reporting Date"][:4]) for r in csv.DictReader(fh))
    assert sum(expected.values()) == 3857
    published = comparison.second_table
    # Years with 1–4 deaths are suppressed (with the cells needed to protect them).
    for row in published.rows:
        value = row.values["dead"]
        assert value is None or value == expected[row.key[0]]
        if expected[row.key[0]] < published.threshold:
            assert value is None
    assert published.total("dead") == 3857
    assert comparison.second_years == (min(expected), max(expected))
    assert comparison.second_years == (1981, 2022)
    row_2021 = next(r for r in comparison.rows if r.period == 2021)
    assert row_2021.second == 226 == expected[2021]


def test_differences_and_explanation(comparison) -> None:
    both = comparison.overlap()
    assert [r.period for r in both] == list(range(2014, 2023))
    for row in comparison.rows:
        if row.first is None or row.second is None:
            assert row.difference is None
        else:
            assert row.difference == row.first - row.second
    english = comparison.explanation("en")
    spanish = comparison.explanation("es")
    assert len(english) == len(spanish) == 6
    assert "Pima County Office of the Medical Examiner" in english[0]
    assert "Oficina del Médico Forense del Condado de Pima" in spanish[0]
    first = sum(r.first for r in both)
    second = sum(r.second for r in both)
    assert f"MMP counts {first} deaths and OGIS {second}" in english[-1]
    assert f"{first}" in spanish[-1] and "2014–2022" in spanish[-1]
    assert english != spanish
