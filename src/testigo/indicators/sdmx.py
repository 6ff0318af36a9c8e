"""SDMX-CSV export of published indicator values (SDMX-CSV 2.0 layout, one row per value).

Columns: ``STRUCTURE`` (``dataflow``), ``STRUCTURE_ID`` (``TESTIGO:DF_INDICATORS(1.0)``),
``ACTION`` (``I``), the dimensions ``INDICATOR`` (definition code), ``VERSION``,
``SERIES`` (REF_AREA-like series code), ``TIME_PERIOD`` (``2019`` or ``2019-Q1``),
``BREAKDOWN`` (disaggregation name, ``_T`` for the total), ``CATEGORY`` (its code, ``_T``
for the total, ``_Z`` for not recorded), then ``OBS_VALUE`` (empty when suppressed or
missing), ``OBS_STATUS`` (SDMX: ``A`` normal, ``M`` missing), ``CONF_STATUS`` (``F`` free,
``C`` confidential = suppressed by disclosure control), ``UNIT_MEASURE``, ``UNIT_MULT``
(``0``), ``NUMERATOR``, ``DENOMINATOR`` (the gated figures; empty when suppressed).

Only agreed, computed values are exported (the public selectors' output).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from testigo.indicators.selectors import public_indicators

STRUCTURE_ID = "TESTIGO:DF_INDICATORS(1.0)"
HEADER = [
    "STRUCTURE",
    "STRUCTURE_ID",
    "ACTION",
    "INDICATOR",
    "VERSION",
    "SERIES",
    "TIME_PERIOD",
    "BREAKDOWN",
    "CATEGORY",
    "OBS_VALUE",
    "OBS_STATUS",
    "CONF_STATUS",
    "UNIT_MEASURE",
    "UNIT_MULT",
    "NUMERATOR",
    "DENOMINATOR",
]


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def to_sdmx_csv(codes: list[str] | None = None) -> str:
    """The published values of every agreed indicator (or of ``codes``) as SDMX-CSV text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for page in public_indicators():
        if codes and page.indicator.code not in codes:
            continue
        unit = page.content["unit"]["code"]
        for v in page.values:
            writer.writerow(
                [
                    "dataflow",
                    STRUCTURE_ID,
                    "I",
                    page.indicator.code,
                    page.version.number,
                    v.series,
                    v.period,
                    v.breakdown or "_T",
                    (v.category or "_Z") if v.breakdown else "_T",
                    _number(v.value),
                    v.obs_status,
                    v.conf_status,
                    unit,
                    0,
                    _number(v.numerator),
                    _number(v.denominator),
                ]
            )
    return out.getvalue()
