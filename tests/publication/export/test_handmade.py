"""The export of hand-made incidents: known answers, the gate's suppressions, valid package."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless
import hxl
import pytest

from testigo.publication import portal_tables
from testigo.publication.export.write import write_export
from testigo.statistics.disclosure import TOTAL
from tests.publication.export.helpers import cell, read_table

pytestmark = pytest.mark.django_db

ROUTE_TABLE = "data/americas_dead_missing_by_year_route.csv"
# Known answers (conftest.HANDMADE): dead and missing in the Americas by year and route.
KNOWN = {
    ("2020", "us_mexico_border_crossing"): 11, ("2021", "us_mexico_border_crossing"): 12,
    ("2020", "darien"): 2, ("2021", "darien"): 9, ("2020", ""): 3, ("2021", ""): 8,
    ("2020", "_T"): 16, ("2021", "_T"): 29,
    ("", ""): 2, ("", "_T"): 2,
    ("_T", "us_mexico_border_crossing"): 23, ("_T", "darien"): 11, ("_T", ""): 13,
    ("_T", "_T"): 47,
}  # fmt: skip


@pytest.fixture
def package(handmade: None, tmp_path: Path) -> Path:
    write_export(tmp_path, fmt="datapackage", lang="es")
    return tmp_path


def _code(value: object) -> str:
    return "_T" if value is TOTAL else "" if value is None else str(value)


def test_figures_are_the_known_answers_where_published(package: Path) -> None:
    _, _, rows = read_table(package / ROUTE_TABLE, hashtags=True)
    shown = {(r["year"], r["migration_route"]): r["dead_and_missing"] for r in rows}
    assert set(shown) == set(KNOWN)  # every cell and margin, and nothing outside the Americas
    for key, value in shown.items():
        assert value == "x" or int(value) == KNOWN[key], key
    assert shown[("2020", "darien")] == "x"  # 2 persons
    assert shown[("2020", "")] == "x"  # 3 persons, route not recorded
    assert shown[("", "")] == "x"  # 2 persons, year and route not recorded
    assert shown[("_T", "_T")] == "47"


def test_suppressed_cells_are_exactly_the_gates(package: Path) -> None:
    gate = portal_tables.americas_by_year_and_route()
    expected = {
        (_code(k[0]), _code(k[1])): v["dead_and_missing"]
        for k, v in [*((r.key, r.values) for r in gate.rows), *gate.margins.items()]
    }
    _, _, rows = read_table(package / ROUTE_TABLE, hashtags=True)
    shown = {(r["year"], r["migration_route"]): r["dead_and_missing"] for r in rows}
    assert shown == {k: "x" if v is None else str(v) for k, v in expected.items()}
    assert sum(v is None for v in expected.values()) >= 4  # primaries and their protection


def test_no_published_count_below_the_threshold_and_margins_add_up(package: Path) -> None:
    for path in sorted((package / "data").glob("*.csv")):
        header, _, rows = read_table(path, hashtags=True)
        units = [c for c in header if c in {"dead", "missing", "dead_and_missing"}]
        for row in rows:
            for unit in units:
                assert row[unit] == "x" or row[unit] == "0" or int(row[unit]) >= 5
        if "year" not in header:
            continue
        other = next(c for c in header if c not in {"year", *units} and not c.endswith("_label"))
        for fixed, free in (("year", other), (other, "year")):
            for value in {r[fixed] for r in rows}:
                line = [r for r in rows if r[fixed] == value]
                parts = [r["dead_and_missing"] for r in line if r[free] != "_T"]
                total = cell(line, "dead_and_missing", **{free: "_T"})
                if "x" not in parts and total != "x":
                    assert sum(map(int, parts)) == int(total)
                if total != "x":
                    assert parts.count("x") != 1  # a lone hidden cell would be a subtraction


def test_package_validates_and_describes_itself(package: Path) -> None:
    report = frictionless.validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    resource = descriptor["resources"][0]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["dead_and_missing"]["missingValues"] == [{"value": "x", "label": "suppressed"}]
    assert fields["dead_and_missing"]["hxl"] == "#affected+x_dead_missing+ind"
    assert resource["dialect"]["commentRows"] == [2]
    assert resource["title"].startswith("Personas migrantes muertas")  # --lang es


def test_package_without_the_comment_row_declared_is_invalid(package: Path) -> None:
    """The hashtag row is really in the files: undeclared, it breaks the integer columns."""
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        del resource["dialect"]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert not frictionless.validate(str(path)).valid


def test_hxl_hashtags_parse_with_libhxl(package: Path) -> None:
    data = hxl.data(str(package / ROUTE_TABLE), hxl.InputOptions(allow_local=True))
    assert [c.display_tag for c in data.columns] == [
        "#date+year", "#x_route+code", "#x_route+name+i_es", "#affected+x_dead_missing+ind",
    ]  # fmt: skip
    values = {(r.get("#date+year"), r.get("#x_route+code")): r.get("#affected") for r in data}
    assert values[("2021", "us_mexico_border_crossing")] in {"12", "x"}
    assert values[("_T", "_T")] == "47"
    totals = hxl.data(
        str(package / "data/americas_dead_missing_totals.csv"), hxl.InputOptions(allow_local=True)
    )
    row = next(iter(totals))
    assert (row.get("#affected+killed"), row.get("#affected+missing")) == ("42", "5")


def test_hxl_validation_reports_only_the_documented_markers(package: Path) -> None:
    """libhxl's default schema wants numbers in #affected and dates in #date: the only
    complaints are the suppression mark ``x`` and the total code ``_T`` (docs/open-data.md)."""
    data = hxl.data(str(package / ROUTE_TABLE), hxl.InputOptions(allow_local=True))
    issues: list[object] = []
    data.validate(callback=issues.append)
    found = {(i.column.display_tag, i.value) for i in issues}
    assert found == {("#affected+x_dead_missing+ind", "x"), ("#date+year", "_T")}
