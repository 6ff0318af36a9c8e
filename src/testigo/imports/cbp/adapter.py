"""Reading a CBP file into observations, and writing them (the sources' ``read``/``write``).

``read_<source>(path)`` recognises the file's layout by its header, refuses a file of
another CBP source (naming the source to use) or a raw PDF extraction (naming the clean
file), reads every row, and returns a :class:`~testigo.imports.cbp.collect.ParsedFile` whose
report lists every bad cell with its line and column. ``write_observations`` upserts them
by source key in the run's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from testigo.documentation.services.events import UpsertCounts
from testigo.imports.cbp import encounters, profiles
from testigo.imports.cbp import layouts as lay
from testigo.imports.cbp.collect import Collector, ParsedFile
from testigo.imports.cbp.files import read_delimited
from testigo.imports.cbp.normalise import fiscal_year_from_name
from testigo.imports.registry import Parsed, WriteContext
from testigo.imports.report import ImportFileError
from testigo.imports.upsert import KeyedRecord, keyed_upsert

Progress = Callable[[int, int | None], None]

# Fields compared with a stored observation. ``source`` (the file's publication) and
# ``area_name`` (the name as the file wrote it, e.g. "Big Bend (formerly Marfa)" or
# "big_bend") are left out, so a second file of the same publication with the same figures
# changes nothing.
COMPARED = (
    "measure", "unit", "period", "period_type", "period_start", "period_end", "area",
    "area_level", "dimensions", "value", "status", "flags",
)  # fmt: skip


def _layout_for(path: Path, source: str, header: list[str], head: list[str]) -> lay.Layout:
    raw = lay.detect_raw(head)
    if raw is not None:
        raise ImportFileError(
            f"{path.name}: {raw.why}; it cannot be read reliably. Import the clean table "
            f"{raw.clean_file} instead (testigo import {raw.source} PATH)"
        )
    layout, missing = lay.detect_layout(header)
    if layout is None:
        known = ", ".join(lay.LAYOUTS_BY_SOURCE[source])
        raise ImportFileError(f"{path.name}: not a known {source} file (known layouts: {known})")
    if layout.source != source:
        raise ImportFileError(
            f"{path.name}: this is a {layout.source} file (layout {layout.name}); import "
            f"it with: testigo import {layout.source} PATH"
        )
    if missing:
        raise ImportFileError(
            f"{path.name}: layout {layout.name} but the header lacks "
            + ", ".join(repr(m) for m in missing)
        )
    return layout


def read_cbp(
    path: Path,
    *,
    source: str,
    progress: Progress | None = None,
    fiscal_year: int | None = None,
) -> ParsedFile:
    """Read a file of the CBP ``source`` (one of ``layouts.LAYOUTS_BY_SOURCE``).

    ``fiscal_year`` is needed only by the FY2017 breakdown tables, which carry no year column:
    by default it is read from the file name (``…fy2017…``). Raises :class:`ImportFileError`
    for an unreadable file, another source's file, a raw extraction, or a header lacking
    columns; bad cells do not raise but fill ``report.errors``.
    """
    table = read_delimited(path)
    layout = _layout_for(path, source, table.header, table.head)
    collector = Collector(layout)
    width = len(table.header)
    rows: list[tuple[int, dict[str, str]]] = []
    for line, cells in table.rows:
        if len(cells) != width:
            collector.report.error(
                line, "", f"{len(cells)} fields, header {width}",
                "wrong number of fields in this row", "width",
            )  # fmt: skip
            continue
        rows.append((line, dict(zip(table.header, cells, strict=True))))
    reader = _reader(path, layout, fiscal_year, collector)
    reader(collector, rows)
    if progress is not None:
        progress(len(table.rows), len(table.rows))
    return collector.parsed(len(table.rows))


def _reader(
    path: Path, layout: lay.Layout, fiscal_year: int | None, collector: Collector
) -> Callable[[Collector, list[tuple[int, dict[str, str]]]], None]:
    if layout in (lay.PROFILE_GENDER, lay.PROFILE_JUVENILE):
        year = fiscal_year or fiscal_year_from_name(path.name)
        if year is None:
            collector.report.error(
                None, "", path.name,
                "this table has no year column and the file name states no single fiscal "
                "year (e.g. …fy2017…): rename the file or give the fiscal year",
                "no_fiscal_year",
            )  # fmt: skip
        read = profiles.read_gender if layout is lay.PROFILE_GENDER else profiles.read_juvenile
        return partial(_with_year, read, year)
    return READERS[layout.name]


def _with_year(
    read: Callable[..., None], year: int | None, collector: Collector, rows: list
) -> None:
    read(collector, rows, year)


READERS: dict[str, Callable[[Collector, list[tuple[int, dict[str, str]]]], None]] = {
    lay.NATIONWIDE_BY_STATE.name: encounters.read_nationwide_by_state,
    lay.SWB_BY_CITIZENSHIP.name: encounters.read_swb_by_citizenship,
    lay.USBP_BY_SECTOR.name: encounters.read_usbp_by_sector,
    lay.USBP_SOUTHWEST_WIDE.name: encounters.read_usbp_southwest_wide,
    lay.SECTOR_PROFILES.name: profiles.read_sector_profiles,
}


def write_observations(ctx: WriteContext, parsed: Parsed) -> UpsertCounts:
    """Create/update/leave unchanged ``Observation`` rows by source key (audit rows included).

    ``parsed.records`` are :class:`~testigo.imports.upsert.KeyedRecord` s with Observation
    field names; only ``COMPARED`` fields decide whether a stored observation changed.
    """
    from testigo.observations.models import Observation

    records: list[KeyedRecord] = list(parsed.records)
    return keyed_upsert(Observation, records, ctx=ctx, compared=COMPARED)
