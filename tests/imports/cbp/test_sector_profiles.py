"""Border Patrol sector profiles FY2011–FY2017 and the FY2017 breakdowns: imported and
recomputed; the hand-cleaned and breakdown files agree with the merged table."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from testigo.core.models import AuditEntry
from testigo.observations.models import Observation
from tests.imports.cbp import reference as ref
from tests.imports.cbp.conftest import import_once

pytestmark = pytest.mark.django_db
DATASET = "cbp-sector-profiles"
MEASURES = 9


@pytest.fixture(scope="module")
def imported(cbp_db, cbp_files):
    return import_once("merged", cbp_files["merged"])


def _name(raw: str) -> str:
    return raw.replace("*", "").strip()


def test_import_counts(imported) -> None:
    run = imported.run
    assert (run.status, run.layout, run.rows) == ("done", "sector-profiles", 168)
    assert (run.created, run.updated, run.unchanged) == (168 * MEASURES, 0, 0)


def test_apprehensions_and_deaths_by_year_and_sector(imported, cbp_files) -> None:
    raw = ref.rows(cbp_files["merged"])
    for column, measure in (("APPREHENSIONS", "apprehensions"), ("DEATHS", "deaths")):
        by_year: Counter[int] = Counter()
        by_sector: Counter[str] = Counter()
        for row in raw:
            if "Total" in row["SECTOR"]:
                continue
            by_year[int(row["YEAR"])] += ref.number(row[column])
            by_sector[_name(row["SECTOR"])] += ref.number(row[column])
        ours_year: Counter[int] = Counter()
        ours_sector: Counter[str] = Counter()
        for obs in Observation.objects.filter(
            dataset=DATASET, measure=measure, dimensions={}, area_level="border_patrol_sector"
        ):
            ours_year[obs.period_end.year] += obs.value or 0
            ours_sector[obs.area_name] += obs.value or 0
        assert ours_year == by_year
        assert ours_sector == by_sector
        assert len(ours_sector) == 20


def test_total_rows_are_kept_apart_and_flagged(imported, cbp_files) -> None:
    raw = ref.rows(cbp_files["merged"])
    everything = Observation.objects.filter(dataset=DATASET)
    totals = [o for o in everything if "published_total" in o.flags]
    assert len(totals) == sum("Total" in r["SECTOR"] for r in raw) * MEASURES == 28 * 9
    assert {o.area_level for o in totals} == {"border_region", "country"}
    nationwide_2017 = Observation.objects.get(
        dataset=DATASET, measure="apprehensions", dimensions={}, area="US", period="FY2017"
    )
    assert nationwide_2017.value == 310531
    assert nationwide_2017.area_name == "Nationwide Total"  # "Nationwide Total***"
    southwest_deaths = {
        o.period: o.value
        for o in Observation.objects.filter(
            dataset=DATASET, measure="deaths", area="border:southwest"
        )
    }
    expected = {
        f"FY{r['YEAR']}": ref.number(r["DEATHS"])
        for r in raw
        if _name(r["SECTOR"]) == "Southwest Border Sectors Total"
    }
    assert southwest_deaths == expected
    assert southwest_deaths["FY2017"] == 294


def test_totals_that_differ_from_their_sectors_are_warnings(imported, cbp_files) -> None:
    """Staffing totals include agents outside sectors; drug weights are rounded."""
    warnings = [w for w in imported.report.warnings if w.code == "total_differs"]
    assert {w.column for w in warnings} == {"AGENT_STAFFING", "CANNABIS", "COCAINE"}
    staffing = [w for w in warnings if w.column == "AGENT_STAFFING"]
    assert len(staffing) == 7 * 2  # Southwest and Nationwide, every year
    staffing_2011 = Observation.objects.get(
        dataset=DATASET, measure="agent_staffing", area="US", period="FY2011"
    )
    assert staffing_2011.value == 21444  # kept as published ("21,444 **")
    assert staffing_2011.flags == ["footnote", "published_total"]


def test_not_tracked_and_blank_are_missing_values(imported, cbp_files) -> None:
    raw = ref.rows(cbp_files["merged"])
    blank_or_na = sum(1 for r in raw for c in ("RESCUES", "DEATHS") if _name(r[c]) in ("", "N/A"))
    missing = Observation.objects.filter(dataset=DATASET, status="M")
    assert missing.count() == blank_or_na
    assert all(o.value is None for o in missing)
    not_available = [o for o in missing if "not_available" in o.flags]
    assert len(not_available) == sum(
        1 for r in raw for c in ("RESCUES", "DEATHS") if _name(r[c]) == "N/A"
    )


def test_sector_name_variants(imported) -> None:
    rgv = Observation.objects.filter(dataset=DATASET, area="USBP:RGV", measure="apprehensions")
    assert set(rgv.values_list("area_name", flat=True)) == {"Rio Grande Valley (formerly McAllen)"}
    assert (
        Observation.objects.get(
            dataset=DATASET, area="USBP:BBT", measure="deaths", period="FY2017"
        ).value
        == 1
    )


def test_reimport_changes_nothing(imported, cbp_files) -> None:
    audits = AuditEntry.objects.count()
    again = import_once("merged", cbp_files["merged"])
    assert (again.run.created, again.run.updated, again.run.unchanged) == (0, 0, 168 * MEASURES)
    assert AuditEntry.objects.count() == audits


def test_handclean_file_agrees_with_the_merged_table(imported, cbp_files) -> None:
    hand = import_once("handclean", cbp_files["handclean"])
    assert (hand.run.created, hand.run.updated, hand.run.unchanged) == (0, 0, 63 * MEASURES)
    raw = ref.rows(cbp_files["handclean"])
    deaths = sum(ref.number(r["DEATHS"]) for r in raw)  # stored as floats, "2.0"
    ours = sum(
        o.value
        for o in Observation.objects.filter(
            dataset=DATASET, measure="deaths", area_level="border_patrol_sector",
            area__in=[f"USBP:{c}" for c in ("BBT", "DRT", "ELC", "EPT", "LRT", "RGV", "SDC",
                                             "TCA", "YUM")],
        )
    )  # fmt: skip
    assert ours == deaths


def test_gender_table(imported, cbp_files) -> None:
    result = import_once("gender", cbp_files["gender"])
    # Total Apprehensions are the profiles' apprehensions: unchanged; Female and Male are new.
    assert (result.run.created, result.run.updated, result.run.unchanged) == (48, 0, 24)
    assert result.report.warnings == []
    raw = ref.rows(cbp_files["gender"])
    for code, column in (("F", "Female"), ("M", "Male")):
        ours = {
            o.area_name: o.value
            for o in Observation.objects.filter(
                dataset=DATASET, period="FY2017", dimensions={"sex": code}
            )
        }
        assert ours == {r["SECTOR"]: Decimal(ref.number(r[column])) for r in raw}
    female_sectors = sum(
        o.value
        for o in Observation.objects.filter(
            dataset=DATASET, dimensions={"sex": "F"}, area_level="border_patrol_sector"
        )
    )
    assert female_sectors == 81686  # the file's Nationwide Total row


def test_juvenile_table(imported, cbp_files) -> None:
    result = import_once("juvenile", cbp_files["juvenile"])
    assert (result.run.created, result.run.updated, result.run.unchanged) == (96, 0, 24)
    assert result.report.warnings == []
    raw = ref.rows(cbp_files["juvenile"])
    unaccompanied = sum(
        o.value
        for o in Observation.objects.filter(
            dataset=DATASET, area_level="border_patrol_sector",
            dimensions={"age_group": "minors", "accompaniment": "unaccompanied"},
        )
    )  # fmt: skip
    assert unaccompanied == sum(
        ref.number(r["Unaccompanied Juveniles"]) for r in raw if "Total" not in r["SECTOR"]
    )
    assert unaccompanied == 41546
