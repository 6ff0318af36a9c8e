"""Unit tests of every named Cuenta Pública normalisation rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from testigo.imports.cuenta_publica import normalise as norm


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1893912151.0", Decimal("1893912151.00")),
        ("1,893,912,151.00", Decimal("1893912151.00")),  # thousand separators
        ("1,234", Decimal("1234.00")),
        ("45027291.220000006", Decimal("45027291.22")),  # float noise
        ("44959095.38999999", Decimal("44959095.39")),
        ("-12.5", Decimal("-12.50")),
        ("0.0", Decimal("0.00")),
        ("", None),
        (" ", None),  # SHCP's lone space in blank cells
    ],
)
def test_amount(value: str, expected: Decimal | None) -> None:
    assert norm.amount(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("12.345", "fractions of a centavo"),
        ("n.s.", "not significant"),
        ("1.2e9", "not a number written plainly"),
        ("1,23,456", "not a number"),  # not groups of three
        ("1.234.567,89", "not a number"),  # Spanish separators are refused, not guessed
        ("$100", "not a number"),
        ("(100)", "not a number"),
    ],
)
def test_amount_refuses(value: str, reason: str) -> None:
    with pytest.raises(norm.CellError, match=reason):
        norm.amount(value)


def test_percentage() -> None:
    assert norm.percentage("99.50521335902914") == Decimal("99.5052")
    assert norm.percentage("n.s.") is None
    assert norm.percentage(" ") is None
    assert norm.percentage("") is None
    with pytest.raises(norm.CellError):
        norm.percentage("abc")


def test_branch_of_follows_the_hierarchy_shift() -> None:
    # 2013-2014: ENTE is the branch type, RAMO the branch, no SUBRAMO.
    assert norm.branch_of("Ramos Administrativos", "Gobernación", "") == (
        "Ramos Administrativos",
        "Gobernación",
    )
    # 2015 on: ENTE is the power, RAMO the type, SUBRAMO the branch.
    assert norm.branch_of("Poder Ejecutivo", "Ramos Administrativos", "Gobernación") == (
        "Ramos Administrativos",
        "Gobernación",
    )
    # Autonomous bodies keep their name in RAMO.
    cndh = "Comisión Nacional de los Derechos Humanos"
    assert norm.branch_of("Órganos Autónomos", cndh, "") == ("Órganos Autónomos", cndh)
    with pytest.raises(norm.CellError):
        norm.branch_of("Poder Ejecutivo", "", "")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Gobernación", "04"),
        ("GOBERNACION", "04"),
        ("Relaciones Exteriores", "05"),
        ("Hacienda y Crédito Público", "06"),
        ("Educación Pública", "11"),
        ("Desarrollo Social", "20"),
        ("Desarrollo Social (Ahora Bienestar)", "20"),
        ("Bienestar", "20"),
        ("Provisiones Salariales y Económicas", "23"),
        ("Comisión Nacional de los Derechos Humanos", "35"),
    ],
)
def test_branch_code(name: str, code: str) -> None:
    assert norm.branch_code(name) == code


def test_unknown_branch() -> None:
    with pytest.raises(norm.CellError, match="BRANCH_CODES"):
        norm.branch_code("Secretaría de Marina")


def test_measure_labels_and_keys() -> None:
    assert norm.measure_of("Aprobado") == "approved"
    assert norm.measure_of("Ejercicio") == "executed"
    assert norm.measure_of("Devengado") == "accrued"
    assert norm.measure_of("Porcentaje  Ejer/Modif") == "executed_pct_of_modified"
    assert norm.measure_of("Política y servicios migratorios") is None
    assert norm.programme_key("E008") == "E008"
    assert norm.fiscal_year("2013") == 2013
    for bad in ("E08", "e008", "E0081", ""):
        with pytest.raises(norm.CellError):
            norm.programme_key(bad)
    with pytest.raises(norm.CellError):
        norm.fiscal_year("FY2013")
