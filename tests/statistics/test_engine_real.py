"""The engine and the gate on real files, checked against figures recomputed from the files.

* Casa Alitas (Tucson shelter, 12,520 visits): persons served by nationality and month =
  the file's ``number_in_party`` summed by ``country`` and arrival month (the importer marks
  these intakes ``consent_statistics``: a public de-identified publication).
* IOM Missing Migrants (2022 export): dead, missing, and dead and missing on the US–Mexico
  border crossing route by incident year, from the raw CSV.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest
from django.db import transaction

from testigo.imports.services import import_run_start
from testigo.publication.gate import published
from testigo.statistics.engine import count
from tests.statistics.gate_checker import check_published

pytestmark = pytest.mark.django_db

ALITAS = "casa_alitas_shelter_intake_tucson/group_all_clean_1_20_22.csv"
# Names pycountry does not resolve (Kosovo has no ISO 3166-1 code: not recorded).
NAMES = {"": None, "NA": None, "Kosovo": None, "Russia": "RU", "Turkey": "TR",
         "Democratic Republic of Congo": "CD"}  # fmt: skip
BORDER = "US-Mexico border crossing"


def iso(name: str) -> str | None:
    name = name.strip()
    return NAMES[name] if name in NAMES else pycountry.countries.lookup(name).alpha_2


def alitas_expected(path: Path) -> dict[tuple[str | None, str], int]:
    sums: dict[tuple[str | None, str], int] = defaultdict(int)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            sums[(iso(row["country"]), row["arrival_date"][:7])] += int(row["number_in_party"])
    return dict(sums)


def mmp_expected(path: Path) -> dict[int | None, dict[str, int]]:
    def number(text: str) -> int:
        return int(float(text)) if text.strip() else 0

    sums: dict[int | None, dict[str, int]] = defaultdict(
        lambda: {"dead": 0, "missing": 0, "dead_and_missing": 0}
    )
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["Migration route"].strip() != BORDER:
                continue
            year = int(row["Incident year"]) if row["Incident year"].strip() else None
            cell = sums[year]
            cell["dead"] += number(row["Number of Dead"])
            cell["missing"] += number(row["Minimum Estimated Number of Missing"])
            cell["dead_and_missing"] += number(row["Total Number of Dead and Missing"])
    return dict(sums)


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, shared_data: Path, mmp_2022: Path):
    """Casa Alitas and the MMP 2022 export, imported once for this module, rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        import_run_start(actor=None, source_kind="casa-alitas", path=shared_data / ALITAS)
        import_run_start(actor=None, source_kind="mmp", path=mmp_2022)
        yield
        transaction.set_rollback(True)


def test_casa_alitas_persons_served_by_nationality_and_month(imported, shared_data: Path) -> None:
    expected = alitas_expected(shared_data / ALITAS)
    table = count("persons_served", units=("persons_served",), by=("nationality", "month"))
    ours = {key: v["persons_served"] for key, v in table.cells.items()}
    assert ours == expected
    assert sum(ours.values()) == 24162  # people served (docs/imports/casa-alitas.md)
    visits = count("intakes", units=("intakes",), by=("year",))
    assert visits.total("intakes") == 12520


def test_casa_alitas_published_through_the_gate(imported) -> None:
    by = ("nationality", "quarter")
    table = published("persons_served", units=("persons_served",), by=by)
    raw = count("persons_served", units=("persons_served",), by=by)
    assert table.threshold == 5
    assert table.suppressed_cells > 0  # small nationalities exist in the real data
    check_published(table, raw)


def test_mmp_us_mexico_border_by_year(imported, mmp_2022: Path) -> None:
    expected = mmp_expected(mmp_2022)
    units = ("dead", "missing", "dead_and_missing")
    table = count(
        "events", units=units, by=("year",),
        where={"migration_route": BORDER, "dataset": "mmp"},
    )  # fmt: skip
    assert {k[0]: v for k, v in table.cells.items()} == expected
    gate = published(
        "events", units=units, by=("year",), where={"migration_route": BORDER, "dataset": "mmp"}
    )
    for row in gate.rows:  # every published year equals the file
        if row.values["dead_and_missing"] is not None:
            assert row.values == expected[row.key[0]]


def test_mmp_real_two_way_table_passes_the_checker(imported) -> None:
    by = ("year", "cause_of_death")
    where = {"migration_route": BORDER}
    raw = count("events", units=("dead_and_missing",), by=by, where=where)
    table = published("events", units=("dead_and_missing",), by=by, where=where)
    assert check_published(table, raw) > 0
