"""Fixtures for the World Bank RPW adapter: the real DataBank export, read in place."""

from __future__ import annotations

from pathlib import Path

import pytest

RPW_FILE = "rpw_corridors_databank_2011Q1-2020Q3.csv"


@pytest.fixture(scope="session")
def rpw_csv(shared_data: Path) -> Path:
    return shared_data / "worldbank_remittances" / RPW_FILE


HEADER = (
    "\ufeffSending Countries Name,Sending Countries Code,Series Name,Series Code,"
    "Receiving Countries  Name,Receiving Countries  Code,2013Q1 [YR2013Q1],2013Q2 [YR2013Q2]"
)
FOOTER = (
    ",,,,,,,\n,,,,,,,\nData from database: Remittance Prices Worldwide (Corridors),,,,,,,\n"
    "Last Updated: 12/07/2020,,,,,,,\n"
)
SERIES = "Average Total Cost to remit in corridor,ATCR.CORR"


@pytest.fixture
def rpw_file(tmp_path: Path):
    """Write a small RPW export (header, the given data lines, the real footer)."""

    def write(*lines: str, footer: bool = True) -> Path:
        path = tmp_path / "rpw.csv"
        body = "\n".join(lines) + "\n"
        path.write_text(HEADER + "\n" + body + (FOOTER if footer else ""), encoding="utf-8")
        return path

    return write
