"""Importing the four real MMP exports: row counts, figures recomputed from the files."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction

from testigo.core.models import AuditEntry
from testigo.documentation.models import Event, Source
from testigo.imports.mmp.adapter import read_mmp
from testigo.imports.models import ImportRun
from testigo.imports.services import import_run_start
from testigo.statistics.counting import count_events
from tests.imports import mmp_reference as ref

pytestmark = pytest.mark.django_db

US_MEXICO = "US-Mexico border crossing"


@pytest.fixture(scope="module")
def imported_2025(django_db_setup, django_db_blocker, mmp_2025: Path):
    """The 2025 export imported once for this module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        result = import_run_start(actor=None, source_kind="mmp", path=mmp_2025)
        yield result
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("fixture", "layout", "rows"),
    [
        ("mmp_2019", "mmp-2019", 5987),
        ("mmp_2022", "mmp-2022", 10274),
        ("mmp_2025", "mmp-2025", 19255),
        ("mmp_2026", "mmp-2026", 238),
    ],
)
def test_every_layout_reads_every_row(fixture: str, layout: str, rows: int, request) -> None:
    path = request.getfixturevalue(fixture)
    parsed = read_mmp(path)
    assert parsed.layout.name == layout
    assert parsed.rows == rows == len(ref.rows(path))
    assert parsed.report.errors == []
    assert len(parsed.records) == rows


@pytest.mark.parametrize(
    ("fixture", "dead_col", "missing_col", "total_col"),
    [
        (
            "mmp_2019",
            "Number Dead",
            "Minimum Estimated Number of Missing",
            "Total Dead and Missing",
        ),
        (
            "mmp_2022",
            "Number of Dead",
            "Minimum Estimated Number of Missing",
            "Total Number of Dead and Missing",
        ),
        ("mmp_2026", "Number Dead", "Minimum Estimated Number of Missing", None),
    ],
)
def test_totals_equal_the_files_own_columns(fixture, dead_col, missing_col, total_col, request):
    path = request.getfixturevalue(fixture)
    reference = ref.rows(path)
    records = read_mmp(path).records
    ours = sum(r.fields["dead_and_missing"] or 0 for r in records)
    if total_col:
        assert ours == sum(ref.number(r[total_col]) for r in reference)
    assert ours == sum(ref.number(r[dead_col]) + ref.number(r[missing_col]) for r in reference)


def test_2025_import_counts_and_totals(imported_2025, mmp_2025: Path) -> None:
    run = imported_2025.run
    assert (run.status, run.rows, run.created, run.updated) == ("done", 19255, 19255, 0)
    assert Event.objects.filter(dataset="mmp").count() == 19255
    assert Source.objects.filter(event__dataset="mmp").count() == 19255
    reference = ref.rows(mmp_2025)
    table = count_events(units=("dead_and_missing", "dead", "missing"), by=("dataset",))
    cell = table.cells[("mmp",)]
    assert cell["dead_and_missing"] == sum(
        ref.number(r["Total Number of Dead and Missing"]) for r in reference
    )
    assert cell["dead_and_missing"] == 74376  # PROVENANCE.md figure, checked against the file
    assert cell["dead"] == sum(ref.number(r["Number of Dead"]) for r in reference)
    # Every event has an audit row written by the import.
    assert AuditEntry.objects.filter(model="documentation.Event", action="create").count() >= 19255


def test_2025_us_mexico_by_year(imported_2025, mmp_2025: Path) -> None:
    expected = ref.sum_by_year(
        mmp_2025,
        route=US_MEXICO,
        year_col="Incident Year",
        total_col="Total Number of Dead and Missing",
    )
    table = count_events(
        units=("dead_and_missing",), by=("year",), where={"migration_route": US_MEXICO}
    )
    ours = {
        "" if k[0] is None else str(k[0]): v["dead_and_missing"] for k, v in table.cells.items()
    }
    assert ours == expected
    assert sum(ours.values()) == 6518  # 5,410 rows, 6,518 dead and missing (PROVENANCE.md)
    assert ours[""] > 0  # incidents with unknown dates are kept in their own row


def test_2025_reimport_changes_nothing(imported_2025, mmp_2025: Path) -> None:
    audits = AuditEntry.objects.count()
    again = import_run_start(actor=None, source_kind="mmp", path=mmp_2025)
    assert (again.run.created, again.run.updated, again.run.unchanged) == (0, 0, 19255)
    assert Event.objects.count() == 19255
    assert AuditEntry.objects.count() == audits


def test_2025_warnings_report_each_quirk(imported_2025) -> None:
    counts = imported_2025.report.warning_counts()
    assert counts["negative_missing"] == 5
    assert counts["no_date"] == 13
    assert counts["zero_date"] == 1
    stored = ImportRun.objects.get(pk=imported_2025.run.pk).messages
    assert stored.filter(code="negative_missing").count() == 5
