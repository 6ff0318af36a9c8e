"""Row-level reports: every problem with its line, column, value and reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from testigo.core.errors import ApplicationError


@dataclass(frozen=True)
class RowIssue:
    """A problem with one cell. ``line`` is the 1-based line (CSV) or row (XLSX) in the file."""

    line: int | None
    column: str
    value: str
    reason: str
    code: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "file"
        col = f", column {self.column!r}" if self.column else ""
        val = f", value {self.value!r}" if self.value else ""
        return f"{where}{col}{val}: {self.reason}"


@dataclass
class RowReport:
    """All errors and warnings found in one file."""

    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)

    def error(self, line: int | None, column: str, value: object, reason: str, code: str) -> None:
        self.errors.append(RowIssue(line, column, _short(value), reason, code, "error"))

    def warn(self, line: int | None, column: str, value: object, reason: str, code: str) -> None:
        self.warnings.append(RowIssue(line, column, _short(value), reason, code, "warning"))

    def warning_counts(self) -> Counter[str]:
        """Warnings counted by ``code``."""
        return Counter(w.code for w in self.warnings)


def report_width(report: RowReport, line: int, row: dict[str, object]) -> bool:
    """Report a CSV row with the wrong number of fields (see ``files.width_problem``);
    returns whether the row was one."""
    if "__width__" not in row:
        return False
    column = str(row.get("__column__", ""))
    report.error(line, column, row["__width__"], "wrong number of fields in this row", "width")
    return True


def _short(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


class ImportFileError(ApplicationError):
    """The file cannot be read at all (empty, not UTF-8, truncated, wrong layout)."""


class ImportRejected(ApplicationError):
    """The file has bad rows; nothing was written. ``report`` lists every bad row."""

    def __init__(self, message: str, *, report: RowReport) -> None:
        super().__init__(message)
        self.report = report
