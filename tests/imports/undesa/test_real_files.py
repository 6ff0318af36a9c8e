"""Importing the real UN DESA tables: figures recomputed from the files with csv/openpyxl."""

from __future__ import annotations

import csv
from collections import Counter
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from django.db import transaction

from testigo.core.models import AuditEntry
from testigo.imports.services import import_run_start
from testigo.imports.undesa.adapter import read_undesa
from testigo.observations.models import Observation

pytestmark = pytest.mark.django_db
SOURCE = "undesa-migrant-stock"


@cache
def wide(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def wide_cells(path: Path):
    """(year, destination name, origin name, cell) for every cell of the wide file."""
    header, rows = wide(path)
    for row in rows:
        for origin, cell in zip(header[2:], row[2:], strict=True):
            yield row[0], row[1], origin, cell


@cache
def table1(path: Path) -> list[tuple]:
    """Rows of worksheet Table 1 below its header row (row 11), read with openpyxl."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [r for r in book["Table 1"].iter_rows(min_row=12, values_only=True) if r[3]]
    book.close()
    return rows


@pytest.fixture(scope="module")
def parsed_2019(undesa_2019: Path):
    """The wide file read once for this module (about 5 s)."""
    return read_undesa(undesa_2019)


def stored(**filters) -> list[Observation]:
    return list(Observation.objects.filter(dataset=SOURCE, **filters))


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, undesa_2019: Path, undesa_2020: Path):
    """The 2020 table and the 2019 wide file's year 2019 imported once, rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield {
            "2020": import_run_start(actor=None, source_kind=SOURCE, path=undesa_2020),
            "2019": import_run_start(
                actor=None, source_kind=SOURCE, path=undesa_2019, read_options={"years": ["2019"]}
            ),
        }
        transaction.set_rollback(True)


# --- 2019 edition: origin × destination, wide CSV ----------------------------------------


def test_2019_reads_every_row_and_cell(parsed_2019, undesa_2019: Path) -> None:
    parsed = parsed_2019
    _header, rows = wide(undesa_2019)
    cells = Counter("0" if c == "0" else "kept" for *_, c in wide_cells(undesa_2019))
    assert parsed.layout.name == "undesa-2019-origin-destination"
    assert parsed.rows == len(rows) == 1659
    assert parsed.report.errors == []
    assert len(parsed.records) == cells["kept"] == 79967
    assert parsed.report.warning_counts() == {"zero_not_stored": 1, "dash_not_available": 4}
    [zeros] = [w for w in parsed.report.warnings if w.code == "zero_not_stored"]
    assert zeros.value == str(cells["0"]) == "304921"


def test_2019_totals_by_year_and_destination(parsed_2019, undesa_2019: Path) -> None:
    """Every year, from the reader (the full file); 2019 also from the database below."""
    by_year: Counter[str] = Counter()
    by_dest: Counter[tuple[str, str]] = Counter()
    for year, dest, _origin, cell in wide_cells(undesa_2019):
        if cell.isdigit():
            by_year[year] += int(cell)
            by_dest[(year, dest)] += int(cell)
    records = parsed_2019.records
    ours_year: Counter[str] = Counter()
    ours_dest: Counter[tuple[str, str]] = Counter()
    for r in records:
        ours_year[r.fields["period"]] += r.fields["value"] or 0
        ours_dest[(r.fields["period"], r.fields["area_name"])] += r.fields["value"] or 0
    assert ours_year == by_year
    assert ours_dest == +by_dest


