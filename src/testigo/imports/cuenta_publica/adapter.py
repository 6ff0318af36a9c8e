"""SHCP Cuenta Pública flattened CSV (hierarchical rows) → one budget line per programme and year.

The file is hierarchical in row order: a **programme header row** (the programme's name in
``PRESUPUESTO``, zeros or blanks elsewhere) is followed by its **measure rows** (``Aprobado``,
``Modificado``, ``Devengado``, ``Ejercicio``, two percentages) in the same column. One block
becomes one :class:`~testigo.budget.models.BudgetLine`: ``approved`` / ``modified`` /
``executed`` are the ``TOTAL`` column of the Aprobado / Modificado / Ejercicio rows; the
accrued amount (Devengado) and the two published percentages go to ``dimensions``. Summing
the TOTAL column of the file counts the same money several times; summing budget lines does
not. Rules are documented in docs/imports/cuenta-publica.md and tested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from testigo.documentation.services.events import UpsertCounts
from testigo.imports.cuenta_publica import normalise as norm
from testigo.imports.files import read_table
from testigo.imports.registry import WriteContext
from testigo.imports.report import ImportFileError, RowReport, report_width
from testigo.imports.upsert import KeyedRecord, keyed_upsert

DATASET = "cuenta-publica"
REQUIRED = ("CICLO", "ENTE", "RAMO", "PROGRAMA", "PRESUPUESTO", "TOTAL")
AMOUNT_COLUMNS_SKIPPED = {"CICLO", "ENTE", "RAMO", "SUBRAMO", "PROGRAMA", "PRESUPUESTO"}
NEEDED = ("approved", "modified", "executed")
SOURCE = "SHCP, Cuenta Pública {year}: gasto por clasificación económica y programa"


@dataclass(frozen=True)
class Layout:
    """``cuenta-publica-2013`` (no SUBRAMO column) or ``cuenta-publica-2015`` (with it)."""

    name: str


@dataclass
class ParsedBudget:
    """A read file: its layout, the budget lines (``KeyedRecord``s) and the row report."""

    layout: Layout
    records: list[KeyedRecord]
    report: RowReport
    rows: int
    lines: dict[str, int] = field(default_factory=dict)  # source key → header row's line


@dataclass
class _Block:
    line: int
    year: int
    branch_type: str
    branch_name: str
    branch_code: str
    programme_key: str
    programme_name: str
    values: dict[str, Decimal | None] = field(default_factory=dict)
    broken: bool = False


def read_cuenta_publica(
    path: Path, *, progress: Callable[[int, int | None], None] | None = None
) -> ParsedBudget:
    """Read a Cuenta Pública CSV (``CICLO, ENTE, RAMO, [SUBRAMO,] PROGRAMA, PRESUPUESTO, …,
    TOTAL``; amounts in pesos) into budget lines and a row report.

    Raises :class:`ImportFileError` when the file is unreadable or lacks the columns; bad
    cells and broken programme blocks are collected in ``report.errors`` (line, column).
    """
    table = read_table(path)
    if "PRESUPUESTO" not in table.header or "PROGRAMA" not in table.header:
        raise ImportFileError(
            f"{path.name}: not a Cuenta Pública file (no 'PROGRAMA' or 'PRESUPUESTO' column)"
        )
    layout = Layout("cuenta-publica-2015" if "SUBRAMO" in table.header else "cuenta-publica-2013")
    report = RowReport()
    missing = [c for c in REQUIRED if c not in table.header]
    if missing:
        for column in missing:
            report.error(1, column, "", "missing column", "missing_column")
        return ParsedBudget(layout, [], report, 0)
    amount_columns = [
        h for h in table.header if h not in AMOUNT_COLUMNS_SKIPPED and not _is_percent(h)
    ]
    percent_columns = [h for h in table.header if _is_percent(h)]
    blocks: list[_Block] = []
    current: _Block | None = None
    rows = 0
    for line, raw in table.rows:
        rows += 1
        if report_width(report, line, raw):
            continue
        current = _read_row(line, raw, current, blocks, (amount_columns, percent_columns), report)
        if progress is not None and rows % 500 == 0:
            progress(rows, table.total)
    records, lines = _records(blocks, report)
    if progress is not None:
        progress(rows, table.total)
    return ParsedBudget(layout, records, report, rows, lines)


def _is_percent(column: str) -> bool:
    """``PORCENTAJE_*`` columns hold shares (percent), not pesos."""
    return column.startswith("PORCENTAJE_")


def _cell(raw: dict, column: str) -> str:
    return str(raw.get(column) or "")


def _read_row(
    line: int,
    raw: dict,
    current: _Block | None,
    blocks: list[_Block],
    columns: tuple[list[str], list[str]],
    report: RowReport,
) -> _Block | None:
    """Read one row; returns the block that following measure rows belong to."""
    amount_columns, percent_columns = columns
    errors_before = len(report.errors)

    def read(column: str, func: Callable[[str], object], code: str) -> object:
        value = _cell(raw, column)
        try:
            return func(value)
        except norm.CellError as exc:
            report.error(line, column, value, str(exc), code)
            return None

    year = read("CICLO", norm.fiscal_year, "bad_year")
    key = read("PROGRAMA", norm.programme_key, "bad_programme_key")
    branch = None
    try:
        branch = norm.branch_of(_cell(raw, "ENTE"), _cell(raw, "RAMO"), _cell(raw, "SUBRAMO"))
    except norm.CellError as exc:
        report.error(line, "RAMO", _cell(raw, "RAMO"), str(exc), "bad_branch")
    code = None
    if branch is not None:
        column = "SUBRAMO" if _cell(raw, "SUBRAMO").strip() else "RAMO"
        code = read(column, lambda _v: norm.branch_code(branch[1]), "unknown_branch")
    label = _cell(raw, "PRESUPUESTO").strip()
    measure = norm.measure_of(label)
    if measure is None:  # a programme header row
        if not label:
            report.error(line, "PRESUPUESTO", "", "missing programme name", "missing_name")
        for column in amount_columns + percent_columns:
            value = read(column, norm.percentage, "bad_amount")
            if value not in (None, Decimal(0)):
                report.error(
                    line, column, _cell(raw, column),
                    "a programme header row carries an amount", "header_amount",
                )  # fmt: skip
        if len(report.errors) > errors_before or branch is None:
            # Keep a broken block so its measure rows are not reported as orphans as well.
            broken = _Block(line, 0, "", "", "", _cell(raw, "PROGRAMA"), label, broken=True)
            blocks.append(broken)
            return broken
        block = _Block(
            line=line, year=int(year), branch_type=branch[0], branch_name=branch[1],  # type: ignore[arg-type]
            branch_code=str(code), programme_key=str(key), programme_name=label,
        )  # fmt: skip
        blocks.append(block)
        return block
    parse = norm.percentage if measure.startswith("executed_pct") else norm.amount
    for column in amount_columns:
        if column != "TOTAL":
            read(column, parse, "bad_amount")
    for column in percent_columns:
        read(column, norm.percentage, "bad_percentage")
    total = read("TOTAL", parse, "bad_amount")
    if current is None:
        if len(report.errors) == errors_before:
            report.error(
                line, "PRESUPUESTO", label,
                "measure row without its programme header row before it", "orphan_measure",
            )  # fmt: skip
        return None
    if current.broken:
        return current
    same = (year, key, branch[1] if branch else None) == (
        current.year, current.programme_key, current.branch_name,
    )  # fmt: skip
    if len(report.errors) > errors_before:
        current.broken = True
        return current
    if not same:
        report.error(
            line, "PROGRAMA", _cell(raw, "PROGRAMA"),
            f"measure row of another programme than the header row at line {current.line}",
            "orphan_measure",
        )  # fmt: skip
        current.broken = True
        return current
    if measure in current.values:
        report.error(
            line, "PRESUPUESTO", label,
            f"repeated '{label}' row in the programme block of line {current.line}",
            "repeated_measure",
        )  # fmt: skip
        current.broken = True
        return current
    current.values[measure] = total  # type: ignore[assignment]
    return current


def _records(blocks: list[_Block], report: RowReport) -> tuple[list[KeyedRecord], dict[str, int]]:
    records: list[KeyedRecord] = []
    lines: dict[str, int] = {}
    for block in blocks:
        if block.broken:
            continue
        absent = [m for m in NEEDED if m not in block.values]
        if absent:
            report.error(
                block.line, "PRESUPUESTO", block.programme_name[:40],
                f"the programme block has no {', '.join(absent)} row", "incomplete_block",
            )  # fmt: skip
            continue
        key = f"{block.year}:{block.branch_code}:{block.programme_key}"
        if key in lines:
            report.error(
                block.line, "PROGRAMA", block.programme_key,
                f"repeats the programme and branch of line {lines[key]}", "duplicate_programme",
            )  # fmt: skip
            continue
        lines[key] = block.line
        extra = {
            m: str(block.values[m])
            for m in ("accrued", "executed_pct_of_approved", "executed_pct_of_modified")
            if block.values.get(m) is not None
        }
        records.append(
            KeyedRecord(
                source_key=key,
                fields={
                    "year": block.year,
                    "branch_code": block.branch_code,
                    "branch_name": block.branch_name[:300],
                    "agency_code": "",
                    "agency_name": "",
                    "programme_key": block.programme_key,
                    "programme_name": block.programme_name[:400],
                    "currency": "MXN",
                    "approved": block.values["approved"],
                    "modified": block.values["modified"],
                    "executed": block.values["executed"],
                    "dimensions": {"branch_type": block.branch_type, **extra},
                    "source": SOURCE.format(year=block.year),
                },
            )
        )
    return records, lines


def write_budget_lines(ctx: WriteContext, parsed: ParsedBudget) -> UpsertCounts:
    """Write a read file's budget lines (create / update / unchanged by source key)."""
    from testigo.budget.models import BudgetLine

    return keyed_upsert(BudgetLine, parsed.records, ctx=ctx)
