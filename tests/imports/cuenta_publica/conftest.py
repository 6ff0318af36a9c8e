"""Fixtures for the Cuenta Pública adapter: the real filtered file and small hand-made blocks."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

HEADER = [
    "CICLO", "ENTE", "RAMO", "SUBRAMO", "PROGRAMA", "PRESUPUESTO", "GC_SERVICIOS_PERSONALES",
    "GC_SUMA", "TOTAL", "PORCENTAJE_CORRIENTE",
]  # fmt: skip


@pytest.fixture(scope="session")
def cuenta_publica_file(shared_data: Path) -> Path:
    return (
        shared_data
        / "mexico_cuenta_publica_migracion"
        / "cuenta_publica_2013-2023_programas_migracion.csv"
    )


def raw_rows(path: Path) -> list[dict[str, str]]:
    """The file's rows with the csv module only (independent of the adapter)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def block(
    year: str = "2023",
    key: str = "E008",
    subramo: str = "Gobernación",
    approved: str = "1000.0",
    modified: str = "2000.0",
    executed: str = "1500.0",
) -> list[list[str]]:
    """One programme block in the 2015+ layout: a header row and its six measure rows."""
    lead = [year, "Poder Ejecutivo", "Ramos Administrativos", subramo, key]
    pct = " "
    return [
        [*lead, "Política y servicios migratorios", "0.0", "0.0", "0.0", ""],
        [*lead, "Aprobado", approved, approved, approved, "100.0"],
        [*lead, "Modificado", modified, modified, modified, "100.0"],
        [*lead, "Devengado", executed, executed, executed, "100.0"],
        [*lead, "Ejercicio", executed, executed, executed, "100.0"],
        [*lead, "Porcentaje Ejer/Aprob", "150.0", "150.0", "150.0", pct],
        [*lead, "Porcentaje Ejer/Modif", "75.0", "n.s.", "75.0", ""],
    ]


def write_rows(path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header or HEADER)
        writer.writerows(rows)
    return path
