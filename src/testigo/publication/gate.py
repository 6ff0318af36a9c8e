"""The publication gate: the only way a figure leaves the private side.

Everything public — the portal, ``testigo stats --public``, exports, reports — asks this
module for tables. It counts through the statistics engine (``testigo.statistics.engine``:
events, acts, victims, intakes, persons served, interventions, official observations) and
applies disclosure control (``testigo.statistics.disclosure``: threshold rule, then secondary
suppression across every margin) before any number is returned. Public code must not read
records directly; a test checks that the portal imports nothing from ``testigo.documentation``.

Rules (standards.md §0.6, §6; docs/decisions/0002-disclosure-control.md):

* **Threshold per table** (:func:`table_rule`): ``TESTIGO_DISCLOSURE_THRESHOLD`` (default 5:
  counts 1–4 suppressed); ``TESTIGO_DISCLOSURE_THRESHOLD_SENSITIVE`` (default 10) for tables
  crossing children (the ``age_group`` dimension, or a child characteristic such as
  ``unaccompanied_child``) or small places (``municipality``), in ``by`` or ``where``.
* **Official observations** are published statistics: they pass the gate without
  suppression (margins summed), status ``A``.
* **Rates and shares** (:func:`published_rate`, :func:`published_shares`) are computed from
  published tables only, and suppressed when their numerator or denominator is.
* **Status**: every published cell has an SDMX ``OBS_STATUS`` (:meth:`PublishedTable.status`:
  ``A`` normal, ``C`` confidential = suppressed, ``M`` missing); a suppressed value is
  ``None`` in Python and :data:`SUPPRESSED_MARK` (the Frictionless ``missingValues`` label)
  in files.
* **Warnings** (``PublishedTable.warnings``): secondary suppression that had to hide margins
  (fallback; the one-way tables published alone do not hide them), and multi-valued
  dimensions whose margins are not record totals.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from testigo.statistics import engine
from testigo.statistics.counting import CountTable, count_events
from testigo.statistics.disclosure import TOTAL, DisclosureRule, ProtectedTable, protect_table
from testigo.statistics.rates import (
    OBS_CONFIDENTIAL,
    OBS_MISSING,
    OBS_NORMAL,
    rate_cells,
)
from testigo.statistics.render import SUPPRESSED_MARK, OutputRow

__all__ = [
    "OBS_CONFIDENTIAL", "OBS_MISSING", "OBS_NORMAL", "SUPPRESSED_MARK", "PublishedRates",
    "PublishedTable", "RateRow", "default_rule", "protect", "published", "published_counts",
    "published_rate", "published_shares", "table_rule",
]  # fmt: skip

UNSUPPRESSED_KINDS = frozenset({"observations"})  # already-published official statistics
MULTI_VALUED = frozenset({"right", "characteristic", "perpetrator_type", "government_level"})


@dataclass(frozen=True)
class PublishedTable:
    """A table safe to publish: interior rows and margins, suppressed values as ``None``.

    ``kind``: the record kind counted; ``warnings``: texts for the person publishing (see
    the module docstring); both have defaults so older callers keep working.
    """

    dims: tuple[str, ...]
    units: tuple[str, ...]
    rows: list[OutputRow]
    margins: dict[tuple[object, ...], dict[str, int | None]]
    threshold: int
    suppressed_cells: int
    kind: str = "events"
    warnings: tuple[str, ...] = field(default=())

    def total(self, unit: str) -> int | None:
        """The grand total of ``unit`` (``None`` when suppressed)."""
        return self.margins[tuple(TOTAL for _ in self.dims)][unit]

    def margin(self, dim: str) -> list[OutputRow]:
        """The one-dimensional margin over ``dim`` (all other dims totalled)."""
        index = self.dims.index(dim)
        rows = [
            OutputRow((key[index],), values)
            for key, values in self.margins.items()
            if key[index] is not TOTAL and all(k is TOTAL for i, k in enumerate(key) if i != index)
        ]
        return sorted(rows, key=lambda r: (r.key[0] is None, str(r.key[0])))

    @cached_property
    def cells(self) -> dict[tuple[object, ...], dict[str, int | None]]:
        """Every published value by key: interior rows and margins (keys with ``TOTAL``)."""
        return {**{r.key: r.values for r in self.rows}, **self.margins}

    def value(self, key: tuple[object, ...], unit: str) -> int | float | None:
        """The published value of ``unit`` at ``key`` (interior or margin); ``None`` when
        suppressed, 0 for a combination with no records. Raises ``KeyError`` for a key
        whose categories are not in the table."""
        if key in self.cells:
            return self.cells[key][unit]
        if len(key) != len(self.dims) or not self._known(key):
            raise KeyError(key)
        return 0

    def status(self, key: tuple[object, ...], unit: str) -> str:
        """SDMX OBS_STATUS of a cell: ``C`` suppressed (confidential), else ``A`` normal."""
        return OBS_CONFIDENTIAL if self.value(key, unit) is None else OBS_NORMAL

    def _known(self, key: tuple[object, ...]) -> bool:
        return all(
            part is TOTAL or any(k[i] == part for k in self.cells) for i, part in enumerate(key)
        )


def default_rule() -> DisclosureRule:
    """The configured rule: ``TESTIGO_DISCLOSURE_THRESHOLD`` (default 5 persons)."""
    return DisclosureRule(threshold=settings.TESTIGO_DISCLOSURE_THRESHOLD)


def sensitive_threshold() -> int:
    """``TESTIGO_DISCLOSURE_THRESHOLD_SENSITIVE`` (default 10): children, small places."""
    return int(getattr(settings, "TESTIGO_DISCLOSURE_THRESHOLD_SENSITIVE", 10))


def is_sensitive_table(by: Sequence[str], where: Mapping[str, str] | None = None) -> bool:
    """True when a table crosses children or small places (module docstring): ``by`` or
    ``where`` has ``age_group``, ``characteristic`` (its categories include unaccompanied
    and separated children) or ``municipality``.

    Any filter on those dimensions counts, whatever its value: filter values match labels
    loosely (case, spacing, dash kind), so checking the value against a list of child codes
    could be bypassed by writing ``0–11`` with an en dash; an adults-only table filtered by
    age group is treated as sensitive too, which only costs a higher threshold.
    """
    keys = set(by) | set(where or {})
    return bool({"age_group", "characteristic", "municipality"} & keys)


def table_rule(
    kind: str, by: Sequence[str], where: Mapping[str, str] | None = None
) -> DisclosureRule:
    """The threshold rule for one table: the default, or the sensitive threshold (never
    lower than the default) when :func:`is_sensitive_table`."""
    base = default_rule()
    if is_sensitive_table(by, where):
        return DisclosureRule(threshold=max(base.threshold, sensitive_threshold()))
    return base


def protect(
    table: CountTable, rule: DisclosureRule | None = None, *, kind: str = "events"
) -> PublishedTable:
    """Apply disclosure control to a count table and return what may be published."""
    rule = rule or default_rule()
    notes = _multi_valued_warnings(table.dims)
    if not table.cells:
        grand_total = tuple(TOTAL for _ in table.dims)
        return PublishedTable(
            dims=table.dims, units=table.units, rows=[],
            margins={grand_total: dict.fromkeys(table.units, 0)},
            threshold=rule.threshold, suppressed_cells=0, kind=kind, warnings=notes,
        )  # fmt: skip
    protected: ProtectedTable = protect_table(table.cells, units=table.units, rule=rule)

    def shown(key: tuple[object, ...]) -> dict[str, int | None]:
        hidden = protected.is_suppressed(key)
        return {u: None if hidden else protected.values[key][u] for u in table.units}

    if protected.fallback_margins:
        notes = (
            *notes,
            str(
                _(
                    "Margin cells suppressed to protect this table (fallback): %(n)d. Suppress "
                    "them too wherever the smaller tables are published."
                )
                % {"n": len(protected.fallback_margins)}
            ),
        )
    rows = [OutputRow(key, shown(key)) for key in table.sorted_keys()]
    margins = {key: shown(key) for key in protected.margins()}
    return PublishedTable(
        dims=table.dims,
        units=table.units,
        rows=rows,
        margins=margins,
        threshold=rule.threshold,
        suppressed_cells=len(protected.primary | protected.secondary),
        kind=kind,
        warnings=notes,
    )


def _multi_valued_warnings(dims: Sequence[str]) -> tuple[str, ...]:
    return tuple(
        str(
            _(
                "A record can have several categories of %(dim)s: it is counted in each, so "
                "totals over %(dim)s count record–category pairs, not records."
            )
            % {"dim": dim}
        )
        for dim in dims
        if dim in MULTI_VALUED
    )


def _unsuppressed(table: CountTable, rule: DisclosureRule, kind: str) -> PublishedTable:
    """Published statistics: every cell and margin shown (sums), nothing suppressed."""
    n = len(table.dims)
    margins: dict[tuple[object, ...], dict[str, int | None]] = {
        tuple(TOTAL for _ in table.dims): dict.fromkeys(table.units, 0)
    }
    for key, values in table.cells.items():
        for mask in itertools.product((False, True), repeat=n):
            if not any(mask):
                continue
            target = tuple(TOTAL if m else p for p, m in zip(key, mask, strict=True))
            cell = margins.setdefault(target, dict.fromkeys(table.units, 0))
            for unit in table.units:
                cell[unit] += values[unit]  # type: ignore[operator]  # never None here
    rows = [OutputRow(k, dict(table.cells[k])) for k in table.sorted_keys()]
    return PublishedTable(
        dims=table.dims, units=table.units, rows=rows, margins=margins,
        threshold=rule.threshold, suppressed_cells=0, kind=kind,
    )  # fmt: skip


def published(
    kind: str,
    *,
    units: Sequence[str],
    by: Sequence[str],
    where: Mapping[str, str] | None = None,
    rule: DisclosureRule | None = None,
    check_where: bool = False,
) -> PublishedTable:
    """Count ``kind`` through the engine and return the disclosure-controlled table.

    ``rule`` overrides :func:`table_rule`. Raises ``StatisticsError`` (an
    ``ApplicationError``) on unknown names or, for observations, without one dataset and
    measure in ``where``.
    """
    table = engine.count(kind, units=units, by=by, where=where, check_where=check_where)
    rule = rule or table_rule(kind, by, where)
    if kind in UNSUPPRESSED_KINDS:
        return _unsuppressed(table, rule, kind)
    return protect(table, rule, kind=kind)


def published_counts(
    *,
    units: Sequence[str],
    by: Sequence[str],
    where: Mapping[str, str] | None = None,
    rule: DisclosureRule | None = None,
    check_where: bool = False,
) -> PublishedTable:
    """Count events by ``by`` and return the disclosure-controlled table (not cached)."""
    return protect(count_events(units=units, by=by, where=where, check_where=check_where), rule)


@dataclass(frozen=True)
class RateRow:
    """One published rate or share: ``value`` ``None`` when ``status`` is ``C`` or ``M``."""

    key: tuple[object, ...]
    value: float | None
    status: str


@dataclass(frozen=True)
class PublishedRates:
    """Rates (per ``per``) or shares (``per`` = 100: percent) of ``unit`` by ``dims``."""

    dims: tuple[str, ...]
    unit: str
    per: float
    rows: list[RateRow]

    def value(self, key: tuple[object, ...]) -> float | None:
        """The rate at ``key`` (interior or margin). Raises ``KeyError`` if absent."""
        return next(r.value for r in self.rows if r.key == key)


def published_rate(
    numerator: PublishedTable,
    denominator: PublishedTable,
    *,
    unit: str,
    denominator_unit: str = "value",
    per: float = 100_000,
) -> PublishedRates:
    """``numerator[unit] / denominator[denominator_unit] * per`` over published tables.

    Both tables come from the gate; the denominator's dimensions are a subset of the
    numerator's, with the same codes (margins are matched to margins). A rate is ``None``
    with status ``C`` when its numerator or denominator is suppressed, ``M`` when the
    denominator is missing or zero. Raises ``ValueError`` if the dimensions do not match.
    """
    cells = rate_cells(
        numerator.cells, numerator.dims, denominator.cells, denominator.dims,
        unit=unit, denominator_unit=denominator_unit, per=per,
    )  # fmt: skip
    return PublishedRates(
        numerator.dims, unit, per, [RateRow(k, v, s) for k, (v, s) in cells.items()]
    )


def published_shares(
    table: PublishedTable, unit: str, *, within: Sequence[str] = ()
) -> PublishedRates:
    """Percent shares of ``unit``: each cell over the margin that keeps ``within`` fixed
    (``()``: over the grand total). ``None`` (``C``) when the cell or that margin is
    suppressed. Raises ``ValueError`` if a name of ``within`` is not a dimension."""
    missing = [d for d in within if d not in table.dims]
    if missing:
        raise ValueError(f"{missing} are not dimensions of the table")
    positions = [i for i, d in enumerate(table.dims) if d not in within]
    totals = {
        key: values
        for key, values in table.cells.items()
        if all(key[i] is TOTAL for i in positions)
    }
    rows = []
    for key, values in table.cells.items():
        if any(key[i] is TOTAL for i, d in enumerate(table.dims) if d in within):
            continue  # shares within a category need that category
        total_key = tuple(TOTAL if i in positions else p for i, p in enumerate(key))
        num, den = values[unit], totals.get(total_key, {}).get(unit)
        if num is None or den is None:
            rows.append(RateRow(key, None, OBS_CONFIDENTIAL))
        elif den == 0:
            rows.append(RateRow(key, None, OBS_MISSING))
        else:
            rows.append(RateRow(key, float(num) / float(den) * 100, OBS_NORMAL))
    return PublishedRates(table.dims, unit, 100, rows)
