"""The four column layouts of IOM Missing Migrants Project exports (PROVENANCE.md §1).

Each layout maps our field names to the export's headers. A file's layout is recognised by
its headers; ``None`` means the layout has no such column.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    """A known export layout: name, headers by field, and how dates are written."""

    name: str
    columns: dict[str, str | None]
    date_format: str  # "long_us" ("December 30, 2019"), "iso", "drupal" ("Thu, 01/01/2026 - 12:00")
    key_field: str  # "web_id" (2019) or "incident_id"

    def header(self, field: str) -> str | None:
        return self.columns.get(field)

    def required_headers(self) -> list[str]:
        return [h for h in self.columns.values() if h]


_COMMON_2022 = {
    "main_id": "Main ID",
    "incident_id": "Incident ID",
    "number_dead": "Number of Dead",
    "number_missing": "Minimum Estimated Number of Missing",
    "total": "Total Number of Dead and Missing",
    "survivors": "Number of Survivors",
    "females": "Number of Females",
    "males": "Number of Males",
    "children": "Number of Children",
    "region_of_origin": "Region of Origin",
    "cause_of_death": "Cause of Death",
    "information_source": "Information Source",
    "coordinates": "Coordinates",
    "unsd_grouping": "UNSD Geographical Grouping",
    "source_quality": "Source Quality",
    "url": "URL",
    "incident_type": "Incident Type",
    "region": "Region of Incident",
    "date": "Incident Date",
}

LAYOUT_2019 = Layout(
    name="mmp-2019",
    date_format="long_us",
    key_field="web_id",
    columns={
        "web_id": "Web ID",
        "region": "Region of Incident",
        "date": "Reported Date",
        "year": "Reported Year",
        "month": "Reported Month",
        "number_dead": "Number Dead",
        "number_missing": "Minimum Estimated Number of Missing",
        "total": "Total Dead and Missing",
        "survivors": "Number of Survivors",
        "females": "Number of Females",
        "males": "Number of Males",
        "children": "Number of Children",
        "cause_of_death": "Cause of Death",
        "location": "Location Description",
        "information_source": "Information Source",
        "coordinates": "Location Coordinates",
        "migration_route": "Migration Route",
        "url": "URL",
        "unsd_grouping": "UNSD Geographical Grouping",
        "source_quality": "Source Quality",
    },
)

LAYOUT_2022 = Layout(
    name="mmp-2022",
    date_format="iso",
    key_field="incident_id",
    columns={
        **_COMMON_2022,
        "year": "Incident year",
        "month": "Reported Month",
        "migration_route": "Migration route",
        "location": "Location of death",
        "article_title": "Article title",
    },
)

LAYOUT_2025 = Layout(
    name="mmp-2025",
    date_format="iso",
    key_field="incident_id",
    columns={
        **_COMMON_2022,
        "year": "Incident Year",
        "month": "Month",
        "country_of_origin": "Country of Origin",
        "country_of_incident": "Country of Incident",
        "migration_route": "Migration Route",
        "location": "Location of Incident",
    },
)

LAYOUT_2026 = Layout(
    name="mmp-2026",
    date_format="drupal",
    key_field="incident_id",
    columns={
        **{k: v for k, v in _COMMON_2022.items() if k not in {"total", "incident_type"}},
        "region": "Region",
        "number_dead": "Number Dead",
        "year": "Year",
        "month": "Reported Month",
        "country_of_origin": "Country of Origin",
        "location": "Location of death",
        "migration_route": "Migration route",
        "total": None,
        "incident_type": None,
    },
)

LAYOUTS = (LAYOUT_2025, LAYOUT_2022, LAYOUT_2026, LAYOUT_2019)


def detect_layout(header: list[str]) -> tuple[Layout | None, list[str]]:
    """Return the layout that best matches ``header`` and the headers it misses.

    The best layout is the one with the fewest missing headers; a complete match misses
    none. Returns ``(None, [])`` when no layout shares its key column with the header.
    """
    present = set(header)
    best: tuple[Layout | None, list[str]] = (None, [])
    best_missing = None
    for layout in LAYOUTS:
        key_header = layout.header(layout.key_field)
        if key_header not in present:
            continue
        missing = [h for h in layout.required_headers() if h not in present]
        extra = len(present - set(layout.required_headers()))
        score = (len(missing), extra)
        if best_missing is None or score < best_missing:
            best, best_missing = (layout, missing), score
    return best
