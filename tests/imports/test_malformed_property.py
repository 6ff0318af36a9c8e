"""Property-based: malformed CSV and XLSX files never crash an import, never write part of
a file, and every row rejection names its line and column.

Hypothesis mutates a small valid export (hand-made rows in the real MMP 2022 layout): cells
replaced by arbitrary text (numbers with separators, negative numbers, control characters,
non-ASCII digits, very long strings), rows cut short or lengthened, header cells renamed or
repeated, raw bytes spliced into the file, the file truncated. Each example runs in its own
transaction (``hypothesis.extra.django.TestCase``) over a database already holding one
imported event, which must be left exactly as it was after a rejection.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from testigo.core.models import AuditEntry
from testigo.documentation.models import Event, Source
from testigo.imports.report import ImportFileError, ImportRejected
from testigo.imports.services import import_run_start
from tests.imports.factories import HEADER_2022, row_2022, write_csv

# Errors about the file as a whole rather than one cell (ownership of the dataset).
FILE_LEVEL_CODES = {"other_owner"}
N_ROWS = 4

cell_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["-3", "1,000", "1.000", "1e3", "١٢", "  ", "NaN", "∞", "2021-13-45", "x" * 500]
    ),
    st.integers(min_value=-(10**9), max_value=10**9).map(str),
)


@st.composite
def csv_mutations(draw: st.DrawFn) -> bytes:
    rows = [row_2022(f"2021.P{i}") for i in range(N_ROWS)]
    header = list(HEADER_2022)
    kind = draw(st.sampled_from(["cells", "width", "header", "bytes", "truncate"]))
    if kind == "cells":
        for _ in range(draw(st.integers(1, 6))):
            row = draw(st.integers(0, N_ROWS - 1))
            column = draw(st.sampled_from(HEADER_2022))
            rows[row][column] = draw(cell_text)
    out = io.StringIO()
    writer = csv.writer(out)
    if kind == "header":
        i = draw(st.integers(0, len(header) - 1))
        header[i] = draw(st.one_of(st.text(max_size=12), st.sampled_from(header)))
    writer.writerow(header)
    for number, row in enumerate(rows):
        values = [str(row.get(h, "")) for h in HEADER_2022]
        if kind == "width" and number == draw(st.integers(0, N_ROWS - 1)):
            cut = draw(st.integers(0, len(values) + 3))
            values = values[:cut] if cut < len(values) else values + ["extra"] * (cut - len(values))
        writer.writerow(values)
    data = out.getvalue().encode("utf-8")
    if kind == "bytes":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    if kind == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    return data


@st.composite
def xlsx_mutations(draw: st.DrawFn) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER_2022)
    for i in range(N_ROWS):
        row = row_2022(f"2021.X{i}")
        values: list[object] = [row.get(h) for h in HEADER_2022]
        for _ in range(draw(st.integers(0, 4))):
            values[draw(st.integers(0, len(values) - 1))] = draw(
                st.one_of(
                    cell_text.filter(lambda t: not t.startswith("=")),
                    st.floats(allow_nan=True, allow_infinity=True),
                    st.integers(min_value=-(10**6), max_value=10**6),
                    st.booleans(),
                    st.dates().map(lambda d: d.isoformat()),
                )
            )
        sheet.append([_xlsx_safe(v) for v in values])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


def _xlsx_safe(value: object) -> object:
    """openpyxl refuses control characters in strings: strip them (the test is about our
    reader, not openpyxl's writer)."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n")
    return value


class MalformedFilesNeverHalfImport(TestCase):
    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="testigo-hyp-"))
        import_run_start(
            actor=None, source_kind="mmp",
            path=write_csv(self.folder / "seed.csv", [row_2022("2021.SEED")]),
        )  # fmt: skip
        self.before = _state()

    def _check(self, name: str, data: bytes) -> None:
        path = self.folder / name
        path.write_bytes(data)
        try:
            result = import_run_start(actor=None, source_kind="mmp", path=path)
        except ImportRejected as exc:
            assert exc.report.errors, "a rejection lists at least one error"
            for issue in exc.report.errors:
                if issue.code in FILE_LEVEL_CODES:
                    continue
                assert issue.line is not None and issue.line >= 1, issue
                assert issue.column, issue
            assert _state() == self.before, "a rejected file wrote nothing"
        except ImportFileError as exc:
            assert exc.message and name in exc.message, exc.message
            assert _state() == self.before, "an unreadable file wrote nothing"
        else:
            # Accepted: every data row became (or updated) an event, nothing else changed.
            run = result.run
            assert run.created + run.updated + run.unchanged >= 1
            assert Event.objects.count() == self.before[0] + run.created

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=csv_mutations())
    def test_csv(self, data: bytes) -> None:
        self._check("mutated.csv", data)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=xlsx_mutations())
    def test_xlsx(self, data: bytes) -> None:
        self._check("mutated.xlsx", data)


def _state() -> tuple[int, int, int]:
    return Event.objects.count(), Source.objects.count(), AuditEntry.objects.count()
