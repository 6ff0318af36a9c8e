"""The data a formula reads, as a registry: source kind → function giving gated figures.

Every function returns ``{(period, breakdown, category): Figures}`` for one series:
``breakdown`` ``""`` and ``category`` ``""`` is the series total for the period; otherwise
``breakdown`` names the disaggregation and ``category`` its code (``""`` = not recorded).

* Count sources (``events``, ``victims``, ``acts``, ``intakes``) return figures that went
  through the publication gate (``testigo.publication.gate``): ``published_counts`` for
  events, ``protect`` for the other kinds' count tables (adapter in ``counts.py``). A
  suppressed cell has ``numerator``/``denominator`` ``None``. Numerator and denominator of
  one formula are counted in the same table when they come from the same kind, so the
  disclosure rule judges them together (a small numerator hides the cell, hence the rate).
* ``observations`` averages official published statistics (already public; no disclosure
  control applies) — e.g. SDG 10.c.1 from World Bank RPW, flags listed in
  ``exclude_flags`` left out.
* ``scores`` reads structural scores (the latest per period).
* ``budget_lines`` is reserved for the budget module (refused for now).

Periods are years (``"2019"``) or SDMX quarters (``"2019-Q1"``); records of unknown year are
left out of the yearly series.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from testigo.indicators import counts
from testigo.indicators.library import DefinitionError
from testigo.indicators.models import Indicator, StructuralScore
from testigo.observations.models import Observation
from testigo.publication.gate import PublishedTable, protect, published_counts, table_rule
from testigo.statistics.counting import CountTable
from testigo.statistics.disclosure import TOTAL, DisclosureRule

Key = tuple[str, str, str]


@dataclass
class Figures:
    """A period's numerator and denominator (``None`` = suppressed or absent) and trace."""

    numerator: Decimal | None
    denominator: Decimal | None = None
    suppressed: bool = False
    trace: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Request:
    """What a formula asks for one series: its numerator/denominator specs and selection."""

    indicator: Indicator | None
    numerator: dict
    denominator: dict | None
    series: dict
    disaggregations: tuple[str, ...]


def _period(code: object) -> str | None:
    return None if code is None or code == "" else str(code)


def _figures_from_table(
    table: PublishedTable, num_unit: str, den_unit: str | None, asked: dict
) -> dict[tuple[str, str], Figures]:
    """Rows of a gated table keyed ``(year, category)`` (``category`` ``""`` for 1-dim)."""
    out: dict[tuple[str, str], Figures] = {}
    for row in table.rows:
        period = _period(row.key[0])
        if period is None:
            continue
        category = "" if len(row.key) == 1 else ("" if row.key[1] is None else str(row.key[1]))
        num = row.values[num_unit]
        den = row.values[den_unit] if den_unit else None
        suppressed = num is None or (den_unit is not None and den is None)
        out[(period, category)] = Figures(
            numerator=None if suppressed else Decimal(num),
            denominator=None if suppressed or den is None else Decimal(den),
            suppressed=suppressed,
            trace={
                "table": asked,
                "cell": [period, category] if category else [period],
                "values": None if suppressed else dict(row.values),
                "threshold": table.threshold,
                "suppressed": suppressed,
            },
        )
    return out


def _units(request: Request) -> tuple[str, str | None]:
    num = request.numerator.get("unit")
    den = request.denominator.get("unit") if request.denominator else None
    if request.denominator and request.denominator.get("source") != request.numerator["source"]:
        raise DefinitionError(_("Numerator and denominator must come from the same source."))
    return num, den


def events_source(request: Request) -> dict[Key, Figures]:
    """Event counts by year (and disaggregation) through ``published_counts``."""
    num, den = _units(request)
    units = tuple(u for u in (num, den) if u)
    where = dict(request.series.get("where") or {})
    out: dict[Key, Figures] = {}
    asked = {"kind": "events", "units": list(units), "by": ["year"], "where": where}
    table = published_counts(
        units=units, by=("year",), where=where, rule=table_rule("events", ("year",), where)
    )
    for (period, _c), figures in _figures_from_table(table, num, den, asked).items():
        out[(period, "", "")] = figures
    for dim in request.disaggregations:
        asked_d = {**asked, "by": ["year", dim]}
        table = published_counts(
            units=units, by=("year", dim), where=where,
            rule=table_rule("events", ("year", dim), where),
        )  # fmt: skip
        for (period, category), figures in _figures_from_table(table, num, den, asked_d).items():
            out[(period, dim, category)] = figures
    return out


