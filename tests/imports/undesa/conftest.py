"""Fixtures for the UN DESA adapter: the two real tables, read in place, and small files."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

WIDE_2019 = "UN_MigrantStockByOriginAndDestination_2019_clean_wide.csv"
TABLE_2020 = "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"


@pytest.fixture(scope="session")
def undesa_2019(shared_data: Path) -> Path:
    return shared_data / "undesa_migrant_stock" / WIDE_2019


@pytest.fixture(scope="session")
def undesa_2020(shared_data: Path) -> Path:
    return shared_data / "undesa_migrant_stock" / TABLE_2020


@pytest.fixture
def wide_csv(tmp_path: Path):
    """Write a small 2019-style wide CSV from its lines (header first)."""

    def write(*lines: str) -> Path:
        path = tmp_path / "wide.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture
def table_2020(tmp_path: Path):
    """Write a small 2020-style workbook: title block, sex titles, header, the given rows.

    Each row is ``(name, notes, location code, type of data, [3 values: both, male,
    female for 2020])``; rows start at worksheet row 6."""

    def write(*rows: tuple) -> Path:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Table 1"
        sheet["E2"] = "International Migrant Stock 2020: Destination"
        sheet["F4"] = "International migrant stock at mid-year, both sexes combined"
        sheet["G4"] = "International migrant stock at mid-year, males"
        sheet["H4"] = "International migrant stock at mid-year, females"
        sheet.append([])
        sheet.cell(5, 1, None)
        header = [None, "Region, development group, country or area", "Notes",
                  "Location code", "Type of data", 2020, 2020, 2020]  # fmt: skip
        for col, value in enumerate(header, start=1):
            sheet.cell(5, col, value)
        for offset, (name, notes, code, kind, values) in enumerate(rows):
            for col, value in enumerate([offset + 1, name, notes, code, kind, *values], 1):
                sheet.cell(6 + offset, col, value)
        path = tmp_path / "table.xlsx"
        book.save(path)
        return path

    return write
