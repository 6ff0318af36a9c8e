"""Malformed CBP files (hypothesis): no crash, every rejection names a line and a column."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from testigo.imports.cbp import layouts
from testigo.imports.cbp.adapter import read_cbp
from testigo.imports.report import ImportFileError

CELLS = st.one_of(
    st.sampled_from(["", "1", "1,234", "12,3", "2.0", "-4", "N/A **", "OCT", "2021", "TX", "x"]),
    st.text(max_size=6),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    layout=st.sampled_from(layouts.LAYOUTS),
    rows=st.lists(st.lists(CELLS, min_size=1, max_size=30), min_size=1, max_size=4),
)
def test_random_rows_never_crash(layout: layouts.Layout, rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        name = "fy2017.psv" if layout is layouts.USBP_BY_SECTOR else "fy2017.csv"
        path = Path(folder) / name
        delimiter = "|" if layout is layouts.USBP_BY_SECTOR else ","
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, delimiter=delimiter)
            writer.writerow(layout.header)
            writer.writerows(rows)
        try:
            parsed = read_cbp(path, source=layout.source)
        except ImportFileError as exc:
            assert exc.message
            return
    assert parsed.layout is layout
    for error in parsed.report.errors:
        assert error.line is not None and error.line >= 2
        assert error.column or error.code == "width"
    if not parsed.report.errors:
        keys = [r.source_key for r in parsed.records]
        assert len(keys) == len(set(keys))
