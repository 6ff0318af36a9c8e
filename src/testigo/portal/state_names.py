"""Names of states (ISO 3166-2 subdivisions) for the map and its table, in Spanish or
English, from pycountry's ISO 3166-2 data and translations. The ``state`` dimension itself
(codes such as ``US-AZ``, ``MX-SON``) is the statistics engine's."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import cache

import pycountry

STATE = "state"


@cache
def _subdivision_translation(lang: str) -> Callable[[str], str]:
    if lang == "en":
        return lambda s: s
    try:
        return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang]).gettext
    except OSError:
        return lambda s: s


def state_label(code: object, lang: str) -> str:
    """The ISO 3166-2 subdivision's name in ``lang`` (pycountry), or the code; ``""`` for None."""
    if not code:
        return ""
    subdivision = pycountry.subdivisions.get(code=str(code))
    if subdivision is None:
        return str(code)
    return _subdivision_translation(lang)(subdivision.name)
