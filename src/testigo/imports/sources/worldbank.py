"""Registers the World Bank Remittance Prices Worldwide (corridors) source."""

from __future__ import annotations

from testigo.documentation.services.events import UpsertCounts
from testigo.imports.registry import ImportSource, Parsed, WriteContext, register
from testigo.imports.upsert import keyed_upsert
from testigo.imports.worldbank.adapter import DATASET, read_rpw


def worldbank_rpw_write(ctx: WriteContext, parsed: Parsed) -> UpsertCounts:
    """Write the parsed observations by source key (created / updated / unchanged)."""
    from testigo.observations.models import Observation

    return keyed_upsert(Observation, parsed.records, ctx=ctx)


register(
    ImportSource(
        warn_no_common_records=False,
        name="worldbank-rpw",
        description=(
            "World Bank Remittance Prices Worldwide, corridors (DataBank CSV): cost of "
            "sending USD 200, percent, by corridor and quarter"
        ),
        read=read_rpw,
        dataset=DATASET,
        default_org_slug="world-bank",
        default_org_name="World Bank (public data)",
        default_org_kind="international",
        write=worldbank_rpw_write,
        model="observations.Observation",
        quirks=(
            "clean_header",
            "quarter_period",
            "cost_percent",
            "country_alpha2",
            "negative_cost",
            "footer",
        ),
    )
)
