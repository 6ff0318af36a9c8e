"""Fixtures for the Banxico adapter: the four real tables, read in place, and small files."""

from __future__ import annotations

from pathlib import Path

import pytest

FILES = {
    "monthly": "remesas_mensuales.csv",
    "state": "remesas_entidad.csv",
    "country": "remesas_pais.csv",
    "us-state": "remesas_usa.csv",
}


@pytest.fixture(scope="session")
def banxico_dir(shared_data: Path) -> Path:
    return shared_data / "banxico_remesas_mexico"


@pytest.fixture(scope="session")
def banxico_files(banxico_dir: Path) -> dict[str, Path]:
    return {layout: banxico_dir / name for layout, name in FILES.items()}


@pytest.fixture
def csv_file(tmp_path: Path):
    """Write a small CSV from its lines (header first) and return its path."""

    def write(*lines: str, name: str = "remesas.csv") -> Path:
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write
