"""World Bank Remittance Prices Worldwide (corridors, DataBank CSV) → observations.

One row per sending country × series × receiving country, one column per quarter
(``2011Q1 [YR2011Q1]``). Each quarter cell with a value becomes one observation:

- **measure** ``remittance_cost`` in ``percent`` of the amount sent (USD 200), from the
  series code (``ATCR.CORR`` = average total cost to remit in the corridor, all firm types);
- **area** the corridor ``US-MX`` (``area_level`` ``corridor``), **dimensions**
  ``corridor_source`` / ``corridor_destination`` (ISO 3166-1 alpha-2), ``series``,
  ``firm_type`` (``_T`` = all firms) and ``amount`` (``USD200``);
- **period** the SDMX quarter ``2020-Q3``.

``..`` cells (no prices collected that quarter) are not stored; their number is one
warning. Negative costs are kept, flagged ``negative_cost`` and reported as warnings. The
trailing blank rows and the "Data from database… / Last Updated…" lines are the export's
footer and are skipped. Every other problem is a row error with line and column.
Rules are documented in docs/imports/worldbank.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from testigo.imports.files import read_table
from testigo.imports.report import ImportFileError, RowReport, report_width
from testigo.imports.upsert import KeyedRecord
from testigo.imports.worldbank import normalise as norm

DATASET = "worldbank-rpw"
SOURCE = "World Bank, Remittance Prices Worldwide (Corridors), DataBank"
SENDING_CODE = "Sending Countries Code"
SENDING_NAME = "Sending Countries Name"
RECEIVING_CODE = "Receiving Countries Code"
RECEIVING_NAME = "Receiving Countries Name"
SERIES_CODE = "Series Code"
SERIES_NAME = "Series Name"
REQUIRED = (SENDING_NAME, SENDING_CODE, SERIES_NAME, SERIES_CODE, RECEIVING_NAME, RECEIVING_CODE)
FOOTER_PREFIXES = ("Data from database:", "Last Updated:")


@dataclass(frozen=True)
class Series:
    """What a DataBank series code means: the measure, unit and firm type it holds."""

    measure: str
    unit: str
    firm_type: str  # SDMX-like code; _T = all firm types


SERIES: dict[str, Series] = {
    # Average Total Cost to remit in corridor (% of USD 200): SDG 10.c.1's corridor figure.
    "ATCR.CORR": Series("remittance_cost", "percent", "_T"),
}


@dataclass
class Layout:
    name: str
    quarters: dict[str, tuple[str, dt.date, dt.date]] = field(default_factory=dict)
    last_updated: str = ""


@dataclass
class ParsedFile:
    """The result of reading one export: its layout, the observations and the row report."""

    layout: Layout
    records: list[KeyedRecord]
    report: RowReport
    rows: int


def read_rpw(
    path: Path, *, progress: Callable[[int, int | None], None] | None = None
) -> ParsedFile:
    """Read an RPW corridors DataBank CSV into observation records and a row report.

    Records are :class:`KeyedRecord` with ``testigo.observations.Observation`` fields;
    source keys are ``<series>:<sending ISO3>:<receiving ISO3>:<YYYY-Qn>``. Raises
    :class:`ImportFileError` when the file is unreadable or not an RPW corridors export.
    """
    table = read_table(path)
    header = [norm.clean_header(h) for h in table.header]
    layout = _layout(path, header)
    report = RowReport()
    records: list[KeyedRecord] = []
    seen: dict[str, int] = {}
    rows = not_surveyed = 0
    footer_line: int | None = None
    for line, raw in table.rows:
        row = {norm.clean_header(k): v for k, v in raw.items()}
        if report_width(report, line, row):
            continue
        first = str(row.get(SENDING_NAME, "")).strip()
        if first.startswith(FOOTER_PREFIXES) and not str(row.get(SENDING_CODE, "")).strip():
            footer_line = footer_line or line
            if first.startswith("Last Updated:"):
                layout.last_updated = first.removeprefix("Last Updated:").strip()
            continue
        if footer_line is not None:
            report.error(
                line, SENDING_NAME, first, f"data after the footer (line {footer_line})",
                "after_footer",
            )  # fmt: skip
            continue
        rows += 1
        not_surveyed += _row(line, row, layout, report, records, seen)
        if progress is not None and rows % 500 == 0:
            progress(rows, table.total)
    if not_surveyed:
        report.warn(
            None, "", not_surveyed,
            f"{not_surveyed} cells '..' (no prices collected that quarter) are not stored",
            "not_surveyed",
        )  # fmt: skip
    if progress is not None:
        progress(rows, table.total)
    return ParsedFile(layout, records, report, rows)


def _layout(path: Path, header: list[str]) -> Layout:
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise ImportFileError(
            f"{path.name}: not a World Bank Remittance Prices Worldwide corridors export "
            f"(no {missing[0]!r} column)"
        )
    layout = Layout("rpw-databank-corridors")
    for name in header:
        if name in REQUIRED:
            continue
        try:
            quarter = norm.quarter_period(name)
        except norm.CellError as exc:
            raise ImportFileError(f"{path.name}: column {name!r}: {exc}") from exc
        if quarter is None:
            raise ImportFileError(
                f"{path.name}: unexpected column {name!r} (expected quarters such as "
                "'2011Q1 [YR2011Q1]')"
            )
        layout.quarters[name] = quarter
    if not layout.quarters:
        raise ImportFileError(f"{path.name}: no quarter columns ('2011Q1 [YR2011Q1]')")
    return layout


def _row(
    line: int,
    row: dict[str, object],
    layout: Layout,
    report: RowReport,
    records: list[KeyedRecord],
    seen: dict[str, int],
) -> int:
    """Append the row's observations to ``records``; return its number of ``..`` cells."""
    errors = len(report.errors)
    codes: dict[str, tuple[str, str, list[str]]] = {}
    for column in (SENDING_CODE, RECEIVING_CODE):
        raw = str(row.get(column, "")).strip()
        try:
            alpha2, flags = norm.country_alpha2(raw)
        except norm.CellError as exc:
            report.error(line, column, raw, str(exc), "bad_country_code")
            continue
        codes[column] = (raw.upper(), alpha2, flags)
    series_code = str(row.get(SERIES_CODE, "")).strip()
    series = SERIES.get(series_code)
    if series is None:
        known = ", ".join(sorted(SERIES))
        report.error(
            line, SERIES_CODE, series_code, f"unknown series (known: {known})", "unknown_series"
        )
    if len(report.errors) > errors or series is None:
        return 0
    (src3, src2, src_flags), (dst3, dst2, dst_flags) = codes[SENDING_CODE], codes[RECEIVING_CODE]
    sending, receiving = str(row[SENDING_NAME]).strip(), str(row[RECEIVING_NAME]).strip()
    not_surveyed = 0
    for column, (period, start, end) in layout.quarters.items():
        raw = str(row.get(column, ""))
        try:
            value = norm.cost_percent(raw)
        except norm.CellError as exc:
            report.error(line, column, raw, str(exc), "bad_cost")
            continue
        if value is None:
            not_surveyed += 1
            continue
        flags = sorted(set(src_flags + dst_flags))
        if value < 0:
            flags.append("negative_cost")
            report.warn(
                line, column, raw.strip(),
                "negative cost (impossible as a price): kept and flagged negative_cost",
                "negative_cost",
            )  # fmt: skip
        key = f"{series_code}:{src3}:{dst3}:{period}"
        if key in seen:
            report.error(
                line, RECEIVING_CODE, dst3, f"repeats the corridor of line {seen[key]}",
                "duplicate_corridor",
            )  # fmt: skip
            return not_surveyed
        seen[key] = line
        records.append(
            KeyedRecord(
                key,
                {
                    "measure": series.measure,
                    "unit": series.unit,
                    "period": period,
                    "period_type": "quarter",
                    "period_start": start,
                    "period_end": end,
                    "area": f"{src2}-{dst2}",
                    "area_level": "corridor",
                    "area_name": f"{sending} → {receiving}"[:200],
                    "dimensions": {
                        "corridor_source": src2,
                        "corridor_destination": dst2,
                        "series": series_code,
                        "firm_type": series.firm_type,
                        "amount": "USD200",
                    },
                    "value": value,
                    "status": "A",
                    "flags": flags,
                    "source": SOURCE,
                },
            )
        )
    return not_surveyed
