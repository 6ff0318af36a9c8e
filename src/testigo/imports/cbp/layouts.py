"""The known CBP file layouts, recognised by their header row (PROVENANCE.md §2).

A layout belongs to one source (one CBP publication, one dataset). Two raw extractions
(pdftotext, camelot) are recognised only to be refused with the name of the clean file.
"""

from __future__ import annotations

from dataclasses import dataclass

NATIONWIDE = "cbp-nationwide-encounters"
SWB = "cbp-swb-encounters"
USBP_MONTHLY = "cbp-usbp-monthly-encounters"
PROFILES = "cbp-sector-profiles"

MONTH_COLUMNS = (
    "October", "November", "December", "January", "February", "March",
    "April", "May", "June", "July", "August", "September",
)  # fmt: skip
PSV_SECTOR_COLUMNS = (
    "livermore", "miami", "new_orleans", "ramey", "blaine", "buffalo", "detroit",
    "grand_forks", "havre", "houlton", "spokane", "swanton", "big_bend", "del_rio",
    "el_centro", "el_paso", "laredo", "rio_grande_valley", "san_diego", "tucson", "yuma",
)  # fmt: skip
PSV_TOTAL_COLUMNS = ("coastal_border", "northern_border", "southwest_border", "monthly_total")
PROFILE_COLUMNS = (
    "AGENT_STAFFING", "APPREHENSIONS", "OTHER_THAN_MEXICAN_APPREHENSIONS", "CANNABIS",
    "COCAINE", "ACCEPTED_PROSECUTIONS", "ASSAULTS", "RESCUES", "DEATHS",
)  # fmt: skip


@dataclass(frozen=True)
class Layout:
    """A known file layout: its name, source kind, header, and the publication it carries."""

    name: str
    source: str
    header: tuple[str, ...]
    citation: str  # stored in Observation.source

    def missing(self, header: list[str]) -> list[str]:
        """Headers of this layout that ``header`` lacks."""
        present = set(header)
        return [h for h in self.header if h not in present]


NATIONWIDE_BY_STATE = Layout(
    "nationwide-by-state",
    NATIONWIDE,
    (
        "Fiscal Year", "Month Grouping", "Month (abbv)", "Land Border Region", "State",
        "Demographic", "Citizenship", "Title of Authority", "Encounter Count",
    ),
    "CBP, Nationwide Encounters by state (monthly, FY2020–)",
)  # fmt: skip
SWB_BY_CITIZENSHIP = Layout(
    "swb-by-citizenship-grouping",
    SWB,
    (
        "Fiscal Year", "Month Grouping", "Month (abbv)", "Component", "Demographic",
        "Citizenship Grouping", "Title of Authority", "Encounter Type", "Encounter Count",
    ),
    "CBP, Southwest Land Border Encounters (monthly, FY2021–)",
)  # fmt: skip
USBP_BY_SECTOR = Layout(
    "usbp-monthly-by-sector",
    USBP_MONTHLY,
    ("month", *PSV_SECTOR_COLUMNS, *PSV_TOTAL_COLUMNS, "fy", "cy"),
    "CBP, U.S. Border Patrol Monthly Encounters (FY2000–FY2020), by sector",
)
USBP_SOUTHWEST_WIDE = Layout(
    "usbp-southwest-monthly-wide",
    USBP_MONTHLY,
    ("Fiscal Year", *MONTH_COLUMNS, "Yearly Total"),
    "CBP, U.S. Border Patrol Monthly Encounters (FY2000–FY2020), Southwest border",
)
SECTOR_PROFILES = Layout(
    "sector-profiles",
    PROFILES,
    ("SECTOR", *PROFILE_COLUMNS, "YEAR"),
    "CBP, U.S. Border Patrol Sector Profiles (FY2011–FY2017)",
)
PROFILE_GENDER = Layout(
    "sector-profile-apprehensions-by-gender",
    PROFILES,
    ("SECTOR", "Female", "Male", "Total Apprehensions"),
    "CBP, U.S. Border Patrol apprehensions by gender and sector",
)
PROFILE_JUVENILE = Layout(
    "sector-profile-juvenile-adult-apprehensions",
    PROFILES,
    (
        "SECTOR", "Accompanied Juveniles", "Unaccompanied Juveniles", "Total Juveniles",
        "Total Adults", "Total Apprehensions",
    ),
    "CBP, U.S. Border Patrol juvenile and adult apprehensions by sector",
)  # fmt: skip

LAYOUTS: tuple[Layout, ...] = (
    NATIONWIDE_BY_STATE,
    SWB_BY_CITIZENSHIP,
    USBP_BY_SECTOR,
    USBP_SOUTHWEST_WIDE,
    SECTOR_PROFILES,
    PROFILE_GENDER,
    PROFILE_JUVENILE,
)


@dataclass(frozen=True)
class RawExtraction:
    """A raw PDF extraction that cannot be read reliably, and the clean file to use."""

    name: str
    markers: tuple[str, ...]  # every one appears in the first lines
    clean_file: str
    source: str
    why: str


RAW_EXTRACTIONS: tuple[RawExtraction, ...] = (
    RawExtraction(
        "usbp-monthly-pdftotext-raw",
        ("United States Border Patrol", "Apprehensions By Month"),
        "usbp_monthly_encounters_by_sector_fy2000-fy2020.psv",
        USBP_MONTHLY,
        "raw pdftotext output: a title block, the header split over three lines, blank "
        "lines, and rows one field wider than the header",
    ),
    RawExtraction(
        "sector-profile-camelot-raw",
        ("United States Border Patrol", "Sector Profile"),
        "usbp_sector_profiles_fy2011-2017_merged.csv",
        PROFILES,
        "raw camelot output: a title block, the header split over four rows with shifted "
        "columns, and footnotes as rows",
    ),
)


def detect_raw(head: list[str]) -> RawExtraction | None:
    """The raw extraction whose markers all appear in the file's first lines, if any."""
    text = "\n".join(head)
    for raw in RAW_EXTRACTIONS:
        if all(marker in text for marker in raw.markers):
            return raw
    return None


def detect_layout(header: list[str]) -> tuple[Layout | None, list[str]]:
    """The layout sharing most columns with ``header`` and the headers it misses.

    A layout is considered only when ``header`` has more than half its columns; returns
    ``(None, [])`` when none qualifies.
    """
    best: tuple[Layout | None, list[str]] = (None, [])
    best_score: tuple[int, int] | None = None
    for layout in LAYOUTS:
        missing = layout.missing(header)
        if len(missing) * 2 >= len(layout.header):
            continue
        extra = len(set(header) - set(layout.header))
        score = (len(missing), extra)
        if best_score is None or score < best_score:
            best, best_score = (layout, missing), score
    return best


LAYOUTS_BY_SOURCE: dict[str, list[str]] = {
    source: [layout.name for layout in LAYOUTS if layout.source == source]
    for source in (NATIONWIDE, SWB, USBP_MONTHLY, PROFILES)
}
