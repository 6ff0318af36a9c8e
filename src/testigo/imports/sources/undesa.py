"""Registers the UN DESA International Migrant Stock source (2019 and 2020 editions)."""

from __future__ import annotations

from testigo.documentation.services.events import UpsertCounts
from testigo.imports.registry import ImportSource, Parsed, WriteContext, register
from testigo.imports.undesa.adapter import DATASET, read_undesa
from testigo.imports.upsert import keyed_upsert


def undesa_write(ctx: WriteContext, parsed: Parsed) -> UpsertCounts:
    """Write the parsed observations by source key (created / updated / unchanged)."""
    from testigo.observations.models import Observation

    return keyed_upsert(Observation, parsed.records, ctx=ctx)


register(
    ImportSource(
        warn_no_common_records=False,
        name="undesa-migrant-stock",
        description=(
            "UN DESA International Migrant Stock: 2019 origin × destination (wide CSV) or "
            "2020 destination × sex (XLSX, Table 1), persons"
        ),
        read=read_undesa,
        dataset=DATASET,
        default_org_slug="un-desa",
        default_org_name="UN DESA Population Division (public data)",
        default_org_kind="international",
        write=undesa_write,
        model="observations.Observation",
        quirks=(
            "indent_level",
            "footnote_marker",
            "stock_count",
            "data_type_codes",
            "area_from_code",
            "area_from_name",
            "mid_year",
            "zero_not_stored",
            "repeated_aggregate",
        ),
    )
)
