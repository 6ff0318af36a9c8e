"""Fixtures for the Arizona OpenGIS importer: the real file (read in place) and small files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

HEADER = [
    "ML Number", "Name", "Sex", "Age", "Reporting Date", "Surface Management", "Location",
    "Location Precision", "Corridor Code", "Corridor", "Cause of Death", "OME Determined COD",
    "Condition Code", "Body Condition", "Post Mortem Interval", "State", "County", "Latitude",
    "Longitude", "UTM X", "UTM Y",
]  # fmt: skip


@pytest.fixture(scope="session")
def ogis_csv(shared_data: Path) -> Path:
    return (
        shared_data
        / "arizona_ogis_deceased_migrants"
        / "humane_borders_ogis_deceased_migrants_thru_2022-03.csv"
    )


@pytest.fixture(scope="session")
def ogis_rows(ogis_csv: Path) -> list[dict[str, str]]:
    """The real file's rows read with the csv module only (independent of the adapter)."""
    with ogis_csv.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def ogis_row(ml: str, **values: str) -> dict[str, str]:
    """An invented record (no real person); override columns with ``Column_Name=value``."""
    row = {
        "ML Number": ml, "Name": "Unidentified", "Sex": "male", "Age": "30",
        "Reporting Date": "2010-07-11", "Surface Management": "Private",
        "Location": "invented place", "Location Precision": "GPS Coordinate",
        "Corridor Code": "7", "Corridor": "San Miguel", "Cause of Death": "Exposure",
        "OME Determined COD": "PROBABLE HYPERTHERMIA", "Condition Code": "1",
        "Body Condition": "Fully fleshed", "Post Mortem Interval": "< 1 day",
        "State": "Arizona", "County": "Pima", "Latitude": "32.1", "Longitude": "-111.5",
        "UTM X": "500000", "UTM Y": "3550000",
    }  # fmt: skip
    for key, value in values.items():
        row[key.replace("_", " ")] = value
    return row


def write_ogis(path: Path, rows: list[dict[str, str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path
