"""Fixtures for the open-data export tests: hand-made MMP rows and the real MMP 2026 export."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction

from testigo.imports.services import import_run_start
from tests.imports.factories import row_2022, write_csv

US_MEXICO = "US-Mexico border crossing"

# Invented incidents (dead, missing): year, route, region, cause. Known answers below.
HANDMADE = [
    # 2020, US–Mexico border: 6 + 5 = 11 dead and missing, 2 incidents
    ("h1", "2020", US_MEXICO, "North America", "Violence", "6", ""),
    ("h2", "2020", US_MEXICO, "North America", "Drowning", "3", "2"),
    # 2021, US–Mexico border: 7 + 5 = 12
    ("h3", "2021", US_MEXICO, "North America", "Violence", "7", ""),
    ("h4", "2021", US_MEXICO, "Central America", "Drowning", "2", "3"),
    # Darien: 2020 = 2 (sensitive), 2021 = 9
    ("h5", "2020", "Darien", "Central America", "Drowning", "2", ""),
    ("h6", "2021", "Darien", "Central America", "Violence", "9", ""),
    # no route recorded: 2020 = 3 (sensitive), 2021 = 8
    ("h7", "2020", "", "South America", "Violence", "3", ""),
    ("h8", "2021", "", "Caribbean", "Drowning", "8", ""),
    # year and route not recorded: 2 (sensitive; a suppressed cell with every code empty)
    ("h10", "", "", "North America", "Violence", "2", ""),
    # Americas: 42 dead, 5 missing. Outside the Americas: never in these tables
    ("h9", "2021", "Central Mediterranean", "Mediterranean", "Drowning", "40", "60"),
]


@pytest.fixture
def handmade_csv(tmp_path: Path) -> Path:
    rows = [
        row_2022(
            key, Incident_year=year, Incident_Date=f"{year}-05-01" if year else "",
            Migration_route=route, Region_of_Incident=region, Cause_of_Death=cause,
            Number_of_Dead=dead, Minimum_Estimated_Number_of_Missing=missing,
            Total_Number_of_Dead_and_Missing=str(int(dead) + int(missing or 0)),
        )
        for key, year, route, region, cause, dead, missing in HANDMADE
    ]  # fmt: skip
    return write_csv(tmp_path / "handmade.csv", rows)


@pytest.fixture
def handmade(db, handmade_csv: Path) -> None:
    """The hand-made incidents imported through the MMP importer."""
    result = import_run_start(actor=None, source_kind="mmp", path=handmade_csv)
    assert result.run.status == "done"


@pytest.fixture(scope="module")
def imported_2026(django_db_setup, django_db_blocker, mmp_2026: Path):
    """The real MMP 2026 export imported once per module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        result = import_run_start(actor=None, source_kind="mmp", path=mmp_2026)
        assert result.run.status == "done"
        yield result
        transaction.set_rollback(True)
