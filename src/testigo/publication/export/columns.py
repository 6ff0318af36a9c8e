"""The flat layout of a public table: one column per dimension code (and label), one per unit.

Rows are the table's interior rows (the gate's order), then its margins (the gate's order:
totals last). Codes: the category code; ``_T`` (SDMX's code for "total") where the row is
a margin over that dimension; empty for "not recorded" / "date unknown" (a real category,
never dropped). Labels are in the export's language (``Total`` for ``_T``). Counts: an
integer, or :data:`SUPPRESSED` where disclosure control suppressed the cell — never a
number in its place. Combinations absent from the table are zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from testigo.publication.export.hxl import dimension_tags, label_tag, unit_tag
from testigo.publication.export.tables import BuiltTable
from testigo.statistics.dimensions import DIMENSIONS
from testigo.statistics.disclosure import TOTAL
from testigo.statistics.render import SUPPRESSED_MARK
from testigo.statistics.units import UNITS

SUPPRESSED = SUPPRESSED_MARK  # "x", as in ``testigo stats --public``
TOTAL_CODE = "_T"


@dataclass(frozen=True)
class Column:
    """One column: ``name``, ``kind`` ("code", "label" or "count"), source dimension or unit."""

    name: str
    kind: str
    of: str
    hxl: str


def columns(table: BuiltTable, lang: str) -> list[Column]:
    """The columns of ``table`` (dimension code, its label if it has one, then each unit)."""
    out: list[Column] = []
    for dim in table.table.dims:
        out.append(Column(dim, "code", dim, dimension_tags(dim).code))
        tag = label_tag(dim, lang)
        if tag is not None:
            out.append(Column(f"{dim}_label", "label", dim, tag))
    out.extend(Column(unit, "count", unit, unit_tag(unit)) for unit in table.table.units)
    return out


def code_text(code: object) -> str:
    """A category code as written: ``_T`` for a margin, empty for not recorded."""
    if code is TOTAL:
        return TOTAL_CODE
    return "" if code is None else str(code)


def label_text(dim: str, code: object, lang: str) -> str:
    """A category's label in ``lang`` (``Total`` for a margin, empty for not recorded)."""
    if code is TOTAL:
        with translation.override(lang):
            return _("Total")
    return DIMENSIONS[dim].label(code, lang)


def count_text(value: int | None) -> str:
    """A count as written: digits, or the suppression mark."""
    return SUPPRESSED if value is None else str(value)


def rows(table: BuiltTable, lang: str) -> list[list[str]]:
    """The table's rows as text cells in :func:`columns` order (interior rows, then margins)."""
    cols = columns(table, lang)
    dims = table.table.dims
    keys = [r.key for r in table.table.rows] + list(table.table.margins)
    out = []
    for key in keys:
        codes = dict(zip(dims, key, strict=True))
        values = table.cells[key]
        line = []
        for col in cols:
            if col.kind == "code":
                line.append(code_text(codes[col.of]))
            elif col.kind == "label":
                line.append(label_text(col.of, codes[col.of], lang))
            else:
                line.append(count_text(values[col.of]))
        out.append(line)
    return out


def unit_kind(unit: str) -> str:
    """``persons`` or ``events``: what a unit counts (statistics.units)."""
    return UNITS[unit].counts
