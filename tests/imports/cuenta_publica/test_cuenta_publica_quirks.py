"""Each Cuenta Pública quirk on small hand-made files; a bad cell rejects the whole file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from testigo.budget.models import BudgetLine
from testigo.imports.cuenta_publica.adapter import read_cuenta_publica
from testigo.imports.report import ImportFileError, ImportRejected
from testigo.imports.services import import_run_start
from tests.imports.cuenta_publica.conftest import HEADER, block, write_rows


def _errors(path: Path) -> list[tuple[int | None, str, str]]:
    return [(e.line, e.column, e.code) for e in read_cuenta_publica(path).report.errors]


def test_a_block_becomes_one_budget_line(tmp_path: Path) -> None:
    parsed = read_cuenta_publica(write_rows(tmp_path / "a.csv", block(approved="1,000.0")))
    assert parsed.report.errors == []
    [line] = parsed.records
    assert line.source_key == "2023:04:E008"
    f = line.fields
    assert (f["approved"], f["modified"], f["executed"]) == (
        Decimal("1000.00"),
        Decimal("2000.00"),
        Decimal("1500.00"),
    )
    assert f["dimensions"] == {
        "branch_type": "Ramos Administrativos",
        "accrued": "1500.00",
        "executed_pct_of_approved": "150.0000",
        "executed_pct_of_modified": "75.0000",
    }


def test_2013_layout_without_subramo(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "SUBRAMO"]
    rows = [["2013", "Ramos Administrativos", "Gobernación", *r[4:]] for r in block(year="2013")]
    parsed = read_cuenta_publica(write_rows(tmp_path / "b.csv", rows, header=header))
    assert parsed.layout.name == "cuenta-publica-2013"
    assert parsed.report.errors == []
    assert [r.source_key for r in parsed.records] == ["2013:04:E008"]
    assert parsed.records[0].fields["branch_name"] == "Gobernación"


def test_measure_row_without_header(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "o.csv", block()[1:])
    assert _errors(path)[0] == (2, "PRESUPUESTO", "orphan_measure")


def test_measure_row_of_another_programme(tmp_path: Path) -> None:
    rows = block()
    rows[3][4] = "E006"
    assert (5, "PROGRAMA", "orphan_measure") in _errors(write_rows(tmp_path / "p.csv", rows))


def test_missing_executed_row(tmp_path: Path) -> None:
    rows = [r for r in block() if r[5] != "Ejercicio"]
    assert _errors(write_rows(tmp_path / "m.csv", rows)) == [(2, "PRESUPUESTO", "incomplete_block")]


def test_repeated_programme(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "r.csv", block() + block())
    assert _errors(path) == [(9, "PROGRAMA", "duplicate_programme")]


def test_header_row_with_an_amount(tmp_path: Path) -> None:
    rows = block()
    rows[0][6] = "12.0"
    assert _errors(write_rows(tmp_path / "h.csv", rows)) == [
        (2, "GC_SERVICIOS_PERSONALES", "header_amount")
    ]


def test_unknown_branch(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "u.csv", block(subramo="Marina"))
    assert (2, "SUBRAMO", "unknown_branch") in _errors(path)


def test_not_a_cuenta_publica_file(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="not a Cuenta Pública file"):
        read_cuenta_publica(path)


@pytest.mark.django_db
def test_a_bad_cell_rejects_the_file_and_writes_nothing(tmp_path: Path) -> None:
    rows = block(year="2022") + block(executed="1.500.000,00")
    with pytest.raises(ImportRejected) as exc:
        import_run_start(
            actor=None, source_kind="cuenta-publica", path=write_rows(tmp_path / "x.csv", rows)
        )
    where = {(e.line, e.column) for e in exc.value.report.errors}
    assert (12, "TOTAL") in where and (12, "GC_SUMA") in where
    assert {line for line, _c in where} == {12, 13}
    assert BudgetLine.objects.count() == 0


@pytest.mark.django_db
def test_a_revised_amount_updates_the_line(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "a.csv", block())
    assert import_run_start(actor=None, source_kind="cuenta-publica", path=path).run.created == 1
    revised = write_rows(tmp_path / "b.csv", block(executed="1600.0"))
    run = import_run_start(actor=None, source_kind="cuenta-publica", path=revised).run
    assert (run.created, run.updated, run.unchanged) == (0, 1, 0)
    assert BudgetLine.objects.get().executed == Decimal("1600.00")
