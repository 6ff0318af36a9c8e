"""Fixtures for the CONAPO adapter: the three real workbooks and small hand-made ones."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from testigo.imports.rnpdno.states import STATES


@pytest.fixture(scope="session")
def conapo_dir(shared_data: Path) -> Path:
    return shared_data / "mexico_conapo_migracion_retorno"


@pytest.fixture(scope="session")
def indicators_2015(conapo_dir: Path) -> Path:
    return conapo_dir / "indicadores_migracion_retorno_estatal_2015.xlsx"


@pytest.fixture(scope="session")
def matrix_2015(conapo_dir: Path) -> Path:
    return conapo_dir / "matriz_migracion_retorno_estatal_2015.xlsx"


@pytest.fixture(scope="session")
def matrix_2020(conapo_dir: Path) -> Path:
    return conapo_dir / "matriz_migracion_retorno_estatal_2020.xlsx"


def sheet_rows(path: Path, sheet: str | None = None) -> list[tuple]:
    """All rows of a worksheet with openpyxl only (independent of the adapter)."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = book[sheet] if sheet else book.worksheets[0]
    ws.reset_dimensions()
    rows = list(ws.iter_rows(values_only=True))
    book.close()
    return rows


def write_matrix_2015(path: Path, cell: tuple[int, int, object] | None = None) -> Path:
    """A 2015-layout matrix (no code column) with value 10 off the diagonal; ``cell`` =
    (worksheet row, worksheet column, value) overrides one cell."""
    names = [name for _iso, name in STATES.values()]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "MRt. 2015"
    ws.append(["", *names])
    for i, name in enumerate(names):
        ws.append([name, *[None if i == j else 10 for j in range(len(names))]])
    if cell is not None:
        ws.cell(row=cell[0], column=cell[1], value=cell[2])
    book.save(path)
    return path


def write_indicators(path: Path, rows: list[list[object]], title: str = "Sheet 1") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    ws.append(["CVE_ENT", "Pob.Total", "Inmigrantes.Retorno"])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path
