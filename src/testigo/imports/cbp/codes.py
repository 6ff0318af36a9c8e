"""Code lists for CBP statistics, in one place: sectors (with every name variant the files
use), border regions, and CBP's labels for demographic groups, authorities, components and
encounter types, each mapped to an English snake_case code (SDMX-style concept → code).

Area codes: a Border Patrol sector is ``USBP:<sector code>`` (area level
``border_patrol_sector``; the three-letter codes CBP uses for its sectors), a border region is
``border:<region>`` (area level ``border_region``), the whole country ``US`` (``country``), a
state or territory its ISO 3166-2 code ``US-TX`` (``state``).
"""

from __future__ import annotations

from dataclasses import dataclass

SECTOR_LEVEL = "border_patrol_sector"
REGION_LEVEL = "border_region"
COUNTRY_LEVEL = "country"
STATE_LEVEL = "state"

SOUTHWEST = "border:southwest"
NORTHERN = "border:northern"
COASTAL = "border:coastal"
NATIONWIDE = "US"


@dataclass(frozen=True)
class Sector:
    """A Border Patrol sector: its code, current name, region and the older names files use.

    Names match after :func:`~testigo.imports.cbp.normalise.name_key` (case, spaces,
    underscores and footnote markers ignored), so the PSV's ``rio_grande_valley`` column needs
    no variant of its own.
    """

    code: str
    name: str
    region: str
    variants: tuple[str, ...] = ()

    @property
    def area(self) -> str:
        return f"USBP:{self.code}"


SECTORS: tuple[Sector, ...] = (
    # Coastal border (Livermore, California, closed in the 2000s, is counted there by CBP).
    Sector("LIV", "Livermore", COASTAL),
    Sector("MIP", "Miami", COASTAL),
    Sector("NOL", "New Orleans", COASTAL),
    Sector("RMY", "Ramey", COASTAL),
    # Northern border.
    Sector("BLW", "Blaine", NORTHERN),
    Sector("BUN", "Buffalo", NORTHERN),
    Sector("DTM", "Detroit", NORTHERN),
    Sector("GFN", "Grand Forks", NORTHERN),
    Sector("HVM", "Havre", NORTHERN),
    Sector("HTM", "Houlton", NORTHERN),
    Sector("SPW", "Spokane", NORTHERN),
    Sector("SWB", "Swanton", NORTHERN),
    # Southwest border. Big Bend was Marfa and Rio Grande Valley was McAllen until 2011–2012.
    Sector("BBT", "Big Bend", SOUTHWEST, ("Big Bend (formerly Marfa)", "Marfa")),
    Sector("DRT", "Del Rio", SOUTHWEST),
    Sector("ELC", "El Centro", SOUTHWEST),
    Sector("EPT", "El Paso", SOUTHWEST),
    Sector("LRT", "Laredo", SOUTHWEST),
    Sector(
        "RGV",
        "Rio Grande Valley",
        SOUTHWEST,
        ("Rio Grande Valley (formerly McAllen)", "McAllen"),
    ),
    Sector("SDC", "San Diego", SOUTHWEST),
    Sector("TCA", "Tucson", SOUTHWEST),
    Sector("YUM", "Yuma", SOUTHWEST),
)


@dataclass(frozen=True)
class Area:
    """Where an observation is: code, level and (for totals) the sectors it adds up."""

    code: str
    level: str
    parts: tuple[str, ...] = ()  # the sector codes a total row adds up

    @property
    def is_total(self) -> bool:
        return bool(self.parts)


def _region_parts(region: str) -> tuple[str, ...]:
    return tuple(s.area for s in SECTORS if s.region == region)


# Total rows and columns as the files name them → the area they total.
TOTALS: dict[str, Area] = {}
for _names, _area in (
    (
        ("Southwest Border Sectors Total", "Southwest Border"),
        Area(SOUTHWEST, REGION_LEVEL, _region_parts(SOUTHWEST)),
    ),
    (
        ("Northern Border Sectors Total", "Northern Border"),
        Area(NORTHERN, REGION_LEVEL, _region_parts(NORTHERN)),
    ),
    (
        ("Coastal Border Sectors Total", "Coastal Border"),
        Area(COASTAL, REGION_LEVEL, _region_parts(COASTAL)),
    ),
    (
        ("Nationwide Total", "Monthly Total"),
        Area(NATIONWIDE, COUNTRY_LEVEL, tuple(s.area for s in SECTORS)),
    ),
):
    for _name in _names:
        TOTALS[_name] = _area

# CBP's "Land Border Region" (Nationwide Encounters) → code; "Other" is air and sea.
LAND_BORDER_REGIONS = {
    "Southwest Land Border": "southwest",
    "Northern Land Border": "northern",
    "Other": "other",
}

# CBP's "Demographic" labels → code. "UAC" (before FY2024 files) and "UC / Single Minors"
# name the same group: unaccompanied children.
DEMOGRAPHICS = {
    "Single Adults": "single_adults",
    "FMUA": "family_unit_members",
    "Accompanied Minors": "accompanied_minors",
    "UC / Single Minors": "unaccompanied_children",
    "UAC": "unaccompanied_children",
}

TITLES_OF_AUTHORITY = {"Title 8": "title_8", "Title 42": "title_42"}

COMPONENTS = {"U.S. Border Patrol": "USBP", "Office of Field Operations": "OFO"}

ENCOUNTER_TYPES = {
    "Apprehensions": "apprehensions",
    "Inadmissibles": "inadmissibles",
    "Expulsions": "expulsions",
}

# Citizenship names as CBP writes them that ISO 3166 (pycountry) does not resolve by name;
# "Other" (every other country) is SDMX's ``_O``.
CITIZENSHIP_ALIASES = {
    "CHINA, PEOPLES REPUBLIC OF": "CN",
    "MYANMAR (BURMA)": "MM",
    "RUSSIA": "RU",
    "TURKEY": "TR",
    "OTHER": "_O",
}

MONTH_ABBREVIATIONS = {
    "OCT": 10, "NOV": 11, "DEC": 12, "JAN": 1, "FEB": 2, "MAR": 3,
    "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9,
}  # fmt: skip

MONTH_NAMES = {
    "October": 10, "November": 11, "December": 12, "January": 1, "February": 2, "March": 3,
    "April": 4, "May": 5, "June": 6, "July": 7, "August": 8, "September": 9,
}  # fmt: skip
