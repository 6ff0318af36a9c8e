"""Counting units: what a statistic counts. A statistic that does not say is a bug.

Each unit is an aggregate over events. Person units sum the events' counts (blank = not
reported = adds nothing). ``events`` counts event records except MMP *cumulative incidents*,
which aggregate many deaths reported together and are not one event; their persons are
still counted in the person units.
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
    counts: str  # "events" or "persons"
    aggregate: Aggregate


UNITS: dict[str, Unit] = {}


def register_unit(unit: Unit) -> None:
    """Add a unit to the registry."""
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
