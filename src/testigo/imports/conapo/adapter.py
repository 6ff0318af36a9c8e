"""CONAPO return-migration workbooks (census 2015 and 2020) → observations by state.

Three layouts, found by their header rows (docs/imports/conapo.md):

- **indicators** (``CVE_ENT``/``Clave de la entidad`` + indicator columns such as
  ``Inmigrantes.Retorno``): one observation per state (and the national row ``000``) and
  indicator; measure from :data:`normalise.INDICATOR_MEASURES`.
- **matrix** (a row per state of residence at the census, a column per state of residence
  five years before): measure ``return_migrants``, ``area`` = destination state,
  ``dimensions["origin"]`` = origin state. The 2015 matrix has no code column: rows are
  identified by name. Blank cells are kept as missing values (status ``M``), flagged
  ``diagonal`` (a state with itself: not migration) or ``blank_cell``.

The 2020 workbook holds both (sheets ``MRt. 2020`` and ``Indicadores``), under title rows.
The census year comes from the sheet name, else from the file name.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from testigo.documentation.services.events import UpsertCounts
from testigo.imports.conapo import normalise as norm
from testigo.imports.registry import WriteContext
from testigo.imports.report import ImportFileError, RowReport
from testigo.imports.rnpdno.states import STATES, state_key
from testigo.imports.upsert import KeyedRecord, keyed_upsert

DATASET = "conapo-return"
UNIT = "persons"
SOURCE = "CONAPO/INEGI, {census}: migración de retorno a nivel estatal"
CENSUS = {2015: "Encuesta Intercensal 2015", 2020: "Censo de Población y Vivienda 2020"}
CODE_HEADERS = {"cve_ent", "clave de la entidad"}
NAME_HEADERS = {"nombre de la entidad"}
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Layout:
    """The layouts found in the workbook, e.g. ``conapo-matrix+indicators``."""

    name: str


@dataclass
class ParsedObservations:
    """A read workbook: layout, observations (``KeyedRecord``s) and the row report."""

    layout: Layout
    records: list[KeyedRecord]
    report: RowReport
    rows: int


@dataclass
class _Sheet:
    title: str
    kind: str  # "matrix" or "indicators"
    header_line: int
    code_col: int | None
    name_col: int | None
    label_col: int | None
    value_cols: dict[int, str]  # column index → origin ISO (matrix) or measure (indicators)
    headers: list[str]


def read_conapo(
    path: Path, *, progress: Callable[[int, int | None], None] | None = None
) -> ParsedObservations:
    """Read a CONAPO return-migration workbook (XLSX) into observations and a row report.

    Raises :class:`ImportFileError` when the file is not a readable XLSX workbook, has no
    known layout or names no census year; bad cells are collected in ``report.errors``
    (line = worksheet row, column = header, prefixed ``[sheet]`` in multi-sheet workbooks).
    """
    sheets = _read_workbook(path)
    report = RowReport()
    records: list[KeyedRecord] = []
    kinds: list[str] = []
    rows = 0
    for title, table in sheets:
        year = norm.census_year(title, path.stem)
        if year is None:
            raise ImportFileError(
                f"{path.name}: no census year in the sheet name {title!r} or the file name"
            )
        sheet = _classify(title, table)
        if sheet is None:
            continue
        kinds.append(sheet.kind)
        prefix = f"[{title}] " if len(sheets) > 1 else ""
        sheet_rows = _read_sheet(sheet, table, year, prefix, report, records)
        rows += sheet_rows
        if progress is not None:
            progress(rows, None)
    if not kinds:
        raise ImportFileError(
            f"{path.name}: not a CONAPO return-migration workbook (no sheet with a "
            "'CVE_ENT'/'Clave de la entidad' column or a row of state names)"
        )
    return ParsedObservations(Layout("conapo-" + "+".join(kinds)), records, report, rows)


def _read_workbook(path: Path) -> list[tuple[str, list[tuple]]]:
    if not path.exists() or not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    if path.suffix.lower() != ".xlsx":
        raise ImportFileError(f"{path.name}: not an XLSX workbook (.xlsx)")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheets = []
        for ws in book.worksheets:
            ws.reset_dimensions()  # some exports declare a wrong dimension (A1 only)
            sheets.append((ws.title, list(ws.iter_rows(values_only=True))))
        book.close()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(
            f"{path.name}: not a readable XLSX workbook (truncated or damaged?)"
        ) from exc
    return sheets


def _key(value: object) -> str:
    return state_key("" if value is None else str(value))


def _is_state(value: object) -> bool:
    try:
        norm.state_from_name(value)
    except norm.CellError:
        return False
    return True


def _classify(title: str, table: list[tuple]) -> _Sheet | None:
    """Find the header row and what each column holds; ``None`` if the sheet is neither."""
    for index, header in enumerate(table[:HEADER_SEARCH_ROWS]):
        keys = [_key(v) for v in header]
        states = sum(1 for v in header if _is_state(v))
        if not (CODE_HEADERS & set(keys) or states >= len(STATES) - 2):
            continue
        sheet = _Sheet(title, "", index + 1, None, None, None, {}, [str(v or "") for v in header])
        for col, (value, key) in enumerate(zip(header, keys, strict=True)):
            if key in CODE_HEADERS:
                sheet.code_col = col
            elif key in NAME_HEADERS:
                sheet.name_col = col
            elif key == "" and col == 0:
                sheet.label_col = col
            elif key == "":
                continue
            elif _is_state(value):
                sheet.value_cols[col] = norm.state_from_name(value)
            else:
                try:
                    sheet.value_cols[col] = norm.indicator_measure(value)
                except norm.CellError:
                    sheet.value_cols[col] = ""  # reported per row as an unknown column
        is_matrix = states >= len(STATES) - 2
        sheet.kind = "matrix" if is_matrix else "indicators"
        return sheet
    return None


def _read_sheet(
    sheet: _Sheet,
    table: list[tuple],
    year: int,
    prefix: str,
    report: RowReport,
    records: list[KeyedRecord],
) -> int:
    """Append the sheet's observations to ``records``; returns its number of data rows."""
    source = SOURCE.format(census=CENSUS.get(year, f"census {year}"))
    for col, target in sheet.value_cols.items():
        if target == "":
            report.error(
                sheet.header_line, prefix + sheet.headers[col], sheet.headers[col],
                "unknown indicator column", "unknown_column",
            )  # fmt: skip
    if sheet.kind == "matrix":
        origins = [iso for iso in sheet.value_cols.values() if iso]
        if len(set(origins)) != len(STATES):
            report.error(
                sheet.header_line, prefix.strip(), "",
                f"the matrix has {len(set(origins))} distinct state columns, not 32",
                "matrix_columns",
            )  # fmt: skip
    seen: dict[str, int] = {}
    rows = 0
    for offset, row in enumerate(table[sheet.header_line :]):
        line = sheet.header_line + offset + 1
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        rows += 1
        area = _row_area(sheet, row, line, prefix, report)
        if area is False:
            continue
        area_key = area or "MX"
        if area_key in seen:
            report.error(
                line, prefix + _label_header(sheet), area_key,
                f"repeats the state of line {seen[area_key]}", "duplicate_state",
            )  # fmt: skip
            continue
        seen[area_key] = line
        name = _area_name(sheet, row, area)
        for col, target in sheet.value_cols.items():
            if not target:
                continue
            value = row[col] if col < len(row) else None
            try:
                number = norm.persons(value)
            except norm.CellError as exc:
                report.error(line, prefix + sheet.headers[col], value, str(exc), "bad_count")
                continue
            records.append(_observation(sheet, year, area, name, target, number, source))
    if sheet.kind == "matrix":
        missing = sorted({iso for iso, _ in STATES.values()} - set(seen))
        for iso in missing:
            report.error(
                None, prefix.strip(), iso, "state missing from the matrix rows", "missing_state"
            )
    return rows


