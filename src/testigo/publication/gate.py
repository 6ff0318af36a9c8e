"""The publication gate: the only way a figure leaves the private side.

Everything public — the portal, ``testigo stats --public``, exports — asks this module for
tables. It counts through the statistics engine and applies disclosure control
(``testigo.statistics.disclosure``: threshold rule, then secondary suppression across every
margin) before any number is returned. Public code must not read records directly; a test
checks that the portal imports nothing from ``testigo.documentation``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings

from testigo.statistics.counting import CountTable, count_events
from testigo.statistics.disclosure import TOTAL, DisclosureRule, ProtectedTable, protect_table
from testigo.statistics.render import OutputRow


@dataclass(frozen=True)
class PublishedTable:
    """A table safe to publish: interior rows and margins, suppressed values as ``None``."""

    dims: tuple[str, ...]
    units: tuple[str, ...]
    rows: list[OutputRow]
    margins: dict[tuple[object, ...], dict[str, int | None]]
    threshold: int
    suppressed_cells: int

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


def default_rule() -> DisclosureRule:
    """The configured rule: ``TESTIGO_DISCLOSURE_THRESHOLD`` (default 5 persons)."""
    return DisclosureRule(threshold=settings.TESTIGO_DISCLOSURE_THRESHOLD)


def protect(table: CountTable, rule: DisclosureRule | None = None) -> PublishedTable:
    """Apply disclosure control to a count table and return what may be published."""
    rule = rule or default_rule()
    if not table.cells:
        grand_total = tuple(TOTAL for _ in table.dims)
        return PublishedTable(
            dims=table.dims, units=table.units, rows=[],
            margins={grand_total: dict.fromkeys(table.units, 0)},
            threshold=rule.threshold, suppressed_cells=0,
        )  # fmt: skip
    protected: ProtectedTable = protect_table(table.cells, units=table.units, rule=rule)

    def shown(key: tuple[object, ...]) -> dict[str, int | None]:
        hidden = protected.is_suppressed(key)
        return {u: None if hidden else protected.values[key][u] for u in table.units}

    rows = [OutputRow(key, shown(key)) for key in table.sorted_keys()]
    margins = {key: shown(key) for key in protected.margins()}
    return PublishedTable(
        dims=table.dims,
        units=table.units,
        rows=rows,
        margins=margins,
        threshold=rule.threshold,
        suppressed_cells=len(protected.primary | protected.secondary),
    )


def published_counts(
    *,
    units: Sequence[str],
    by: Sequence[str],
    where: Mapping[str, str] | None = None,
    rule: DisclosureRule | None = None,
    check_where: bool = False,
) -> PublishedTable:
    """Count events by ``by`` and return the disclosure-controlled table."""
    return protect(count_events(units=units, by=by, where=where, check_where=check_where), rule)
