"""Banxico remittance tables (SIE, compiled CSVs) → observations.

Four layouts, recognised by their header (docs/imports/banxico.md):

- ``banxico-monthly`` (``remesas_mensuales.csv``: PERIODO, ID_FLUJO, FLUJO, OPERACIONES,
  VALOR_USD): Mexico's monthly inflows and outflows; two observations a row, measures
  ``remittances`` (USD) and ``remittance_transactions`` (transactions);
- ``banxico-state`` (``remesas_entidad.csv``: PERIODO, CVE_ENT, ENTIDAD, VALOR_USD):
  quarterly inflows received by each Mexican state (area ISO 3166-2:MX, level ``state``);
- ``banxico-country`` (``remesas_pais.csv``: PERIODO, ID_PAIS, PAIS, ID_FLUJO, FLUJO,
  VALOR_USD): quarterly inflows and outflows by counterpart country;
- ``banxico-us-state`` (``remesas_usa.csv``: PERIODO, ID_ESTADO, ESTADO, VALOR_USD):
  quarterly inflows by sending US state.

Every observation has ``area`` the Mexican side (``MX`` or the state), dimensions ``flow``
(``inflow``/``outflow``, seen from Mexico) and ``counterpart_area`` (ISO 3166-1 alpha-2,
ISO 3166-2:US, ``_T`` all counterparts, ``_X`` unidentified). Values are nominal USD
(not millions). ``PERIODO`` is the period's first day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from testigo.imports.banxico import normalise as norm
from testigo.imports.banxico.states import inegi_state_code, mx_state_code
from testigo.imports.files import read_table
from testigo.imports.report import ImportFileError, RowReport, report_width
from testigo.imports.upsert import KeyedRecord

DATASET = "banxico-remittances"
SOURCE = "Banco de México, Sistema de Información Económica (SIE): remesas"
# Banxico lists two entities under ID_PAIS PSE: each keeps its own observation.
SHARED_CODE_ENTITIES: dict[tuple[str, str], str] = {
    ("PSE", "palestina"): "palestine",
    ("PSE", "cisjordania"): "west-bank",
}


@dataclass(frozen=True)
class Layout:
    """One of Banxico's tables: its name, key prefix, header and period type."""

    name: str
    prefix: str
    columns: tuple[str, ...]
    period_type: str


LAYOUTS = (
    Layout(
        "banxico-monthly", "monthly",
        ("PERIODO", "ID_FLUJO", "FLUJO", "OPERACIONES", "VALOR_USD"), "month",
    ),
    Layout("banxico-state", "state", ("PERIODO", "CVE_ENT", "ENTIDAD", "VALOR_USD"), "quarter"),
    Layout(
        "banxico-country", "country",
        ("PERIODO", "ID_PAIS", "PAIS", "ID_FLUJO", "FLUJO", "VALOR_USD"), "quarter",
    ),
    Layout(
        "banxico-us-state", "us-state", ("PERIODO", "ID_ESTADO", "ESTADO", "VALOR_USD"), "quarter"
    ),
)  # fmt: skip


@dataclass
class ParsedFile:
    """The result of reading one table: its layout, the observations and the row report."""

    layout: Layout
    records: list[KeyedRecord]
    report: RowReport
    rows: int


def detect_layout(header: list[str]) -> Layout | None:
    """The layout whose columns are exactly ``header`` (order ignored), or ``None``."""
    for layout in LAYOUTS:
        if set(header) == set(layout.columns):
            return layout
    return None


def read_banxico(
    path: Path, *, progress: Callable[[int, int | None], None] | None = None
) -> ParsedFile:
    """Read one of Banxico's remittance tables into observation records and a row report.

    Records are :class:`KeyedRecord` with ``Observation`` fields; source keys are
    ``<layout prefix>:<period>:<area>:<flow>:<counterpart>[:<entity>]:<measure>``. Raises
    :class:`ImportFileError` for an unreadable file or an unknown header.
    """
    table = read_table(path)
    layout = detect_layout(table.header)
    if layout is None:
        known = "; ".join(", ".join(lay.columns) for lay in LAYOUTS)
        raise ImportFileError(
            f"{path.name}: not a Banxico remittance table (expected the columns of one of: {known})"
        )
    report = RowReport()
    records: list[KeyedRecord] = []
    seen: dict[str, int] = {}
    rows = 0
    for line, row in table.rows:
        rows += 1
        if report_width(report, line, row):
            continue
        for record in _row(line, {k: str(v) for k, v in row.items()}, layout, report):
            if record.source_key in seen:
                report.error(
                    line, "PERIODO", row["PERIODO"],
                    f"repeats the period and area of line {seen[record.source_key]}",
                    "duplicate_row",
                )  # fmt: skip
                break
            seen[record.source_key] = line
            records.append(record)
        if progress is not None and rows % 1000 == 0:
            progress(rows, table.total)
    if progress is not None:
        progress(rows, table.total)
    return ParsedFile(layout, records, report, rows)


