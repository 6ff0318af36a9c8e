"""Fixtures for the estimation tests: the capture–recapture files, read in place."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from django.utils import translation


@pytest.fixture(scope="session")
def mse_dir(shared_data: Path) -> Path:
    return shared_data / "capture_recapture_mse"


@pytest.fixture(scope="session")
def kosovo_patterns(mse_dir: Path) -> pd.DataFrame:
    return pd.read_csv(mse_dir / "lcmcr_kosovo_aggregate_patterns.csv")


@pytest.fixture(scope="session")
def hiv(mse_dir: Path) -> pd.DataFrame:
    return pd.read_csv(mse_dir / "rcapture_HIV.csv")


KOSOVO_LISTS = ["EXH", "ABA", "OSCE", "HRW"]
HIV_LISTS = ["c1", "c2", "c3", "c4"]


@pytest.fixture(autouse=True)
def english():
    """Messages in English unless a test asks for Spanish (the default locale)."""
    with translation.override("en"):
        yield
