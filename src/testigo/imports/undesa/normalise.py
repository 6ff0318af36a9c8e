"""Named, tested normalisation rules for UN DESA International Migrant Stock tables.

Each function takes one raw cell (``str`` from the CSV; ``str``/``int``/``float``/``None``
from the XLSX) and returns a clean value or raises :class:`CellError` with the reason
shown to the user. Conventions follow the tables' own notes (POP/DB/MIG/Stock/Rev.2020:
``..`` = not available, years refer to 1 July) and UN M49 / ISO 3166-1 for areas.
"""

from __future__ import annotations

import datetime as dt
import re

import pycountry


class CellError(ValueError):
    """A cell value that cannot be read; the message is the reason shown to the user."""


NOT_AVAILABLE = ".."
DASH = "-"
FIRST_AGGREGATE_CODE = 900  # DESA location codes ≥ 900 are regions and groups
DATA_TYPES = {"B": "foreign-born", "C": "citizenship", "R": "refugees added", "I": "imputed"}
# DESA's English short names that pycountry does not know → ISO 3166-1 alpha-2.
DESA_NAMES: dict[str, str] = {
    "Bolivia (Plurinational State of)": "BO",
    "China, Hong Kong SAR": "HK",
    "China, Macao SAR": "MO",
    "China, Taiwan Province of China": "TW",
    "Dem. People's Republic of Korea": "KP",
    "Democratic Republic of the Congo": "CD",
    "Holy See": "VA",
    "Iran (Islamic Republic of)": "IR",
    "Micronesia (Fed. States of)": "FM",
    "Republic of Korea": "KR",
    "Saint Helena": "SH",
    "State of Palestine": "PS",
    "Turkey": "TR",
    "United States Virgin Islands": "VI",
    "Venezuela (Bolivarian Republic of)": "VE",
    "Wallis and Futuna Islands": "WF",
}
# Areas with a UN M49 code but no ISO 3166-1 code: the M49 code is kept.
M49_ONLY: dict[str, str] = {"Channel Islands": "830"}
# Aggregates named in the 2019 wide file → DESA location codes (as in the 2020 tables).
DESA_REGIONS: dict[str, str] = {
    "Caribbean": "915",
    "Melanesia": "928",
    "Micronesia": "954",  # the region; the country is "Micronesia (Fed. States of)"
    "Polynesia": "957",
    "South America": "931",
}


def indent_level(name: str) -> tuple[str, int]:
    """``"   Mexico"`` → ``("Mexico", 3)``: the name without its indentation, and how many
    leading spaces the table used (DESA indents sub-regions and countries)."""
    text = str(name).replace("\ufeff", "")
    stripped = text.lstrip(" ")
    return stripped.rstrip(), len(text) - len(stripped)


def footnote_marker(name: str) -> tuple[str, bool]:
    """``"United States of America*"`` → ``("United States of America", True)``.

    DESA marks areas that have a country note with ``*``; the note's number is in the
    ``Notes`` column."""
    text = name.rstrip()
    clean = text.rstrip("*").rstrip()
    return clean, clean != text


def stock_count(value: object) -> int | None:
    """A migrant-stock cell (persons) → ``int``; ``..`` (not available) and ``-`` → ``None``.

    Accepts integers, integral floats (``1234.0``) and text with thousands separators
    (``"1,234"``, ``"1 234"``). Raises :class:`CellError` for blanks, negatives,
    fractions and text.
    """
    if isinstance(value, bool):
        raise CellError("not a number of persons")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError("not a whole number of persons")
        number = int(value)
    else:
        text = "" if value is None else str(value).strip().replace("\u00a0", " ")
        if text in (NOT_AVAILABLE, DASH):
            return None
        if not text:
            raise CellError("blank (write .. for not available)")
        if re.fullmatch(r"\d+", text):
            number = int(text)
        elif re.fullmatch(r"\d{1,3}([, ]\d{3})+", text):
            number = int(re.sub(r"[, ]", "", text))
        else:
            raise CellError("not a whole number of persons")
    if number < 0:
        raise CellError("negative number of persons")
    return number


def data_type_codes(value: object) -> tuple[str, ...]:
    """The ``Type of data`` cell (``"B R"``, ``"C B R"``, ``"B R "``) → ``("B", "R")``…

    B = foreign-born, C = citizenship, R = refugees added, I = imputed; blank → ``()``.
    Raises :class:`CellError` for any other letter."""
    codes = tuple(str(value or "").split())
    unknown = [c for c in codes if c not in DATA_TYPES]
    if unknown:
        raise CellError(f"unknown type of data {unknown[0]!r} (B, C, R or I)")
    return codes


def area_from_code(code: object) -> tuple[str, str, list[str]]:
    """A DESA ``Location code`` → ``(area, area_level, flags)``.

    Codes below 900 are countries or areas (UN M49 = ISO 3166-1 numeric): ``484`` →
    ``("MX", "country", [])``; one without an ISO code keeps its M49 code (``830`` →
    ``("830", "country", ["no_iso_code"])``). Codes from 900 are regions and groups, kept as
    DESA writes them: ``915`` → ``("915", "region", [])``. Raises :class:`CellError`.
    """
    if isinstance(code, bool) or not isinstance(code, (int, float, str)):
        raise CellError("not a location code")
    text = str(code).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        raise CellError("not a location code")
    number = int(text)
    if number >= FIRST_AGGREGATE_CODE:
        return str(number), "region", []
    country = pycountry.countries.get(numeric=f"{number:03d}")
    if country is None:
        if f"{number:03d}" in M49_ONLY.values():
            return f"{number:03d}", "country", ["no_iso_code"]
        raise CellError("not a UN M49 / ISO 3166-1 numeric code")
    return country.alpha_2, "country", []


def area_from_name(name: str) -> tuple[str, str, list[str]]:
    """A DESA area name (2019 wide file) → ``(area, area_level, flags)``.

    ``"Mexico"`` → ``("MX", "country", [])``; ``"Republic of Korea"`` → ``("KR", …)``
    (table :data:`DESA_NAMES`); ``"Channel Islands"`` → ``("830", "country",
    ["no_iso_code"])``; ``"Caribbean"`` → ``("915", "region", [])``. Raises
    :class:`CellError` for a name none of these know.
    """
    text, _ = footnote_marker(indent_level(name)[0])
    if text in DESA_REGIONS:
        return DESA_REGIONS[text], "region", []
    if text in M49_ONLY:
        return M49_ONLY[text], "country", ["no_iso_code"]
    if text in DESA_NAMES:
        return DESA_NAMES[text], "country", []
    try:
        return pycountry.countries.lookup(text).alpha_2, "country", []
    except LookupError:
        raise CellError("unknown country or area name") from None


def mid_year(value: object) -> tuple[str, dt.date]:
    """A year column or cell (``1990``, ``"2019"``, ``2020.0``) → ``("1990", 1990-07-01)``.

    DESA's stocks are at mid-year ("Years given refer to 1 July"). Raises
    :class:`CellError` for anything but a year 1900–2100."""
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not re.fullmatch(r"\d{4}", text) or not 1900 <= int(text) <= 2100:
        raise CellError("not a year")
    return text, dt.date(int(text), 7, 1)
