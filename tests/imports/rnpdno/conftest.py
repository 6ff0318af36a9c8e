"""Fixtures for the RNPDNO adapter: the real municipal files (read in place) and small inputs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

HEADER = [
    "cvegeo", "cve_estado", "state", "cve_mun", "municipality",
    "male", "female", "undefined", "total", "year", "month", "status_id",
]  # fmt: skip


@pytest.fixture(scope="session")
def rnpdno_dir(shared_data: Path) -> Path:
    return shared_data / "mexico_rnpdno_desaparecidos"


@pytest.fixture(scope="session")
def rnpdno_total(rnpdno_dir: Path) -> Path:
    return rnpdno_dir / "rnpdno_total_municipio_mes_2015-.csv"


@pytest.fixture(scope="session")
def rnpdno_not_located(rnpdno_dir: Path) -> Path:
    return rnpdno_dir / "rnpdno_disappeared_not_located_municipio_mes_2015-.csv"


@pytest.fixture(scope="session")
def rnpdno_alive(rnpdno_dir: Path) -> Path:
    return rnpdno_dir / "rnpdno_located_alive_municipio_mes_2015-.csv"


@pytest.fixture(scope="session")
def rnpdno_dead(rnpdno_dir: Path) -> Path:
    return rnpdno_dir / "rnpdno_located_dead_municipio_mes_2015-.csv"


def raw_rows(path: Path) -> list[dict[str, str]]:
    """The file's rows with the csv module only (independent of the adapter)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def row(**values: str) -> list[str]:
    """One municipal row (Aguascalientes municipality 001, January 2015, status 7)."""
    base = {
        "cvegeo": "01001", "cve_estado": "01", "state": "aguascalientes", "cve_mun": "001",
        "municipality": "aguascalientes", "male": "1", "female": "2", "undefined": "0",
        "total": "3", "year": "2015", "month": "1", "status_id": "7",
    }  # fmt: skip
    base.update(values)
    return [base[h] for h in HEADER]


def write_rows(path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    """Write a small municipal CSV (UTF-8) and return its path."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header or HEADER)
        writer.writerows(rows)
    return path
