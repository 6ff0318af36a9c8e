"""SDMX-CSV 2.0 for the indicator-style series (tables with a ``year`` dimension).

One file per table, one observation per row (standards.md §7.3): ``STRUCTURE``
(``dataflow``), ``STRUCTURE_ID`` (``TESTIGO:DF_<TABLE>(1.0)``), ``ACTION`` (``I``,
information), the dimensions ``INDICATOR`` (the counting unit, e.g. ``DEAD_AND_MISSING``)
and the table's other dimensions in upper case, ``FREQ`` (``A``), ``TIME_PERIOD`` (the
year), the measure ``OBS_VALUE``, and the attributes ``UNIT_MEASURE`` (``PS`` persons,
``EVENTS``), ``UNIT_MULT`` (0), ``OBS_STATUS`` (``A`` normal; ``M`` missing for a
suppressed value, which has an empty ``OBS_VALUE``) and ``CONF_STATUS`` (SDMX cross-domain
code list CL_CONF_STATUS: ``F`` free, ``C`` confidential for a suppressed value; primary and
secondary suppressions are not told apart, which would reveal small cells).

Codes: ``_T`` total, ``_U`` not recorded (SDMX's "unspecified"). Rows whose year is not
known or is the all-years total have no ``TIME_PERIOD`` and are left out here; they are in
the Data Package's tables.
"""

from __future__ import annotations

import csv
from pathlib import Path

from testigo.publication.export.columns import TOTAL_CODE, unit_kind
from testigo.publication.export.tables import BuiltTable
from testigo.statistics.disclosure import TOTAL

AGENCY = "TESTIGO"
UNKNOWN_CODE = "_U"
UNIT_MEASURE = {"persons": "PS", "events": "EVENTS"}
STATUS_NORMAL, STATUS_SUPPRESSED = "A", "M"
CONF_FREE, CONF_CONFIDENTIAL = "F", "C"


def is_series(table: BuiltTable) -> bool:
    """True if ``table`` has a ``year`` dimension (a time series SDMX can carry)."""
    return "year" in table.table.dims


def structure_id(table: BuiltTable) -> str:
    """The dataflow reference, ``TESTIGO:DF_<NAME>(1.0)``."""
    return f"{AGENCY}:DF_{table.spec.name.upper()}(1.0)"


def header(table: BuiltTable) -> list[str]:
    """The SDMX-CSV 2.0 header of ``table``."""
    others = [d.upper() for d in table.table.dims if d != "year"]
    return [
        "STRUCTURE", "STRUCTURE_ID", "ACTION", "INDICATOR", *others, "FREQ", "TIME_PERIOD",
        "OBS_VALUE", "UNIT_MEASURE", "UNIT_MULT", "OBS_STATUS", "CONF_STATUS",
    ]  # fmt: skip


def _code(value: object) -> str:
    if value is TOTAL:
        return TOTAL_CODE
    return UNKNOWN_CODE if value is None else str(value)


def observations(table: BuiltTable) -> list[list[str]]:
    """The rows of ``table`` (interior and margins with a known year), one per unit."""
    dims = table.table.dims
    year_at = dims.index("year")
    keys = [r.key for r in table.table.rows] + list(table.table.margins)
    out = []
    for unit in table.table.units:
        for key in keys:
            year = key[year_at]
            if year is None or year is TOTAL:
                continue
            value = table.cells[key][unit]
            others = [_code(v) for d, v in zip(dims, key, strict=True) if d != "year"]
            hidden = value is None
            out.append([
                "dataflow", structure_id(table), "I", unit.upper(), *others, "A", str(year),
                "" if hidden else str(value), UNIT_MEASURE[unit_kind(unit)], "0",
                STATUS_SUPPRESSED if hidden else STATUS_NORMAL,
                CONF_CONFIDENTIAL if hidden else CONF_FREE,
            ])  # fmt: skip
    return out


def write_sdmx_csv(path: Path, table: BuiltTable) -> int:
    """Write ``table`` as SDMX-CSV 2.0 to ``path``; return the number of observations."""
    body = observations(table)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header(table))
        writer.writerows(body)
    return len(body)
