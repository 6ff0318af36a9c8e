"""Shared fixtures: where the real public data lives (read in place, never copied)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    """``$TESTIGO_SHARED_DATA`` or ``../shared/data`` beside the checkout."""
    return Path(os.environ.get("TESTIGO_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data folder. Missing data skips, unless ``TESTIGO_REQUIRE_SHARED_DATA=1`` (CI)."""
    folder = shared_data_dir()
    if not folder.is_dir():
        if os.environ.get("TESTIGO_REQUIRE_SHARED_DATA") == "1":
            pytest.fail(f"shared data folder not found: {folder}")
        pytest.skip(f"shared data folder not found: {folder}")
    return folder


@pytest.fixture(scope="session")
def mmp_dir(shared_data: Path) -> Path:
    return shared_data / "iom_missing_migrants"


@pytest.fixture(scope="session")
def mmp_2019(mmp_dir: Path) -> Path:
    return mmp_dir / "MissingMigrants-Global-2019-12-31_correct.csv"


@pytest.fixture(scope="session")
def mmp_2022(mmp_dir: Path) -> Path:
    return mmp_dir / "Missing_Migrants_Global_Figures_2022-05.csv"


@pytest.fixture(scope="session")
def mmp_2025(mmp_dir: Path) -> Path:
    return mmp_dir / "Missing_Migrants_Global_Figures_allData_2025-06.xlsx"


@pytest.fixture(scope="session")
def mmp_2026(mmp_dir: Path) -> Path:
    return mmp_dir / "MissingMigrants-Global-2026-05-06_ytd2026.csv"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """PBKDF2 with a million rounds costs ~0.3 s per password; tests do not need it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def static_root(settings, tmp_path_factory):
    """An existing STATIC_ROOT, so WhiteNoise does not warn about a missing ``data/`` folder."""
    settings.STATIC_ROOT = tmp_path_factory.mktemp("staticfiles")
