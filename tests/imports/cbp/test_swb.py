"""CBP Southwest Land Border Encounters by citizenship grouping: imported and recomputed."""

from __future__ import annotations

from collections import Counter

import pytest

from testigo.core.models import AuditEntry
from testigo.observations.models import Observation
from tests.imports.cbp import reference as ref
from tests.imports.cbp.conftest import import_once

pytestmark = pytest.mark.django_db
DATASET = "cbp-swb-encounters"
COMPONENTS = {"U.S. Border Patrol": "USBP", "Office of Field Operations": "OFO"}


@pytest.fixture(scope="module")
def imported(cbp_db, cbp_files):
    return import_once("sbo", cbp_files["sbo"])


def test_import_counts(imported, cbp_files) -> None:
    run = imported.run
    raw = ref.rows(cbp_files["sbo"])
    assert (run.status, run.layout, run.rows) == ("done", "swb-by-citizenship-grouping", 2416)
    assert (run.created, run.updated, run.unchanged) == (len(raw), 0, 0)
    assert Observation.objects.filter(dataset=DATASET).count() == 2416
    assert run.organisation.name == "U.S. Customs and Border Protection (public data)"
    assert run.organisation.kind == "government"


def test_totals_by_fiscal_year_and_component(imported, cbp_files) -> None:
    raw = ref.rows(cbp_files["sbo"])
    by_year: Counter[int] = Counter()
    by_component: Counter[str] = Counter()
    for row in raw:
        by_year[int(row["Fiscal Year"])] += int(row["Encounter Count"])
        by_component[COMPONENTS[row["Component"]]] += int(row["Encounter Count"])
    ours_year: Counter[int] = Counter()
    ours_component: Counter[str] = Counter()
    for obs in Observation.objects.filter(dataset=DATASET):
        ours_year[ref.fiscal_year_of(obs.period_start)] += obs.value
        ours_component[obs.dimensions["component"]] += obs.value
    assert ours_year == by_year
    assert ours_component == by_component
    # CBP's published Southwest land border totals.
    assert (ours_year[2021], ours_year[2022], ours_year[2023]) == (1734686, 2378944, 2475669)


def test_fiscal_2025_months_are_october_to_february(imported) -> None:
    periods = set(
        Observation.objects.filter(dataset=DATASET, period_start__gte="2024-10-01").values_list(
            "period", flat=True
        )
    )
    assert periods == {"2024-10", "2024-11", "2024-12", "2025-01", "2025-02"}
    first = Observation.objects.filter(dataset=DATASET).order_by("period_start").first()
    assert (first.period, str(first.period_end)) == ("2020-10", "2020-10-31")


def test_uac_and_uc_single_minors_are_one_group(imported, cbp_files) -> None:
    raw = ref.rows(cbp_files["sbo"])
    unaccompanied = sum(
        int(r["Encounter Count"]) for r in raw if r["Demographic"] in ("UAC", "UC / Single Minors")
    )
    ours = sum(
        o.value
        for o in Observation.objects.filter(
            dataset=DATASET, dimensions__demographic="unaccompanied_children"
        )
    )
    assert ours == unaccompanied > 0


def test_reimport_changes_nothing(imported, cbp_files) -> None:
    audits = AuditEntry.objects.count()
    again = import_once("sbo", cbp_files["sbo"])
    assert (again.run.created, again.run.updated, again.run.unchanged) == (0, 0, 2416)
    assert AuditEntry.objects.count() == audits
