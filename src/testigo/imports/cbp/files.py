"""Reading CBP's delimited files (comma CSV or pipe-separated PSV) with line numbers.

The shared reader (:func:`testigo.imports.files.read_csv`) refuses pipe-separated files on
purpose (a user's spreadsheet saved with the wrong separator); the Border Patrol monthly table
is published pipe-separated, so this reader picks the separator from the header line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from testigo.imports.files import clean_header
from testigo.imports.report import ImportFileError


@dataclass
class Delimited:
    """A file's header, its data rows ``(line, cells)`` and the first raw lines."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    delimiter: str
    head: list[str]  # the first lines as text, to recognise raw (untabulated) files


def read_delimited(path: Path) -> Delimited:
    """Read a UTF-8 CSV or PSV (separator ``|`` when the first line has one and no comma).

    Blank rows are skipped; ``line`` is the physical line where a record starts. Raises
    :class:`ImportFileError` when the file is empty, not UTF-8 or not parseable.
    """
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    data = path.read_bytes()
    if not data.strip():
        raise ImportFileError(f"{path.name}: the file is empty")
    if b"\x00" in data:
        raise ImportFileError(f"{path.name}: contains NUL bytes: not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{path.name}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and retry"
        ) from exc
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = "|" if "|" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    start = 1
    try:
        for record in reader:
            if header is None:
                header = [clean_header(h) for h in record]
            elif any(cell.strip() for cell in record):
                rows.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(f"{path.name}: line {start}: not readable ({exc})") from exc
    return Delimited(header or [], rows, delimiter, lines[:8])
