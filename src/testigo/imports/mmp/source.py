"""Registers the IOM Missing Migrants Project source."""

from testigo.imports.mmp.adapter import DATASET, read_mmp
from testigo.imports.registry import ImportSource, register

register(
    ImportSource(
        name="mmp",
        description="IOM Missing Migrants Project export (CSV or XLSX, 2019–2026 layouts)",
        read=read_mmp,
        dataset=DATASET,
        default_org_slug="iom-mmp",
        default_org_name="IOM Missing Migrants Project (public data)",
        default_org_kind="international",
    )
)