class _Row:
    """Reads one row's cells, reporting each bad cell with its line and column."""

    def __init__(self, line: int, row: dict[str, str], report: RowReport) -> None:
        self.line, self.row, self.report = line, row, report
        self.errors = len(report.errors)

    def read(self, column: str, func: Callable[..., object], *args: object) -> object:
        raw = self.row.get(column, "")
        try:
            return func(raw, *args)
        except norm.CellError as exc:
            self.report.error(self.line, column, raw, str(exc), f"bad_{column.lower()}")
            return None

    def error(self, column: str, reason: str, code: str) -> None:
        self.report.error(self.line, column, self.row.get(column, ""), reason, code)

    @property
    def failed(self) -> bool:
        return len(self.report.errors) > self.errors


def _row(line: int, row: dict[str, str], layout: Layout, report: RowReport) -> list[KeyedRecord]:
    cells = _Row(line, row, report)
    period = cells.read("PERIODO", norm.period_from_start, layout.period_type)
    value = cells.read("VALOR_USD", norm.amount)
    flow = "inflow"  # the state and US-state tables hold only remittances received
    if "FLUJO" in row:
        flow = cells.read("ID_FLUJO", lambda v: norm.flow(v, row["FLUJO"]))
    area, area_name, counterpart, flags, entity = "MX", "México", "_T", [], ""
    if layout.prefix == "state":
        area = _state(cells)
        area_name = row["ENTIDAD"].strip()
    elif layout.prefix == "country":
        found = cells.read("ID_PAIS", norm.counterpart_country)
        if found:
            counterpart, flags = found
        entity = SHARED_CODE_ENTITIES.get(
            (row["ID_PAIS"].strip(), row["PAIS"].strip().casefold()), ""
        )
        if entity:
            flags = [*flags, "shared_code"]
    elif layout.prefix == "us-state":
        found = cells.read("ID_ESTADO", norm.us_state)
        if found:
            counterpart, flags = found
    operations = cells.read("OPERACIONES", norm.amount) if "OPERACIONES" in row else None
    if cells.failed or period is None or area is None:
        return []
    label, start, end = period
    dimensions = {"flow": flow, "counterpart_area": counterpart}
    if layout.prefix == "us-state":
        dimensions["counterpart_country"] = "US"
    if entity:
        dimensions["counterpart_entity"] = entity
    key = f"{layout.prefix}:{label}:{area}:{flow}:{counterpart}" + (f":{entity}" if entity else "")
    base = {
        "period": label, "period_type": layout.period_type, "period_start": start,
        "period_end": end, "area": area, "area_level": "country" if area == "MX" else "state",
        "area_name": area_name, "dimensions": dimensions, "status": "A", "flags": flags,
        "source": SOURCE,
    }  # fmt: skip
    records = [_record(f"{key}:remittances", base, "remittances", "USD", value)]
    if operations is not None:
        records.append(
            _record(f"{key}:transactions", base, "remittance_transactions", "transactions",
                    operations)
        )  # fmt: skip
    return records


def _record(key: str, base: dict, measure: str, unit: str, value: object) -> KeyedRecord:
    """One observation record (``value`` is the Decimal read from the row)."""
    return KeyedRecord(key, {**base, "measure": measure, "unit": unit, "value": value})


def _state(cells: _Row) -> str | None:
    """``CVE_ENT`` and ``ENTIDAD`` must name the same state (through the name variants)."""
    raw = cells.row["CVE_ENT"].strip()
    by_code = inegi_state_code(int(raw)) if raw.isdigit() else None
    if by_code is None:
        cells.error("CVE_ENT", "not an INEGI state code (1–32)", "bad_cve_ent")
        return None
    by_name = mx_state_code(cells.row["ENTIDAD"])
    if by_name is None:
        cells.error("ENTIDAD", "unknown Mexican state name", "unknown_state")
        return None
    if by_name != by_code:
        cells.error(
            "ENTIDAD", f"state name contradicts CVE_ENT {raw} ({by_code})", "state_mismatch"
        )
        return None
    return by_code
