"""Unit tests of every named RNPDNO normalisation rule and of the Mexican states table."""

from __future__ import annotations

import datetime as dt

import pycountry
import pytest

from testigo.imports.rnpdno import normalise as norm
from testigo.imports.rnpdno.states import (
    STATE_NAME_VARIANTS,
    STATES,
    inegi_code_from_iso,
    state_iso_from_code,
    state_iso_from_name,
    state_key,
)


def test_states_table_matches_iso_3166_2() -> None:
    iso = {s.code: s.name for s in pycountry.subdivisions.get(country_code="MX")}
    assert len(STATES) == 32
    assert {code for code, _name in STATES.values()} == set(iso)
    for code, name in STATES.values():
        assert state_key(name) == state_key(iso[code])
    assert [int(c) for c in STATES] == list(range(1, 33))


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("michoacan de ocampo", "MX-MIC"),
        ("michoacan", "MX-MIC"),
        ("Michoacán de Ocampo", "MX-MIC"),
        ("veracruz de ignacio de la llave", "MX-VER"),
        ("veracruz", "MX-VER"),
        ("coahuila de zaragoza", "MX-COA"),
        ("coahuila", "MX-COA"),
        ("  ciudad   de mexico ", "MX-CMX"),
        ("Distrito Federal", "MX-CMX"),
        ("mexico", "MX-MEX"),
        ("Estado de México", "MX-MEX"),
        ("Yucatán", "MX-YUC"),
        ("unknown", None),
        ("unresolved", None),
    ],
)
def test_state_name_variants(name: str, iso: str | None) -> None:
    assert state_iso_from_name(name) == iso


def test_every_variant_maps_to_a_real_state() -> None:
    isos = {code for code, _ in STATES.values()}
    assert set(STATE_NAME_VARIANTS.values()) <= isos


def test_unknown_state_name_raises() -> None:
    with pytest.raises(KeyError):
        state_iso_from_name("atlantida")


def test_codes_both_ways() -> None:
    assert state_iso_from_code("16") == "MX-MIC"
    assert state_iso_from_code("016") == "MX-MIC"  # CONAPO's three digits
    assert inegi_code_from_iso("MX-ZAC") == "32"
    with pytest.raises(KeyError):
        state_iso_from_code("99")


def test_state_iso_checks_the_code() -> None:
    assert norm.state_iso("michoacan", "16") == "MX-MIC"
    assert norm.state_iso("unknown", "99") is None
    with pytest.raises(norm.CellError, match="code 15 is MX-MEX"):
        norm.state_iso("michoacan", "15")
    with pytest.raises(norm.CellError, match="unknown state name"):
        norm.state_iso("michoacán de los ríos", "16")
    with pytest.raises(norm.CellError, match="unknown-state name"):
        norm.state_iso("unknown", "16")
    with pytest.raises(norm.CellError, match="not a state"):
        norm.state_iso("jalisco", "33")


@pytest.mark.parametrize(
    ("value", "width", "expected"),
    [("01001", 5, "01001"), ("01", 2, "01"), ("998", 3, "998"), (" 001 ", 3, "001")],
)
def test_inegi_code(value: str, width: int, expected: str) -> None:
    assert norm.inegi_code(value, width) == expected


@pytest.mark.parametrize(
    ("value", "width", "reason"),
    [
        ("1001", 5, "leading zeros lost"),
        ("1", 2, "leading zeros lost"),
        ("", 3, "missing code"),
        ("01A", 3, "not an INEGI code"),
        ("1.0", 2, "not an INEGI code"),
        ("010010", 5, "not a 5-digit"),
    ],
)
def test_inegi_code_refuses(value: str, width: int, reason: str) -> None:
    with pytest.raises(norm.CellError, match=reason):
        norm.inegi_code(value, width)


def test_unknown_municipality_codes() -> None:
    assert norm.is_unknown_municipality("998")
    assert norm.is_unknown_municipality("999")
    assert not norm.is_unknown_municipality("001")
    assert not norm.is_unknown_municipality("570")


@pytest.mark.parametrize(("value", "expected"), [("0", 0), ("17", 17), (" 3 ", 3)])
def test_count(value: str, expected: int) -> None:
    assert norm.count(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "missing count"),
        ("-1", "negative count"),
        ("1.5", "not a whole number"),
        ("1,234", "not a whole number"),  # the municipal files never use separators
        ("x", "not a whole number"),
        ("1000001", "implausibly large"),
    ],
)
def test_count_refuses(value: str, reason: str) -> None:
    with pytest.raises(norm.CellError, match=reason):
        norm.count(value)


def test_year_and_month() -> None:
    assert norm.year_number("2015") == 2015
    assert norm.month_number("1") == 1
    assert norm.month_number("01") == 1
    assert norm.month_number("12") == 12
    for bad in ("0", "13", "ene", ""):
        with pytest.raises(norm.CellError):
            norm.month_number(bad)
    for bad in ("15", "1999", "2015.0", ""):
        with pytest.raises(norm.CellError):
            norm.year_number(bad)


def test_month_period() -> None:
    assert norm.month_period(2024, 2) == ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert norm.month_period(2015, 12) == ("2015-12", dt.date(2015, 12, 1), dt.date(2015, 12, 31))


def test_measure_for_status() -> None:
    assert norm.measure_for_status("0") == "persons_reported_missing"
    assert norm.measure_for_status("7") == "persons_disappeared_not_located"
    assert norm.measure_for_status("2") == "persons_located_alive"
    assert norm.measure_for_status("3") == "persons_located_dead"
    with pytest.raises(norm.CellError, match="unknown RNPDNO status"):
        norm.measure_for_status("1")
