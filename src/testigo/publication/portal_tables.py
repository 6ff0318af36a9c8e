"""The fixed tables the public portal shows, each defined once and published through the gate."""

from __future__ import annotations

from testigo.publication.gate import PublishedTable, published_counts

AMERICAS = "americas"
MMP_AMERICAS = {"continent": AMERICAS, "dataset": "mmp"}


def americas_by_year_and_route() -> PublishedTable:
    """Dead and missing migrants (persons) in the Americas, by incident year and migration route.

    The Americas are the MMP regions of incident whose ``continent`` attribute is ``americas``.
    """
    return published_counts(
        units=("dead_and_missing",), by=("year", "migration_route"), where=MMP_AMERICAS
    )


def americas_totals() -> PublishedTable:
    """Dead, missing, and dead and missing (persons) in the Americas, by continent (one row)."""
    return published_counts(
        units=("dead_and_missing", "dead", "missing"), by=("continent",), where=MMP_AMERICAS
    )
