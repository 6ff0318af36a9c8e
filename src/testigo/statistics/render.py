"""Rendering count tables as CSV or JSON, with labels in Spanish or English.

CSV: a header row; one column per dimension (named as the dimension, values as labels; an
empty value means "not recorded" or "date unknown") and one per unit. In a published table a
suppressed value is written ``x`` (Frictionless ``missingValues``); JSON gives ``null`` and
lists the row's suppressed units under ``"suppressed"``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass

from testigo.statistics.dimensions import DIMENSIONS

SUPPRESSED_MARK = "x"


@dataclass(frozen=True)
class OutputRow:
    """One row to render: category codes, unit values (``None`` = suppressed)."""

    key: tuple[object, ...]
    values: dict[str, int | None]


def labelled(dims: Sequence[str], key: tuple[object, ...], lang: str) -> list[str]:
    """The labels of a key's categories in ``lang``."""
    return [DIMENSIONS[d].label(code, lang) for d, code in zip(dims, key, strict=True)]


def to_csv(dims: Sequence[str], units: Sequence[str], rows: Sequence[OutputRow], lang: str) -> str:
    """CSV text with a header row (see module docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*dims, *units])
    for row in rows:
        values = [SUPPRESSED_MARK if row.values[u] is None else row.values[u] for u in units]
        writer.writerow([*labelled(dims, row.key, lang), *values])
    return out.getvalue()


def to_json(dims: Sequence[str], units: Sequence[str], rows: Sequence[OutputRow], lang: str) -> str:
    """JSON text: ``{"dimensions", "units", "rows": [{dim: label, unit: n, "suppressed"}]}``."""
    items = []
    for row in rows:
        item: dict[str, object] = dict(zip(dims, labelled(dims, row.key, lang), strict=True))
        item.update({u: row.values[u] for u in units})
        hidden = [u for u in units if row.values[u] is None]
        if hidden:
            item["suppressed"] = hidden
        items.append(item)
    doc = {"dimensions": list(dims), "units": list(units), "rows": items}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
