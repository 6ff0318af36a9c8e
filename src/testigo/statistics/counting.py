"""Counting events by dimensions: the private side's count tables (never published as is).

A :class:`CountTable` is an n-dimensional frequency table: for each combination of category
codes (``None`` = not recorded), one integer per unit. Publication goes through
``testigo.publication.gate``, which applies disclosure control.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from testigo.core.errors import ApplicationError
from testigo.documentation.models import Event
from testigo.statistics.dimensions import DIMENSIONS, Dimension
from testigo.statistics.units import UNITS

Key = tuple[object, ...]


class StatisticsError(ApplicationError):
    """A count was asked for with an unknown unit, dimension or filter."""


@dataclass(frozen=True)
class CountTable:
    """Counts of ``units`` by ``dims``: ``cells[key][unit]`` (persons or events)."""

    dims: tuple[str, ...]
    units: tuple[str, ...]
    cells: dict[Key, dict[str, int]]

    def sorted_keys(self) -> list[Key]:
        """Keys in a stable order: categories ascending, ``None`` (unknown) last."""
        return sorted(self.cells, key=lambda k: tuple((v is None, str(v)) for v in k))

    def total(self, unit: str) -> int:
        """The sum of ``unit`` over all cells."""
        return sum(c[unit] for c in self.cells.values())


def parse_names(text: str, registry: Mapping[str, object], what: str) -> tuple[str, ...]:
    """Split ``"a,b"`` and check each name is registered. Raises :class:`StatisticsError`."""
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    if not names:
        raise StatisticsError(f"no {what} given")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise StatisticsError(f"{what} {repeated[0]!r} given twice")
    for name in names:
        if name not in registry:
            known = ", ".join(sorted(registry))
            raise StatisticsError(f"unknown {what} {name!r} (known: {known})")
    return names


def _fold(text: str) -> str:
    """Fold a label for comparison: case, spacing and dash kind ignored (``US-Mexico``)."""
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").split()).casefold()


# Labels that name the "not recorded / date unknown" category (None), as the portal shows it.
UNKNOWN_LABELS = frozenset(
    _fold(s) for s in ("", "Date unknown", "Fecha desconocida", "Not recorded", "Sin registro")
)


def _matches(dimension: Dimension, code: object, wanted: str) -> bool:
    target = _fold(wanted)
    if code is None:
        return target in UNKNOWN_LABELS
    if _fold(str(code)) == target:
        return True
    return any(_fold(dimension.label(code, lang)) == target for lang in ("es", "en"))


def count_events(
    *,
    units: Sequence[str],
    by: Sequence[str],
    where: Mapping[str, str] | None = None,
    events: QuerySet[Event] | None = None,
    check_where: bool = False,
) -> CountTable:
    """Count ``units`` of ``events`` (default: all events) by the dimensions ``by``.

    ``where`` keeps events whose category in a dimension equals the given code or label
    (``{"region": "north_america"}``; ``""`` selects "not recorded"). Raises
    :class:`StatisticsError` on unknown units or dimensions, and with ``check_where`` also
    when a ``where`` value names no category present in the data (a typo, for the CLI).
    Unit values are ints (events or persons; a blank count adds nothing).
    """
    where = dict(where or {})
    for name in (*units, *by, *where):
        if name not in UNITS and name not in DIMENSIONS:
            raise StatisticsError(f"unknown unit or dimension {name!r}")
    for name in units:
        if name not in UNITS:
            raise StatisticsError(f"{name!r} is not a counting unit")
    dims = [DIMENSIONS[n] for n in by]
    filters = [(DIMENSIONS[n], v) for n, v in where.items()]
    fields = sorted({f for d in (*dims, *(d for d, _ in filters)) for f in d.fields})
    queryset = events if events is not None else Event.objects.all()
    grouped = (
        queryset.values(*fields)
        .annotate(**{f"u_{u}": UNITS[u].aggregate for u in units})
        .order_by()
    )
    cells: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(units, 0))
    seen: dict[str, set[object]] = {d.name: set() for d, _v in filters}
    matched: set[str] = set()
    for row in grouped:
        codes = {d.name: d.code(tuple(row[f] for f in d.fields)) for d, _v in filters}
        for d, _v in filters:
            seen[d.name].add(codes[d.name])
        hits = [d.name for d, v in filters if _matches(d, codes[d.name], v)]
        matched.update(hits)
        if len(hits) != len(filters):
            continue
        key = tuple(d.code(tuple(row[f] for f in d.fields)) for d in dims)
        cell = cells[key]
        for unit in units:
            cell[unit] += int(row[f"u_{unit}"] or 0)
    for dimension, value in filters:
        if check_where and dimension.name not in matched and seen[dimension.name]:
            known = sorted(
                dimension.label(c, "es") or "Sin registro" for c in seen[dimension.name]
            )[:30]
            raise StatisticsError(
                f"no {dimension.name} called {value!r}; known: {', '.join(map(str, known))}"
            )
    return CountTable(tuple(by), tuple(units), dict(cells))
