"""The fixed tables the public portal shows, each defined once and published through the gate."""

from __future__ import annotations

from testigo.publication.gate import PublishedTable, published_counts

AMERICAS = "americas"
PERSON_UNITS = ("dead_and_missing", "dead", "missing")


def americas_by_year_and_route() -> PublishedTable:
    """Dead and missing migrants in the Americas (MMP regions of incident whose continent is
    the Americas), by incident year and migration route; units: persons."""
    return published_counts(
        units=PERSON_UNITS,
        by=("year", "migration_route"),
        where={"continent": AMERICAS, "dataset": "mmp"},
    )
