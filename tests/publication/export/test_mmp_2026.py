"""The export of the real MMP 2026 export: valid package, figures recomputed from the file."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import defaultdict
from io import StringIO
from pathlib import Path

import frictionless
import hxl
import pytest
from django.core.management import call_command

from testigo.publication import portal_tables
from testigo.statistics.disclosure import TOTAL
from tests.imports import mmp_reference as ref
from tests.publication.export.helpers import read_table

pytestmark = pytest.mark.django_db

# IOM regions of incident in the Americas, and the routes seen there (raw name → code).
AMERICAS = {"North America", "Central America", "Caribbean", "South America"}
ROUTES = {
    "US-Mexico border crossing": "us_mexico_border_crossing",
    "Darien": "darien",
    "Caribbean to Central America": "caribbean_to_central_america",
    "Haiti to Dominican Republic": "haiti_to_dominican_republic",
    "": "",
}
ROUTE_TABLE = "americas_dead_missing_by_year_route"


@pytest.fixture(scope="module")
def exports(imported_2026, django_db_blocker, tmp_path_factory) -> dict[str, Path]:
    """Every format written once, by the command as a user runs it; its output kept."""
    out: dict[str, Path] = {}
    with django_db_blocker.unblock():
        for fmt in ("datapackage", "csv", "hxl", "sdmx"):
            folder = tmp_path_factory.mktemp(fmt)
            stdout = StringIO()
            call_command("export", format=fmt, out=str(folder), public=True, lang="en",
                         stdout=stdout)  # fmt: skip
            (folder / "command-output.txt").write_text(stdout.getvalue(), encoding="utf-8")
            out[fmt] = folder
    return out


def _raw_by_year_route(path: Path) -> dict[tuple[str, str], int]:
    """Dead + missing in the Americas by year and route (and every margin), csv module only."""
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for row in ref.rows(path):
        if row["Region"] not in AMERICAS:
            continue
        year, route = str(row["Year"]), ROUTES[str(row["Migration route"])]
        value = ref.number(row["Number Dead"]) + ref.number(
            row["Minimum Estimated Number of Missing"]
        )
        for key in ((year, route), (year, "_T"), ("_T", route), ("_T", "_T")):
            sums[key] += value
    return dict(sums)


def test_figures_equal_the_file_where_published(exports, mmp_2026: Path) -> None:
    expected = _raw_by_year_route(mmp_2026)
    _, _, rows = read_table(exports["csv"] / f"{ROUTE_TABLE}.csv", hashtags=False)
    shown = {(r["year"], r["migration_route"]): r["dead_and_missing"] for r in rows}
    assert set(shown) == set(expected)
    published = {k: int(v) for k, v in shown.items() if v != "x"}
    assert published == {k: expected[k] for k in published}
    assert shown[("2026", "us_mexico_border_crossing")] == str(
        expected[("2026", "us_mexico_border_crossing")]
    )  # the US–Mexico border route, 2026: published (≥ 5 persons)
    assert len(published) >= len(shown) // 2


def test_suppressed_cells_are_exactly_the_gates(exports) -> None:
    gate = portal_tables.americas_by_year_and_route()
    cells = [*((r.key, r.values) for r in gate.rows), *gate.margins.items()]
    hidden = {
        tuple("_T" if c is TOTAL else "" if c is None else str(c) for c in key)
        for key, values in cells
        if values["dead_and_missing"] is None
    }
    _, _, rows = read_table(exports["csv"] / f"{ROUTE_TABLE}.csv", hashtags=False)
    marked = {(r["year"], r["migration_route"]) for r in rows if r["dead_and_missing"] == "x"}
    assert marked == hidden
    assert hidden  # the Darién and Haiti cells are small


def test_package_validates_with_the_api_and_the_cli(exports) -> None:
    path = exports["datapackage"] / "datapackage.json"
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.stats["tasks"] == 3
    cli = Path(sys.executable).with_name("frictionless")
    done = subprocess.run([cli, "validate", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "INVALID" not in done.stdout


def test_hxl_files_parse_with_the_expected_hashtags(exports) -> None:
    expected = {
        ROUTE_TABLE: ["#date+year", "#x_route+code", "#x_route+name+i_en",
                      "#affected+x_dead_missing+ind"],
        "americas_dead_missing_totals": ["#x_continent+code", "#x_continent+name+i_en",
                                         "#affected+x_dead_missing+ind", "#affected+killed+ind",
                                         "#affected+missing+ind"],
        "americas_dead_missing_by_year_cause": ["#date+year", "#cause+code", "#cause+name+i_en",
                                                "#affected+x_dead_missing+ind"],
    }  # fmt: skip
    for name, tags in expected.items():
        for path in (exports["hxl"] / f"{name}.csv", exports["datapackage"] / f"data/{name}.csv"):
            data = hxl.data(str(path), hxl.InputOptions(allow_local=True))
            assert [c.display_tag for c in data.columns] == tags
            assert len(list(data)) > 1
    header, _, _ = read_table(exports["csv"] / f"{ROUTE_TABLE}.csv", hashtags=False)
    assert header == ["year", "migration_route", "migration_route_label", "dead_and_missing"]


def test_sdmx_csv_header_and_statuses(exports, mmp_2026: Path) -> None:
    with (exports["sdmx"] / f"{ROUTE_TABLE}.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
        fh.seek(0)
        header = fh.readline().strip().split(",")
    assert header == [
        "STRUCTURE", "STRUCTURE_ID", "ACTION", "INDICATOR", "MIGRATION_ROUTE", "FREQ",
        "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "UNIT_MULT", "OBS_STATUS", "CONF_STATUS",
    ]  # fmt: skip
    expected = _raw_by_year_route(mmp_2026)
    for row in rows:
        assert row["STRUCTURE"] == "dataflow"
        assert row["STRUCTURE_ID"] == "TESTIGO:DF_AMERICAS_DEAD_MISSING_BY_YEAR_ROUTE(1.0)"
        assert (row["ACTION"], row["INDICATOR"], row["FREQ"]) == ("I", "DEAD_AND_MISSING", "A")
        assert row["UNIT_MEASURE"] == "PS"
        route = "" if row["MIGRATION_ROUTE"] == "_U" else row["MIGRATION_ROUTE"]
        if row["OBS_VALUE"] == "":
            assert (row["OBS_STATUS"], row["CONF_STATUS"]) == ("M", "C")
        else:
            assert (row["OBS_STATUS"], row["CONF_STATUS"]) == ("A", "F")
            assert int(row["OBS_VALUE"]) == expected[(row["TIME_PERIOD"], route)]
    _, _, plain = read_table(exports["csv"] / f"{ROUTE_TABLE}.csv", hashtags=False)
    with_year = [r for r in plain if r["year"] not in {"_T", ""}]
    assert len(rows) == len(with_year)
    assert sum(r["CONF_STATUS"] == "C" for r in rows) == sum(
        r["dead_and_missing"] == "x" for r in with_year
    )


def test_command_reports_every_file(exports) -> None:
    text = (exports["datapackage"] / "command-output.txt").read_text(encoding="utf-8")
    lines = text.strip().splitlines()
    assert lines[0].startswith("datapackage.json")
    assert any(line.startswith(f"data/{ROUTE_TABLE}.csv") for line in lines)
    assert lines[-1].startswith("4 files written to")
