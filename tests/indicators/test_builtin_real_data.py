"""SDG 10.7.3 and 10.c.1 recomputed by hand from the real files equal Testigo's values.

10.7.3: the MMP 2025 export read with openpyxl (dead and missing by incident year, on the
US–Mexico border crossing route and in the Americas; a multi-valued cell is filed under its
first value, as the importer does). 10.c.1: the World Bank RPW DataBank CSV read with
``csv`` (US → Mexico average total cost by quarter; all-corridor simple average, negative
costs left out).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.db import transaction

from testigo.imports.services import import_run_start
from testigo.indicators.library import builtin_definition
from testigo.indicators.models import Approval, IndicatorValue
from testigo.indicators.selectors import public_indicator
from testigo.indicators.services import (
    indicator_version_decide,
    indicator_version_propose,
    indicators_compute,
)

AMERICAS = {"North America", "Central America", "Caribbean", "South America"}
US_MEXICO = "US-Mexico border crossing"


def agree(world, code: str):
    version = indicator_version_propose(
        actor=world.cso_user,
        group=world.group,
        organisation=world.cso,
        content=builtin_definition(code),
    )
    for user, org in ((world.cso_user, world.cso), (world.gov_user, world.gov)):
        indicator_version_decide(
            actor=user, version=version, organisation=org, decision=Approval.Decision.APPROVE
        )
    indicators_compute(actor=world.gov_user, codes=[code])
    return version


def _values(version, series: str) -> dict[str, Decimal | None]:
    return {
        v.period: v.value
        for v in IndicatorValue.objects.filter(version=version, series=series, breakdown="")
    }


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, mmp_2025: Path, shared_data: Path):
    """The MMP 2025 export and the RPW file imported once for this module, rolled back."""
    rpw = shared_data / "worldbank_remittances" / "rpw_corridors_databank_2011Q1-2020Q3.csv"
    with django_db_blocker.unblock(), transaction.atomic():
        import_run_start(actor=None, source_kind="mmp", path=mmp_2025)
        import_run_start(actor=None, source_kind="worldbank-rpw", path=rpw)
        yield rpw
        transaction.set_rollback(True)


def _mmp_by_year(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    """(US–Mexico border, Americas) dead and missing by incident year, from the xlsx."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = next(rows)
    route_col, region_col = header.index("Migration Route"), header.index("Region of Incident")
    year_col = header.index("Incident Year")
    total_col = header.index("Total Number of Dead and Missing")
    border: Counter[str] = Counter()
    americas: Counter[str] = Counter()
    for row in rows:
        if row[year_col] in (None, ""):
            continue  # unknown year: not in the yearly series
        year = str(int(row[year_col]))
        total = int(row[total_col] or 0)
        if (row[route_col] or "").split(",")[0].strip() == US_MEXICO:
            border[year] += total
        if (row[region_col] or "").split(",")[0].strip() in AMERICAS:
            americas[year] += total
    workbook.close()
    return dict(border), dict(americas)


@pytest.mark.django_db
def test_sdg_10_7_3_equals_the_mmp_file(imported, world, mmp_2025: Path, client) -> None:
    border, americas = _mmp_by_year(mmp_2025)
    version = agree(world, "sdg-10-7-3")
    assert _values(version, "US_MX_BORDER") == {y: Decimal(n) for y, n in border.items()}
    assert _values(version, "AMERICAS") == {y: Decimal(n) for y, n in americas.items()}
    assert sum(border.values()) == 6509  # PROVENANCE.md: 6,518 on the route, 9 of unknown year
    # disaggregation by cause of death sums to the total where nothing is suppressed
    by_cause = IndicatorValue.objects.filter(
        version=version, series="US_MX_BORDER", period="2022", breakdown="cause_of_death"
    )
    assert by_cause.exists()
    if all(v.value is not None for v in by_cause):
        assert sum(v.value for v in by_cause) == border["2022"]
    value = IndicatorValue.objects.get(
        version=version, series="US_MX_BORDER", period="2022", breakdown=""
    )
    assert value.trace["table"]["where"] == {
        "dataset": "mmp",
        "migration_route": "us_mexico_border_crossing",
    }
    assert value.trace["values"] == {"dead_and_missing": border["2022"]}
    page = public_indicator("sdg-10-7-3")
    row = next(r for r in page.rows if r.series == "US_MX_BORDER")
    assert row.baseline.period == "2015" and row.baseline.value == border["2015"]
    assert row.latest.period == max(border, key=int)
    html = client.get("/indicators/sdg-10-7-3/").content.decode()
    assert html.count("<svg") == 3  # a trend per series and the breakdown by cause of death
    assert (
        f"2022: {border['2022']:,}".replace(",", "\u00a0") in html
        or f"2022: {border['2022']}" in html
    )


def _rpw(path: Path) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """(US → MX by quarter, mean over corridors by quarter) from the CSV, with ``csv``."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    quarters = {i: h.split(" ")[0].replace("Q", "-Q") for i, h in enumerate(header) if "[YR" in h}
    us_mx: dict[str, Decimal] = {}
    pooled: dict[str, list[Decimal]] = defaultdict(list)
    for row in rows[1:]:
        if len(row) < len(header) or row[3] != "ATCR.CORR":
            continue
        for i, quarter in quarters.items():
            if row[i] in ("..", ""):
                continue
            value = round(Decimal(row[i]), 6)
            if value >= 0:
                pooled[quarter].append(value)
            if row[1] == "USA" and row[5] == "MEX":
                us_mx[quarter] = value
    means = {q: sum(v, Decimal(0)) / len(v) for q, v in pooled.items()}
    return us_mx, means


@pytest.mark.django_db
def test_sdg_10_c_1_equals_the_rpw_file(imported, world) -> None:
    us_mx, means = _rpw(imported)
    version = agree(world, "sdg-10-c-1")
    got = _values(version, "US_MX")
    assert got == us_mx
    assert len(got) == 35 and got["2011-Q1"] > got["2020-Q3"]  # cost fell over the decade
    pooled = _values(version, "ALL_CORRIDORS")
    assert pooled.keys() == means.keys()
    for quarter, mean in means.items():
        assert pooled[quarter] == pytest.approx(mean, abs=Decimal("0.000001"))
    row = next(r for r in public_indicator("sdg-10-c-1").rows if r.series == "US_MX")
    assert row.target_value == 3 and row.baseline.period == "2011-Q1"
