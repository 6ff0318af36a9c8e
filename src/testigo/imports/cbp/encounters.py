"""Row readers for CBP encounters tables (monthly): nationwide by state, Southwest land border
by citizenship grouping, Border Patrol by sector (PSV) and the Southwest-border wide table.

Each reader takes the file's rows ``(line, cells)`` and adds observations to a
:class:`~testigo.imports.cbp.collect.Collector`. Measure ``encounters`` (unit ``number``: CBP
counts events, and one person may be encountered more than once), period ``YYYY-MM`` placed
in the right calendar year by :func:`~testigo.imports.cbp.normalise.fiscal_month_period`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from testigo.imports.cbp import codes
from testigo.imports.cbp import normalise as norm
from testigo.imports.cbp.collect import Collector
from testigo.imports.cbp.layouts import MONTH_COLUMNS, PSV_SECTOR_COLUMNS, PSV_TOTAL_COLUMNS

Rows = Iterable[tuple[int, dict[str, str]]]
MEASURE = "encounters"
UNIT = "number"
MONTH_GROUPINGS = {"FYTD": "FYTD", "Remaining": "Remaining"}
SOUTHWEST_REGION = codes.TOTALS["Southwest Border"]


def _count(collector: Collector, line: int, column: str, raw: str) -> int | None:
    value = collector.cell(line, column, raw, norm.whole_number)
    if value is None and raw.strip() == "":
        collector.report.warn(line, column, "", "blank count kept as a missing value", "blank")
    return value


def _month_period(
    collector: Collector, line: int, row: dict[str, str], month_reader: Callable[[str], int]
) -> norm.Period | None:
    fy = collector.cell(line, "Fiscal Year", row["Fiscal Year"], norm.fiscal_year)
    month = collector.cell(line, "Month (abbv)", row["Month (abbv)"], month_reader)
    collector.cell(
        line, "Month Grouping", row["Month Grouping"],
        lambda v: norm.label_code(v, MONTH_GROUPINGS, "month grouping"),
    )  # fmt: skip
    if fy is None or month is None:
        return None
    return norm.fiscal_month_period(fy, month)


def read_nationwide_by_state(collector: Collector, rows: Rows) -> None:
    """CBP Nationwide Encounters by state: one observation per row.

    Area: the state's ISO 3166-2 code (``state``). Dimensions: ``land_border_region``,
    ``demographic``, ``citizenship`` (ISO 3166-1 alpha-2, ``_O`` other) and
    ``title_of_authority``.
    """
    for line, row in rows:
        period = _month_period(collector, line, row, norm.month_abbreviation)
        state = collector.cell(line, "State", row["State"], norm.state_area)
        dims = {
            "land_border_region": collector.cell(
                line, "Land Border Region", row["Land Border Region"],
                lambda v: norm.label_code(v, codes.LAND_BORDER_REGIONS, "land border region"),
            ),
            "demographic": collector.cell(
                line, "Demographic", row["Demographic"],
                lambda v: norm.label_code(v, codes.DEMOGRAPHICS, "demographic"),
            ),
            "citizenship": collector.cell(
                line, "Citizenship", row["Citizenship"], norm.citizenship_code
            ),
            "title_of_authority": collector.cell(
                line, "Title of Authority", row["Title of Authority"],
                lambda v: norm.label_code(v, codes.TITLES_OF_AUTHORITY, "title of authority"),
            ),
        }  # fmt: skip
        value = _count(collector, line, "Encounter Count", row["Encounter Count"])
        if period is None or state is None or None in dims.values():
            continue
        collector.add(
            line, "Encounter Count", measure=MEASURE, unit=UNIT, period=period,
            area=codes.Area(state, codes.STATE_LEVEL), area_name=row["State"].strip(),
            value=value, dimensions=dims,  # type: ignore[arg-type]  # None excluded above
        )  # fmt: skip


def read_swb_by_citizenship(collector: Collector, rows: Rows) -> None:
    """CBP Southwest Land Border Encounters: one observation per row, area ``border:southwest``.

    Dimensions: ``component`` (``USBP``/``OFO``), ``demographic``, ``citizenship`` (the
    file's grouping: four countries as ISO 3166-1 alpha-2 and ``_O`` for every other),
    ``title_of_authority``, ``encounter_type``. ``UAC`` and ``UC / Single Minors`` are the
    same code (``unaccompanied_children``); if both appeared for one month the repeat is an
    error.
    """
    area = codes.Area(codes.SOUTHWEST, codes.REGION_LEVEL)
    for line, row in rows:
        period = _month_period(collector, line, row, norm.month_abbreviation)
        dims = {
            "component": collector.cell(
                line, "Component", row["Component"],
                lambda v: norm.label_code(v, codes.COMPONENTS, "component"),
            ),
            "demographic": collector.cell(
                line, "Demographic", row["Demographic"],
                lambda v: norm.label_code(v, codes.DEMOGRAPHICS, "demographic"),
            ),
            "citizenship": collector.cell(
                line, "Citizenship Grouping", row["Citizenship Grouping"],
                norm.citizenship_code,
            ),
            "title_of_authority": collector.cell(
                line, "Title of Authority", row["Title of Authority"],
                lambda v: norm.label_code(v, codes.TITLES_OF_AUTHORITY, "title of authority"),
            ),
            "encounter_type": collector.cell(
                line, "Encounter Type", row["Encounter Type"],
                lambda v: norm.label_code(v, codes.ENCOUNTER_TYPES, "encounter type"),
            ),
        }  # fmt: skip
        value = _count(collector, line, "Encounter Count", row["Encounter Count"])
        if period is None or None in dims.values():
            continue
        collector.add(
            line, "Encounter Count", measure=MEASURE, unit=UNIT, period=period, area=area,
            area_name="Southwest Land Border", value=value,
            dimensions=dims,  # type: ignore[arg-type]  # None excluded above
        )  # fmt: skip


def calendar_year_check(fiscal_year: int, month: int, calendar_year: int) -> None:
    """The file's own calendar year must follow the fiscal-year rule; else ``CellError``."""
    expected = norm.fiscal_month_year(fiscal_year, month)
    if calendar_year != expected:
        raise norm.CellError(
            f"calendar year contradicts fiscal year {fiscal_year} month {month} "
            f"(expected {expected})"
        )


def read_usbp_by_sector(collector: Collector, rows: Rows) -> None:
    """Border Patrol monthly encounters, one row per month, one column per sector (PSV).

    Every sector column gives a ``USBP:<code>`` observation; the region and monthly-total
    columns give ``border:<region>`` and ``US`` observations flagged ``published_total`` and
    checked against their sectors. The ``cy`` column is checked against the fiscal-year rule.
    """
    for line, row in rows:
        fy = collector.cell(line, "fy", row["fy"], norm.fiscal_year)
        month = collector.cell(line, "month", row["month"], norm.month_number)
        cy = collector.cell(line, "cy", row["cy"], norm.fiscal_year)
        if fy is None or month is None or cy is None:
            continue
        errors = len(collector.report.errors)
        collector.cell(
            line,
            "cy",
            row["cy"],
            lambda _v, f=fy, m=month, c=cy: calendar_year_check(f, m, c),
        )
        if len(collector.report.errors) > errors:
            continue
        period = norm.fiscal_month_period(fy, month)
        for column in (*PSV_SECTOR_COLUMNS, *PSV_TOTAL_COLUMNS):
            value = _count(collector, line, column, row[column])
            area = norm.sector_area(column)  # the layout's columns are all known names
            collector.add(
                line, column, measure=MEASURE, unit=UNIT, period=period, area=area,
                area_name=column, value=value,
            )  # fmt: skip


def read_usbp_southwest_wide(collector: Collector, rows: Rows) -> None:
    """Southwest-border monthly encounters, wide: one row per fiscal year, one column per
    month (``"91,410"``) and a ``Yearly Total``.

    Reshaped to one ``border:southwest`` observation per month (flagged ``published_total``,
    the same keys as the sector PSV's ``southwest_border`` column). The yearly total is not
    imported (it is the sum of the months) but checked: a difference is a warning.
    """
    for line, row in rows:
        fy = collector.cell(line, "Fiscal Year", row["Fiscal Year"], norm.fiscal_year)
        values: list[int | None] = []
        for column in MONTH_COLUMNS:
            value = _count(collector, line, column, row[column])
            values.append(value)
            if fy is None:
                continue
            collector.add(
                line, column, measure=MEASURE, unit=UNIT,
                period=norm.fiscal_month_period(fy, codes.MONTH_NAMES[column]),
                area=SOUTHWEST_REGION, area_name="Southwest Border", value=value,
            )  # fmt: skip
        total = _count(collector, line, "Yearly Total", row["Yearly Total"])
        collector.check_sum(line, "Yearly Total", total, values, "the months")
