"""Record kinds the statistics engine counts, each with its units and dimension paths.

A kind is a base queryset (what may be counted at all), the units it has, and for each of
its dimensions the ORM fields the category is computed from (``Access``). Kinds:

* ``events``: HURIDOCS events (units as in ``statistics.units``).
* ``acts``: one per Act (one violation done to one victim); perpetrator type and government
  level come through the act's Involvements.
* ``victims``: the persons who are victims of acts; a group counts its ``group_size`` and each
  person counts once per cell however many acts it suffered there.
* ``intakes`` / ``persons_served``: Intake rows **with** ``consent_statistics`` only
  (docs/consent.md); persons served sums the intake person's ``group_size``.
* ``interventions``: complaints, legal aid, referrals… by type and current status.
* ``observations``: official statistics (``observations.Observation``): the unit ``value``
  sums one dataset and measure, which the engine requires ``where`` to fix.

Dates: acts use their own EDTF date, or their event's when blank; interventions their EDTF
date; intakes their day; observations their period (``statistics.periods`` buckets them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from testigo.documentation.dates import DateParseError, parse_edtf
from testigo.documentation.models import Act, Event, Intake, Intervention
from testigo.observations.models import Observation
from testigo.statistics.dimensions import DIMENSIONS, bounds_period
from testigo.statistics.periods import PERIODS, period_code


@dataclass(frozen=True)
class Access:
    """How a kind reaches a dimension: ORM ``fields``, and a ``code`` if not the dimension's."""

    fields: tuple[str, ...]
    code: Callable[[tuple], object] | None = None
    multi: bool = False  # a record may have several categories (many-to-many)


