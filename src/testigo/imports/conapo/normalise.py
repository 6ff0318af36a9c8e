"""Named, tested normalisation rules for the CONAPO return-migration workbooks.

See docs/imports/conapo.md. Each function takes one raw cell (openpyxl value: ``str``,
``int``, ``float`` or ``None``) and returns a clean value or raises :class:`CellError`.
"""

from __future__ import annotations

import re

from testigo.imports.mmp.normalise import CellError
from testigo.imports.rnpdno.states import state_iso_from_code, state_iso_from_name

__all__ = [
    "INDICATOR_MEASURES",
    "NATIONAL_CODE",
    "CellError",
    "census_year",
    "indicator_measure",
    "persons",
    "state_from_code",
    "state_from_name",
]

NATIONAL_CODE = "000"
# Indicator column header → measure. Residence five years before the census is compared
# with residence at the census; "Retorno" = people going back to their state of birth.
INDICATOR_MEASURES: dict[str, str] = {
    "pob.total": "population_total",
    "pob.5ymas": "population_5_and_over",
    "residentes": "residents_same_state_5y",
    "inmigrantes": "in_migrants",
    "inmigrantes.retorno": "in_migrants_return",
    "inmigrantes.inmigrantes": "in_migrants_non_return",
    "emigrantes": "out_migrants",
    "emigrantes.retorno": "out_migrants_return",
    "emigrantes.inmigrantes": "out_migrants_non_return",
    "3 de otro pais": "residence_5y_abroad",
    "997 no especificado de entidad federativa": "residence_5y_state_unspecified",
    "998 no especificado de pais": "residence_5y_country_unspecified",
    "999 no especificado": "residence_5y_unspecified",
}
MAX_PERSONS = 200_000_000


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def persons(value: object) -> int | None:
    """A count of persons: ``86``/``86.0``/``"86"`` → 86; blank → ``None`` (published blank).

    Raises ``CellError`` for text, fractions or negative numbers.
    """
    if value is None or (isinstance(value, str) and value.strip() in {"", "NaN", "nan"}):
        return None
    if isinstance(value, bool):
        raise CellError("not a number of persons")
    if isinstance(value, float):
        if value != value:  # NaN written by pandas
            return None
        if not value.is_integer():
            raise CellError("not a whole number of persons")
        value = int(value)
    if isinstance(value, str):
        if not re.fullmatch(r"-?[0-9]+", value.strip(), re.ASCII):
            raise CellError("not a whole number of persons")
        value = int(value.strip())
    if not isinstance(value, int):
        raise CellError("not a number of persons")
    if value < 0:
        raise CellError("negative count")
    if value > MAX_PERSONS:
        raise CellError("implausibly large count")
    return value


def state_from_code(value: object) -> str | None:
    """ISO 3166-2 code for a zero-padded CVE_ENT (``"016"``, ``"16"``); ``None`` for ``"000"``
    (national). A number (``16``, leading zeros lost) is refused. Raises ``CellError``."""
    if not isinstance(value, str):
        raise CellError("state code must be zero-padded text ('001'), not a number")
    raw = value.strip()
    if raw == NATIONAL_CODE:
        return None
    if not re.fullmatch(r"[0-9]{2,3}", raw, re.ASCII):
        raise CellError("not a state code ('001'-'032')")
    try:
        return state_iso_from_code(raw)
    except KeyError:
        raise CellError("not a state code ('001'-'032')") from None


def state_from_name(value: object) -> str:
    """ISO 3166-2 code for a state name (``"Michoacán de Ocampo"`` → ``"MX-MIC"``).

    Raises ``CellError`` for an unknown name (see ``STATE_NAME_VARIANTS``).
    """
    raw = _text(value)
    try:
        iso = state_iso_from_name(raw)
    except KeyError:
        iso = None
    if iso is None:
        raise CellError("unknown state name")
    return iso


def indicator_measure(header: object) -> str:
    """The measure of an indicator column header (``"Inmigrantes.Retorno"`` →
    ``in_migrants_return``). Raises ``CellError`` for an unknown header."""
    from testigo.imports.rnpdno.states import state_key

    key = state_key(_text(header))
    if key not in INDICATOR_MEASURES:
        raise CellError("unknown indicator column")
    return INDICATOR_MEASURES[key]


def census_year(*texts: str) -> int | None:
    """The census year (2000–2029) named in the first text that has one: a sheet title
    (``"MRt. 2020"``) then the file name. ``None`` when none names a year."""
    for text in texts:
        found = re.findall(r"(?<![0-9])(20[0-2][0-9])(?![0-9])", text)
        if found:
            return int(found[-1])
    return None