def test_2019_import_totals(imported, undesa_2019: Path) -> None:
    run = imported["2019"].run
    kept = [c for y, _d, _o, c in wide_cells(undesa_2019) if y == "2019" and c != "0"]
    assert (run.status, run.created, run.updated) == ("done", len(kept), 0)
    rows = stored(dimensions__edition="2019")
    assert len(rows) == len(kept)
    by_origin: Counter[str] = Counter()
    for _y, _dest, origin, cell in wide_cells(undesa_2019):
        if _y == "2019" and cell.isdigit():
            by_origin[origin] += int(cell)
    ours: Counter[str] = Counter()
    for obs in rows:
        ours[obs.dimensions["origin"]] += int(obs.value or 0)
    # Each origin's total is one origin column's total (names → codes aside)…
    assert sorted(ours.values()) == sorted(v for v in by_origin.values() if v)
    # …and for the corridor's countries, the right one.
    for name, code in (("Mexico", "MX"), ("Guatemala", "GT"), ("United States of America", "US")):
        assert ours[code] == by_origin[name]
    by_dest: Counter[str] = Counter()
    for obs in rows:
        by_dest[obs.area_name] += int(obs.value or 0)
    expected_dest: Counter[str] = Counter()
    for year, dest, _origin, cell in wide_cells(undesa_2019):
        if year == "2019" and cell.isdigit():
            expected_dest[dest] += int(cell)
    assert by_dest == +expected_dest
    # PROVENANCE.md: US-resident migrants born in El Salvador, 2019 = 1,429,155.
    salvador = Observation.objects.get(source_key="2019:2019:US:SV:_T")
    assert salvador.value == 1429155
    # Aggregate destinations (regions) are kept apart from countries.
    regions = {o.area for o in rows if o.area_level == "region"}
    assert regions == {"915", "928", "954", "957", "931"}


# --- 2020 edition: destination × sex, XLSX Table 1 ---------------------------------------


def test_2020_reads_every_row(undesa_2020: Path) -> None:
    parsed = read_undesa(undesa_2020)
    rows = table1(undesa_2020)
    assert parsed.layout.name == "undesa-2020-destination-sex"
    assert parsed.rows == len(rows) == 283
    assert parsed.report.errors == []
    # "Australia and New Zealand" (927) is listed twice with the same figures: stored once.
    assert [(w.line, w.code) for w in parsed.report.warnings] == [(268, "repeated_aggregate")]
    assert len(parsed.records) == (len(rows) - 1) * 21


def test_2020_totals_by_year_and_sex(imported, undesa_2020: Path) -> None:
    run = imported["2020"].run
    assert (run.status, run.rows, run.created) == ("done", 283, 282 * 21)
    years = (1990, 1995, 2000, 2005, 2010, 2015, 2020)
    expected: Counter[tuple[str, str]] = Counter()
    for row in table1(undesa_2020):
        if row[3] >= 900:
            continue  # aggregates
        for block, sex in ((5, "_T"), (12, "M"), (19, "F")):
            for offset, year in enumerate(years):
                value = row[block + offset]
                if value != "..":
                    expected[(str(year), sex)] += value
    ours: Counter[tuple[str, str]] = Counter()
    for obs in stored(dimensions__edition="2020", area_level="country"):
        ours[(obs.period, obs.dimensions["sex"])] += int(obs.value or 0)
    assert ours == expected
    world = Observation.objects.get(source_key="2020:2020:900:_T:_T")
    assert world.value == 280598105 and world.area_level == "region"


def test_2020_known_figures_and_quirks(imported) -> None:
    mexico = Observation.objects.get(source_key="2020:2020:MX:_T:_T")
    assert mexico.value == 1197624  # PROVENANCE.md
    assert (mexico.area_name, mexico.flags) == ("Mexico", [])  # indentation removed
    usa = Observation.objects.get(source_key="2020:2020:US:_T:_T")
    assert usa.area_name == "United States of America"  # footnote marker removed
    assert usa.flags == ["country_note"] and "note 33" in usa.source
    assert (
        len({o.area for o in stored(dimensions__edition="2020") if "country_note" in o.flags}) == 62
    )
    missing = stored(dimensions__edition="2020", status="M")
    assert len(missing) == 122 and all(o.value is None for o in missing)


def test_reimport_changes_nothing(imported, undesa_2019: Path, undesa_2020: Path) -> None:
    audits = AuditEntry.objects.count()
    again = import_run_start(actor=None, source_kind=SOURCE, path=undesa_2020)
    assert (again.run.created, again.run.updated, again.run.unchanged) == (0, 0, 282 * 21)
    again = import_run_start(
        actor=None, source_kind=SOURCE, path=undesa_2019, read_options={"years": ["2019"]}
    )
    assert (again.run.created, again.run.updated) == (0, 0)
    assert again.run.unchanged == imported["2019"].run.created
    assert AuditEntry.objects.count() == audits
