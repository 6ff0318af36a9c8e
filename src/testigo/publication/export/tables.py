"""The tables of the public open-data export, each defined once, built only by the gate.

Every table is a :class:`~testigo.publication.gate.PublishedTable` returned by the
publication gate (``published_counts``, or a portal table built through it): interior rows
and every margin, suppressed values already ``None``. This module never counts records.

Tables that are published in two places must be the same table: the portal's tables are
reused here as they are (same definition, same suppression), so the portal's "download the
data" and the export agree. Tables of the same scope share margins (the year margin of
year × route and of year × cause); the gate protects each table's margins consistently with
the lower table published alone, except for rare *last-resort* margins. :func:`build_tables`
checks every shared cell and withholds a later table whose suppression disagrees with an
earlier one (disclosure.py, "fallback margins"), so the export never publishes a value
another table hides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from testigo.publication import portal_tables
from testigo.publication.gate import PublishedTable, published_counts
from testigo.statistics.disclosure import TOTAL

MMP_SOURCE = _(
    "IOM Missing Migrants Project (missingmigrants.iom.int), incidents imported by Testigo; "
    "attribution: “IOM Missing Migrants Project”."
)


@dataclass(frozen=True)
class ExportTable:
    """One public table: ``name`` (file and resource name), texts, scope and how to build it.

    ``scope`` is the filter the table applies (dimension → code), used to find the cells
    two tables share. ``build`` must return the gate's output.
    """

    name: str
    title: Promise
    description: Promise
    source: Promise
    scope: Mapping[str, str]
    build: Callable[[], PublishedTable]


def _americas_by_year_cause() -> PublishedTable:
    return published_counts(
        units=("dead_and_missing",),
        by=("year", "cause_of_death"),
        where=portal_tables.MMP_AMERICAS,
    )


TABLES: tuple[ExportTable, ...] = (
    ExportTable(
        name="americas_dead_missing_by_year_route",
        title=_("Dead and missing migrants in the Americas, by year and migration route"),
        description=_(
            "Persons recorded dead or missing during migration in the Americas (IOM regions of "
            "incident whose continent is the Americas), by year of the incident and migration "
            "route. The same table as the public portal's."
        ),
        source=MMP_SOURCE,
        scope=portal_tables.MMP_AMERICAS,
        build=portal_tables.americas_by_year_and_route,
    ),
    ExportTable(
        name="americas_dead_missing_totals",
        title=_("Dead and missing migrants in the Americas, totals"),
        description=_(
            "Persons recorded dead, missing, and dead or missing during migration in the "
            "Americas, all years. The same table as the public portal's."
        ),
        source=MMP_SOURCE,
        scope=portal_tables.MMP_AMERICAS,
        build=portal_tables.americas_totals,
    ),
    ExportTable(
        name="americas_dead_missing_by_year_cause",
        title=_("Dead and missing migrants in the Americas, by year and cause of death"),
        description=_(
            "Persons recorded dead or missing during migration in the Americas, by year of "
            "the incident and cause of death as recorded by the source."
        ),
        source=MMP_SOURCE,
        scope=portal_tables.MMP_AMERICAS,
        build=_americas_by_year_cause,
    ),
)

CellId = frozenset[tuple[str, object]]


@dataclass(frozen=True)
class BuiltTable:
    """A table as published: its definition, the gate's output, and every cell by key."""

    spec: ExportTable
    table: PublishedTable
    cells: dict[tuple[object, ...], dict[str, int | None]] = field(repr=False)

    @property
    def suppressed_cells(self) -> int:
        """Cells (interior rows and margins) with at least one suppressed value."""
        return sum(any(v is None for v in c.values()) for c in self.cells.values())


@dataclass(frozen=True)
class Withheld:
    """A table left out of the export, and why (a message for the person running it)."""

    name: str
    reason: str


def cell_id(spec: ExportTable, dims: tuple[str, ...], key: tuple[object, ...]) -> CellId:
    """What a cell counts, whatever table it is in: the scope plus the key's categories.

    A margin position (``TOTAL``) adds nothing, so the grand total of a table of scope
    ``{"continent": "americas"}`` is the same cell as the row ``americas`` of a table by
    continent of the same scope.
    """
    parts = {(d, v) for d, v in spec.scope.items()}
    parts |= {(d, v) for d, v in zip(dims, key, strict=True) if v is not TOTAL}
    return frozenset(parts)


def _all_cells(table: PublishedTable) -> dict[tuple[object, ...], dict[str, int | None]]:
    cells = {row.key: dict(row.values) for row in table.rows}
    cells.update({key: dict(values) for key, values in table.margins.items()})
    return cells


def _conflict(built: BuiltTable, seen: dict[tuple[CellId, str], bool]) -> str | None:
    """The first cell shared with an earlier table whose suppression differs, if any."""
    dims = built.table.dims
    for key, values in built.cells.items():
        cid = cell_id(built.spec, dims, key)
        hidden_here = any(v is None for v in values.values())
        for unit in values:
            earlier = seen.get((cid, unit))
            if earlier is not None and earlier != hidden_here:
                return ", ".join(f"{d}={v}" for d, v in sorted(cid, key=str)) + f" ({unit})"
    return None


def build_tables(
    specs: tuple[ExportTable, ...] = TABLES,
) -> tuple[list[BuiltTable], list[Withheld]]:
    """Build every table through the gate, in order; withhold those that disagree.

    Returns ``(tables, withheld)``. A table is withheld when a cell it shares with an
    earlier table (same scope and categories, same unit) is suppressed in one and published
    in the other: publishing both could reveal the suppressed value.
    """
    tables: list[BuiltTable] = []
    withheld: list[Withheld] = []
    seen: dict[tuple[CellId, str], bool] = {}
    for spec in specs:
        table = spec.build()
        built = BuiltTable(spec, table, _all_cells(table))
        conflict = _conflict(built, seen)
        if conflict is not None:
            reason = gettext("suppression differs from an earlier table at %(cell)s")
            withheld.append(Withheld(spec.name, reason % {"cell": conflict}))
            continue
        for key, values in built.cells.items():
            cid = cell_id(spec, table.dims, key)
            hidden = any(v is None for v in values.values())
            for unit in values:
                seen.setdefault((cid, unit), hidden)
        tables.append(built)
    return tables, withheld
