"""Counting units: what a statistic counts. A statistic that does not say is a bug.

Each unit is an aggregate over events. Person units sum the events' counts (blank = not
reported = adds nothing). ``events`` counts event records except MMP *cumulative incidents*,
which aggregate many deaths reported together and are not one event; their persons are
still counted in the person units.

The other record kinds (``testigo.statistics.kinds``) have their own units, registered in
``ALL_UNITS`` (``UNITS`` keeps the units of events), so every unit has one name and label:
``acts``, ``victims`` (persons: group sizes summed, each person once per cell), ``intakes``
and ``persons_served`` (intakes with consent to statistical use only), ``interventions``,
and ``value`` (the sum of official observations of one dataset and measure). A unit with
``distinct`` is summed over distinct records: the query selects ``(cell fields, key field,
weight field)`` distinct rows and adds the weights.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Aggregate, Count, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CUMULATIVE_INCIDENT = "cumulative_incident"


@dataclass(frozen=True)
class Unit:
    """A counting unit: name (CLI and CSV column), what it counts, and its aggregate."""

    name: str
    label: Promise
    counts: str  # "events", "persons", "acts", "intakes", "interventions" or "value"
    aggregate: Aggregate | None
    distinct: tuple[str, str] | None = None  # (key field, weight field): see module docstring


UNITS: dict[str, Unit] = {}  # the units of events (the CLI's default kind), as before
ALL_UNITS: dict[str, Unit] = {}  # every unit of every kind (names are unique across kinds)


def register_unit(unit: Unit, *, events: bool = True) -> None:
    """Add a unit to the registry (``events=False``: a unit of another record kind)."""
    ALL_UNITS[unit.name] = unit
    if events:
        UNITS[unit.name] = unit


for _unit in (
    Unit(
        "events",
        _("events"),
        "events",
        Count("id", filter=~Q(incident_type__code=CUMULATIVE_INCIDENT)),
    ),
    Unit("dead", _("dead"), "persons", Sum("dead")),
    Unit("missing", _("missing"), "persons", Sum("missing")),
    Unit("dead_and_missing", _("dead and missing"), "persons", Sum("dead_and_missing")),
    Unit("survivors", _("survivors"), "persons", Sum("survivors")),
):
    register_unit(_unit)


for _unit in (
    Unit("acts", _("acts"), "acts", Count("id", distinct=True)),
    Unit("victims", _("victims"), "persons", None, ("victim_id", "victim__group_size")),
    Unit("intakes", _("intakes"), "intakes", Count("id", distinct=True)),
    Unit("persons_served", _("persons served"), "persons", None, ("id", "person__group_size")),
    Unit("interventions", _("interventions"), "interventions", Count("id", distinct=True)),
    Unit("value", _("value"), "value", Sum("value")),
):
    register_unit(_unit, events=False)
