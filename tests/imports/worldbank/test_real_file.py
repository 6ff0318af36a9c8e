"""Importing the real RPW corridors export: figures recomputed from the file with csv."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction

from testigo.core.models import AuditEntry
from testigo.imports.services import import_run_start
from testigo.imports.worldbank.adapter import read_rpw
from testigo.observations.models import Observation

pytestmark = pytest.mark.django_db
SIX = Decimal("0.000001")


def reference(path: Path) -> list[tuple[str, str, str, Decimal]]:
    """(sending ISO3, receiving ISO3, "YYYY-Qn", value) for every numeric cell, read with csv."""
    out = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        for row in reader:
            if not row[1]:
                continue  # the footer
            for name, cell in zip(header[6:], row[6:], strict=True):
                if cell not in ("..", ""):
                    year, quarter = re.match(r"(\d{4})Q(\d)", name).groups()
                    out.append((row[1], row[5], f"{year}-Q{quarter}", Decimal(cell).quantize(SIX)))
    return out


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, rpw_csv: Path):
    """The export imported once for this module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield import_run_start(actor=None, source_kind="worldbank-rpw", path=rpw_csv)
        transaction.set_rollback(True)


def test_reads_every_row(rpw_csv: Path) -> None:
    parsed = read_rpw(rpw_csv)
    with rpw_csv.open(encoding="utf-8-sig", newline="") as fh:
        data_rows = [r for r in list(csv.reader(fh))[1:] if r[1]]
    assert parsed.rows == len(data_rows) == 5328
    assert parsed.report.errors == []
    assert len(parsed.records) == len(reference(rpw_csv)) == 10417
    assert parsed.layout.last_updated == "12/07/2020"
    assert len(parsed.layout.quarters) == 35


def test_import_counts_and_totals_by_year(imported, rpw_csv: Path) -> None:
    run = imported.run
    assert (run.status, run.rows, run.created, run.updated) == ("done", 5328, 10417, 0)
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for _src, _dst, period, value in reference(rpw_csv):
        expected[period[:4]] += value
    ours: dict[str, Decimal] = defaultdict(Decimal)
    for period, value in Observation.objects.filter(dataset="worldbank-rpw").values_list(
        "period", "value"
    ):
        ours[period[:4]] += value
    assert ours == expected
    assert AuditEntry.objects.filter(model="observations.Observation").count() >= 10417


def test_totals_by_sending_country(imported, rpw_csv: Path) -> None:
    expected: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    for src, _dst, _period, value in reference(rpw_csv):
        expected[src] += value
        counts[src] += 1
    ours: dict[str, Decimal] = defaultdict(Decimal)
    rows = Observation.objects.filter(dataset="worldbank-rpw")
    for key, value in rows.values_list("source_key", "value"):
        ours[key.split(":")[1]] += value
    assert ours == expected
    assert rows.filter(dimensions__corridor_source="US").count() == counts["USA"]


def test_us_mexico_corridor_for_sdg_10c1(imported, rpw_csv: Path) -> None:
    """SDG 10.c.1: the US→Mexico average total cost by quarter is one filter away."""
    expected = {p: v for s, d, p, v in reference(rpw_csv) if (s, d) == ("USA", "MEX")}
    rows = Observation.objects.filter(
        dataset="worldbank-rpw", measure="remittance_cost", period_type="quarter",
        dimensions__corridor_source="US", dimensions__corridor_destination="MX",
        dimensions__series="ATCR.CORR",
    )  # fmt: skip
    assert dict(rows.values_list("period", "value")) == expected
    assert len(expected) == 35
    assert rows.get(period="2011-Q1").value == Decimal("5.006111")  # PROVENANCE: 5.01 %
    assert set(rows.values_list("area", "unit")) == {("US-MX", "percent")}


def test_negative_costs_are_kept_and_flagged(imported, rpw_csv: Path) -> None:
    negatives = {(s, d, p): v for s, d, p, v in reference(rpw_csv) if v < 0}
    assert len(negatives) == 5  # PROVENANCE.md
    rows = Observation.objects.filter(dataset="worldbank-rpw")
    flagged = [o for o in rows if "negative_cost" in o.flags]
    ours = {tuple(o.source_key.split(":")[1:]): o.value for o in flagged}
    assert ours == negatives
    honduras = Observation.objects.get(source_key="ATCR.CORR:USA:HND:2014-Q2")
    assert honduras.value == Decimal("-4.546250") and honduras.flags == ["negative_cost"]
    assert imported.report.warning_counts()["negative_cost"] == 5


def test_reimport_changes_nothing(imported, rpw_csv: Path) -> None:
    audits = AuditEntry.objects.count()
    again = import_run_start(actor=None, source_kind="worldbank-rpw", path=rpw_csv)
    assert (again.run.created, again.run.updated, again.run.unchanged) == (0, 0, 10417)
    assert Observation.objects.filter(dataset="worldbank-rpw").count() == 10417
    assert AuditEntry.objects.count() == audits
