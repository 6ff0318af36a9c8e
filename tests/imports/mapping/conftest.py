"""Fixtures for the mapping engine: the real XLSForms and Kobo exports (read in place)."""

from __future__ import annotations

from pathlib import Path

import pytest

from testigo.imports.mapping.xlsform import FormSpec, form_from_xlsform


@pytest.fixture(scope="session")
def xlsform_dir(shared_data: Path) -> Path:
    return shared_data / "xlsform_examples"


@pytest.fixture(scope="session")
def epfl_form_path(xlsform_dir: Path) -> Path:
    return xlsform_dir / "EPFL_CEAT_Nairobi_2021_household_survey.xls"


@pytest.fixture(scope="session")
def epfl_households(xlsform_dir: Path) -> Path:
    return xlsform_dir / "EPFL_CEAT_household_data_kobo_export.csv"


@pytest.fixture(scope="session")
def epfl_members(xlsform_dir: Path) -> Path:
    return xlsform_dir / "EPFL_CEAT_individual_data_kobo_export.csv"


@pytest.fixture(scope="session")
def reach_form_path(xlsform_dir: Path) -> Path:
    return xlsform_dir / "REACH_2024_MSNA-kobo-tool_draft_v11.xlsx"


@pytest.fixture(scope="session")
def epfl_form(epfl_form_path: Path) -> FormSpec:
    return form_from_xlsform(epfl_form_path)


@pytest.fixture(scope="session")
def reach_form(reach_form_path: Path) -> FormSpec:
    return form_from_xlsform(reach_form_path)


@pytest.fixture
def org(db):
    from testigo.accounts.services import organisation_create

    return organisation_create(actor=None, slug="albergue", name="Albergue", kind="civil_society")


@pytest.fixture(autouse=True)
def english():
    """Reasons and problems are asserted in English (the msgids); Spanish is the default."""
    from django.utils import translation

    with translation.override("en"):
        yield
