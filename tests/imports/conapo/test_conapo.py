"""CONAPO return migration: real workbooks recomputed with openpyxl, quirks, rejection."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from django.db import transaction
from django.db.models import Sum

from testigo.imports.conapo import normalise as norm
from testigo.imports.conapo.adapter import read_conapo
from testigo.imports.report import ImportFileError, ImportRejected
from testigo.imports.services import import_run_start
from testigo.observations.models import Observation
from tests.imports.conapo.conftest import sheet_rows, write_indicators, write_matrix_2015

_CACHE: dict[Path, object] = {}


def _parsed(path: Path):
    if path not in _CACHE:
        _CACHE[path] = read_conapo(path)
    return _CACHE[path]


def _values(path: Path, measure: str) -> dict[tuple[str, str], int | None]:
    return {
        (r.fields["area"], r.fields["dimensions"].get("origin", "")): r.fields["value"]
        for r in _parsed(path).records
        if r.fields["measure"] == measure
    }


# --- named rules -------------------------------------------------------------------------


def test_persons() -> None:
    assert norm.persons(86) == 86
    assert norm.persons(86.0) == 86
    assert norm.persons("86") == 86
    assert norm.persons(None) is None
    assert norm.persons(float("nan")) is None
    for bad in (1.5, -3, "n/a", True):
        with pytest.raises(norm.CellError):
            norm.persons(bad)


def test_state_codes_and_names() -> None:
    assert norm.state_from_code("016") == "MX-MIC"
    assert norm.state_from_code("000") is None
    assert norm.state_from_name("Veracruz de Ignacio de la Llave") == "MX-VER"
    assert norm.state_from_name("México") == "MX-MEX"
    with pytest.raises(norm.CellError, match="zero-padded"):
        norm.state_from_code(16)  # leading zeros lost in a spreadsheet
    with pytest.raises(norm.CellError):
        norm.state_from_code("033")
    with pytest.raises(norm.CellError):
        norm.state_from_name("Nacional")


def test_indicator_measures_and_census_year() -> None:
    assert norm.indicator_measure("Inmigrantes.Retorno") == "in_migrants_return"
    assert norm.indicator_measure("3 De otro país") == "residence_5y_abroad"
    with pytest.raises(norm.CellError):
        norm.indicator_measure("Tasa de retorno")
    assert norm.census_year("MRt. 2020", "x") == 2020
    assert norm.census_year("Sheet 1", "indicadores_migracion_retorno_estatal_2015") == 2015
    assert norm.census_year("Indicadores", "matriz") is None


# --- real workbooks ----------------------------------------------------------------------


def test_indicators_2015_equal_the_sheet(indicators_2015: Path) -> None:
    raw = sheet_rows(indicators_2015)
    header, data = raw[0], raw[1:]
    parsed = _parsed(indicators_2015)
    assert (parsed.layout.name, parsed.rows, parsed.report.errors) == ("conapo-indicators", 32, [])
    assert len(parsed.records) == 32 * (len(header) - 1) == 288
    got = _values(indicators_2015, "in_migrants_return")
    col = header.index("Inmigrantes.Retorno")
    by_code = {row[0]: row[col] for row in data}
    assert got[("MX-AGU", "")] == by_code["001"] == 8829
    assert sum(got.values()) == sum(by_code.values())
    total = sum(
        r.fields["value"] for r in parsed.records if r.fields["measure"] == "population_total"
    )
    assert total == sum(row[header.index("Pob.Total")] for row in data)


@pytest.mark.parametrize(
    ("fixture", "indicators", "sheet"),
    [("matrix_2015", "indicators_2015", None), ("matrix_2020", "matrix_2020", "Indicadores")],
)
def test_matrix_sums_equal_the_return_indicators(fixture, indicators, sheet, request) -> None:
    """Row sums = in-migrants who return (Inmigrantes.Retorno), column sums = out-migrants
    who return (Emigrantes.Retorno): the matrix rows are the census residence."""
    matrix = _values(request.getfixturevalue(fixture), "return_migrants")
    assert len(matrix) == 32 * 32
    raw = sheet_rows(request.getfixturevalue(indicators), sheet)
    header_at = next(i for i, r in enumerate(raw) if r[0] in ("CVE_ENT", "Clave de la entidad"))
    header = raw[header_at]
    rows = [r for r in raw[header_at + 1 :] if r[0] and r[0] != "000"]
    ins = header.index("Inmigrantes.Retorno")
    outs = header.index("Emigrantes.Retorno")
    by_dest: Counter = Counter()
    by_origin: Counter = Counter()
    for (dest, origin), value in matrix.items():
        by_dest[dest] += value or 0
        by_origin[origin] += value or 0
    from testigo.imports.rnpdno.states import state_iso_from_code

    assert by_dest == {state_iso_from_code(r[0]): r[ins] for r in rows}
    assert by_origin == {state_iso_from_code(r[0]): r[outs] for r in rows}


def test_matrix_2015_cells_and_blanks(matrix_2015: Path) -> None:
    raw = sheet_rows(matrix_2015)
    parsed = _parsed(matrix_2015)
    assert parsed.report.errors == []
    blanks = sum(1 for row in raw[1:] for v in row[1:] if v is None)
    flags = Counter(f for r in parsed.records for f in r.fields["flags"])
    assert flags["diagonal"] == 32
    assert flags["diagonal"] + flags["blank_cell"] == blanks
    assert all(r.fields["status"] == "M" for r in parsed.records if r.fields["value"] is None)
    # Ciudad de México (row 10) → México (column 16): 98,761 persons in the sheet.
    assert raw[9][0] == "Ciudad de México" and raw[0][15] == "México"
    assert _values(matrix_2015, "return_migrants")[("MX-CMX", "MX-MEX")] == raw[9][15] == 98761


def test_2020_national_row_is_country_level(matrix_2020: Path) -> None:
    parsed = _parsed(matrix_2020)
    assert parsed.layout.name == "conapo-matrix+indicators"
    national = {
        r.fields["measure"]: r.fields["value"]
        for r in parsed.records
        if r.fields["area_level"] == "country"
    }
    raw = sheet_rows(matrix_2020, "Indicadores")
    row = next(r for r in raw if r[0] == "000")
    assert national["population_total"] == row[2] == 125515554
    assert national["residence_5y_abroad"] == row[11]


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, matrix_2020: Path):
    with django_db_blocker.unblock(), transaction.atomic():
        first = import_run_start(actor=None, source_kind="conapo-return", path=matrix_2020)
        second = import_run_start(actor=None, source_kind="conapo-return", path=matrix_2020)
        by_measure = dict(
            Observation.objects.filter(dataset="conapo-return", area_level="state")
            .values_list("measure")
            .annotate(Sum("value"))
        )
        yield first, second, by_measure
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_import_sums_and_repeatability(imported, matrix_2020: Path) -> None:
    first, second, by_measure = imported
    assert (first.run.created, first.run.updated) == (1453, 0)
    assert (second.run.created, second.run.updated, second.run.unchanged) == (0, 0, 1453)
    raw = sheet_rows(matrix_2020, "MRt. 2020")
    cells = sum(v or 0 for r in raw[5:] for v in r[2:])
    assert by_measure["return_migrants"] == cells
    ind = sheet_rows(matrix_2020, "Indicadores")
    states = [r for r in ind[5:] if r[0] and r[0] != "000"]
    assert by_measure["in_migrants_return"] == sum(r[6] for r in states)


# --- quirks on hand-made workbooks -------------------------------------------------------


def test_hand_made_matrix(tmp_path: Path) -> None:
    parsed = read_conapo(write_matrix_2015(tmp_path / "m_2015.xlsx"))
    assert parsed.report.errors == []
    by_key = {r.source_key: r.fields for r in parsed.records}
    assert by_key["2015:return_migrants:MX-AGU:MX-BCN"]["value"] == 10
    assert by_key["2015:return_migrants:MX-AGU:MX-AGU"]["flags"] == ["diagonal"]


def test_text_in_a_matrix_cell(tmp_path: Path) -> None:
    path = write_matrix_2015(tmp_path / "m_2015.xlsx", cell=(3, 2, "n.d."))
    errors = [(e.line, e.column, e.code) for e in read_conapo(path).report.errors]
    assert errors == [(3, "Aguascalientes", "bad_count")]


def test_unknown_state_name_in_a_row(tmp_path: Path) -> None:
    path = write_matrix_2015(tmp_path / "m_2015.xlsx", cell=(5, 1, "Tejas"))
    errors = [(e.line, e.column, e.code) for e in read_conapo(path).report.errors]
    assert (5, "", "bad_state") in errors
    assert (None, "", "missing_state") in errors  # Campeche's row is gone


def test_indicator_code_and_year(tmp_path: Path) -> None:
    path = write_indicators(tmp_path / "ind_2015.xlsx", [["001", 100, 5], [2, 200, 7]])
    errors = [(e.line, e.column, e.code) for e in read_conapo(path).report.errors]
    assert errors == [(3, "CVE_ENT", "bad_state_code")]
    with pytest.raises(ImportFileError, match="no census year"):
        read_conapo(write_indicators(tmp_path / "ind.xlsx", [["001", 100, 5]]))


def test_not_a_conapo_workbook(tmp_path: Path) -> None:
    path = write_indicators(tmp_path / "x_2015.xlsx", [])
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["a", "b"])
    book.save(path)
    with pytest.raises(ImportFileError, match="not a CONAPO"):
        read_conapo(path)
    broken = tmp_path / "b_2015.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ImportFileError, match="not a readable XLSX"):
        read_conapo(broken)


@pytest.mark.django_db
def test_a_bad_cell_rejects_the_file_and_writes_nothing(tmp_path: Path) -> None:
    path = write_matrix_2015(tmp_path / "m_2015.xlsx", cell=(20, 7, -4))
    with pytest.raises(ImportRejected) as exc:
        import_run_start(actor=None, source_kind="conapo-return", path=path)
    assert [(e.line, e.column) for e in exc.value.report.errors] == [(20, "Colima")]
    assert Observation.objects.filter(dataset="conapo-return", period="2015").count() == 0
