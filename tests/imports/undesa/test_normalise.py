"""Unit tests of each named UN DESA normalisation rule."""

from __future__ import annotations

import datetime as dt

import pytest

from testigo.imports.undesa import normalise as norm


def test_indent_level() -> None:
    assert norm.indent_level("   Mexico") == ("Mexico", 3)
    assert norm.indent_level(" OCEANIA ") == ("OCEANIA", 1)
    assert norm.indent_level("WORLD") == ("WORLD", 0)


def test_footnote_marker() -> None:
    assert norm.footnote_marker("United States of America*") == ("United States of America", True)
    assert norm.footnote_marker("Polynesia* ") == ("Polynesia", True)
    assert norm.footnote_marker("Mexico") == ("Mexico", False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1197624, 1197624),
        (1197624.0, 1197624),
        ("1197624", 1197624),
        ("1,197,624", 1197624),
        ("1 197 624", 1197624),
        ("0", 0),
        ("..", None),
        ("-", None),
    ],
)
def test_stock_count(raw: object, expected: int | None) -> None:
    assert norm.stock_count(raw) == expected


@pytest.mark.parametrize("raw", ["", None, "-5", -5, 1.5, "12a", "1,23", "1.5", True])
def test_stock_count_rejects(raw: object) -> None:
    with pytest.raises(norm.CellError):
        norm.stock_count(raw)


def test_data_type_codes() -> None:
    assert norm.data_type_codes("B R ") == ("B", "R")
    assert norm.data_type_codes("C B R") == ("C", "B", "R")
    assert norm.data_type_codes("") == ()
    assert norm.data_type_codes(None) == ()
    with pytest.raises(norm.CellError, match="unknown type of data"):
        norm.data_type_codes("B X")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (484, ("MX", "country", [])),
        ("840", ("US", "country", [])),
        (158.0, ("TW", "country", [])),
        (830, ("830", "country", ["no_iso_code"])),
        (900, ("900", "region", [])),
        (1830, ("1830", "region", [])),
    ],
)
def test_area_from_code(code: object, expected: tuple) -> None:
    assert norm.area_from_code(code) == expected


@pytest.mark.parametrize("code", [None, "", "abc", 1, 899, True])
def test_area_from_code_rejects(code: object) -> None:
    # 1 and 899 are neither ISO 3166-1 numeric codes nor aggregates (≥ 900)
    with pytest.raises(norm.CellError):
        norm.area_from_code(code)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mexico", ("MX", "country", [])),
        ("   United States of America*", ("US", "country", [])),
        ("Republic of Korea", ("KR", "country", [])),
        ("Micronesia (Fed. States of)", ("FM", "country", [])),
        ("Micronesia", ("954", "region", [])),
        ("Caribbean", ("915", "region", [])),
        ("Channel Islands", ("830", "country", ["no_iso_code"])),
        ("Côte d'Ivoire", ("CI", "country", [])),
        ("China, Hong Kong SAR", ("HK", "country", [])),
    ],
)
def test_area_from_name(name: str, expected: tuple) -> None:
    assert norm.area_from_name(name) == expected


def test_area_from_name_rejects() -> None:
    with pytest.raises(norm.CellError):
        norm.area_from_name("Atlantis")


def test_mid_year() -> None:
    assert norm.mid_year(1990) == ("1990", dt.date(1990, 7, 1))
    assert norm.mid_year("2019") == ("2019", dt.date(2019, 7, 1))
    assert norm.mid_year(2020.0) == ("2020", dt.date(2020, 7, 1))
    for bad in ("19", "year", 1850, None):
        with pytest.raises(norm.CellError):
            norm.mid_year(bad)