@dataclass(frozen=True)
class Kind:
    """A countable record kind: ``base()`` queryset, ``units``, and dimension ``paths``."""

    name: str
    label: Promise
    base: Callable[[], QuerySet]
    units: tuple[str, ...]
    paths: dict[str, Access] = field(default_factory=dict)

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The names of the dimensions this kind can be counted by."""
        return tuple(self.paths)

    def code(self, dim: str, values: tuple) -> object:
        """The category code of ``values`` (read from ``paths[dim].fields``) in ``dim``."""
        access = self.paths[dim]
        return (access.code or DIMENSIONS[dim].code)(values)


@lru_cache(maxsize=65536)
def edtf_bounds(text: str) -> tuple[dt.date | None, dt.date | None]:
    """Strict bounds of an EDTF date; ``(None, None)`` when blank, unknown or invalid."""
    if not text:
        return None, None
    try:
        parsed = parse_edtf(text)
    except DateParseError:
        return None, None
    return parsed.lower, parsed.upper


def _edtf_period(period: str) -> Callable[[tuple], object]:
    def code(values: tuple) -> object:
        return period_code(period, *edtf_bounds(str(values[0] or "")))

    return code


def _edtf_or_event_period(period: str) -> Callable[[tuple], object]:
    def code(values: tuple) -> object:
        own, start, end = values
        if own:
            return period_code(period, *edtf_bounds(str(own)))
        return period_code(period, start, end)

    return code


def _day_period(period: str) -> Callable[[tuple], object]:
    def code(values: tuple) -> object:
        return period_code(period, values[0], values[0])

    return code


def _area_at(level: str) -> Callable[[tuple], object]:
    def code(values: tuple) -> object:
        area, area_level = values
        return area or None if area_level == level else None

    return code


def _one(path: str, *, multi: bool = False) -> Access:
    return Access((path,), None, multi)


def _event_places(prefix: str) -> dict[str, Access]:
    return {
        "country": _one(f"{prefix}country"),
        "state": _one(f"{prefix}state_code"),
        "municipality": _one(f"{prefix}municipality_code"),
        "region": _one(f"{prefix}region__code"),
        "continent": _one(f"{prefix}region__attributes"),
        "migration_route": _one(f"{prefix}migration_route__code"),
        "migration_phase": _one(f"{prefix}migration_phase"),
    }


def _person(prefix: str) -> dict[str, Access]:
    return {
        "sex": _one(f"{prefix}sex__code"),
        "age_group": _one(f"{prefix}age"),
        "nationality": _one(f"{prefix}nationality"),
        "indigenous_language": Access((f"{prefix}language__code", f"{prefix}language__attributes")),
        "characteristic": _one(f"{prefix}characteristics__code", multi=True),
    }


def _typed_acts() -> QuerySet[Act]:
    """Acts with a type of act: the violations documented. An act without one only links a
    person to an event (Arizona OpenGIS deaths: recovered remains, not a classified
    violation), so it is not counted as a violation nor its person as a victim."""
    return Act.objects.filter(act_type__isnull=False)


def _act_paths() -> dict[str, Access]:
    dates = ("date_edtf", "event__date_start", "event__date_end")
    return {
        **{p: Access(dates, _edtf_or_event_period(p)) for p in PERIODS},
        **_event_places("event__"),
        "act_type": _one("act_type__code"),
        "right": _one("rights__code", multi=True),
        "perpetrator_type": _one("involvements__perpetrator_type__code", multi=True),
        "government_level": _one("involvements__government_level__code", multi=True),
        **_person("victim__"),
        "organisation": _one("event__organisation__slug"),
        "dataset": _one("event__dataset"),
    }


def _intake_paths() -> dict[str, Access]:
    return {
        **{p: Access(("date",), _day_period(p)) for p in PERIODS},
        "migration_route": _one("migration_route__code"),
        "destination_country": _one("destination_country"),
        "destination_state": _one("destination_state"),
        **_person("person__"),
        "organisation": _one("organisation__slug"),
        "dataset": _one("dataset"),
    }


def _intervention_paths() -> dict[str, Access]:
    return {
        **{p: Access(("date_edtf",), _edtf_period(p)) for p in PERIODS},
        "intervention_type": _one("intervention_type__code"),
        "intervention_status": _one("status__code"),
        **{
            k: v
            for k, v in _event_places("event__").items()
            if k in ("country", "state", "municipality", "migration_phase")
        },
        "government_level": _one("event__acts__involvements__government_level__code", multi=True),
        **{k: v for k, v in _person("victim__").items() if k != "characteristic"},
        "organisation": _one("organisation__slug"),
    }


def _observation_paths() -> dict[str, Access]:
    return {
        **{p: Access(("period_start", "period_end"), bounds_period(p)) for p in PERIODS},
        "country": Access(("area", "area_level"), _area_at("country")),
        "state": Access(("area", "area_level"), _area_at("state")),
        "area": _one("area"),
        "dataset": _one("dataset"),
        "measure": _one("measure"),
        "organisation": _one("organisation__slug"),
    }


def _event_paths() -> dict[str, Access]:
    return {name: Access(d.fields) for name, d in DIMENSIONS.items() if d.fields}


def _consenting_intakes() -> QuerySet:
    """Intakes counted in statistics: ``consent_statistics`` given (docs/consent.md)."""
    return Intake.objects.filter(consent_statistics=True)


KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> None:
    """Add a kind to the registry (replacing one with the same name)."""
    KINDS[kind.name] = kind


for _kind in (
    Kind(
        "events", _("events"), Event.objects.all,
        ("events", "dead", "missing", "dead_and_missing", "survivors"), _event_paths(),
    ),
    Kind("acts", _("acts"), _typed_acts, ("acts",), _act_paths()),
    Kind("victims", _("victims"), _typed_acts, ("victims",), _act_paths()),
    Kind(
        "intakes", _("intakes"), _consenting_intakes, ("intakes", "persons_served"),
        _intake_paths(),
    ),
    Kind(
        "persons_served", _("persons served"), _consenting_intakes,
        ("persons_served", "intakes"), _intake_paths(),
    ),
    Kind(
        "interventions", _("interventions"), Intervention.objects.all, ("interventions",),
        _intervention_paths(),
    ),
    Kind(
        "observations", _("official statistics"), Observation.objects.all, ("value",),
        _observation_paths(),
    ),
):  # fmt: skip
    register_kind(_kind)
