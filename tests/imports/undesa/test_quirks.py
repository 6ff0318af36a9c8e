"""Each UN DESA quirk on a small hand-made table, and bad cells rejecting the whole file."""

from __future__ import annotations

import pytest

from testigo.imports.report import ImportFileError, ImportRejected
from testigo.imports.services import import_run_start
from testigo.imports.undesa.adapter import read_undesa
from testigo.observations.models import Observation

pytestmark = pytest.mark.django_db
HEADER = "Year,Dest,Mexico,Guatemala,Channel Islands"


# --- 2019 wide CSV -------------------------------------------------------------------------


def test_wide_zero_missing_and_dash(wide_csv) -> None:
    parsed = read_undesa(
        wide_csv(HEADER, "2019,United States of America,11489684,0,..", "2019,Caribbean,5,-,7")
    )
    assert parsed.report.errors == []
    got = {r.source_key: (r.fields["value"], r.fields["status"], r.fields["flags"])
           for r in parsed.records}  # fmt: skip
    assert got == {
        "2019:2019:US:MX:_T": (11489684, "A", []),
        "2019:2019:US:830:_T": (None, "M", ["no_iso_code"]),
        "2019:2019:915:MX:_T": (5, "A", []),
        "2019:2019:915:GT:_T": (None, "M", ["dash_not_available"]),
        "2019:2019:915:830:_T": (7, "A", ["no_iso_code"]),
    }
    assert parsed.report.warning_counts() == {"zero_not_stored": 1, "dash_not_available": 1}
    caribbean = parsed.records[2].fields
    assert (caribbean["area_level"], caribbean["dimensions"]) == (
        "region",
        {"edition": "2019", "origin": "MX", "destination": "915", "sex": "_T"},
    )


def test_wide_thousands_separators(wide_csv) -> None:
    parsed = read_undesa(wide_csv(HEADER, '2019,Mexico,"1,234",..,..'))
    assert [r.fields["value"] for r in parsed.records] == [1234, None, None]


@pytest.mark.parametrize(
    ("line", "column", "code"),
    [
        ("2019,Mexico,12a,0,0", "Mexico", "bad_stock"),
        ("2019,Mexico,-3,0,0", "Mexico", "bad_stock"),
        ("2019,Atlantis,1,0,0", "Dest", "unknown_destination"),
        ("20x9,Mexico,1,0,0", "Year", "bad_year"),
        ("2019,Guatemala,1,0,0", "Dest", "duplicate_row"),
    ],
)
def test_wide_bad_cell_rejects_the_file(wide_csv, line, column, code) -> None:
    path = wide_csv(HEADER, "2019,Guatemala,5,0,0", line)
    with pytest.raises(ImportRejected) as caught:
        import_run_start(actor=None, source_kind="undesa-migrant-stock", path=path)
    [error] = caught.value.report.errors
    assert (error.line, error.column, error.code) == (3, column, code)
    assert not Observation.objects.exists()


def test_wide_unknown_origin_column(wide_csv) -> None:
    parsed = read_undesa(wide_csv("Year,Dest,Mexico,Atlantis", "2019,Mexico,1,2"))
    assert [(e.line, e.column, e.code) for e in parsed.report.errors] == [
        (1, "Atlantis", "unknown_origin")
    ]


def test_wide_years_option(wide_csv) -> None:
    path = wide_csv(HEADER, "2015,Mexico,1,2,3", "2019,Mexico,4,5,6")
    assert {r.fields["period"] for r in read_undesa(path, years=["2019"]).records} == {"2019"}


def test_not_a_desa_csv(wide_csv) -> None:
    with pytest.raises(ImportFileError, match="not a UN DESA migrant stock table"):
        read_undesa(wide_csv("Country,Value", "Mexico,1"))


# --- 2020 XLSX Table 1 --------------------------------------------------------------------


