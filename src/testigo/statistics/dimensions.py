"""Dimensions a count can be broken down by, as a registry.

A dimension names the event fields it is computed from, turns those field values into a
category code (``None`` = not recorded / date unknown: a real category, never dropped), and
gives each code a label in Spanish or English. The other record kinds (acts, victims,
intakes…) reach the same categories through their own field paths
(``testigo.statistics.kinds``); a dimension with no event fields (``fields == ()``) is not a
dimension of events. This module reads no records (the public side imports it for labels).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pycountry
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from testigo.statistics.periods import PERIOD_IMPRECISE, period_code
from testigo.vocab.models import Term


@dataclass(frozen=True)
class Dimension:
    """A breakdown: ORM ``fields`` → category ``code`` → ``label(code, lang)``."""

    name: str
    title: Promise
    fields: tuple[str, ...]
    code: Callable[[tuple], object]
    label: Callable[[object, str], str]


DIMENSIONS: dict[str, Dimension] = {}


def register_dimension(dimension: Dimension) -> None:
    """Add a dimension to the registry (replacing one with the same name)."""
    DIMENSIONS[dimension.name] = dimension


def _plain(code: object, lang: str) -> str:
    return "" if code is None else str(code)


EVENT_DATE_FIELDS = ("year", "month", "date_start", "date_end")


def _event_period(period: str) -> Callable[[tuple], object]:
    """Events: their stored ``year``/``month`` (derived from the EDTF bounds on save) first,
    then the bounds; a year with no month is imprecise for a quarter or month."""

    def code(values: tuple) -> object:
        year, month, start, end = values
        if year is not None and period == "year":
            return year
        if year is not None and month is not None:
            return (
                f"{year:04d}-Q{(month - 1) // 3 + 1}"
                if period == "quarter"
                else (f"{year:04d}-{month:02d}")
            )
        if start is not None or end is not None:
            return period_code(period, start, end)
        return PERIOD_IMPRECISE if year is not None else None

    return code


def bounds_period(period: str) -> Callable[[tuple], object]:
    """A code function over ``(lower, upper)`` date bounds (see ``statistics.periods``)."""

    def code(values: tuple) -> object:
        return period_code(period, values[0], values[1])

    return code


def period_label(code: object, lang: str) -> str:
    """A period's label: the code itself, "imprecise date" for :data:`PERIOD_IMPRECISE`."""
    if code is None:
        return ""
    if code == PERIOD_IMPRECISE:
        with translation.override(lang):
            return str(_("imprecise date"))
    return str(code)


AGE_GROUPS = (("0-11", 0, 11), ("12-17", 12, 17), ("18-29", 18, 29), ("30-59", 30, 59))
AGE_OLDEST = "60+"
CHILD_AGE_GROUPS = frozenset({"0-11", "12-17"})  # children: under 18 (CRC art. 1)


def age_group(values: tuple) -> str | None:
    """The age group of an age in years: 0–11, 12–17, 18–29, 30–59, 60+; None if unknown."""
    age = values[0]
    if age is None:
        return None
    for code, low, high in AGE_GROUPS:
        if low <= age <= high:
            return code
    return AGE_OLDEST


NON_INDIGENOUS = "non_indigenous"


def indigenous_language(values: tuple) -> str | None:
    """The ISO 639-3 code of an indigenous language (``attributes.indigenous``), else
    ``non_indigenous`` for another known language, None when no language is recorded."""
    code, attributes = values
    if not code:
        return None
    if isinstance(attributes, dict) and attributes.get("indigenous"):
        return str(code)
    return NON_INDIGENOUS


def _language_label(code: object, lang: str) -> str:
    if code == NON_INDIGENOUS:
        with translation.override(lang):
            return str(_("not an indigenous language"))
    return _term_label("language")(code, lang)


@cache
def _term_labels(vocabulary: str) -> dict[tuple[str, str], str]:
    return {
        (t.code, lang): t.label(lang)
        for t in Term.objects.filter(vocabulary__name=vocabulary)
        for lang in ("es", "en")
    }


def _term_label(vocabulary: str) -> Callable[[object, str], str]:
    def label(code: object, lang: str) -> str:
        if code is None:
            return ""
        return _term_labels(vocabulary).get((str(code), lang), str(code))

    return label


@cache
def _iso_translation(domain: str, lang: str) -> Callable[[str], str]:
    """pycountry's gettext catalogue ``domain`` (``iso3166-1``, ``iso3166-2``) for ``lang``."""
    if lang == "en":
        return lambda s: s
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang]).gettext
    except OSError:
        return lambda s: s