def _label_header(sheet: _Sheet) -> str:
    col = sheet.code_col if sheet.code_col is not None else sheet.label_col
    return sheet.headers[col] if col is not None else ""


def _row_area(
    sheet: _Sheet, row: tuple, line: int, prefix: str, report: RowReport
) -> str | bool | None:
    """The row's ISO 3166-2 code; ``None`` = national row; ``False`` = error reported."""
    iso: str | bool | None = False
    if sheet.code_col is not None:
        try:
            iso = norm.state_from_code(row[sheet.code_col])
        except norm.CellError as exc:
            header = prefix + sheet.headers[sheet.code_col]
            report.error(line, header, row[sheet.code_col], str(exc), "bad_state_code")
            return False
    name_col = sheet.name_col if sheet.name_col is not None else sheet.label_col
    if name_col is not None and (iso is not False or sheet.code_col is None):
        value = row[name_col]
        if iso is None and _key(value) in {"nacional", "total"}:
            return None
        try:
            named = norm.state_from_name(value)
        except norm.CellError as exc:
            report.error(line, prefix + sheet.headers[name_col], value, str(exc), "bad_state")
            return False
        if iso is not False and named != iso:
            report.error(
                line, prefix + sheet.headers[name_col], value,
                f"state name is {named} but the code is {iso}", "state_mismatch",
            )  # fmt: skip
            return False
        return named
    if iso is None and sheet.kind == "matrix":
        report.error(
            line, prefix + _label_header(sheet), "000", "national row in a matrix", "bad_state_code"
        )
        return False
    return iso


def _area_name(sheet: _Sheet, row: tuple, area: str | None) -> str:
    col = sheet.name_col if sheet.name_col is not None else sheet.label_col
    if col is not None and row[col] is not None:
        return str(row[col]).strip()[:200]
    if area is None:
        return "México"
    return next(name for iso, name in STATES.values() if iso == area)


def _observation(
    sheet: _Sheet,
    year: int,
    area: str | None,
    name: str,
    target: str,
    value: int | None,
    source: str,
) -> KeyedRecord:
    flags: list[str] = []
    dimensions: dict[str, str] = {}
    if sheet.kind == "matrix":
        measure = "return_migrants"
        dimensions["origin"] = target
        key = f"{year}:{measure}:{area}:{target}"
        if value is None:
            flags.append("diagonal" if target == area else "blank_cell")
    else:
        measure = target
        key = f"{year}:{measure}:{area or 'MX'}"
        if value is None:
            flags.append("blank_cell")
    return KeyedRecord(
        source_key=key,
        fields={
            "measure": measure,
            "unit": UNIT,
            "period": str(year),
            "period_type": "year",
            "period_start": dt.date(year, 1, 1),
            "period_end": dt.date(year, 12, 31),
            "area": area or "MX",
            "area_level": "state" if area else "country",
            "area_name": name,
            "dimensions": dimensions,
            "value": value,
            "status": "M" if value is None else "A",
            "flags": flags,
            "source": source,
        },
    )


def write_observations(ctx: WriteContext, parsed: ParsedObservations) -> UpsertCounts:
    """Write a read workbook's observations (create / update / unchanged by source key)."""
    from testigo.observations.models import Observation

    return keyed_upsert(Observation, parsed.records, ctx=ctx)
