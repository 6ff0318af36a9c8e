"""Dimensions a count can be broken down by, as a registry.

A dimension names the event fields it is computed from, turns those field values into a
category code (``None`` = not recorded / date unknown: a real category, never dropped), and
gives each code a label in Spanish or English.
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


def _month_code(values: tuple) -> str | None:
    year, month = values
    return f"{year:04d}-{month:02d}" if year is not None and month is not None else None


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
def _country_translation(lang: str) -> Callable[[str], str]:
    if lang == "en":
        return lambda s: s
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext
    except OSError:
        return lambda s: s


def country_label(code: object, lang: str) -> str:
    """The country's ISO 3166-1 name in ``lang`` (pycountry's translations), or the code."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=str(code))
    if country is None:
        return str(code)
    return _country_translation(lang)(country.name)


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
    Dimension("year", _("year"), ("year",), _first, _plain),
    Dimension("month", _("month"), ("year", "month"), _month_code, _plain),
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
):
    register_dimension(_dimension)
