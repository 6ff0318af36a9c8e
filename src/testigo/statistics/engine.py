"""The statistics engine: counts of every record kind, cached, and rates (private side).

Only the publication gate (``testigo.publication.gate``) may hand these figures to the
public: a :class:`~testigo.statistics.counting.CountTable` is not disclosure-controlled.

``count(kind, units=, by=, where=)`` counts one of :data:`KINDS` (``statistics.kinds``:
events, acts, victims, intakes, persons_served, interventions, observations). Figures are
computed once and cached until the records change (``statistics.cache``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from testigo.observations.models import Observation
from testigo.statistics.cache import cache_key, cached
from testigo.statistics.counting import CountTable, StatisticsError, count_records
from testigo.statistics.kinds import KINDS, Kind
from testigo.statistics.rates import rate_cells

__all__ = ["KINDS", "CountTable", "Kind", "RateTable", "StatisticsError", "count", "rate"]

OBSERVATION_KEYS = ("dataset", "measure")


def kind_named(name: str) -> Kind:
    """The registered kind ``name``. Raises :class:`StatisticsError` when unknown."""
    try:
        return KINDS[name]
    except KeyError:
        raise StatisticsError(f"unknown kind {name!r} (known: {', '.join(KINDS)})") from None


def _check_observations(where: Mapping[str, str], *, check_where: bool = False) -> None:
    """One dataset and one measure, in one unit of measurement: else summing is meaningless."""
    missing = [k for k in OBSERVATION_KEYS if not where.get(k)]
    if missing:
        raise StatisticsError(
            "official statistics are summed for one dataset and one measure: "
            f"give where {' and '.join(missing)} (e.g. --where dataset=cbp-encounters "
            "--where measure=encounters)"
        )
    units = set(
        Observation.objects.filter(dataset=where["dataset"], measure=where["measure"])
        .values_list("unit", flat=True)
        .distinct()
    )
    if check_where and not units:
        raise StatisticsError(f"no observations of dataset {where['dataset']!r} "
                              f"and measure {where['measure']!r}")  # fmt: skip
    if len(units) > 1:
        raise StatisticsError(
            f"{where['dataset']}/{where['measure']} mixes units {sorted(units)}: not summed"
        )
    not_additive = sorted(u for u in units if is_not_additive(u))
    if not_additive:
        raise StatisticsError(
            f"{where['dataset']}/{where['measure']} is in {not_additive[0]}: such values "
            "cannot be added up (a tester got 135.97 % by summing quarters); use the "
            "indicators (averages) or export the observations as published"
        )


def is_not_additive(unit: str) -> bool:
    """Units whose values must not be summed: percentages, rates, ratios, indexes."""
    unit = unit.lower()
    return unit in {"percent", "ratio", "index"} or unit.startswith(("per_", "rate"))


def count(
    kind: str,
    *,
    units: Sequence[str],
    by: Sequence[str],
    where: Mapping[str, str] | None = None,
    check_where: bool = False,
    cache: bool = True,
) -> CountTable:
    """Count ``units`` of the records of ``kind`` by the dimensions ``by``; cached.

    ``kind``: a name of :data:`KINDS`. ``units``/``by``: names of the kind's units and
    dimensions (``KINDS[kind].units``, ``.dimensions``). ``where``: ``{dimension: code or
    label}``, ``""`` = not recorded. For ``observations`` ``where`` must fix ``dataset`` and
    ``measure`` (and those observations must share one unit of measurement).
    Returns a :class:`CountTable` ``cells[key][unit]`` (ints; ``value`` may be a float).
    Raises :class:`StatisticsError` on an unknown kind, unit, dimension, a typo in ``where``
    (with ``check_where``), or observations not fixed to one dataset and measure.
    """
    spec = kind_named(kind)
    where = dict(where or {})
    records = None
    if spec.name == "observations":
        _check_observations(where, check_where=check_where)
        # Narrowed in the database too (dataset and measure codes are their own labels).
        records = spec.base().filter(dataset=where["dataset"], measure=where["measure"])

    def compute() -> CountTable:
        return count_records(
            spec, units=units, by=by, where=where, records=records, check_where=check_where
        )

    if not cache:
        return compute()
    key = cache_key(spec.name, units, by, where, check_where=check_where)
    return cached(key, compute)


@dataclass(frozen=True)
class RateTable:
    """Rates ``values[key]`` (``None`` = no denominator, or zero) of ``unit`` per ``per``."""

    dims: tuple[str, ...]
    unit: str
    per: float
    values: dict[tuple[object, ...], float | None]
    statuses: dict[tuple[object, ...], str]


def rate(
    numerator: CountTable,
    denominator: CountTable,
    *,
    unit: str,
    denominator_unit: str = "value",
    per: float = 100_000,
) -> RateTable:
    """``numerator[unit] / denominator[denominator_unit] * per`` cell by cell.

    The denominator (usually official observations: population, encounters) must be broken
    down by a subset of the numerator's dimensions, with the same codes (ISO 3166-2 states,
    years…). Cells without a denominator, or with 0, get ``None`` (status ``M``).
    Raises :class:`StatisticsError` if the dimensions do not match.
    """
    try:
        cells = rate_cells(
            numerator.cells, numerator.dims, denominator.cells, denominator.dims,
            unit=unit, denominator_unit=denominator_unit, per=per,
        )  # fmt: skip
    except ValueError as exc:
        raise StatisticsError(str(exc)) from exc
    return RateTable(
        numerator.dims, unit, per, {k: v for k, (v, _s) in cells.items()},
        {k: s for k, (_v, s) in cells.items()},
    )  # fmt: skip