def test_indented_names_footnotes_and_aggregates(table_2020) -> None:
    path = table_2020(
        ("WORLD", None, 900, "", [280598105, 145655844, 134942261]),
        ("  Central America", None, 916, "", [1, 2, 3]),
        ("   Mexico", None, 484, "B R", [1197624, 601509, 596115]),
        ("   United States of America*", 33, 840, "B", ["..", "..", ".."]),
        ("   Channel Islands*", 23, 830, "B", [10, 4, 6]),
    )
    parsed = read_undesa(path)
    assert parsed.report.errors == []
    by_key = {r.source_key: r.fields for r in parsed.records}
    world = by_key["2020:2020:900:_T:_T"]
    assert (world["area"], world["area_level"], world["value"]) == ("900", "region", 280598105)
    assert by_key["2020:2020:916:_T:M"]["area_name"] == "Central America"
    mexico = by_key["2020:2020:MX:_T:F"]
    assert (mexico["area_name"], mexico["value"], mexico["flags"]) == ("Mexico", 596115, [])
    assert mexico["dimensions"] == {"edition": "2020", "origin": "_T", "destination": "MX",
                                    "sex": "F"}  # fmt: skip
    assert mexico["source"].endswith("type of data B R")
    usa = by_key["2020:2020:US:_T:_T"]
    assert (usa["area_name"], usa["value"], usa["status"]) == (
        "United States of America",
        None,
        "M",
    )
    assert usa["flags"] == ["country_note"] and "; note 33;" in usa["source"]
    assert by_key["2020:2020:830:_T:_T"]["flags"] == ["country_note", "no_iso_code"]


def test_a_repeated_aggregate_is_stored_once(table_2020) -> None:
    same = read_undesa(
        table_2020(
            ("  Australia and New Zealand", None, 927, "", [1, 2, 3]),
            ("  Australia and New Zealand", None, 927, "", [1, 2, 3]),
        )
    )
    assert [(w.line, w.code) for w in same.report.warnings] == [(7, "repeated_aggregate")]
    assert len(same.records) == 3
    other = read_undesa(
        table_2020(
            ("  Australia and New Zealand", None, 927, "", [1, 2, 3]),
            ("  Australia and New Zealand", None, 927, "", [1, 2, 4]),
        )
    )
    assert [(e.line, e.code) for e in other.report.errors] == [(7, "duplicate_location")]


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [
        (("   Mexico", None, 484, "B R", [1, "x", 3]), "G (2020, males)", "bad_stock"),
        (("   Mexico", None, 484, "B R", [1, 2, -3]), "H (2020, females)", "bad_stock"),
        (("   Mexico", None, 484, "B Q", [1, 2, 3]), "Type of data", "bad_type_of_data"),
        (("   Atlantis", None, 1, "B", [1, 2, 3]), "Location code", "bad_location"),
    ],
)
def test_xlsx_bad_cell_rejects_the_file(table_2020, row, column, code) -> None:
    path = table_2020(("WORLD", None, 900, "", [3, 1, 2]), row)
    with pytest.raises(ImportRejected) as caught:
        import_run_start(actor=None, source_kind="undesa-migrant-stock", path=path)
    [error] = caught.value.report.errors
    assert (error.line, error.column, error.code) == (7, column, code)
    assert not Observation.objects.exists()


def test_xlsx_import_and_repeat(table_2020) -> None:
    path = table_2020(("   Mexico", None, 484, "B R", [1197624, 601509, 596115]))
    first = import_run_start(actor=None, source_kind="undesa-migrant-stock", path=path)
    again = import_run_start(actor=None, source_kind="undesa-migrant-stock", path=path)
    assert (first.run.created, again.run.created, again.run.unchanged) == (3, 0, 3)
    obs = Observation.objects.get(source_key="2020:2020:MX:_T:_T")
    assert (obs.organisation.slug, obs.organisation.kind) == ("un-desa", "international")
    assert (str(obs.period_start), str(obs.period_end), obs.period_type) == (
        "2020-07-01",
        "2020-07-01",
        "year",
    )
