"""EDTF parsing: our one wrapper around ``edtf``, including the inputs that crash it."""

from __future__ import annotations

import datetime as dt

import pytest

from testigo.documentation.dates import DateParseError, edtf_from_parts, parse_edtf


@pytest.mark.parametrize(
    ("text", "lower", "upper", "year", "month", "precision"),
    [
        ("2019-05-30", dt.date(2019, 5, 30), dt.date(2019, 5, 30), 2019, 5, "day"),
        ("2019-05", dt.date(2019, 5, 1), dt.date(2019, 5, 31), 2019, 5, "month"),
        ("2020-02", dt.date(2020, 2, 1), dt.date(2020, 2, 29), 2020, 2, "month"),
        ("2019", dt.date(2019, 1, 1), dt.date(2019, 12, 31), 2019, None, "year"),
        ("2019-XX", dt.date(2019, 1, 1), dt.date(2019, 12, 31), 2019, None, "year"),
        ("2013-05~", dt.date(2013, 5, 1), dt.date(2013, 5, 31), 2013, 5, "month"),
        ("2013-05-10/2013-05-12", dt.date(2013, 5, 10), dt.date(2013, 5, 12), 2013, 5, "month"),
        ("2018-12/2019-01", dt.date(2018, 12, 1), dt.date(2019, 1, 31), None, None, "interval"),
        ("201X", dt.date(2010, 1, 1), dt.date(2019, 12, 31), None, None, "interval"),
        ("XXXX", None, None, None, None, "unknown"),
        ("1985-04/..", dt.date(1985, 4, 1), None, None, None, "unknown"),
    ],
)
def test_bounds_and_buckets(text, lower, upper, year, month, precision) -> None:
    parsed = parse_edtf(text)
    assert (parsed.lower, parsed.upper) == (lower, upper)
    assert (parsed.year, parsed.month, parsed.precision) == (year, month, precision)


@pytest.mark.parametrize(
    "bad", ["", "   ", "2021-02-29", "mayo 2013", "1985-04/2001-XX", "1985-04~/2001-XX"]
)
def test_invalid_dates_raise_our_error(bad: str) -> None:
    # edtf 5.0.2 raises AttributeError or EDTFParseException on the last two (stack-notes.md)
    with pytest.raises(DateParseError):
        parse_edtf(bad)


def test_edtf_from_parts() -> None:
    assert edtf_from_parts(None) == "XXXX"
    assert edtf_from_parts(2019) == "2019"
    assert edtf_from_parts(2019, 5) == "2019-05"
    assert edtf_from_parts(2019, 5, 3) == "2019-05-03"
