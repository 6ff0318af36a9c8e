"""UN DESA International Migrant Stock → observations of ``migrant_stock`` (persons).

Two layouts, told apart by file type and header (docs/imports/undesa.md):

- ``undesa-2019-origin-destination`` (CSV ``Year, Dest, <one column per origin>``): the
  2019 edition's stock by destination and origin, both sexes. Zero cells are not stored
  (the file writes 0 both for "none" and for "not estimated"); their number is one warning.
- ``undesa-2020-destination-sex`` (XLSX, worksheet ``Table 1``): the 2020 edition's stock
  by destination and sex, 1990–2020, below a title block, with indented names, ``*``
  footnote markers, a ``Notes`` column and aggregate rows (regions, income groups, WORLD).

Every observation: measure ``migrant_stock``, unit ``persons``, period the year (stock at
1 July: ``period_start`` = ``period_end`` = 1 July), ``area`` the destination, dimensions
``edition``, ``origin``, ``destination``, ``sex`` (``_T``/``M``/``F``; ``origin`` ``_T`` in
the 2020 table). Countries and areas are ISO 3166-1 alpha-2 (``area_level`` ``country``; an
area with only a UN M49 code keeps it, flagged ``no_iso_code``); aggregates keep DESA's
location code with ``area_level`` ``region``. ``..`` is kept as a missing value (status
``M``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from testigo.imports.files import read_table
from testigo.imports.report import ImportFileError, RowReport, report_width
from testigo.imports.undesa import normalise as norm
from testigo.imports.upsert import KeyedRecord

DATASET = "undesa-migrant-stock"
SOURCE_2019 = (
    "UN DESA Population Division, International Migrant Stock 2019: by destination and origin"
)
SOURCE_2020 = (
    "UN DESA Population Division, International Migrant Stock 2020: Destination, Table 1 "
    "(POP/DB/MIG/Stock/Rev.2020)"
)
SHEET_2020 = "Table 1"
NAME_HEADER = "Region, development group, country or area"
SEXES = (("both sexes", "_T"), ("females", "F"), ("males", "M"))  # "females" before "males"


@dataclass
class Layout:
    name: str
    edition: str
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)  # column → (year, sex)


@dataclass
class ParsedFile:
    """The result of reading one table: its layout, the observations and the row report."""

    layout: Layout
    records: list[KeyedRecord]
    report: RowReport
    rows: int


def read_undesa(
    path: Path,
    *,
    progress: Callable[[int, int | None], None] | None = None,
    years: Iterable[str | int] | None = None,
) -> ParsedFile:
    """Read a UN DESA migrant-stock table (2019 wide CSV or 2020 XLSX ``Table 1``).

    ``years`` keeps only those years (e.g. ``["2019"]``); rows of other years are read and
    checked but not turned into observations. Records are :class:`KeyedRecord` with
    ``Observation`` fields; source keys are ``<edition>:<year>:<destination>:<origin>:<sex>``.
    Raises :class:`ImportFileError` for an unreadable file or an unknown layout.
    """
    wanted = {str(y) for y in years} if years is not None else None
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_2020(path, progress, wanted)
    return _read_2019(path, progress, wanted)


def _record(
    key: str, year: str, area: tuple[str, str, list[str]], name: str, dims: dict[str, str],
    value: int | None, flags: list[str], source: str,
) -> KeyedRecord:  # fmt: skip
    _, day = norm.mid_year(year)
    return KeyedRecord(
        key,
        {
            "measure": "migrant_stock", "unit": "persons", "period": year,
            "period_type": "year", "period_start": day, "period_end": day,
            "area": area[0], "area_level": area[1], "area_name": name[:200],
            "dimensions": dims, "value": value, "status": "M" if value is None else "A",
            "flags": sorted(set(flags)), "source": source[:300],
        },
    )  # fmt: skip


# --- 2019: wide origin × destination CSV ------------------------------------------------


def _read_2019(
    path: Path, progress: Callable[[int, int | None], None] | None, wanted: set[str] | None
) -> ParsedFile:
    table = read_table(path)
    if table.header[:2] != ["Year", "Dest"]:
        raise ImportFileError(
            f"{path.name}: not a UN DESA migrant stock table (a CSV must start with the "
            "columns Year, Dest; the 2020 edition is an XLSX file)"
        )
    layout = Layout("undesa-2019-origin-destination", "2019")
    report = RowReport()
    origins: dict[str, tuple[str, str, list[str]]] = {}
    for column in table.header[2:]:
        try:
            origins[column] = norm.area_from_name(column)
        except norm.CellError as exc:
            report.error(1, column, column, f"{exc} (origin column)", "unknown_origin")
    records: list[KeyedRecord] = []
    seen: dict[tuple[str, str], int] = {}
    rows = zeros = 0
    for line, row in table.rows:
        rows += 1
        if report_width(report, line, row):
            continue
        zeros += _row_2019(line, row, origins, wanted, report, records, seen)
        if progress is not None and rows % 100 == 0:
            progress(rows, table.total)
    if zeros:
        report.warn(
            None, "", zeros,
            f"{zeros} cells 0 (none, or not estimated: the file does not say which) are not "
            "stored",
            "zero_not_stored",
        )  # fmt: skip
    if progress is not None:
        progress(rows, table.total)
    return ParsedFile(layout, records, report, rows)


def _row_2019(
    line: int,
    row: dict[str, object],
    origins: dict[str, tuple[str, str, list[str]]],
    wanted: set[str] | None,
    report: RowReport,
    records: list[KeyedRecord],
    seen: dict[tuple[str, str], int],
) -> int:
    errors = len(report.errors)
    year = dest = None
    try:
        year, _ = norm.mid_year(row["Year"])
    except norm.CellError as exc:
        report.error(line, "Year", row["Year"], str(exc), "bad_year")
    try:
        dest = norm.area_from_name(str(row["Dest"]))
    except norm.CellError as exc:
        report.error(line, "Dest", row["Dest"], str(exc), "unknown_destination")
    if year is None or dest is None:
        return 0
    if (year, dest[0]) in seen:
        report.error(
            line, "Dest", row["Dest"],
            f"repeats the year and destination of line {seen[year, dest[0]]}", "duplicate_row",
        )  # fmt: skip
        return 0
    seen[year, dest[0]] = line
    dest_name = norm.indent_level(str(row["Dest"]))[0]
    zeros = 0
    for column, origin in origins.items():
        raw = row[column]
        try:
            value = norm.stock_count(raw)
        except norm.CellError as exc:
            report.error(line, column, raw, str(exc), "bad_stock")
            continue
        if value == 0:
            zeros += 1
            continue
        flags = dest[2] + origin[2]
        if value is None and str(raw).strip() == norm.DASH:
            flags.append("dash_not_available")
            report.warn(
                line, column, raw, "'-' read as not available (kept as a missing value)",
                "dash_not_available",
            )  # fmt: skip
        if len(report.errors) > errors or (wanted is not None and year not in wanted):
            continue
        dims = {"edition": "2019", "origin": origin[0], "destination": dest[0], "sex": "_T"}
        records.append(
            _record(
                f"2019:{year}:{dest[0]}:{origin[0]}:_T", year, dest, dest_name, dims, value,
                flags, SOURCE_2019,
            )
        )  # fmt: skip
    return zeros


# --- 2020: destination × sex XLSX, Table 1 ----------------------------------------------


def _read_2020(
    path: Path, progress: Callable[[int, int | None], None] | None, wanted: set[str] | None
) -> ParsedFile:
    import zipfile

    import openpyxl

    if path.stat().st_size == 0:
        raise ImportFileError(f"{path.name}: the file is empty")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(f"{path.name}: not a readable XLSX workbook") from exc
    try:
        if SHEET_2020 not in book.sheetnames:
            raise ImportFileError(
                f"{path.name}: no worksheet {SHEET_2020!r}: not a UN DESA International "
                "Migrant Stock 2020 destination table"
            )
        sheet = book[SHEET_2020]
        try:
            all_rows = list(sheet.iter_rows(values_only=True))
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ImportFileError(f"{path.name}: the workbook is truncated or damaged") from exc
    finally:
        book.close()
    layout, header_at, index = _layout_2020(path, all_rows)
    report = RowReport()
    records: list[KeyedRecord] = []
    first: dict[str, tuple[int, tuple[object, ...]]] = {}
    rows = 0
    total = len(all_rows) - header_at
    for number, cells in enumerate(all_rows[header_at:], start=header_at + 1):
        if not any(v not in (None, "") for v in cells):
            continue
        rows += 1
        _row_2020(number, cells, layout, index, wanted, report, records, first)
        if progress is not None and rows % 50 == 0:
            progress(rows, total)
    if progress is not None:
        progress(rows, total)
    return ParsedFile(layout, records, report, rows)


def _layout_2020(
    path: Path, all_rows: list[tuple[object, ...]]
) -> tuple[Layout, int, dict[str, int]]:
    """Find the header row (the one with ``Location code``) and each year column's sex."""
    from openpyxl.utils import get_column_letter

    header_at = next((i for i, r in enumerate(all_rows[:40]) if "Location code" in r), None)
    if header_at is None:
        raise ImportFileError(
            f"{path.name}: worksheet {SHEET_2020!r} has no 'Location code' header row"
        )
    header = all_rows[header_at]
    index = {}
    for name in (NAME_HEADER, "Notes", "Location code", "Type of data"):
        if name not in header:
            raise ImportFileError(f"{path.name}: no column {name!r} in the header row")
        index[name] = header.index(name)
    blocks: list[tuple[int, str, str]] = []  # (first column, sex code, label)
    for above in all_rows[:header_at]:
        for col, cell in enumerate(above):
            text = str(cell or "").casefold()
            for label, code in SEXES:
                if text.startswith("international migrant stock") and label in text:
                    blocks.append((col, code, label))
                    break
    layout = Layout("undesa-2020-destination-sex", "2020")
    for col, cell in enumerate(header):
        if col in index.values() or cell in (None, ""):
            continue
        try:
            year, _ = norm.mid_year(cell)
        except norm.CellError:
            raise ImportFileError(
                f"{path.name}: unexpected column {get_column_letter(col + 1)} ({cell!r})"
            ) from None
        block = max((b for b in blocks if b[0] <= col), default=None)
        if block is None:
            raise ImportFileError(
                f"{path.name}: year column {get_column_letter(col + 1)} is under no "
                "'both sexes / males / females' title"
            )
        layout.columns[f"{get_column_letter(col + 1)} ({year}, {block[2]})"] = (year, block[1])
        index[f"{get_column_letter(col + 1)} ({year}, {block[2]})"] = col
    if {s for _, s in layout.columns.values()} != {"_T", "M", "F"}:
        raise ImportFileError(f"{path.name}: expected both-sexes, male and female columns")
    return layout, header_at + 1, index


