"""An independent reading of MMP files for tests: plain csv/openpyxl, none of Testigo's code.

Figures in the tests are recomputed here from the file itself, never copied from Testigo's
output.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache
from pathlib import Path

import openpyxl


@cache
def rows(path: Path) -> list[dict[str, object]]:
    """All data rows as dicts keyed by header (BOMs stripped from headers and text cells).

    Cached per test process: the files are read-only and tests do not change the rows."""
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        it = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h).replace("\ufeff", "").strip() for h in next(it)]
        out = [dict(zip(header, r, strict=False)) for r in it if any(v is not None for v in r)]
        book.close()
    else:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            out = list(csv.DictReader(fh))
    for row in out:
        for k, v in row.items():
            if isinstance(v, str):
                row[k] = v.replace("\ufeff", "")
    return out


def number(value: object) -> int:
    """Blank → 0; ``"12"``/``12.0`` → 12."""
    if value is None or str(value).strip() == "":
        return 0
    return int(float(value))


def sum_by_year(path: Path, *, route: str, year_col: str, total_col: str) -> dict[str, int]:
    """Sum of ``total_col`` by ``year_col`` over rows whose route is ``route`` ('' = no year)."""
    sums: dict[str, int] = defaultdict(int)
    for row in rows(path):
        if str(row.get("Migration Route") or row.get("Migration route") or "") != route:
            continue
        year = row.get(year_col)
        key = "" if year in (None, "") else str(int(float(year)))
        sums[key] += number(row.get(total_col))
    return dict(sums)


def incident_key(row: dict[str, object]) -> str:
    """The row's incident key: its Incident ID, or its Main ID when the Incident ID cell lists
    several ids (a split incident exported as one row)."""
    incident = str(row["Incident ID"])
    return str(row["Main ID"]) if "," in incident else incident
