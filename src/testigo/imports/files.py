"""Reading tabular files (CSV, XLSX) into header + numbered rows, with clear errors.

Rows come out as ``(line, {header: value})``. ``line`` is the physical line where a CSV
record starts (records may span lines) or the worksheet row number (header = row 1).
Values are strings for CSV and Python values (str, float, int, datetime, None) for XLSX.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from testigo.imports.report import ImportFileError

Row = tuple[int, dict[str, object]]


@dataclass
class Table:
    """A header and a row iterator over one file (or one worksheet)."""

    header: list[str]
    rows: Iterator[Row]
    total: int | None  # number of data rows when known in advance


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def clean_header(name: object) -> str:
    """A header cell without U+FEFF and surrounding spaces."""
    return str(name or "").replace("\ufeff", "").strip()


def _check_header(path: Path, header: list[str]) -> None:
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise ImportFileError(f"{path.name}: repeated column {repeated[0]!r} in the header row")
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        raise ImportFileError(
            f"{path.name}: only one column found; the file seems separated by "
            "semicolons, tabs or pipes: save it as CSV with commas"
        )


def width_problem(header: list[str], fields: int) -> dict[str, object]:
    """The row placeholder for a CSV record with ``fields`` fields where the header has more
    or fewer: ``__width__`` says how many, ``__column__`` names the first column concerned
    (the first missing one, or the first beyond the header)."""
    column = header[fields] if fields < len(header) else f"column {len(header) + 1} (no header)"
    return {"__width__": f"{fields} fields, header {len(header)}", "__column__": column}


def read_csv(path: Path) -> Table:
    """Read a UTF-8 CSV (with or without BOM). Raises ``ImportFileError`` if unreadable."""
    data = path.read_bytes()
    if not data.strip():
        raise ImportFileError(f"{path.name}: the file is empty")
    if b"\x00" in data:
        raise ImportFileError(f"{path.name}: contains NUL bytes: not a text CSV file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{path.name}: not UTF-8 text (byte {exc.start}); save it as CSV UTF-8 and retry"
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [clean_header(h) for h in next(reader)]
        total = sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1
    except (StopIteration, csv.Error) as exc:
        raise ImportFileError(f"{path.name}: not a readable CSV file ({exc})") from exc
    _check_header(path, header)
    if total < 1:
        raise ImportFileError(f"{path.name}: the file has a header row but no data rows")

    def rows() -> Iterator[Row]:
        start = reader.line_num + 1
        try:
            for record in reader:
                if any(cell.strip() for cell in record):
                    if len(record) != len(header):
                        yield start, width_problem(header, len(record))
                    else:
                        yield start, dict(zip(header, record, strict=True))
                start = reader.line_num + 1
        except csv.Error as exc:
            raise ImportFileError(f"{path.name}: line {start}: {exc}") from exc

    return Table(header, rows(), total)


def read_xlsx(path: Path, *, sheet: str | None = None) -> Table:
    """Read the first (or named) worksheet of an XLSX file. Raises ``ImportFileError``."""
    if path.stat().st_size == 0:
        raise ImportFileError(f"{path.name}: the file is empty")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            f"{path.name}: not a readable XLSX workbook (truncated or damaged?)"
        ) from exc
    ws = book[sheet] if sheet else book.worksheets[0]
    if ws.max_row is None or ws.max_row <= 1:
        # The workbook declares no size, or a size of one row ("A1"), as some generators
        # write: openpyxl would then read the header only. Read the real extent instead.
        ws.reset_dimensions()
        rows_list = list(ws.iter_rows(values_only=True))
        iterator = iter(rows_list)
        declared_rows: int | None = len(rows_list)
    else:
        iterator = ws.iter_rows(values_only=True)
        declared_rows = ws.max_row
    where = f"{path.name} (worksheet {ws.title!r} of {len(book.worksheets)})"
    try:
        header = [clean_header(h) for h in next(iterator)]
    except StopIteration as exc:
        raise ImportFileError(f"{where}: the worksheet is empty") from exc
    while header and header[-1] == "":
        header.pop()
    _check_header(path, header)
    total = (declared_rows - 1) if declared_rows else None
    if total is not None and total < 1:
        raise ImportFileError(f"{where}: the worksheet has a header row but no data rows")

    def rows() -> Iterator[Row]:
        try:
            for number, record in enumerate(iterator, start=2):
                if any(v not in (None, "") for v in record):
                    yield number, dict(zip(header, record, strict=False))
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ImportFileError(f"{path.name}: the workbook is truncated or damaged") from exc
        finally:
            book.close()

    return Table(header, rows(), total)


def read_table(path: Path) -> Table:
    """Read ``path`` by its extension (``.csv``, ``.xlsx``). Raises ``ImportFileError``."""
    if not path.exists():
        raise ImportFileError(f"{path}: no such file")
    if not path.is_file():
        raise ImportFileError(f"{path}: not a file (a folder?)")
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot be read ({exc.strerror})") from exc
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path)
    if suffix in {".xlsx", ".xlsm"}:
        return read_xlsx(path)
    raise ImportFileError(f"{path.name}: unsupported file type {suffix!r} (use .csv or .xlsx)")
