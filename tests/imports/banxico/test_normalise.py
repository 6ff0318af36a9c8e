"""Unit tests of each named Banxico normalisation rule and the state-name table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from testigo.imports.banxico import normalise as norm
from testigo.imports.banxico.states import (
    INEGI_TO_ISO,
    inegi_state_code,
    mx_state_code,
    state_key,
)


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("2003-01-01", "quarter", ("2003-Q1", dt.date(2003, 1, 1), dt.date(2003, 3, 31))),
        ("2025-10-01", "quarter", ("2025-Q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31))),
        ("2024-02-01", "month", ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
        ("1995-12-01", "month", ("1995-12", dt.date(1995, 12, 1), dt.date(1995, 12, 31))),
    ],
)
def test_period_from_start(raw: str, kind: str, expected: tuple) -> None:
    assert norm.period_from_start(raw, kind) == expected


@pytest.mark.parametrize(
    ("raw", "kind"),
    [("2003-02-01", "quarter"), ("2003-01-15", "month"), ("01/01/2003", "month"), ("", "month")],
)
def test_period_from_start_rejects(raw: str, kind: str) -> None:
    with pytest.raises(norm.CellError):
        norm.period_from_start(raw, kind)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("62442901", Decimal("62442901")),
        ("62,442,901", Decimal("62442901")),
        ("62.442.901", Decimal("62442901")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("0", Decimal("0")),
        (" 12 ", Decimal("12")),
        ("12,5", Decimal("12.5")),
    ],
)
def test_amount(raw: str, expected: Decimal) -> None:
    assert norm.amount(raw) == expected


@pytest.mark.parametrize("raw", ["", "-5", "abc", "1.234", "1,234", "1,23,4", "12 USD"])
def test_amount_rejects(raw: str) -> None:
    with pytest.raises(norm.CellError):
        norm.amount(raw)


def test_flow() -> None:
    assert norm.flow("1", "Ingresos") == "inflow"
    assert norm.flow("2", "EGRESOS") == "outflow"
    with pytest.raises(norm.CellError, match="contradicts"):
        norm.flow("1", "Egresos")
    with pytest.raises(norm.CellError, match="unknown flow"):
        norm.flow("3", "Ingresos")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("USA", ("US", [])),
        ("GTM", ("GT", [])),
        ("XKX", ("XK", ["user_assigned_code"])),
        ("ANT", ("AN", ["historic_code"])),
        ("ABK", ("ABK", ["non_iso_area"])),
        ("XXX", ("_X", ["unidentified_area"])),
    ],
)
def test_counterpart_country(raw: str, expected: tuple) -> None:
    assert norm.counterpart_country(raw) == expected


@pytest.mark.parametrize("raw", ["", "US", "QQQ"])
def test_counterpart_country_rejects(raw: str) -> None:
    with pytest.raises(norm.CellError):
        norm.counterpart_country(raw)


def test_us_state() -> None:
    assert norm.us_state("CA") == ("US-CA", [])
    assert norm.us_state("dc") == ("US-DC", [])
    assert norm.us_state("PR") == ("US-PR", [])
    assert norm.us_state("XX") == ("_X", ["unidentified_area"])
    for bad in ("", "ZZ", "CAL"):
        with pytest.raises(norm.CellError):
            norm.us_state(bad)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Estado de México", "MX-MEX"),
        ("México", "MX-MEX"),
        ("EDOMEX", "MX-MEX"),
        ("Edo. Méx.", "MX-MEX"),
        ("Ciudad de México", "MX-CMX"),
        ("Distrito Federal", "MX-CMX"),
        ("CDMX", "MX-CMX"),
        ("Coahuila", "MX-COA"),
        ("COAHUILA DE ZARAGOZA", "MX-COA"),
        ("Michoacán", "MX-MIC"),
        ("michoacan de ocampo", "MX-MIC"),
        ("Veracruz de Ignacio de la Llave", "MX-VER"),
        ("Veracruz-Llave", "MX-VER"),
        ("  Nuevo León ", "MX-NLE"),
        ("Querétaro de Arteaga", "MX-QUE"),
        ("Yucatán", "MX-YUC"),
        ("\ufeffZacatecas", "MX-ZAC"),
    ],
)
def test_mx_state_code_variants(name: str, code: str) -> None:
    assert mx_state_code(name) == code


def test_mx_state_code_unknown() -> None:
    assert mx_state_code("Texas") is None
    assert mx_state_code("") is None


def test_state_key() -> None:
    assert state_key(" Edo.  Méx. ") == "edo mex"


def test_inegi_codes_cover_the_32_states() -> None:
    assert len(set(INEGI_TO_ISO.values())) == 32
    assert inegi_state_code(15) == "MX-MEX"
    assert inegi_state_code(9) == "MX-CMX"
    assert inegi_state_code(0) is None and inegi_state_code(33) is None


def test_every_code_is_an_iso_3166_2_mx_subdivision() -> None:
    import pycountry

    iso = {s.code for s in pycountry.subdivisions.get(country_code="MX")}
    assert set(INEGI_TO_ISO.values()) == iso