def _only(table: CountTable, units: tuple[str, ...]) -> CountTable:
    """The table restricted to ``units`` (the disclosure rule then judges only those)."""
    cells = {k: {u: v[u] for u in units} for k, v in table.cells.items()}
    return CountTable(table.dims, units, {k: v for k, v in cells.items() if any(v.values())})


def _rule(kind: str, by: tuple[str, ...], units: tuple[str, ...]) -> DisclosureRule:
    """The gate's rule for the table, and the sensitive threshold when a unit counts children
    (a tester saw 7 unaccompanied children published at threshold 5)."""
    if any("child" in unit for unit in units):
        return table_rule(kind, ("age_group",))  # the children's rule
    return table_rule(kind, by)


def _records_source(kind: str) -> Callable[[Request], dict[Key, Figures]]:
    def source(request: Request) -> dict[Key, Figures]:
        num, den = _units(request)
        out: dict[Key, Figures] = {}
        builder = counts.TABLES[kind]
        units = tuple(u for u in (num, den) if u)
        asked = {"kind": kind, "units": list(units), "by": ["year"]}
        for (period, _c), figures in _figures_from_table(
            protect(_only(builder(by=("year",)), units), _rule(kind, ("year",), units)),
            num, den, asked,
        ).items():  # fmt: skip
            out[(period, "", "")] = figures
        for dim in request.disaggregations:
            if counts.BREAKDOWNS.get(kind) != dim:
                raise DefinitionError(
                    _("%(kind)s cannot be broken down by %(dim)s.") % {"kind": kind, "dim": dim}
                )
            table = protect(
                _only(builder(by=("year", dim)), (num,)), _rule(kind, ("year", dim), (num,))
            )
            asked_d = {"kind": kind, "units": [num], "by": ["year", dim]}
            for (period, category), figures in _figures_from_table(
                table, num, None, asked_d
            ).items():
                out[(period, dim, category)] = figures
        return out

    source.__doc__ = f"Gated counts of {kind} (adapter ``counts.{kind}_table``)."
    return source


def observations_source(request: Request) -> dict[Key, Figures]:
    """Mean of official observations per period (dimension filters applied in Python)."""
    spec = request.numerator
    wanted = {**(spec.get("dimensions") or {}), **(request.series.get("dimensions") or {})}
    excluded_flags = set(spec.get("exclude_flags") or [])
    rows = Observation.objects.filter(
        dataset=spec["dataset"], measure=spec["measure"], value__isnull=False
    ).values_list("period", "value", "dimensions", "flags", "source_key", "unit")
    grouped: dict[str, list[tuple[Decimal, str]]] = defaultdict(list)
    left_out: dict[str, list[str]] = defaultdict(list)
    units: set[str] = set()
    for period, value, dims, flags, key, unit in rows:
        dims = dims or {}
        if any(str(dims.get(k)) != str(v) for k, v in wanted.items()):
            continue
        if excluded_flags & set(flags or []):
            left_out[period].append(key)
            continue
        grouped[period].append((Decimal(value), key))
        units.add(unit)
    out: dict[Key, Figures] = {}
    for period, items in grouped.items():
        total = sum((v for v, _k in items), Decimal(0))
        n = len(items)
        out[(period, "", "")] = Figures(
            numerator=total / n,
            trace={
                "kind": "observations",
                "dataset": spec["dataset"],
                "measure": spec["measure"],
                "unit": sorted(units),
                "dimensions": wanted,
                "n": n,
                "sum": str(total),
                "source_keys": [k for _v, k in items][:25],
                "more_source_keys": max(0, n - 25),
                "left_out": left_out.get(period, []),
                "left_out_because": sorted(excluded_flags),
            },
        )
    return out


def scores_source(request: Request) -> dict[Key, Figures]:
    """The latest structural score per period."""
    out: dict[Key, Figures] = {}
    if request.indicator is None:
        return out
    for score in StructuralScore.objects.filter(indicator=request.indicator).order_by("at", "id"):
        out[(score.period, "", "")] = Figures(
            numerator=Decimal(score.value),
            trace={"kind": "scores", "score_id": score.pk, "at": score.at.isoformat()},
        )
    return out


def budget_source(request: Request) -> dict[Key, Figures]:
    """Reserved for the budget module's formulas over BudgetLine. Raises DefinitionError."""
    raise DefinitionError(_("Budget-based indicators can be drafted but not computed yet."))


SOURCES: dict[str, Callable[[Request], dict[Key, Figures]]] = {
    "events": events_source,
    "victims": _records_source("victims"),
    "acts": _records_source("acts"),
    "intakes": _records_source("intakes"),
    "observations": observations_source,
    "scores": scores_source,
    "budget_lines": budget_source,
}

__all__ = ["SOURCES", "TOTAL", "Figures", "Request"]
