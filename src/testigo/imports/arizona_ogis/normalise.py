"""Named, tested normalisation rules for Arizona OpenGIS deceased-migrant records.

Each function takes one raw CSV cell (``str``) and returns a clean value or raises
:class:`CellError` with the reason shown to the user. Nothing is coerced silently.
Source: Humane Borders / Pima County Office of the Medical Examiner (PCOME), the OGIS
export ``humane_borders_ogis_deceased_migrants_thru_2022-03.csv`` (PROVENANCE.md §7).
"""

from __future__ import annotations

import datetime as dt
import re

import pycountry

from testigo.documentation.dates import UNKNOWN


class CellError(ValueError):
    """A cell value that cannot be read; the message is the reason shown to the user."""


def text(value: object) -> str:
    """A cell as trimmed text without U+FEFF; ``None`` becomes ``""``."""
    if value is None:
        return ""
    return str(value).replace("\ufeff", "").strip()


# "00-00097", "05-1234", "MC05-1234" (Maricopa County cases), "99-UBC12": letters only as
# a prefix or in the serial, two-digit year, a hyphen.
_ML_NUMBER = re.compile(r"[A-Z]{0,3}[0-9]{2}-[A-Z0-9]{3,8}", re.ASCII)


def ml_number(value: object) -> str:
    """PCOME's medical-examiner case number (``"00-00097"``): the record's source key.

    Raises ``CellError`` when blank or not of the forms ``00-00097``, ``MC05-1234`` or
    ``99-UBC12``.
    """
    raw = text(value)
    if not raw:
        raise CellError("missing ML number")
    if not _ML_NUMBER.fullmatch(raw):
        raise CellError("not an ML number such as 00-00097 or MC05-1234")
    return raw


def reporting_date(value: object) -> str:
    """The reporting (recovery) date as EDTF: ``2005-07-12``, ``2005-07`` or ``2005``.

    Partial ISO dates stay partial (EDTF level 0). Blank → ``XXXX`` (unknown; the caller
    warns). Raises ``CellError`` for anything else (no guessing of day/month orders) and
    for dates in the future.
    """
    raw = text(value)
    if not raw:
        return UNKNOWN
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
            day = dt.date.fromisoformat(raw)
            if day > dt.date.today():  # noqa: DTZ011 - a calendar date
                raise CellError("reporting date in the future")
            return day.isoformat()
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}", raw) and 1 <= int(raw[5:]) <= 12:
            return raw
        if re.fullmatch(r"(19|20)[0-9]{2}", raw):
            return raw
    except ValueError as exc:
        raise CellError("not a calendar date") from exc
    raise CellError("not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")


SEX_CODES = {"male": "male", "female": "female", "undetermined": "unknown"}


def sex_code(value: object) -> str | None:
    """OGIS sex → the ``sex`` vocabulary code: male, female, ``undetermined`` → unknown.

    Blank → ``None`` (not recorded). Raises ``CellError`` for any other value.
    """
    raw = text(value).casefold()
    if not raw:
        return None
    if raw not in SEX_CODES:
        raise CellError("sex is not male, female or undetermined")
    return SEX_CODES[raw]


def age_years(value: object) -> int | None:
    """Age in whole years, 0–120; blank → ``None``. Raises ``CellError`` otherwise."""
    raw = text(value)
    if not raw:
        return None
    if not re.fullmatch(r"[0-9]{1,3}", raw, flags=re.ASCII):
        raise CellError("age is not a whole number of years")
    age = int(raw)
    if age > 120:
        raise CellError("age over 120 years")
    return age


UNIDENTIFIED = "unidentified"


def person_name(value: object) -> str:
    """The deceased person's name, or ``""`` for ``Unidentified`` (not a name)."""
    raw = " ".join(text(value).split())
    return "" if raw.casefold() == UNIDENTIFIED else raw


# Arizona's 15 counties with their FIPS codes (US Census Bureau, state 04).
ARIZONA_COUNTIES = {
    "apache": ("Apache", "04001"),
    "cochise": ("Cochise", "04003"),
    "coconino": ("Coconino", "04005"),
    "gila": ("Gila", "04007"),
    "graham": ("Graham", "04009"),
    "greenlee": ("Greenlee", "04011"),
    "la paz": ("La Paz", "04012"),
    "maricopa": ("Maricopa", "04013"),
    "mohave": ("Mohave", "04015"),
    "navajo": ("Navajo", "04017"),
    "pima": ("Pima", "04019"),
    "pinal": ("Pinal", "04021"),
    "santa cruz": ("Santa Cruz", "04023"),
    "yavapai": ("Yavapai", "04025"),
    "yuma": ("Yuma", "04027"),
}
UNKNOWN_COUNTY = "unknown"


