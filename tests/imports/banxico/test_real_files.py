"""Importing Banxico's four real tables: figures recomputed from the files with csv."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest
from django.db import transaction

from testigo.core.models import AuditEntry
from testigo.imports.banxico.adapter import read_banxico
from testigo.imports.services import import_run_start
from testigo.observations.models import Observation

pytestmark = pytest.mark.django_db


@cache
def raw(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def ours(prefix: str, measure: str = "remittances") -> list[Observation]:
    return list(
        Observation.objects.filter(
            dataset="banxico-remittances", source_key__startswith=f"{prefix}:", measure=measure
        )
    )


SMALL = ("monthly", "state", "us-state")  # the country table (22,790 rows) is imported
# by the slow test at the end only


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, banxico_files: dict[str, Path]):
    """The three smaller tables imported once for this module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield {
            layout: import_run_start(
                actor=None, source_kind="banxico-remittances", path=banxico_files[layout]
            )
            for layout in SMALL
        }
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("layout", "rows", "per_row"),
    [("monthly", 538, 2), ("state", 2976, 1), ("country", 22790, 1), ("us-state", 2809, 1)],
)
def test_every_table_reads_every_row(banxico_files, layout, rows, per_row) -> None:
    parsed = read_banxico(banxico_files[layout])
    assert parsed.layout.prefix == layout
    assert parsed.rows == len(raw(banxico_files[layout])) == rows
    assert parsed.report.errors == []
    assert len(parsed.records) == rows * per_row


def test_import_counts(imported) -> None:
    created = {k: (r.run.status, r.run.created, r.run.updated) for k, r in imported.items()}
    assert created == {
        "monthly": ("done", 1076, 0),
        "state": ("done", 2976, 0),
        "us-state": ("done", 2809, 0),
    }
    assert AuditEntry.objects.filter(model="observations.Observation").count() >= 6861


@pytest.mark.parametrize("layout", SMALL)
def test_totals_by_year(imported, banxico_files, layout) -> None:
    expected: Counter[str] = Counter()
    for row in raw(banxico_files[layout]):
        expected[row["PERIODO"][:4]] += int(row["VALOR_USD"])
    got: Counter[str] = Counter()
    for obs in ours(layout):
        got[obs.period[:4]] += int(obs.value)
    assert got == expected


def test_monthly_totals_by_flow_and_transactions(imported, banxico_files) -> None:
    expected: dict[tuple[str, str], int] = defaultdict(int)
    operations: dict[str, int] = defaultdict(int)
    for row in raw(banxico_files["monthly"]):
        expected[(row["PERIODO"][:4], row["FLUJO"])] += int(row["VALOR_USD"])
        operations[row["FLUJO"]] += int(row["OPERACIONES"])
    names = {"inflow": "Ingresos", "outflow": "Egresos"}
    got: dict[tuple[str, str], int] = defaultdict(int)
    for obs in ours("monthly"):
        got[(obs.period[:4], names[obs.dimensions["flow"]])] += int(obs.value)
    assert got == expected
    transactions = ours("monthly", "remittance_transactions")
    assert {f: sum(int(o.value) for o in transactions if names[o.dimensions["flow"]] == f)
            for f in names.values()} == operations  # fmt: skip
    # Banxico's published annual total for 2023: USD 63.3 billion received.
    assert round(expected[("2023", "Ingresos")] / 1e9, 1) == 63.3


def test_state_totals_by_state(imported, banxico_files) -> None:
    expected: Counter[str] = Counter()
    for row in raw(banxico_files["state"]):
        expected[row["ENTIDAD"]] += int(row["VALOR_USD"])
    got: Counter[str] = Counter()
    for obs in ours("state"):
        got[obs.area_name] += int(obs.value)
    assert got == expected
    areas = {o.area for o in ours("state")}
    assert len(areas) == 32 and "MX-MEX" in areas and "MX-CMX" in areas


def test_us_state_totals_by_state(imported, banxico_files) -> None:
    expected: Counter[str] = Counter()
    for row in raw(banxico_files["us-state"]):
        code = "_X" if row["ID_ESTADO"] == "XX" else f"US-{row['ID_ESTADO']}"
        expected[code] += int(row["VALOR_USD"])
    got: Counter[str] = Counter()
    for obs in ours("us-state"):
        got[obs.dimensions["counterpart_area"]] += int(obs.value)
    assert got == expected
    assert len(got) == 53


def test_state_and_monthly_tables_agree(imported) -> None:
    """Two of Banxico's tables, two routes to the same yearly inflow (to a few dollars)."""
    monthly: Counter[str] = Counter()
    for obs in ours("monthly"):
        if obs.dimensions["flow"] == "inflow":
            monthly[obs.period[:4]] += int(obs.value)
    state: Counter[str] = Counter()
    for obs in ours("state"):
        state[obs.period[:4]] += int(obs.value)
    for year in range(2003, 2026):
        assert abs(monthly[str(year)] - state[str(year)]) < 10


def test_reimport_changes_nothing(imported, banxico_files) -> None:
    audits = AuditEntry.objects.count()
    total = Observation.objects.filter(dataset="banxico-remittances").count()
    for layout in ("state", "us-state"):
        again = import_run_start(
            actor=None, source_kind="banxico-remittances", path=banxico_files[layout]
        )
        rows = imported[layout].run.created
        assert (again.run.created, again.run.updated, again.run.unchanged) == (0, 0, rows)
    assert Observation.objects.filter(dataset="banxico-remittances").count() == total == 6861
    assert AuditEntry.objects.count() == audits


@pytest.mark.slow
def test_country_table_import(banxico_files) -> None:
    """The 22,790-row country table: totals by year, by counterpart and flow; PSE; repeat."""
    path = banxico_files["country"]
    first = import_run_start(actor=None, source_kind="banxico-remittances", path=path)
    assert (first.run.created, first.run.updated) == (22790, 0)
    by_year: Counter[str] = Counter()
    by_code: Counter[tuple[str, str]] = Counter()
    for row in raw(path):
        by_year[row["PERIODO"][:4]] += int(row["VALOR_USD"])
        by_code[(row["ID_PAIS"], row["ID_FLUJO"])] += int(row["VALOR_USD"])
    got_year: Counter[str] = Counter()
    got_code: Counter[tuple[str, str]] = Counter()
    rows = ours("country")
    for obs in rows:
        got_year[obs.period[:4]] += int(obs.value)
        got_code[(obs.dimensions["counterpart_area"], obs.dimensions["flow"])] += int(obs.value)
    assert got_year == by_year
    flows = {"1": "inflow", "2": "outflow"}
    two = {"USA": "US", "GTM": "GT", "PSE": "PS", "XKX": "XK", "XXX": "_X"}
    for (code, flow), value in by_code.items():
        if code in two:
            assert got_code[(two[code], flows[flow])] == value
    assert len(got_code) == len(by_code)  # one counterpart per Banxico code
    # Banxico lists Palestina and Cisjordania under the same code PSE: both kept.
    pse = [o for o in rows if o.dimensions["counterpart_area"] == "PS"]
    assert len(pse) == sum(1 for r in raw(path) if r["ID_PAIS"] == "PSE") == 212
    assert {o.dimensions["counterpart_entity"] for o in pse} == {"palestine", "west-bank"}
    assert all("shared_code" in o.flags for o in pse)
    again = import_run_start(actor=None, source_kind="banxico-remittances", path=path)
    assert (again.run.created, again.run.updated, again.run.unchanged) == (0, 0, 22790)
