"""Unit tests of the CBP normalisation rules (each a named function)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from testigo.imports.cbp import codes, layouts
from testigo.imports.cbp import normalise as norm
from testigo.imports.cbp.collect import source_key
from testigo.imports.cbp.encounters import calendar_year_check
from testigo.imports.cbp.profiles import profile_value


def test_fiscal_year_bounds() -> None:
    assert norm.fiscal_year_bounds(2021) == (dt.date(2020, 10, 1), dt.date(2021, 9, 30))
    period = norm.fiscal_year_period(2017)
    assert (period.period, period.period_type) == ("FY2017", "fiscal_year")
    assert (period.start, period.end) == (dt.date(2016, 10, 1), dt.date(2017, 9, 30))


@pytest.mark.parametrize(
    ("fy", "month", "year"),
    [(2021, 10, 2020), (2021, 12, 2020), (2021, 1, 2021), (2021, 9, 2021), (2000, 11, 1999)],
)
def test_fiscal_month_year(fy: int, month: int, year: int) -> None:
    assert norm.fiscal_month_year(fy, month) == year


def test_fiscal_month_period() -> None:
    october = norm.fiscal_month_period(2021, 10)
    assert (october.period, october.start, october.end) == (
        "2020-10",
        dt.date(2020, 10, 1),
        dt.date(2020, 10, 31),
    )
    february = norm.fiscal_month_period(2024, 2)
    assert (february.period, february.end) == ("2024-02", dt.date(2024, 2, 29))
    with pytest.raises(norm.CellError):
        norm.fiscal_month_year(2021, 13)


def test_calendar_year_check() -> None:
    calendar_year_check(2020, 10, 2019)
    with pytest.raises(norm.CellError, match="expected 2019"):
        calendar_year_check(2020, 10, 2020)


@pytest.mark.parametrize(("raw", "year"), [("2021", 2021), (" 2000 ", 2000)])
def test_fiscal_year(raw: str, year: int) -> None:
    assert norm.fiscal_year(raw) == year


@pytest.mark.parametrize("raw", ["", "FY2021", "21", "2021.5", "1850"])
def test_fiscal_year_refuses(raw: str) -> None:
    with pytest.raises(norm.CellError):
        norm.fiscal_year(raw)


def test_fiscal_year_from_name() -> None:
    assert norm.fiscal_year_from_name("usbp_fy2017_apprehensions_gender.csv") == 2017
    assert norm.fiscal_year_from_name("USBP Stats-FY2017-juvenile.csv") == 2017
    assert norm.fiscal_year_from_name("usbp_sector_profiles_fy2011-2017_merged.csv") is None
    assert norm.fiscal_year_from_name("gender.csv") is None


def test_months() -> None:
    assert norm.month_abbreviation("APR") == 4
    assert norm.month_abbreviation("oct") == 10
    assert norm.month_number("12") == 12
    for bad in ("APRIL", "13", "0", ""):
        with pytest.raises(norm.CellError):
            norm.month_abbreviation(bad) if bad.isalpha() else norm.month_number(bad)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("21,444 **", ("21,444", "**")),
        ("20,863***", ("20,863", "***")),
        ("Nationwide Total***", ("Nationwide Total", "***")),
        ("N/A ****", ("N/A", "****")),
        ("Tucson", ("Tucson", "")),
    ],
)
def test_split_footnote(raw: str, expected: tuple[str, str]) -> None:
    assert norm.split_footnote(raw) == expected


@pytest.mark.parametrize(
    ("raw", "value"),
    [("12", 12), ("91,410", 91410), ("1,643,679", 1643679), ("2.0", 2), ("0", 0), ("", None)],
)
def test_whole_number(raw: str, value: int | None) -> None:
    assert norm.whole_number(raw) == value


@pytest.mark.parametrize("raw", ["1,23", "12,3456", "2.5", "-1", "abc", "1 234", "١٢", "1" * 20])
def test_whole_number_refuses(raw: str) -> None:
    with pytest.raises(norm.CellError):
        norm.whole_number(raw)


def test_thousands_and_decimal_number() -> None:
    assert norm.thousands("2,529,684.93") == "2529684.93"
    assert norm.decimal_number("2,529,684.93") == Decimal("2529684.93")
    assert norm.decimal_number("0.02") == Decimal("0.02")
    assert norm.decimal_number("") is None
    for bad in ("1,2.5", "12.3.4", "x", "9" * 19 + ".5"):
        with pytest.raises(norm.CellError):
            norm.decimal_number(bad)


def test_profile_value_flags() -> None:
    assert profile_value("21,444 **", norm.whole_number) == (21444, ("footnote",))
    assert profile_value("N/A ***", norm.whole_number) == (None, ("footnote", "not_available"))
    assert profile_value("N/A", norm.whole_number) == (None, ("not_available",))
    assert profile_value("", norm.whole_number) == (None, ())


@pytest.mark.parametrize(
    ("name", "area", "level"),
    [
        ("Rio Grande Valley (formerly McAllen)", "USBP:RGV", "border_patrol_sector"),
        ("McAllen", "USBP:RGV", "border_patrol_sector"),
        ("rio_grande_valley", "USBP:RGV", "border_patrol_sector"),
        ("Big Bend (formerly Marfa)", "USBP:BBT", "border_patrol_sector"),
        ("Marfa", "USBP:BBT", "border_patrol_sector"),
        ("  El  Paso ", "USBP:EPT", "border_patrol_sector"),
        ("livermore", "USBP:LIV", "border_patrol_sector"),
        ("Southwest Border Sectors Total**", "border:southwest", "border_region"),
        ("southwest_border", "border:southwest", "border_region"),
        ("Coastal Border Sectors Total", "border:coastal", "border_region"),
        ("Nationwide Total***", "US", "country"),
        ("monthly_total", "US", "country"),
    ],
)
def test_sector_area(name: str, area: str, level: str) -> None:
    found = norm.sector_area(name)
    assert (found.code, found.level) == (area, level)


def test_sector_totals_know_their_parts() -> None:
    southwest = norm.sector_area("Southwest Border")
    assert len(southwest.parts) == 9 and "USBP:TCA" in southwest.parts
    assert "USBP:LIV" in norm.sector_area("coastal_border").parts
    assert len(norm.sector_area("Nationwide Total").parts) == len(codes.SECTORS) == 21
    with pytest.raises(norm.CellError):
        norm.sector_area("Tucsonn")


def test_sector_codes_and_names_are_unique() -> None:
    assert len({s.code for s in codes.SECTORS}) == len(codes.SECTORS)
    names = [norm.name_key(n) for s in codes.SECTORS for n in (s.name, *s.variants)]
    assert len(names) == len(set(names))
    assert not set(names) & {norm.name_key(n) for n in codes.TOTALS}


def test_state_area() -> None:
    assert norm.state_area("TX") == "US-TX"
    assert norm.state_area("pr") == "US-PR"
    assert norm.state_area("DC") == "US-DC"
    for bad in ("XX", "Texas", ""):
        with pytest.raises(norm.CellError):
            norm.state_area(bad)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("MEXICO", "MX"), ("El Salvador", "SV"), ("CHINA, PEOPLES REPUBLIC OF", "CN"),
        ("MYANMAR (BURMA)", "MM"), ("RUSSIA", "RU"), ("TURKEY", "TR"), ("VENEZUELA", "VE"),
        ("OTHER", "_O"), ("Other", "_O"),
    ],
)  # fmt: skip
def test_citizenship_code(raw: str, code: str) -> None:
    assert norm.citizenship_code(raw) == code


def test_citizenship_code_refuses_unknown() -> None:
    with pytest.raises(norm.CellError):
        norm.citizenship_code("ATLANTIS")


def test_label_code() -> None:
    assert norm.label_code("UAC", codes.DEMOGRAPHICS, "demographic") == "unaccompanied_children"
    assert norm.label_code("UC / Single Minors", codes.DEMOGRAPHICS, "x") == (
        "unaccompanied_children"
    )
    assert norm.label_code("Title  42", codes.TITLES_OF_AUTHORITY, "x") == "title_42"
    with pytest.raises(norm.CellError, match="Title 8"):
        norm.label_code("Title 50", codes.TITLES_OF_AUTHORITY, "title of authority")


def test_source_key_sorts_concepts() -> None:
    key = source_key("encounters", "2020-10", "US-TX", {"title": "t8", "citizenship": "MX"})
    assert key == "encounters/2020-10/US-TX/citizenship=MX;title=t8"
    assert source_key("deaths", "FY2017", "USBP:TCA", {}) == "deaths/FY2017/USBP:TCA/"


def test_detect_layouts() -> None:
    for layout in layouts.LAYOUTS:
        assert layouts.detect_layout(list(layout.header)) == (layout, [])
    short = [h for h in layouts.NATIONWIDE_BY_STATE.header if h != "State"]
    assert layouts.detect_layout(short) == (layouts.NATIONWIDE_BY_STATE, ["State"])
    assert layouts.detect_layout(["a", "b"]) == (None, [])
    assert layouts.detect_raw(["", "United States Border Patrol", "Sector Profile - FY"]).name
