"""Fixtures for the CBP adapters: the real files (read in place) and cached parses/imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction

from testigo.imports.cbp.adapter import read_cbp
from testigo.imports.cbp.collect import ParsedFile
from testigo.imports.services import ImportResult, import_run_start

ENCOUNTERS = "cbp_usbp_encounters"
PROFILES = "cbp_usbp_sector_profiles"
FILES = {
    "state": (ENCOUNTERS, "cbp-nationwide-encounters-fy20-fy23-state.csv"),
    "sbo": (ENCOUNTERS, "sbo-encounters_fy21-fy25feb_citizenship-grouping.csv"),
    "psv": (ENCOUNTERS, "usbp_monthly_encounters_by_sector_fy2000-fy2020.psv"),
    "wide": (ENCOUNTERS, "usbp_southwest_border_monthly_apprehensions_fy2000-fy2020_wide.csv"),
    "pdftotext": (ENCOUNTERS, "usbp_monthly_encounters_fy2019_pdftotext_raw.psv"),
    "merged": (PROFILES, "usbp_sector_profiles_fy2011-2017_merged.csv"),
    "handclean": (PROFILES, "usbp_sector_profiles_fy2011-2017_southwest_handclean.csv"),
    "gender": (PROFILES, "usbp_fy2017_apprehensions_gender.csv"),
    "juvenile": (PROFILES, "usbp_fy2017_juvenile_adult_apprehensions.csv"),
    "camelot": (PROFILES, "usbp_sector_profile_fy2017_camelot_raw.csv"),
}
SOURCES = {
    "state": "cbp-nationwide-encounters",
    "sbo": "cbp-swb-encounters",
    "psv": "cbp-usbp-monthly-encounters",
    "wide": "cbp-usbp-monthly-encounters",
    "pdftotext": "cbp-usbp-monthly-encounters",
    "merged": "cbp-sector-profiles",
    "handclean": "cbp-sector-profiles",
    "gender": "cbp-sector-profiles",
    "juvenile": "cbp-sector-profiles",
    "camelot": "cbp-sector-profiles",
}


@pytest.fixture(scope="session")
def cbp_files(shared_data: Path) -> dict[str, Path]:
    """Short name → path of every CBP file in the shared data folder."""
    return {name: shared_data / folder / file for name, (folder, file) in FILES.items()}


_PARSED: dict[str, ParsedFile] = {}


@pytest.fixture(scope="session")
def cbp_parsed(cbp_files: dict[str, Path]):
    """``cbp_parsed(name)``: the file read once per session (not written)."""

    def parse(name: str) -> ParsedFile:
        if name not in _PARSED:
            _PARSED[name] = read_cbp(cbp_files[name], source=SOURCES[name])
        return _PARSED[name]

    return parse


def import_once(name: str, path: Path) -> ImportResult:
    """Import a real CBP file through the service, as the CLI does."""
    return import_run_start(actor=None, source_kind=SOURCES[name], path=path)


@pytest.fixture(scope="module")
def cbp_db(django_db_setup, django_db_blocker):
    """A database for the module, rolled back at its end (imports run inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
