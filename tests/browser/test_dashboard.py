"""The public dashboard in a real browser: no scripts at all (CSP), a person changes a
filter, switches to English, and downloads the table's data and the open-data package."""

from __future__ import annotations

import csv
import os
import re
import zipfile
from pathlib import Path

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the ``test`` extra is not installed
    if os.environ.get("TESTIGO_REQUIRE_BROWSER") == "1":
        raise
    pytest.skip("browser tests need playwright: pip install -e '.[test]'", allow_module_level=True)

from testigo.accounts.services import organisation_create
from testigo.documentation.services import event_record
from testigo.vocab.models import Term

pytestmark = pytest.mark.django_db(transaction=True)

# (EDTF date, migration route, state, dead): MMP incidents in North America.
EVENTS = [
    ("2022-03", "us_mexico_border_crossing", "US-AZ", 10),
    ("2022-07-14", "darien", "", 12),
    ("2023-05", "us_mexico_border_crossing", "US-AZ", 2),
    ("2023", "darien", "", 30),
    ("2024-01-02", "us_mexico_border_crossing", "US-TX", 15),
]


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary__name=vocabulary, code=code)


@pytest.fixture
def events() -> None:
    organisation = organisation_create(actor=None, slug="org", name="Org", kind="civil_society")
    north_america = term("region_of_incident", "north_america").pk
    for date, route, state, dead in EVENTS:
        event_record(
            actor=None,
            organisation=organisation,
            title="evento",
            dataset="mmp",
            date_edtf=date,
            region_id=north_america,
            migration_route_id=term("migration_route", route).pk,
            state_code=state,
            dead=dead,
            missing=0,
            dead_and_missing=dead,
        )
    # Outside the Americas: counted only when no filter is set.
    event_record(
        actor=None,
        organisation=organisation,
        title="fuera",
        dataset="mmp",
        date_edtf="2023",
        region_id=term("region_of_incident", "mediterranean").pk,
        dead=500,
        missing=0,
        dead_and_missing=500,
    )


def _rows(table) -> list[list[str]]:
    return [
        [" ".join(c.split()) for c in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]


def test_journalist_filters_switches_language_and_downloads(events, page, tmp_path: Path):
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tablero")
    expect(page.locator('[data-unit="dead"] .n')).to_have_text(str(sum(e[3] for e in EVENTS)))
    assert page.locator("script").count() == 0
    expect(page.get_by_role("img", name=re.compile("Mapa de los estados"))).to_be_visible()

    # A filter: dead persons by year, everywhere; then only the Americas.
    page.get_by_label("Contar", exact=True).select_option("dead")
    page.get_by_label("Por", exact=True).select_option("year")
    page.get_by_label("Y luego por (opcional)").select_option("")
    page.get_by_label("Solo", exact=True).select_option("")
    page.get_by_role("button", name="Mostrar la tabla").click()
    table = page.locator("#custom-table")
    expect(table.locator("tbody tr").first).to_contain_text("2022")
    assert _rows(table) == [["2022", "22"], ["2023", "532"], ["2024", "15"]]

    page.get_by_label("Solo", exact=True).select_option("continent=americas")
    page.get_by_role("button", name="Mostrar la tabla").click()
    expect(table.locator("tbody tr").nth(1)).to_contain_text("32")
    assert _rows(table) == [["2022", "22"], ["2023", "32"], ["2024", "15"]]

    # The language switch keeps the table the person made.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    assert _rows(table) == [["2022", "22"], ["2023", "32"], ["2024", "15"]]

    # The table's data: the CSV is the published table shown on the page.
    with page.expect_download() as download_info:
        page.locator("#table-download").click()
    path = tmp_path / "table.csv"
    download_info.value.save_as(path)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["year", "dead"], ["2022", "22"], ["2023", "32"], ["2024", "15"]]

    # The open-data package: downloaded whole, and it validates.
    frictionless = pytest.importorskip("frictionless")
    with page.expect_download() as package_info:
        page.get_by_role("link", name=re.compile("Data Package")).click()
    archive = tmp_path / "package.zip"
    package_info.value.save_as(archive)
    with zipfile.ZipFile(archive) as package:
        package.extractall(tmp_path / "package")
    report = frictionless.validate(str(tmp_path / "package" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_bad_filter_in_the_address_gives_a_message(events, page):
    response = page.goto("/dashboard/?count=dead&by=year&where=continent=atlantida")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("atlantida")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tablero")
