"""Registers the four CBP sources (one per publication; see docs/imports/cbp.md)."""

from __future__ import annotations

from functools import partial

from testigo.imports.cbp import layouts
from testigo.imports.cbp.adapter import read_cbp, write_observations
from testigo.imports.registry import ImportSource, register

ORG_SLUG = "cbp"
ORG_NAME = "U.S. Customs and Border Protection (public data)"
ORG_KIND = "government"
QUIRKS = (
    "fiscal_month_period", "fiscal_year_period", "whole_number", "decimal_number",
    "split_footnote", "sector_area", "state_area", "citizenship_code", "label_code",
    "calendar_year_check", "published_total", "total_differs",
)  # fmt: skip

DESCRIPTIONS = {
    layouts.NATIONWIDE: "CBP Nationwide Encounters by state, monthly (CSV, FY2020–)",
    layouts.SWB: "CBP Southwest Land Border Encounters by citizenship grouping (CSV, FY2021–)",
    layouts.USBP_MONTHLY: (
        "U.S. Border Patrol monthly encounters FY2000–FY2020: by sector (PSV) or "
        "Southwest border wide table (CSV)"
    ),
    layouts.PROFILES: "U.S. Border Patrol sector profiles FY2011–FY2017 and FY2017 breakdowns",
}

for _name, _description in DESCRIPTIONS.items():
    register(
        ImportSource(
            warn_no_common_records=False,
            name=_name,
            description=_description,
            read=partial(read_cbp, source=_name),
            dataset=_name,
            default_org_slug=ORG_SLUG,
            default_org_name=ORG_NAME,
            default_org_kind=ORG_KIND,
            write=write_observations,
            model="observations.Observation",
            quirks=QUIRKS,
        )
    )
