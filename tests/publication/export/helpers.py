"""Reading an export back with the csv module only (no Testigo code)."""

from __future__ import annotations

import csv
from pathlib import Path


def read_table(path: Path, *, hashtags: bool) -> tuple[list[str], list[str], list[dict[str, str]]]:
    """``(header, hashtag row or [], rows as dicts)`` of a CSV written by the export."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        tags = next(reader) if hashtags else []
        rows = [dict(zip(header, line, strict=True)) for line in reader]
    return header, tags, rows


def cell(rows: list[dict[str, str]], unit: str, **codes: str) -> str:
    """The text of ``unit`` in the one row whose code columns equal ``codes``."""
    found = [r[unit] for r in rows if all(r[k] == v for k, v in codes.items())]
    assert len(found) == 1, (codes, len(found))
    return found[0]
