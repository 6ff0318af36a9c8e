"""Registers the Banco de México remittances source (four SIE tables)."""

from __future__ import annotations

from testigo.documentation.services.events import UpsertCounts
from testigo.imports.banxico.adapter import DATASET, read_banxico
from testigo.imports.registry import ImportSource, Parsed, WriteContext, register
from testigo.imports.upsert import keyed_upsert


def banxico_write(ctx: WriteContext, parsed: Parsed) -> UpsertCounts:
    """Write the parsed observations by source key (created / updated / unchanged)."""
    from testigo.observations.models import Observation

    return keyed_upsert(Observation, parsed.records, ctx=ctx)


register(
    ImportSource(
        warn_no_common_records=False,
        name="banxico-remittances",
        description=(
            "Banco de México remittances (SIE tables: monthly, by Mexican state, by country, "
            "by US state), USD"
        ),
        read=read_banxico,
        dataset=DATASET,
        default_org_slug="banxico",
        default_org_name="Banco de México (public data)",
        default_org_kind="government",
        write=banxico_write,
        model="observations.Observation",
        quirks=(
            "period_from_start",
            "amount",
            "flow",
            "counterpart_country",
            "us_state",
            "mx_state_code",
            "inegi_state_code",
            "shared_code_entities",
        ),
    )
)
