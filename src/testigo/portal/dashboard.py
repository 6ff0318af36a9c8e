"""The public dashboard's tables: what each shows, its filters, and the one way it is counted.

Every figure comes from the publication gate (``testigo.publication.gate``); nothing here
reads records. A table is a :class:`TableQuery` — counting units, dimensions and filters,
the same three things ``testigo stats --count … --by … --where …`` takes — so the HTML
table, its chart and its CSV download are the same published table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from testigo.core.errors import ApplicationError
from testigo.portal.state_names import STATE
from testigo.publication import gate
from testigo.publication.gate import PublishedTable, published
from testigo.statistics.render import to_csv

MAX_DIMENSIONS = 2  # a web table reads well with rows × columns; the CLI takes more


class DashboardQueryError(ApplicationError):
    """A filter in the page's address names no known unit, dimension or category.

    ``str(error)`` is a translated sentence for the reader.
    """


@dataclass(frozen=True)
class TableQuery:
    """A published table's definition: ``units`` of records of ``kind`` × ``by`` with
    ``where`` filters (dimension → code or label), as in ``testigo stats --kind --count --by
    --where``."""

    units: tuple[str, ...]
    by: tuple[str, ...]
    where: tuple[tuple[str, str], ...] = field(default=())
    kind: str = "events"

    def params(self) -> list[tuple[str, str]]:
        """GET parameters that give this query back (``kind``, ``count``, ``by``, ``where``)."""
        return [
            ("kind", self.kind),
            ("count", ",".join(self.units)),
            ("by", ",".join(self.by)),
            *(("where", f"{d}={v}") for d, v in self.where),
        ]

    def querystring(self) -> str:
        """The URL-encoded :meth:`params`."""
        return urlencode(self.params())


# IOM MMP's figures only: Arizona OpenGIS reports many of the same deaths (a tester saw them
# added together), and documented cases are not deaths and disappearances in migration.
AMERICAS = (("continent", "americas"), ("dataset", "mmp"))
DEFAULT_TABLE = TableQuery(("dead_and_missing",), ("year", "migration_route"), AMERICAS)
TREND = TableQuery(("dead_and_missing",), ("year",), AMERICAS)
BORDER_ROUTE = "us_mexico_border_crossing"
TREND_BORDER = TableQuery(
    ("dead_and_missing",), ("year",), (("migration_route", BORDER_ROUTE), ("dataset", "mmp"))
)
MAP = TableQuery(("dead_and_missing",), (STATE,))
MAPS: dict[str, TableQuery] = {  # what the map can be shaded by (GET parameter ``map``)
    "dead_and_missing": MAP,
    "acts": TableQuery(("acts",), (STATE,), kind="acts"),
    "persons_served": TableQuery(("persons_served",), ("destination_state",), kind="intakes"),
}
KEY_FIGURES = TableQuery(
    ("dead_and_missing", "dead", "missing", "events"), ("continent",), AMERICAS
)


@dataclass(frozen=True)
class KindInfo:
    """What a kind of record can be counted in and broken down by (names only)."""

    name: str
    label: str
    units: tuple[str, ...]
    dimensions: tuple[str, ...]


def kinds() -> dict[str, KindInfo]:
    """The kinds of record the public tables count, with their units and dimensions.

    Adapter: names only, read from the engine's registry as the gate holds it (the portal
    must not import ``testigo.statistics.kinds``, which reads records). To be replaced by a
    gate function listing publishable kinds.
    """
    registry = gate.engine.KINDS
    unsuppressed = getattr(gate, "UNSUPPRESSED_KINDS", frozenset())
    return {
        name: KindInfo(name, str(k.label), tuple(k.units), tuple(k.dimensions))
        for name, k in registry.items()
        if name not in unsuppressed  # official statistics: shown elsewhere, not counted here
    }


def _names(values: Sequence[str]) -> list[str]:
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def _values(params: Mapping[str, Sequence[str]], name: str) -> list[str]:
    """Every value of ``name``: ``QueryDict.getlist`` or a plain mapping of lists."""
    getlist = getattr(params, "getlist", None)
    return list(getlist(name)) if getlist else list(params.get(name, []))


def parse_query(
    params: Mapping[str, Sequence[str]], default: TableQuery = DEFAULT_TABLE
) -> TableQuery:
    """Read ``count``, ``by`` and ``where`` (``DIM=VALUE``, repeatable) from GET parameters.

    ``params``: a ``QueryDict``-like mapping of name → list of values (``by`` may also be
    repeated or comma-separated). Missing parameters take ``default``'s. Raises
    :class:`DashboardQueryError` (translated message) for an unknown unit or dimension, a
    repeated one, more than :data:`MAX_DIMENSIONS` dimensions, or a malformed filter.
    """
    given = any(_values(params, n) for n in ("kind", "count", "by", "where"))
    kind_name = (_values(params, "kind") or [""])[-1].strip() or default.kind
    known_kinds = kinds()
    if kind_name not in known_kinds:
        raise DashboardQueryError(
            _("“%(name)s” is not a kind of record. Choose one of: %(known)s.")
            % {"name": kind_name, "known": ", ".join(known_kinds)}
        )
    kind = known_kinds[kind_name]
    same_kind = kind_name == default.kind
    units = _names(_values(params, "count")) or list(default.units if same_kind else kind.units[:1])
    by = _names(_values(params, "by")) or list(default.by if same_kind else ("year",))
    raw_where = [w for w in _values(params, "where") if w.strip()]
    if not given:
        raw_where = [f"{d}={v}" for d, v in default.where]
    for name in units:
        if name not in kind.units:
            raise DashboardQueryError(
                _("“%(name)s” is not a counting unit. Choose one of: %(known)s.")
                % {"name": name, "known": ", ".join(kind.units)}
            )
    for name in by:
        if name not in kind.dimensions:
            raise DashboardQueryError(
                _("“%(name)s” is not a way to break figures down. Choose one of: %(known)s.")
                % {"name": name, "known": ", ".join(kind.dimensions)}
            )
    if len(set(units)) != len(units) or len(set(by)) != len(by):
        raise DashboardQueryError(_("A counting unit or breakdown is given twice."))
    if len(by) > MAX_DIMENSIONS:
        raise DashboardQueryError(
            _("The table can be broken down by at most %(n)s dimensions at once.")
            % {"n": MAX_DIMENSIONS}
        )
    where: list[tuple[str, str]] = []
    for item in raw_where:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or name not in kind.dimensions:
            raise DashboardQueryError(
                _("The filter “%(filter)s” is not understood: write dimension=value, e.g. "
                  "continent=americas.") % {"filter": item}
            )  # fmt: skip
        if any(name == d for d, _v in where):
            raise DashboardQueryError(
                _("The filter on %(name)s is given twice: give one value.") % {"name": name}
            )
        where.append((name, value.strip()))
    if kind_name == "events" and not any(d == "dataset" for d, _v in where):
        # The public dashboard's events are IOM MMP's unless another dataset is asked for:
        # adding up datasets would count the same deaths twice (MMP and Arizona OGIS).
        where.append(("dataset", "mmp"))
    if is_case_table(kind_name, where):
        if where:
            raise DashboardQueryError(
                _("Figures from documented cases cannot be filtered on the public site: each "
                  "filtered table is protected on its own, and comparing several could reveal "
                  "a hidden cell. Choose one breakdown without filters.")
            )  # fmt: skip
        if len(by) > 1:
            raise DashboardQueryError(
                _("Figures from documented cases are published one breakdown at a time on the "
                  "public site (tables crossing two breakdowns could be compared to reveal a "
                  "hidden cell).")
            )  # fmt: skip
    return TableQuery(tuple(units), tuple(by), tuple(where), kind_name)


# Datasets whose records are themselves public (published record by record by their
# sources): their tables may be filtered freely.
PUBLIC_DATASETS = frozenset({"mmp", "arizona-ogis"})


def is_case_table(kind: str, where: Sequence[tuple[str, str]]) -> bool:
    """True for tables of documented cases (organisations' own records): every kind but
    official observations, and events unless filtered to one public dataset.

    The gate protects each table on its own; a security review recovered hidden cells by
    comparing tables of the same cases with different filters and breakdowns. So the public
    site offers case tables only unfiltered and by one dimension at a time, whose tables
    share nothing but their grand total.
    """
    if kind == "observations":
        return False
    return not (kind == "events" and dict(where).get("dataset") in PUBLIC_DATASETS)


def map_query(params: Mapping[str, Sequence[str]]) -> tuple[str, TableQuery]:
    """The map chosen with the GET parameter ``map`` (default ``dead_and_missing``): its name
    and table. Raises :class:`DashboardQueryError` for an unknown name."""
    name = ((_values(params, "map") or [""])[-1].strip()) or "dead_and_missing"
    if name not in MAPS:
        raise DashboardQueryError(
            _("“%(name)s” is not a map. Choose one of: %(known)s.")
            % {"name": name, "known": ", ".join(MAPS)}
        )
    return name, MAPS[name]


def publish(query: TableQuery, *, check: bool = True) -> PublishedTable:
    """The disclosure-controlled table for ``query``, from the gate.

    With ``check``, raises :class:`DashboardQueryError` when a filter value names no
    category present in the data (a typo in the address); the page's fixed tables pass
    ``check=False`` and are simply empty then.
    """
    try:
        return published(
            query.kind, units=query.units, by=query.by, where=dict(query.where), check_where=check
        )
    except ApplicationError as error:  # the engine's StatisticsError (not imported here)
        filters = ", ".join(f"{d}={v}" for d, v in query.where)
        raise DashboardQueryError(
            _("Nothing in the published data matches the filter %(filter)s: check the "
              "spelling, or choose a value shown in the tables.") % {"filter": filters}
        ) from error  # fmt: skip


def table_csv(query: TableQuery, lang: str) -> str:
    """CSV of exactly the published rows of ``query`` (as ``testigo stats --public``):
    one column per dimension (labels in ``lang``), one per unit, suppressed values ``x``."""
    table = publish(query)
    return to_csv(table.dims, table.units, table.rows, lang)
