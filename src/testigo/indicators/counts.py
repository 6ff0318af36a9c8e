"""ADAPTER — count tables over victims, acts and intakes, until the statistics engine's
``testigo.statistics.engine.count(kind, …)`` covers these record kinds.

Each function returns a private :class:`~testigo.statistics.counting.CountTable` keyed by
``(year,)`` or ``(year, category)``; callers publish nothing from it without passing it
through ``testigo.publication.gate.protect``. Replace the bodies with calls to the engine
when it has the kinds (same keys, same units).

Units (all ints):
* ``victims`` — persons who suffered at least one act in an event of that year (a group
  counts ``group_size``), once per year; ``victims_with_complaint`` — those of them whose
  case reached a complaint (:data:`COMPLAINT_TYPES`, status past ``planned``/``withdrawn``)
  addressed to them or to their event with no victim named.
* ``acts_by_authorities`` — acts with at least one involvement of an authority
  (perpetrator type ``attributes.authority``); by ``government_level`` an act counts once
  per level (``None`` = not recorded).
* ``intakes`` — intakes with ``consent_statistics`` (docs/consent.md);
  ``intakes_unaccompanied_child`` (travel company ``unaccompanied_child``);
  ``intakes_with_unmet_need`` — with a need that no given service meets (service
  ``attributes.need``); by ``need`` once per unmet need.
"""

from __future__ import annotations

from collections import defaultdict

from testigo.documentation.models import Act, Intake, Intervention
from testigo.statistics.counting import CountTable

COMPLAINT_TYPES = frozenset({"hr_commission_complaint", "criminal_complaint"})
NOT_REACHED = frozenset({"planned", "withdrawn"})

Cells = dict[tuple[object, ...], dict[str, int]]


def _table(by: tuple[str, ...], units: tuple[str, ...], cells: Cells) -> CountTable:
    return CountTable(by, units, {k: dict(v) for k, v in cells.items()})


def victims_table(*, by: tuple[str, ...] = ("year",)) -> CountTable:
    """Victims and victims with a complaint by year (see module docstring)."""
    units = ("victims", "victims_with_complaint")
    complaints = (
        Intervention.objects.filter(intervention_type__code__in=COMPLAINT_TYPES)
        .exclude(status__code__in=NOT_REACHED)
        .values_list("victim_id", "event_id")
    )
    by_victim = {v for v, _e in complaints if v is not None}
    by_event = {e for v, e in complaints if v is None and e is not None}
    seen: dict[tuple[object, int], tuple[int, bool]] = {}
    for victim_id, event_id, year, size in Act.objects.filter(act_type__isnull=False).values_list(
        "victim_id", "event_id", "event__year", "victim__group_size"
    ):
        key = (year, victim_id)
        reached = victim_id in by_victim or event_id in by_event
        old = seen.get(key)
        seen[key] = (size or 1, reached or (old is not None and old[1]))
    cells: Cells = defaultdict(lambda: dict.fromkeys(units, 0))
    for (year, _victim), (size, reached) in seen.items():
        cells[(year,)]["victims"] += size
        if reached:
            cells[(year,)]["victims_with_complaint"] += size
    return _table(by, units, cells)


def acts_table(*, by: tuple[str, ...] = ("year",)) -> CountTable:
    """Acts by authorities by year, or by year and ``government_level``."""
    units = ("acts_by_authorities",)
    levels: dict[int, set[object]] = defaultdict(set)
    years: dict[int, object] = {}
    rows = Act.objects.filter(
        involvements__perpetrator_type__attributes__authority=True
    ).values_list(
        "id",
        "event__year",
        "involvements__government_level__code",
        "involvements__perpetrator_type__attributes",
        "involvements__perpetrator_type__code",
    )
    for act_id, year, level, attributes, _type in rows:
        if not (attributes or {}).get("authority"):
            continue
        years[act_id] = year
        levels[act_id].add(level or (attributes or {}).get("government_level"))
    cells: Cells = defaultdict(lambda: dict.fromkeys(units, 0))
    for act_id, year in years.items():
        if by == ("year",):
            cells[(year,)]["acts_by_authorities"] += 1
        else:
            for level in levels[act_id]:
                cells[(year, level)]["acts_by_authorities"] += 1
    return _table(by, units, cells)


def intakes_table(*, by: tuple[str, ...] = ("year",)) -> CountTable:
    """Intakes (with statistical consent) by year, or by year and unmet ``need``."""
    units = ("intakes", "intakes_unaccompanied_child", "intakes_with_unmet_need")
    intakes = Intake.objects.filter(consent_statistics=True).prefetch_related("needs", "services")
    cells: Cells = defaultdict(lambda: dict.fromkeys(units, 0))
    for intake in intakes.select_related("travel_company"):
        year = intake.date.year
        met = {(s.attributes or {}).get("need") for s in intake.services.all()}
        unmet = sorted({n.code for n in intake.needs.all()} - met)
        if by == ("year",):
            cell = cells[(year,)]
            cell["intakes"] += 1
            company = intake.travel_company.code if intake.travel_company else None
            cell["intakes_unaccompanied_child"] += company == "unaccompanied_child"
            cell["intakes_with_unmet_need"] += bool(unmet)
        else:
            for need in unmet:
                cells[(year, need)]["intakes_with_unmet_need"] += 1
    units_out = units if by == ("year",) else ("intakes_with_unmet_need",)
    return _table(by, units_out, {k: {u: v[u] for u in units_out} for k, v in cells.items()})


TABLES = {"victims": victims_table, "acts": acts_table, "intakes": intakes_table}
BREAKDOWNS = {"acts": "government_level", "intakes": "need"}
