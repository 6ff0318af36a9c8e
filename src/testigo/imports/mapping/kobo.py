"""Reading KoboToolbox / ODK exports: group prefixes, select_multiple columns, repeat groups.

Layouts handled (KoboToolbox "XML values and headers" exports, ODK Central/Briefcase and
SurveyCTO-style CSVs):

- **Group prefixes**: a question inside groups is exported as ``grp/sub/question``, or as
  just ``question`` when "include groups in headers" was off. :func:`find_column` finds a
  question's column either way (:func:`strip_group_prefix`).
- **select_multiple**: one cell of space-separated choice names (``Radio Oven``), or — with
  "split select_multiple" — one ``question/choice`` column per choice holding ``1``/``0``
  (or ``True``/``False``): :func:`split_columns` and :func:`selected_choices`.
- **Repeat groups** are child records in another sheet (XLSX: the sheet named after the
  repeat) or another file (CSV). A child is linked to its parent by
  :func:`repeat_link`: ``_parent_index`` → the parent's ``_index`` (Kobo XLSX),
  ``_submission__uuid`` → ``_uuid`` (Kobo), ``PARENT_KEY`` → ``KEY`` (ODK Briefcase,
  SurveyCTO), or a child ``KEY`` equal to its parent's ``KEY`` (the EPFL CEAT export,
  whose anonymised repeat file kept only the submission's key).
- **Record key**: ``_uuid`` (Kobo), ``meta/instanceID``/``instanceID`` (ODK), ``KEY``
  (Briefcase/SurveyCTO) or ``_id`` (Kobo's database id; changes if data are re-uploaded),
  in that order: :func:`key_column`.
- **Semicolons**: KoboToolbox's CSV exports are separated by ``;`` by default;
  :func:`read_export` reads them as well as comma-separated ones (same line numbers).
- The unnamed first column that pandas adds to a re-saved export (``""``) is ignored.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from testigo.imports.files import Table, read_table, read_xlsx
from testigo.imports.mapping.values import CellError, text
from testigo.imports.mapping.xlsform import FormSpec, Question
from testigo.imports.report import ImportFileError

KEY_COLUMNS = ("_uuid", "meta/instanceID", "instanceID", "KEY", "_id")
# (parent column, child column), most specific first.
REPEAT_LINKS = (
    ("_index", "_parent_index"),
    ("_uuid", "_submission__uuid"),
    ("KEY", "PARENT_KEY"),
    ("KEY", "KEY"),
)
XLSX_SHEET_NAME_LIMIT = 31


def csv_delimiter(header_line: str) -> str:
    """``;`` when the header line has more semicolons than commas (Kobo's default CSV
    export), else ``,``."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_export(path: Path) -> Table:
    """Read a Kobo/ODK export like :func:`testigo.imports.files.read_table`, also when it
    is a semicolon-separated CSV: the records are rewritten comma-separated (embedded new
    lines kept, so every record keeps its line number) and read by the strict CSV reader.
    Raises :class:`ImportFileError` as ``read_table`` does."""
    if path.suffix.lower() != ".csv":
        return read_table(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return read_table(path)  # which reports the problem in its own words
    if csv_delimiter(text.split("\n", 1)[0]) == ",":
        return read_table(path)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
            writer.writerow(record)
    except csv.Error:
        return read_table(path)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        copy.write_text(out.getvalue(), encoding="utf-8")
        return read_table(copy)  # reads the whole file before the folder goes


def strip_group_prefix(header: str) -> str:
    """``group_a/group_b/question`` → ``question`` (Kobo/ODK separate groups with ``/``)."""
    return header.rsplit("/", 1)[-1]


def key_column(header: list[str]) -> str | None:
    """The export's record-key column (see the module's list), or ``None``."""
    present = set(header)
    return next((c for c in KEY_COLUMNS if c in present), None)


def find_column(header: list[str], question: Question) -> str | None:
    """The column holding ``question``: its full path, else the one column whose name
    without group prefix is the question's name. ``None`` when absent or ambiguous."""
    if question.full_name in header:
        return question.full_name
    matches = [h for h in header if strip_group_prefix(h) == question.name]
    return matches[0] if len(matches) == 1 else None


def split_columns(header: list[str], column: str) -> dict[str, str]:
    """Choice name → column for a select_multiple split into ``column/choice`` columns."""
    prefix = column + "/"
    return {h[len(prefix) :]: h for h in header if h.startswith(prefix) and h != prefix}


def selected_choices(row: dict[str, object], columns: dict[str, str]) -> list[str]:
    """The choices marked in split select_multiple columns (``1``/``True`` selected,
    ``0``/``False``/blank not). Raises :class:`CellError` (with the column in its
    ``column`` attribute) for any other value."""
    chosen = []
    for choice, column in columns.items():
        raw = text(row.get(column)).casefold()
        if raw in {"1", "true", "1.0"}:
            chosen.append(choice)
        elif raw not in {"0", "false", "", "0.0"}:
            error = CellError(_("a select_multiple column must hold 1 or 0"))
            error.column = column  # type: ignore[attr-defined]
            raise error
    return chosen


def repeat_link(parent_header: list[str], child_header: list[str]) -> tuple[str, str] | None:
    """``(parent column, child column)`` linking a repeat group's rows to their parent
    rows (see the module's list), or ``None`` when the files share no link column."""
    parents, children = set(parent_header), set(child_header)
    return next(((p, c) for p, c in REPEAT_LINKS if p in parents and c in children), None)


def repeat_table(path: Path, repeat: str, repeat_path: Path | None) -> tuple[Table, str]:
    """The child rows of repeat group ``repeat`` and a label for messages: from
    ``repeat_path`` (a CSV or XLSX of its own) or, for an XLSX export, the sheet named
    after the repeat (Kobo cuts sheet names to 31 characters). Raises
    :class:`ImportFileError` when neither exists."""
    if repeat_path is not None:
        return read_export(repeat_path), repeat_path.name
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        names = book.sheetnames
        book.close()
        wanted = repeat[:XLSX_SHEET_NAME_LIMIT]
        sheet = next((n for n in names if n == wanted), None)
        if sheet is not None:
            return read_xlsx(path, sheet=sheet), sheet
    raise ImportFileError(
        f"{path.name}: the rows of repeat group {repeat!r} were not found: give its "
        "export file, or export to XLSX with one sheet per repeat group"
    )


def select_question(form: FormSpec | None, column: str) -> Question | None:
    """The select question behind an export column (by full path or name), if any."""
    if form is None:
        return None
    question = form.question(column) or form.question(strip_group_prefix(column))
    if question is not None and question.type in {"select_one", "select_multiple"}:
        return question
    return None
