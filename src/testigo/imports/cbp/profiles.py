"""Row readers for the Border Patrol sector profiles (one row per sector or total, per
fiscal year): the merged/hand-cleaned profile table and the FY2017 breakdowns by gender and by
juvenile/adult.

Total rows (``Southwest Border Sectors Total``, ``Nationwide Total``…) are kept as
observations of their region (``border:<region>``) or of ``US``, flagged ``published_total``
and checked against their sectors. Totals over a breakdown (``Total Apprehensions`` beside
``Female`` and ``Male``) are the observation without that concept, SDMX-style.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from testigo.imports.cbp import codes
from testigo.imports.cbp import normalise as norm
from testigo.imports.cbp.collect import FOOTNOTE, NOT_AVAILABLE, Collector

Rows = Iterable[tuple[int, dict[str, str]]]


@dataclass(frozen=True)
class Measure:
    """How a profile column becomes an observation."""

    measure: str
    unit: str
    dimensions: tuple[tuple[str, str], ...] = ()
    reader: Callable[[str], int | Decimal | None] = norm.whole_number


PROFILE_MEASURES: dict[str, Measure] = {
    "AGENT_STAFFING": Measure("agent_staffing", "persons"),
    "APPREHENSIONS": Measure("apprehensions", "number"),
    # "Other than Mexican": CBP's own citizenship grouping, code OTM.
    "OTHER_THAN_MEXICAN_APPREHENSIONS": Measure(
        "apprehensions", "number", (("citizenship", "OTM"),)
    ),
    "CANNABIS": Measure("marijuana_seized", "lb", reader=norm.decimal_number),
    "COCAINE": Measure("cocaine_seized", "lb", reader=norm.decimal_number),
    "ACCEPTED_PROSECUTIONS": Measure("accepted_prosecutions", "number"),
    "ASSAULTS": Measure("assaults_on_agents", "number"),
    "RESCUES": Measure("rescues", "persons"),
    "DEATHS": Measure("deaths", "persons"),
}

GENDER_MEASURES: dict[str, Measure] = {
    "Female": Measure("apprehensions", "number", (("sex", "F"),)),
    "Male": Measure("apprehensions", "number", (("sex", "M"),)),
    "Total Apprehensions": Measure("apprehensions", "number"),
}

JUVENILE_MEASURES: dict[str, Measure] = {
    "Accompanied Juveniles": Measure(
        "apprehensions", "number", (("age_group", "minors"), ("accompaniment", "accompanied"))
    ),
    "Unaccompanied Juveniles": Measure(
        "apprehensions", "number", (("age_group", "minors"), ("accompaniment", "unaccompanied"))
    ),
    "Total Juveniles": Measure("apprehensions", "number", (("age_group", "minors"),)),
    "Total Adults": Measure("apprehensions", "number", (("age_group", "adults"),)),
    "Total Apprehensions": Measure("apprehensions", "number"),
}


def profile_value(
    raw: str, reader: Callable[[str], int | Decimal | None]
) -> tuple[int | Decimal | None, tuple[str, ...]]:
    """A profile cell → (value, flags). ``"21,444 **"`` → (21444, ("footnote",));
    ``"N/A ***"`` → (None, ("footnote", "not_available")); blank → (None, ()).
    Raises ``CellError`` for anything ``reader`` refuses."""
    text, marker = norm.split_footnote(raw)
    flags = (FOOTNOTE,) if marker else ()
    if text in norm.NOT_AVAILABLE:
        return None, (*flags, NOT_AVAILABLE)
    return reader(text), flags


def _sector(collector: Collector, line: int, raw: str) -> tuple[codes.Area | None, str]:
    area = collector.cell(line, "SECTOR", raw, norm.sector_area)
    return area, norm.split_footnote(raw)[0]


def _row(
    collector: Collector,
    line: int,
    row: dict[str, str],
    fiscal_year: int | None,
    measures: dict[str, Measure],
) -> dict[str, int | Decimal | None]:
    area, name = _sector(collector, line, row["SECTOR"])
    values: dict[str, int | Decimal | None] = {}
    for column, spec in measures.items():
        read = collector.cell(
            line, column, row[column], lambda v, r=spec.reader: profile_value(v, r)
        )
        if read is None:
            continue
        value, flags = read
        values[column] = value
        if area is None or fiscal_year is None:
            continue
        collector.add(
            line, column, measure=spec.measure, unit=spec.unit,
            period=norm.fiscal_year_period(fiscal_year), area=area, area_name=name,
            value=value, dimensions=dict(spec.dimensions), flags=flags,
        )  # fmt: skip
    return values


def read_sector_profiles(collector: Collector, rows: Rows) -> None:
    """The sector-profile table (merged all-sector file or Southwest hand-cleaned file):
    one row per sector or total and fiscal year (``YEAR``), nine measures."""
    for line, row in rows:
        fy = collector.cell(line, "YEAR", row["YEAR"], norm.fiscal_year)
        _row(collector, line, row, fy, PROFILE_MEASURES)


def read_gender(collector: Collector, rows: Rows, fiscal_year: int | None) -> None:
    """Apprehensions by sex (``sex`` F/M; the total has no ``sex``) for one fiscal year."""
    for line, row in rows:
        values = _row(collector, line, row, fiscal_year, GENDER_MEASURES)
        if len(values) == len(GENDER_MEASURES):
            collector.check_sum(
                line, "Total Apprehensions", _int(values["Total Apprehensions"]),
                [_int(values["Female"]), _int(values["Male"])], "Female and Male",
            )  # fmt: skip


def read_juvenile(collector: Collector, rows: Rows, fiscal_year: int | None) -> None:
    """Apprehensions of accompanied/unaccompanied juveniles and adults for one fiscal year
    (``age_group`` minors/adults, ``accompaniment`` for minors; totals omit the concept)."""
    for line, row in rows:
        v = {
            k: _int(x)
            for k, x in _row(collector, line, row, fiscal_year, JUVENILE_MEASURES).items()
        }
        if len(v) != len(JUVENILE_MEASURES):
            continue
        collector.check_sum(
            line, "Total Juveniles", v["Total Juveniles"],
            [v["Accompanied Juveniles"], v["Unaccompanied Juveniles"]], "the juveniles",
        )  # fmt: skip
        collector.check_sum(
            line, "Total Apprehensions", v["Total Apprehensions"],
            [v["Total Juveniles"], v["Total Adults"]], "juveniles and adults",
        )  # fmt: skip


def _int(value: int | Decimal | None) -> int | None:
    return None if value is None else int(value)
