"""Unit tests of each named RPW normalisation rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from testigo.imports.worldbank import normalise as norm


def test_clean_header_collapses_the_double_space_and_bom() -> None:
    assert norm.clean_header("\ufeffReceiving Countries  Name ") == "Receiving Countries Name"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("2011Q1 [YR2011Q1]", ("2011-Q1", dt.date(2011, 1, 1), dt.date(2011, 3, 31))),
        ("2020Q3 [YR2020Q3]", ("2020-Q3", dt.date(2020, 7, 1), dt.date(2020, 9, 30))),
        ("2019Q4 [YR2019Q4]", ("2019-Q4", dt.date(2019, 10, 1), dt.date(2019, 12, 31))),
        ("Series Code", None),
        ("2011Q5 [YR2011Q5]", None),
    ],
)
def test_quarter_period(header: str, expected: object) -> None:
    assert norm.quarter_period(header) == expected


def test_quarter_period_rejects_a_contradictory_header() -> None:
    with pytest.raises(norm.CellError, match="two different quarters"):
        norm.quarter_period("2011Q1 [YR2012Q1]")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5.00611114501953", Decimal("5.006111")),
        ("-4.5462498664856", Decimal("-4.546250")),
        ("0", Decimal("0")),
        ("..", None),
        ("", None),
        (" 7.25 ", Decimal("7.25")),
    ],
)
def test_cost_percent(raw: str, expected: Decimal | None) -> None:
    assert norm.cost_percent(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "5,3", "NaN", "101", "1e400x"])
def test_cost_percent_rejects(raw: str) -> None:
    with pytest.raises(norm.CellError):
        norm.cost_percent(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("USA", ("US", [])),
        ("mex", ("MX", [])),
        ("KSV", ("XK", ["user_assigned_code"])),
        ("ANT", ("AN", ["historic_code"])),
    ],
)
def test_country_alpha2(raw: str, expected: tuple[str, list[str]]) -> None:
    assert norm.country_alpha2(raw) == expected


@pytest.mark.parametrize("raw", ["", "US", "XYZ", "WLD"])
def test_country_alpha2_rejects(raw: str) -> None:
    with pytest.raises(norm.CellError):
        norm.country_alpha2(raw)