def _row_2020(
    number: int,
    cells: tuple[object, ...],
    layout: Layout,
    index: dict[str, int],
    wanted: set[str] | None,
    report: RowReport,
    records: list[KeyedRecord],
    first: dict[str, tuple[int, tuple[object, ...]]],
) -> None:
    errors = len(report.errors)

    def cell(name: str) -> object:
        col = index[name]
        return cells[col] if col < len(cells) else None

    raw_name = cell(NAME_HEADER)
    name, _indent = norm.indent_level(str(raw_name or ""))
    name, marked = norm.footnote_marker(name)
    if not name:
        report.error(number, NAME_HEADER, "", "missing name", "missing_name")
    area = None
    try:
        area = norm.area_from_code(cell("Location code"))
    except norm.CellError as exc:
        report.error(number, "Location code", cell("Location code"), str(exc), "bad_location")
    try:
        types = norm.data_type_codes(cell("Type of data"))
    except norm.CellError as exc:
        report.error(number, "Type of data", cell("Type of data"), str(exc), "bad_type_of_data")
        types = ()
    note = cell("Notes")
    note_text = "" if note in (None, "") else str(note).removesuffix(".0")
    values: dict[str, int | None] = {}
    for column in layout.columns:
        try:
            values[column] = norm.stock_count(cell(column))
        except norm.CellError as exc:
            report.error(number, column, cell(column), str(exc), "bad_stock")
    if len(report.errors) > errors or area is None:
        return
    signature = tuple(values.values())
    if area[0] in first:
        line, earlier = first[area[0]]
        if earlier == signature:
            report.warn(
                number, "Location code", cell("Location code"),
                f"repeats the aggregate of row {line} with the same figures: not stored twice",
                "repeated_aggregate",
            )  # fmt: skip
        else:
            report.error(
                number, "Location code", cell("Location code"),
                f"repeats the location code of row {line} with other figures",
                "duplicate_location",
            )  # fmt: skip
        return
    first[area[0]] = (number, signature)
    flags = [*area[2], *(["country_note"] if marked else [])]
    source = SOURCE_2020 + (f"; note {note_text}" if note_text else "")
    source += f"; type of data {' '.join(types)}" if types else ""
    for column, (year, sex) in layout.columns.items():
        if wanted is not None and year not in wanted:
            continue
        dims = {"edition": "2020", "origin": "_T", "destination": area[0], "sex": sex}
        records.append(
            _record(
                f"2020:{year}:{area[0]}:_T:{sex}", year, area, name, dims, values[column],
                flags, source,
            )
        )  # fmt: skip
