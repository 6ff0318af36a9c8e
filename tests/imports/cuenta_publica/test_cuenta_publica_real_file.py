"""The real 2013-2023 migration-programme file: figures recomputed with the csv module."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction
from django.db.models import Sum

from testigo.budget.models import BudgetLine
from testigo.imports.cuenta_publica.adapter import read_cuenta_publica
from testigo.imports.services import import_run_start
from tests.imports.cuenta_publica.conftest import raw_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, cuenta_publica_file: Path):
    """The file imported twice; sums read back from the database; rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        first = import_run_start(actor=None, source_kind="cuenta-publica", path=cuenta_publica_file)
        second = import_run_start(
            actor=None, source_kind="cuenta-publica", path=cuenta_publica_file
        )
        lines = BudgetLine.objects.filter(dataset="cuenta-publica")
        by_year = {
            y: (a, e)
            for y, a, e in lines.values_list("year")
            .annotate(Sum("approved"), Sum("executed"))
            .values_list("year", "approved__sum", "executed__sum")
        }
        by_programme = dict(
            lines.values_list("programme_key")
            .annotate(Sum("approved"))
            .values_list("programme_key", "approved__sum")
        )
        e008 = lines.get(year=2023, programme_key="E008")
        yield first, second, by_year, by_programme, e008, lines.count()
        transaction.set_rollback(True)


def _expected(path: Path, label: str) -> tuple[dict[int, Decimal], dict[str, Decimal]]:
    """TOTAL of the rows labelled ``label``, by CICLO and by PROGRAMA, from the raw file."""
    by_year: dict[int, Decimal] = defaultdict(Decimal)
    by_programme: dict[str, Decimal] = defaultdict(Decimal)
    for row in raw_rows(path):
        if row["PRESUPUESTO"] == label:
            value = Decimal(row["TOTAL"]).quantize(Decimal("0.01"))
            by_year[int(row["CICLO"])] += value
            by_programme[row["PROGRAMA"]] += value
    return dict(by_year), dict(by_programme)


def test_one_line_per_programme_block(cuenta_publica_file: Path) -> None:
    raw = raw_rows(cuenta_publica_file)
    parsed = read_cuenta_publica(cuenta_publica_file)
    assert parsed.rows == len(raw) == 469
    assert parsed.report.errors == []
    assert len(parsed.records) == sum(1 for r in raw if r["PRESUPUESTO"] == "Aprobado") == 67
    # E003 is two programmes in the same years (CNDH ramo 35, SRE ramo 05): kept apart.
    keys = {r.source_key for r in parsed.records}
    assert {"2015:35:E003", "2015:05:E003"} <= keys


def test_totals_by_year_and_programme(imported, cuenta_publica_file: Path) -> None:
    _first, _second, by_year, by_programme, _e008, count = imported
    assert count == 67
    approved_year, approved_programme = _expected(cuenta_publica_file, "Aprobado")
    executed_year, _ = _expected(cuenta_publica_file, "Ejercicio")
    assert {y: a for y, (a, _e) in by_year.items()} == approved_year
    assert {y: e for y, (_a, e) in by_year.items()} == executed_year
    assert by_programme == approved_programme


def test_published_inm_figure(imported) -> None:
    """PROVENANCE.md §5c: E008 (INM) approved 1.88 bn, exercised 5.69 bn pesos in 2023."""
    e008 = imported[4]
    assert (e008.branch_code, e008.branch_name, e008.currency) == ("04", "Gobernación", "MXN")
    assert round(e008.approved / 10**9, 2) == Decimal("1.88")
    assert round(e008.executed / 10**9, 2) == Decimal("5.69")
    assert e008.executed > 3 * e008.approved
    assert e008.dimensions["executed_pct_of_approved"] == "303.3556"
    assert e008.organisation.kind == "government"


def test_second_import_changes_nothing(imported) -> None:
    first, second, *_ = imported
    assert (first.run.created, first.run.updated, first.run.unchanged) == (67, 0, 0)
    assert (second.run.created, second.run.updated, second.run.unchanged) == (0, 0, 67)
