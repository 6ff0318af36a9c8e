"""Named, tested normalisation rules for RNPDNO municipal files (see docs/imports/rnpdno.md).

Each function takes one raw CSV cell (``str``) and returns a clean value or raises
:class:`CellError` with the reason shown to the user. Nothing is coerced silently.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from testigo.imports.mmp.normalise import CellError
from testigo.imports.rnpdno.states import (
    UNKNOWN_STATE_CODE,
    state_iso_from_code,
    state_iso_from_name,
)

__all__ = [
    "MEASURES",
    "SEX_COLUMNS",
    "UNKNOWN_MUNICIPALITY_CODES",
    "CellError",
    "count",
    "inegi_code",
    "is_unknown_municipality",
    "measure_for_status",
    "month_number",
    "month_period",
    "state_iso",
    "year_number",
]

# RNPDNO status_id → measure. 0 is the registry's "all persons reported" total; the other
# statuses (e.g. 1, desaparecidas) are not in the extracts, so the status files do not add
# up to the total.
MEASURES: dict[str, str] = {
    "0": "persons_reported_missing",
    "7": "persons_disappeared_not_located",
    "2": "persons_located_alive",
    "3": "persons_located_dead",
}
# Count column → SDMX CL_SEX code (``_U`` = not determined, ``_T`` = total).
SEX_COLUMNS: dict[str, str] = {"male": "M", "female": "F", "undefined": "_U", "total": "_T"}
# INEGI municipality codes RNPDNO uses for "unknown municipality": 998 "sin municipio de
# referencia", 999 "se desconoce". No real municipality has these numbers (Oaxaca, the
# state with most municipalities, stops at 570).
UNKNOWN_MUNICIPALITY_CODES = frozenset({"998", "999"})
MAX_COUNT = 100_000  # persons in one municipality, month and sex: far above any real cell

_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def inegi_code(value: str, width: int) -> str:
    """An INEGI code kept as text, exactly ``width`` digits (``"01001"``, ``"01"``, ``"001"``).

    Raises ``CellError`` when blank, not digits, or shorter than ``width`` (leading zeros lost
    when the file went through a spreadsheet: ``"1001"``), never re-padding it silently.
    """
    raw = value.strip()
    if raw == "":
        raise CellError("missing code")
    if not _DIGITS.fullmatch(raw):
        raise CellError(f"not an INEGI code ({width} digits)")
    if len(raw) != width:
        reason = "leading zeros lost (opened in a spreadsheet?)" if len(raw) < width else ""
        raise CellError(f"not a {width}-digit INEGI code" + (f": {reason}" if reason else ""))
    return raw


def is_unknown_municipality(cve_mun: str) -> bool:
    """``True`` for the RNPDNO codes meaning an unknown municipality (``"998"``, ``"999"``)."""
    return cve_mun in UNKNOWN_MUNICIPALITY_CODES


def state_iso(name: str, cve_estado: str) -> str | None:
    """ISO 3166-2 code of a state named as RNPDNO writes it, checked against its INEGI code.

    ``("michoacan", "16")`` and ``("michoacan de ocampo", "16")`` → ``"MX-MIC"``;
    ``("unknown", "99")`` → ``None`` (state not known). Raises ``CellError`` for an
    unknown spelling or a name that does not match the code.
    """
    try:
        iso = state_iso_from_name(name)
    except KeyError:
        raise CellError("unknown state name (add the spelling to STATE_NAME_VARIANTS)") from None
    if iso is None:
        if cve_estado != UNKNOWN_STATE_CODE:
            raise CellError(f"unknown-state name with state code {cve_estado}")
        return None
    try:
        expected = state_iso_from_code(cve_estado)
    except KeyError:
        raise CellError(f"state code {cve_estado} is not a state (01-32)") from None
    if expected != iso:
        raise CellError(f"state name is {iso} but the code {cve_estado} is {expected}")
    return iso


def count(value: str) -> int:
    """A count of persons written as plain digits (``"0"``, ``"17"``). Raises ``CellError``.

    Blank is refused: the municipal files write every count (zeros included).
    """
    raw = value.strip()
    if raw == "":
        raise CellError("missing count")
    if not _DIGITS.fullmatch(raw):
        if raw.startswith("-") and _DIGITS.fullmatch(raw[1:]):
            raise CellError("negative count")
        raise CellError("not a whole number of persons")
    number = int(raw)
    if number > MAX_COUNT:
        raise CellError(f"implausibly large count (more than {MAX_COUNT:,} persons)")
    return number


def year_number(value: str) -> int:
    """``"2015"`` → 2015 (2000–2099). Raises ``CellError``."""
    raw = value.strip()
    if not re.fullmatch(r"20[0-9]{2}", raw, re.ASCII):
        raise CellError("not a year (2000-2099)")
    return int(raw)


def month_number(value: str) -> int:
    """``"1"``…``"12"`` (also ``"01"``) → 1…12. Raises ``CellError``."""
    raw = value.strip()
    if not _DIGITS.fullmatch(raw) or not 1 <= int(raw) <= 12:
        raise CellError("not a month number (1-12)")
    return int(raw)


def month_period(year: int, month: int) -> tuple[str, dt.date, dt.date]:
    """SDMX TIME_PERIOD of a month with its first and last days: ``"2015-02"``, Feb 1, Feb 28."""
    last = calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}", dt.date(year, month, 1), dt.date(year, month, last)


def measure_for_status(value: str) -> str:
    """The measure of an RNPDNO ``status_id`` (``"7"`` → ``persons_disappeared_not_located``).

    Raises ``CellError`` for a status these extracts do not contain.
    """
    raw = value.strip()
    if raw not in MEASURES:
        raise CellError(f"unknown RNPDNO status (known: {', '.join(sorted(MEASURES))})")
    return MEASURES[raw]
