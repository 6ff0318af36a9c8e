"""Code lists for the workspace forms: ISO 3166-1 countries and ISO 3166-2 states with names in
the active language (``pycountry``), and the INEGI state numbers of Mexico."""

from __future__ import annotations

import gettext
import unicodedata
from functools import cache

import pycountry
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Countries people most often come from or pass through (shown first in the select).
FREQUENT_COUNTRIES = ("MX", "GT", "HN", "SV", "NI", "VE", "HT", "CU", "EC", "CO", "US")
# Countries whose states are offered in the event form (the route north through Mexico).
STATE_COUNTRIES = ("MX", "US", "GT", "HN", "SV", "NI", "CR", "PA", "BZ")
# INEGI's two-digit state numbers (first two digits of a municipality's CVEGEO).
INEGI_STATES = {
    "01": "MX-AGU", "02": "MX-BCN", "03": "MX-BCS", "04": "MX-CAM", "05": "MX-COA",
    "06": "MX-COL", "07": "MX-CHP", "08": "MX-CHH", "09": "MX-CMX", "10": "MX-DUR",
    "11": "MX-GUA", "12": "MX-GRO", "13": "MX-HID", "14": "MX-JAL", "15": "MX-MEX",
    "16": "MX-MIC", "17": "MX-MOR", "18": "MX-NAY", "19": "MX-NLE", "20": "MX-OAX",
    "21": "MX-PUE", "22": "MX-QUE", "23": "MX-ROO", "24": "MX-SLP", "25": "MX-SIN",
    "26": "MX-SON", "27": "MX-TAB", "28": "MX-TAM", "29": "MX-TLA", "30": "MX-VER",
    "31": "MX-YUC", "32": "MX-ZAC",
}  # fmt: skip


def _language() -> str:
    return (get_language() or "es")[:2]


@cache
def _translator(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _sort_key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in ``language`` (default: active language); the code if unknown."""
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return _translator("iso3166-1", language or _language()).gettext(name)


@cache
def _country_choices(language: str) -> tuple:
    everyone = sorted(
        ((c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries),
        key=lambda pair: _sort_key(pair[1]),
    )
    frequent = [(code, country_name(code, language)) for code in FREQUENT_COUNTRIES]
    return tuple(frequent), tuple(everyone)


def country_choices() -> list:
    """Grouped choices: an empty choice, the frequent countries, then every country."""
    frequent, everyone = _country_choices(_language())
    return [("", "—"), (_("Most frequent"), list(frequent)), (_("All countries"), list(everyone))]


def state_name(code: str) -> str:
    """The ISO 3166-2 subdivision's name (names are given in their own language)."""
    sub = pycountry.subdivisions.get(code=code) if code else None
    return sub.name if sub is not None else code


@cache
def _state_choices(language: str) -> tuple:
    groups = []
    for country in STATE_COUNTRIES:
        subs = [s for s in pycountry.subdivisions.get(country_code=country) if not s.parent_code]
        options = sorted(((s.code, s.name) for s in subs), key=lambda p: _sort_key(p[1]))
        groups.append((country_name(country, language), tuple(options)))
    return tuple(groups)


def state_choices() -> list:
    """Grouped choices of states (ISO 3166-2) of the countries on the route."""
    return [("", "—"), *((label, list(opts)) for label, opts in _state_choices(_language()))]


def is_state_code(code: str) -> bool:
    """Whether ``code`` is a first-level ISO 3166-2 subdivision."""
    return pycountry.subdivisions.get(code=code) is not None