def county(value: object) -> tuple[str, str]:
    """An Arizona county in any case (``"PIMA"``, ``"Pima"``) → (name, FIPS code).

    ``Unknown`` or blank → ``("", "")``. Raises ``CellError`` for a name that is not an
    Arizona county.
    """
    raw = " ".join(text(value).split()).casefold()
    if raw in ("", UNKNOWN_COUNTY):
        return "", ""
    raw = raw.removesuffix(" county")
    if raw not in ARIZONA_COUNTIES:
        raise CellError("not a county of Arizona")
    return ARIZONA_COUNTIES[raw]


def us_state_code(value: object) -> str:
    """A US state name (``"Arizona"``) → ISO 3166-2 code (``"US-AZ"``). Raises ``CellError``."""
    raw = " ".join(text(value).split()).casefold()
    for sub in pycountry.subdivisions.get(country_code="US") or []:
        if sub.name.casefold() == raw or sub.code.casefold() == f"us-{raw}":
            return sub.code
    raise CellError("not a US state")


def coordinate(value: object, *, low: float, high: float) -> float | None:
    """A decimal-degree coordinate within ``[low, high]``; blank → ``None``.

    Raises ``CellError`` when not a plain decimal number or out of range.
    """
    raw = text(value)
    if not raw:
        return None
    if not re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]+)?", raw, flags=re.ASCII):
        raise CellError("not a decimal-degree coordinate")
    number = float(raw)
    if not low <= number <= high:
        raise CellError(f"coordinate outside {low}…{high}")
    return number


# Rough bounding box of Arizona (degrees): a point outside it is kept and reported.
ARIZONA_BOX = (31.3, 37.0, -114.9, -109.0)


def in_arizona(latitude: float, longitude: float) -> bool:
    """Whether a point lies in Arizona's bounding box (``ARIZONA_BOX``)."""
    south, north, west, east = ARIZONA_BOX
    return south <= latitude <= north and west <= longitude <= east


# OGIS "Cause of Death" categories → cause_of_death vocabulary codes (IOM MMP categories).
# ``None``: the category does not fit one MMP category (kept in source_values only). The
# choices follow cause_of_death.yaml's own rules for MMP's 2019 free text: skeletal remains,
# undetermined and pending are "Mixed or unknown"; exposure is harsh conditions; a gunshot is
# violence ("Shot"); named diseases are sickness; blunt force, asphyxia, overdose, lightning,
# exsanguination and "other injury" could fall under two categories and stay unmapped.
OGIS_CAUSES: dict[str, str | None] = {
    "exposure": "harsh_environmental_conditions",
    "skeletal remains": "mixed_or_unknown",
    "undetermined": "mixed_or_unknown",
    "pending": "mixed_or_unknown",
    "drowning": "drowning",
    "motor vehicle accident": "vehicle_accident_hazardous_transport",
    "gunshot wound": "violence",
    "other injury / homicide": "violence",
    "heart disease": "sickness_lack_of_healthcare",
    "other disease": "sickness_lack_of_healthcare",
    "diabetes": "sickness_lack_of_healthcare",
    "pregnancy complication": "sickness_lack_of_healthcare",
    "blunt force injury": None,
    "other injury": None,
    "asphyxia": None,
    "drug overdose": None,
    "exsanguination": None,
    "lightning strike": None,
    "nonviable fetus": None,
}


def cause_category(value: object) -> tuple[str, str | None]:
    """OGIS cause-of-death category → (category as given, cause_of_death code or ``None``).

    Blank → ``("", None)``. Raises ``CellError`` for a category not in ``OGIS_CAUSES``
    (a new category must be mapped by a person, not guessed).
    """
    raw = " ".join(text(value).split())
    if not raw:
        return "", None
    key = raw.casefold()
    if key not in OGIS_CAUSES:
        raise CellError("cause of death category not known to the OGIS importer")
    return raw, OGIS_CAUSES[key]


def bucket(value: object) -> str:
    """An ordinal bucket (``"< 5 weeks "``) without its trailing/inner extra spaces."""
    return " ".join(text(value).split())