def country_label(code: object, lang: str) -> str:
    """The country's ISO 3166-1 name in ``lang`` (pycountry's translations), or the code."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=str(code))
    if country is None:
        return str(code)
    return _iso_translation("iso3166-1", lang)(country.name)


def subdivision_label(code: object, lang: str) -> str:
    """A state's ISO 3166-2 name (``US-AZ`` → Arizona) in ``lang`` where pycountry has a
    translation, or the code; ``""`` for None. The one place states get their names: the
    engine's state dimensions, the map, the report and the source comparison use it."""
    if not code:
        return ""
    subdivision = pycountry.subdivisions.get(code=str(code))
    if subdivision is None:
        return str(code)
    return _iso_translation("iso3166-2", lang)(subdivision.name)


CONTINENTS = {
    "africa": _("Africa"),
    "americas": _("Americas"),
    "asia": _("Asia"),
    "europe": _("Europe"),
    "mediterranean": _("Mediterranean"),
    "oceania": _("Oceania"),
}


def continent_label(code: object, lang: str) -> str:
    """The continent's label in ``lang`` (codes come from the region vocabulary)."""
    if code is None:
        return ""
    label = CONTINENTS.get(str(code))
    if label is None:
        return str(code)
    with translation.override(lang):
        return str(label)


def _first(values: tuple) -> object:
    return values[0] or None


for _dimension in (
    Dimension("year", _("year"), EVENT_DATE_FIELDS, _event_period("year"), period_label),
    Dimension("quarter", _("quarter"), EVENT_DATE_FIELDS, _event_period("quarter"), period_label),
    Dimension("month", _("month"), EVENT_DATE_FIELDS, _event_period("month"), period_label),
    Dimension(
        "region",
        _("region of incident"),
        ("region__code",),
        _first,
        _term_label("region_of_incident"),
    ),
    Dimension(
        "migration_route",
        _("migration route"),
        ("migration_route__code",),
        _first,
        _term_label("migration_route"),
    ),
    Dimension(
        "cause_of_death",
        _("cause of death"),
        ("cause_of_death__code",),
        _first,
        _term_label("cause_of_death"),
    ),
    Dimension("country", _("country"), ("country",), _first, country_label),
    Dimension(
        "incident_type",
        _("incident type"),
        ("incident_type__code",),
        _first,
        _term_label("incident_type"),
    ),
    Dimension(
        "continent",
        _("continent"),
        ("region__attributes",),
        lambda v: (v[0] or {}).get("continent") if isinstance(v[0], dict) else None,
        continent_label,
    ),
    Dimension("dataset", _("dataset"), ("dataset",), _first, _plain),
    Dimension("state", _("state"), ("state_code",), _first, subdivision_label),
    Dimension("municipality", _("municipality"), ("municipality_code",), _first, _plain),
    Dimension(
        "migration_phase",
        _("migration phase"),
        ("migration_phase",),
        _first,
        _term_label("migration_phase"),
    ),
    Dimension("organisation", _("organisation"), ("organisation__slug",), _first, _plain),
    # Dimensions of the other record kinds (no event fields; paths in statistics.kinds).
    Dimension("act_type", _("type of act"), (), _first, _term_label("act_type")),
    Dimension("right", _("right affected"), (), _first, _term_label("right")),
    Dimension(
        "perpetrator_type", _("type of perpetrator"), (), _first, _term_label("perpetrator_type")
    ),
    Dimension(
        "government_level", _("government level"), (), _first, _term_label("government_level")
    ),
    Dimension("sex", _("sex"), (), _first, _term_label("sex")),
    Dimension("age_group", _("age group"), (), age_group, _plain),
    Dimension("nationality", _("nationality"), (), _first, country_label),
    Dimension(
        "indigenous_language", _("indigenous language"), (), indigenous_language, _language_label
    ),
    Dimension(
        "characteristic", _("relevant characteristic"), (), _first, _term_label("characteristic")
    ),
    Dimension(
        "intervention_type", _("type of intervention"), (), _first, _term_label("intervention_type")
    ),
    Dimension(
        "intervention_status",
        _("intervention status"),
        (),
        _first,
        _term_label("intervention_status"),
    ),
    Dimension("destination_country", _("destination country"), (), _first, country_label),
    Dimension("destination_state", _("destination state"), (), _first, subdivision_label),
    Dimension("measure", _("measure"), (), _first, _plain),
    Dimension("area", _("area"), (), _first, _plain),
):
    register_dimension(_dimension)
