"""Counting events by dimensions: the private side's count tables (never published as is).

A :class:`CountTable` is an n-dimensional frequency table: for each combination of category
codes (``None`` = not recorded), one integer per unit. Publication goes through
``testigo.publication.gate``, which applies disclosure control.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from testigo.core.errors import ApplicationError
from testigo.documentation.models import Event
from testigo.statistics.dimensions import DIMENSIONS, Dimension
from testigo.statistics.kinds import KINDS, Kind
from testigo.statistics.units import ALL_UNITS

Key = tuple[object, ...]


class StatisticsError(ApplicationError):
    """A count was asked for with an unknown unit, dimension or filter."""


@dataclass(frozen=True)
class CountTable:
    """Counts of ``units`` by ``dims``: ``cells[key][unit]`` (persons, events, acts…).

    Values are ints, except the ``value`` unit of official observations, which may be a
    float (a sum of amounts in USD, percent…).
    """

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
    Unit values are ints (events or persons; a blank count adds nothing). Not cached: see
    ``testigo.statistics.engine.count`` for every record kind, cached.
    """
    return count_records(
        KINDS["events"], units=units, by=by, where=where, records=events, check_where=check_where
    )


def _number(value: object) -> int | float:
    """An aggregate as a number: ``None`` → 0, integral decimals → int, others → float."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def check_names(kind: Kind, units: Sequence[str], by: Sequence[str], where: Mapping) -> None:
    """Raise :class:`StatisticsError` unless ``units``/``by``/``where`` belong to ``kind``."""
    if isinstance(units, str) or isinstance(by, str):
        raise StatisticsError("units and by must be sequences of names, not one string")
    if not units:
        raise StatisticsError("no unit given")
    for name in (*units, *by, *where):
        if name not in ALL_UNITS and name not in DIMENSIONS:
            raise StatisticsError(f"unknown unit or dimension {name!r}")
    for name in units:
        if name not in ALL_UNITS:
            raise StatisticsError(f"{name!r} is not a counting unit")
        if name not in kind.units:
            known = ", ".join(kind.units)
            raise StatisticsError(f"{name!r} is not a unit of {kind.name} (units: {known})")
    for name in (*by, *where):
        if name not in kind.paths:
            known = ", ".join(kind.dimensions)
            raise StatisticsError(
                f"{name!r} is not a dimension of {kind.name} (dimensions: {known})"
            )
    if len(set(by)) != len(by) or len(set(units)) != len(units):
        raise StatisticsError("a unit or dimension is given twice")


def _rows(
    queryset: QuerySet, fields: list[str], units: Sequence[str]
) -> Iterator[tuple[dict, dict[str, int | float], object]]:
    """Grouped rows ``(field values, {unit: amount}, record)``: one query per kind of unit.

    ``record`` is ``(unit, record key)`` for ``distinct`` units (the caller adds a record once
    per cell: two rows of one record may differ in fields yet fall in the same category),
    else None.
    """
    plain = [u for u in units if ALL_UNITS[u].distinct is None]
    if plain:
        grouped = (
            queryset.values(*fields)
            .annotate(**{f"u_{u}": ALL_UNITS[u].aggregate for u in plain})
            .order_by()
        )
        for row in grouped:
            yield row, {u: _number(row[f"u_{u}"]) for u in plain}, None
    for unit in units:
        spec = ALL_UNITS[unit].distinct
        if spec is None:
            continue
        key, weight = spec
        distinct = queryset.values(*fields, key, weight).order_by().distinct()
        for row in distinct.iterator(chunk_size=5000):
            yield row, {unit: _number(row[weight])}, (unit, row[key])


def count_records(
    kind: Kind,
    *,
    units: Sequence[str],
    by: Sequence[str],
    where: Mapping[str, str] | None = None,
    records: QuerySet | None = None,
    check_where: bool = False,
) -> CountTable:
    """Count ``units`` of ``records`` (default ``kind.base()``) by ``by`` (not cached).

    Same contract as :func:`count_events` for any kind of ``testigo.statistics.kinds``.
    Each unit's amount is added to the cell of each grouped row; ``distinct`` units (victims,
    persons served) add each record's weight once per cell.
    """
    where = dict(where or {})
    check_names(kind, units, by, where)
    filters = [(DIMENSIONS[n], v) for n, v in where.items()]
    fields = sorted({f for n in (*by, *where) for f in kind.paths[n].fields})
    queryset = records if records is not None else kind.base()
    cells: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(units, 0))
    seen: dict[str, set[object]] = {d.name: set() for d, _v in filters}
    matched: set[str] = set()
    counted: set[tuple[Key, object]] = set()

    def place(row: Mapping[str, object]) -> Key | None:
        """The row's cell, or None when ``where`` leaves it out (records what it saw)."""
        codes = {
            d.name: kind.code(d.name, tuple(row[f] for f in kind.paths[d.name].fields))
            for d, _v in filters
        }
        for d, _v in filters:
            seen[d.name].add(codes[d.name])
        hits = [d.name for d, v in filters if _matches(d, codes[d.name], v)]
        matched.update(hits)
        if len(hits) != len(filters):
            return None
        return tuple(kind.code(n, tuple(row[f] for f in kind.paths[n].fields)) for n in by)

    placed: dict[tuple, Key | None] = {}  # rows with the same field values share a cell
    for row, amounts, record in _rows(queryset, fields, units):
        raw = tuple(row[f] for f in fields)
        try:
            key = placed[raw]
        except KeyError:
            key = placed[raw] = place(row)
        except TypeError:  # an unhashable value (a JSON attribute): no memo
            key = place(row)
        if key is None:
            continue
        if record is not None:
            if (key, record) in counted:
                continue
            counted.add((key, record))
        cell = cells[key]
        for unit, amount in amounts.items():
            cell[unit] += amount
    for dimension, value in filters:
        if check_where and dimension.name not in matched and seen[dimension.name]:
            known = sorted(
                dimension.label(c, "es") or "Sin registro" for c in seen[dimension.name]
            )[:30]
            raise StatisticsError(
                f"no {dimension.name} called {value!r}; known: {', '.join(map(str, known))}"
            )
    return CountTable(tuple(by), tuple(units), dict(cells))
