"""Border Patrol monthly encounters FY2000–FY2020: the sector PSV and the wide Southwest-border
table (the same publication: the wide file's figures are the PSV's southwest_border column)."""

from __future__ import annotations

from collections import Counter

import pytest

from testigo.core.models import AuditEntry
from testigo.observations.models import Observation
from tests.imports.cbp import reference as ref
from tests.imports.cbp.conftest import import_once

pytestmark = pytest.mark.django_db
DATASET = "cbp-usbp-monthly-encounters"
TOTAL_COLUMNS = {"coastal_border", "northern_border", "southwest_border", "monthly_total"}


@pytest.fixture(scope="module")
def imported(cbp_db, cbp_files):
    return import_once("psv", cbp_files["psv"])


def _sectors():
    return Observation.objects.filter(dataset=DATASET, area_level="border_patrol_sector")


def test_import_counts(imported) -> None:
    run = imported.run
    assert (run.status, run.layout, run.rows) == ("done", "usbp-monthly-by-sector", 252)
    # 21 sectors + 3 regions + nationwide, for 252 months.
    assert (run.created, run.updated, run.unchanged) == (252 * 25, 0, 0)
    assert imported.report.warnings == []  # every published total equals its sectors
    assert _sectors().count() == 252 * 21


def test_totals_by_fiscal_year_and_sector(imported, cbp_files) -> None:
    raw = ref.rows(cbp_files["psv"], delimiter="|")
    sectors = [c for c in raw[0] if c not in TOTAL_COLUMNS | {"month", "fy", "cy"}]
    by_year: Counter[int] = Counter()
    by_sector: Counter[str] = Counter()
    for row in raw:
        for column in sectors:
            by_year[int(row["fy"])] += int(row[column])
            by_sector[column] += int(row[column])
    ours_year: Counter[int] = Counter()
    ours_sector: Counter[str] = Counter()
    for obs in _sectors():
        ours_year[ref.fiscal_year_of(obs.period_start)] += obs.value
        ours_sector[obs.area_name] += obs.value
    assert ours_year == by_year
    assert ours_sector == by_sector
    assert len(ours_sector) == 21


def test_totals_are_kept_apart_and_flagged(imported, cbp_files) -> None:
    raw = ref.rows(cbp_files["psv"], delimiter="|")
    totals = Observation.objects.filter(dataset=DATASET).exclude(area_level="border_patrol_sector")
    assert totals.count() == 252 * 4
    assert all(o.flags == ["published_total"] for o in totals)
    assert not any("published_total" in o.flags for o in _sectors())
    nationwide = sum(o.value for o in totals.filter(area="US"))
    assert nationwide == sum(int(r["monthly_total"]) for r in raw)
    southwest_2019 = sum(
        o.value
        for o in totals.filter(
            area="border:southwest", period_start__gte="2018-10-01", period_end__lte="2019-09-30"
        )
    )
    assert southwest_2019 == 851508  # CBP's published FY2019 Southwest border figure


def test_fiscal_year_rule_against_the_files_calendar_year(imported, cbp_files) -> None:
    raw = ref.rows(cbp_files["psv"], delimiter="|")
    expected = {f"{r['cy']}-{int(r['month']):02d}" for r in raw}
    ours = set(Observation.objects.filter(dataset=DATASET).values_list("period", flat=True))
    assert ours == expected
    tucson_oct_1999 = Observation.objects.get(dataset=DATASET, area="USBP:TCA", period="1999-10")
    assert tucson_oct_1999.value == int(raw[0]["tucson"])  # FY2000's first row


def test_reimport_changes_nothing(imported, cbp_files) -> None:
    audits = AuditEntry.objects.count()
    again = import_once("psv", cbp_files["psv"])
    assert (again.run.created, again.run.updated, again.run.unchanged) == (0, 0, 252 * 25)
    assert AuditEntry.objects.count() == audits


def test_wide_file_is_the_same_southwest_series(imported, cbp_files) -> None:
    """The hand-transcribed wide table adds nothing: its 252 months are the PSV's."""
    wide = import_once("wide", cbp_files["wide"])
    assert wide.run.layout == "usbp-southwest-monthly-wide"
    assert (wide.run.created, wide.run.updated, wide.run.unchanged) == (0, 0, 252)
    assert wide.report.warnings == []  # every yearly total equals its months
    raw = ref.rows(cbp_files["wide"])
    by_year = {int(r["Fiscal Year"]): int(r["Yearly Total"].replace(",", "")) for r in raw}
    ours: Counter[int] = Counter()
    by_month: Counter[int] = Counter()
    for obs in Observation.objects.filter(dataset=DATASET, area="border:southwest"):
        ours[ref.fiscal_year_of(obs.period_start)] += obs.value
        by_month[obs.period_start.month] += obs.value
    assert ours == by_year
    assert by_year[2000] == 1643679
    for number, name in enumerate(ref.MONTH_NAMES, start=1):
        assert by_month[number] == sum(int(r[name].replace(",", "")) for r in raw)


def test_wide_file_alone(cbp_parsed, cbp_files) -> None:
    parsed = cbp_parsed("wide")
    assert (parsed.rows, len(parsed.records)) == (21, 21 * 12)
    october_2000 = next(r for r in parsed.records if r.fields["period"] == "1999-10")
    assert october_2000.fields["value"] == 91410  # "91,410"
    assert october_2000.fields["area"] == "border:southwest"
