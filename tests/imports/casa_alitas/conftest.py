"""Fixtures for the Casa Alitas importer: the real files (read in place) and small files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

HEADER = [
    "arrival_datetime", "number_in_party", "language", "language2", "destination",
    "state_name", "state_abb", "method_of_travel", "day_m_d_yy", "departure_date", "month",
    "day", "year", "company", "destination_city", "country", "country2", "arrival_date",
    "stay_length", "week_number", "arrival_year", "arrival_month", "state_abbs",
]  # fmt: skip


@pytest.fixture(scope="session")
def casa_dir(shared_data: Path) -> Path:
    return shared_data / "casa_alitas_shelter_intake_tucson"


@pytest.fixture(scope="session")
def group_csv(casa_dir: Path) -> Path:
    return casa_dir / "group_all_clean_1_20_22.csv"


def read_rows(path: Path) -> list[dict[str, str]]:
    """A CSV file's rows with the csv module only (independent of the adapter)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def group_rows(group_csv: Path) -> list[dict[str, str]]:
    return read_rows(group_csv)


def visit(when: str = "3/4/2021 10:11:12", **values: str) -> dict[str, str]:
    """An invented visit; override columns by keyword (``number_in_party="3"``)."""
    month, day, rest = when.split("/", 2)
    year = rest.split(" ")[0]
    row = dict.fromkeys(HEADER, "NA")
    row.update(
        arrival_datetime=when, number_in_party="2", language="Spanish", language2="NA",
        destination="Florida", state_abbs="FL", country="Cuba", country2="NA",
        arrival_date=f"{year}-{int(month):02d}-{int(day):02d}", destination_city="",
    )  # fmt: skip
    row.update(values)
    return row


def write_visits(path: Path, rows: list[dict[str, str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path
