"""RNPDNO municipal files (municipality × month × sex, one status per file) → observations.

One CSV row (a municipality, a month, one status) becomes four observations, one per sex
code (``M``, ``F``, ``_U`` not determined, ``_T`` total as published). Rules, each
documented in docs/imports/rnpdno.md and tested:

- **Area**: a known municipality is its INEGI CVEGEO code (``area_level`` ``municipality``);
  codes 998/999 (unknown municipality) become a **state-level** observation (ISO 3166-2,
  ``area_level`` ``state``) with ``dimensions["municipality"]`` = the code and the flag
  ``unknown_municipality``; state code 99 (state unknown or unresolved) becomes a
  country-level observation (``MX``) flagged ``unknown_state``. Nothing is dropped.
- **State names**: every spelling is mapped to ISO 3166-2 by :func:`normalise.state_iso`
  and must agree with the INEGI state code.
- **CVEGEO** must be ``cve_estado + cve_mun``; the only tolerated exception (a warning,
  flag ``cvegeo_mismatch``) is the unknown-state rows, where the CVEGEO is kept as the key.
- **Counts**: ``male + female + undefined`` must equal ``total``; else the row is rejected.
- **Status**: the latest year in the file is provisional (SDMX ``P``, flag ``provisional``):
  RNPDNO revises recent records at every refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from testigo.documentation.services.events import UpsertCounts
from testigo.imports.files import read_table
from testigo.imports.registry import WriteContext
from testigo.imports.report import ImportFileError, RowReport, report_width
from testigo.imports.rnpdno import normalise as norm
from testigo.imports.rnpdno.states import UNKNOWN_STATE_CODE
from testigo.imports.upsert import KeyedRecord, keyed_upsert

DATASET = "rnpdno"
UNIT = "persons"
SOURCE = "RNPDNO, Comisión Nacional de Búsqueda de Personas (versión pública)"
COLUMNS = (
    "cvegeo", "cve_estado", "state", "cve_mun", "municipality",
    "male", "female", "undefined", "total", "year", "month", "status_id",
)  # fmt: skip


@dataclass(frozen=True)
class Layout:
    """The one known layout of the municipal files (12 columns, any order)."""

    name: str = "rnpdno-municipal-month-sex"


@dataclass
class ParsedObservations:
    """A read file: its layout, the observations to write (``KeyedRecord``s) and the report."""

    layout: Layout
    records: list[KeyedRecord]
    report: RowReport
    rows: int
    measures: set[str] = field(default_factory=set)


@dataclass
class _Row:
    line: int
    cvegeo: str
    cve_estado: str
    cve_mun: str
    state_name: str
    municipality_name: str
    iso: str | None
    counts: dict[str, int]
    year: int
    month: int
    status_id: str
    measure: str
    warnings: list[str]


def read_rnpdno(
    path: Path, *, progress: Callable[[int, int | None], None] | None = None
) -> ParsedObservations:
    """Read one RNPDNO municipal CSV into observations and a row report.

    Columns: ``cvegeo, cve_estado, state, cve_mun, municipality, male, female, undefined,
    total, year, month, status_id`` (codes as zero-padded text). Raises
    :class:`ImportFileError` when the file is unreadable or is not an RNPDNO municipal file;
    bad cells do not raise, they are collected in ``report.errors`` (line and column).
    """
    table = read_table(path)
    if "cvegeo" not in table.header or "status_id" not in table.header:
        raise ImportFileError(
            f"{path.name}: not an RNPDNO municipal file (no 'cvegeo' or 'status_id' column)"
        )
    report = RowReport()
    missing = [c for c in COLUMNS if c not in table.header]
    if missing:
        for column in missing:
            report.error(1, column, "", "missing column", "missing_column")
        return ParsedObservations(Layout(), [], report, 0)
    parsed_rows: list[_Row] = []
    seen: dict[tuple[str, str, int, int], int] = {}
    rows = 0
    for line, raw in table.rows:
        rows += 1
        row = _read_row(line, raw, report)
        if row is not None:
            key = (row.status_id, row.cvegeo, row.year, row.month)
            if key in seen:
                report.error(
                    line, "cvegeo", row.cvegeo,
                    f"repeats the municipality and month of line {seen[key]}", "duplicate_row",
                )  # fmt: skip
            else:
                seen[key] = line
                parsed_rows.append(row)
        if progress is not None and rows % 5000 == 0:
            progress(rows, table.total)
    latest = max((r.year for r in parsed_rows), default=0)
    records = [rec for row in parsed_rows for rec in _observations(row, latest)]
    if progress is not None:
        progress(rows, table.total)
    return ParsedObservations(
        Layout(), records, report, rows, measures={r.measure for r in parsed_rows}
    )


def _read_row(line: int, raw: dict[str, object], report: RowReport) -> _Row | None:
    if report_width(report, line, raw):
        return None
    errors_before = len(report.errors)

    def cell(column: str, func: Callable[[str], object], code: str) -> object:
        value = str(raw.get(column) or "")
        try:
            return func(value)
        except norm.CellError as exc:
            report.error(line, column, value, str(exc), code)
            return None

    cvegeo = cell("cvegeo", lambda v: norm.inegi_code(v, 5), "bad_cvegeo")
    cve_estado = cell("cve_estado", lambda v: norm.inegi_code(v, 2), "bad_state_code")
    cve_mun = cell("cve_mun", lambda v: norm.inegi_code(v, 3), "bad_municipality_code")
    state_name = str(raw.get("state") or "").strip()
    iso = None
    if cve_estado is not None:
        iso = cell("state", lambda v: norm.state_iso(v, str(cve_estado)), "bad_state")
    counts = {col: cell(col, norm.count, "bad_count") for col in norm.SEX_COLUMNS}
    year = cell("year", norm.year_number, "bad_year")
    month = cell("month", norm.month_number, "bad_month")
    status_id = str(raw.get("status_id") or "").strip()
    measure = cell("status_id", norm.measure_for_status, "bad_status")
    if len(report.errors) > errors_before:
        return None
    warnings: list[str] = []
    if cvegeo != f"{cve_estado}{cve_mun}":
        if cve_estado == UNKNOWN_STATE_CODE:
            report.warn(
                line, "cvegeo", cvegeo,
                f"CVEGEO differs from cve_estado + cve_mun ({cve_estado}{cve_mun}); "
                "the CVEGEO is kept (unknown state)", "cvegeo_mismatch",
            )  # fmt: skip
            warnings.append("cvegeo_mismatch")
        else:
            report.error(
                line, "cvegeo", cvegeo,
                f"CVEGEO differs from cve_estado + cve_mun ({cve_estado}{cve_mun})",
                "cvegeo_mismatch",
            )  # fmt: skip
            return None
    parts = counts["male"] + counts["female"] + counts["undefined"]  # type: ignore[operator]
    if parts != counts["total"]:
        report.error(
            line, "total", counts["total"],
            f"total differs from male + female + undefined ({parts})", "total_mismatch",
        )  # fmt: skip
        return None
    return _Row(
        line=line, cvegeo=str(cvegeo), cve_estado=str(cve_estado), cve_mun=str(cve_mun),
        state_name=state_name, municipality_name=str(raw.get("municipality") or "").strip(),
        iso=iso, counts=counts, year=int(year), month=int(month),  # type: ignore[arg-type]
        status_id=status_id, measure=str(measure), warnings=warnings,
    )  # fmt: skip


def _observations(row: _Row, latest_year: int) -> list[KeyedRecord]:
    """The four observations (one per sex code) of one row."""
    period, start, end = norm.month_period(row.year, row.month)
    flags: list[str] = list(row.warnings)
    dimensions: dict[str, str] = {}
    municipality_code = row.cvegeo[2:]
    if row.iso is None:
        area, level, name = "MX", "country", row.state_name
        dimensions["state"] = row.cvegeo[:2]
        dimensions["municipality"] = municipality_code
        flags.append("unknown_state")
        if norm.is_unknown_municipality(municipality_code):
            flags.append("unknown_municipality")
    elif norm.is_unknown_municipality(row.cve_mun):
        area, level, name = row.iso, "state", row.state_name
        dimensions["municipality"] = row.cve_mun
        flags.append("unknown_municipality")
    else:
        area, level, name = row.cvegeo, "municipality", row.municipality_name
    provisional = row.year == latest_year
    if provisional:
        flags.append("provisional")
    records = []
    for column, sex in norm.SEX_COLUMNS.items():
        records.append(
            KeyedRecord(
                source_key=f"{row.status_id}:{row.cvegeo}:{period}:{sex}",
                fields={
                    "measure": row.measure,
                    "unit": UNIT,
                    "period": period,
                    "period_type": "month",
                    "period_start": start,
                    "period_end": end,
                    "area": area,
                    "area_level": level,
                    "area_name": name[:200],
                    "dimensions": {"sex": sex, **dimensions},
                    "value": row.counts[column],
                    "status": "P" if provisional else "A",
                    "flags": sorted(flags),
                    "source": SOURCE,
                },
            )
        )
    return records


def write_observations(ctx: WriteContext, parsed: ParsedObservations) -> UpsertCounts:
    """Write a read file's observations (create / update / unchanged by source key)."""
    from testigo.observations.models import Observation

    return keyed_upsert(Observation, parsed.records, ctx=ctx)
