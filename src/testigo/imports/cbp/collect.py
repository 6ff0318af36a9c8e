"""Collecting observations from a file's rows: source keys, repeats, cell errors, totals.

An observation's source key is its SDMX-style series key plus period:
``measure/period/area/concept=code;concept=code`` (concepts sorted). Files of the same CBP
publication (the merged and hand-cleaned sector profiles, the sector PSV and the wide
Southwest-border file) therefore give the same key to the same figure, and importing the
second changes nothing when the figures agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from testigo.imports.cbp import codes
from testigo.imports.cbp.layouts import Layout
from testigo.imports.cbp.normalise import CellError, Period
from testigo.imports.report import RowReport
from testigo.imports.upsert import KeyedRecord

T = TypeVar("T")

PUBLISHED_TOTAL = "published_total"  # a total row/column of the source, kept at its own level
FOOTNOTE = "footnote"  # the source marks the value with a footnote (asterisks)
NOT_AVAILABLE = "not_available"  # the source prints N/A (not tracked there)


def source_key(measure: str, period: str, area: str, dimensions: Mapping[str, str]) -> str:
    """``encounters/2020-10/US-TX/citizenship=MX;demographic=single_adults``."""
    dims = ";".join(f"{k}={v}" for k, v in sorted(dimensions.items()))
    return f"{measure}/{period}/{area}/{dims}"


@dataclass
class ParsedFile:
    """What reading one CBP file gives: layout, observations as keyed records, the report."""

    layout: Layout
    records: list[KeyedRecord]
    report: RowReport
    rows: int


@dataclass
class _Part:
    line: int
    column: str
    value: Decimal | None
    area: codes.Area


@dataclass
class Collector:
    """Builds observations row by row and reports every bad cell with line and column."""

    layout: Layout
    report: RowReport = field(default_factory=RowReport)
    records: list[KeyedRecord] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    _groups: dict[tuple[str, str, str], list[_Part]] = field(default_factory=dict)

    def cell(self, line: int, column: str, raw: str, func: Callable[[str], T]) -> T | None:
        """``func(raw)``, or ``None`` after reporting the ``CellError`` at line/column."""
        try:
            return func(raw)
        except CellError as exc:
            self.report.error(line, column, raw, str(exc), f"bad_{_code(column)}")
            return None

    def add(
        self,
        line: int,
        column: str,
        *,
        measure: str,
        unit: str,
        period: Period,
        area: codes.Area,
        area_name: str,
        value: Decimal | int | None,
        dimensions: Mapping[str, str] | None = None,
        flags: tuple[str, ...] = (),
    ) -> None:
        """Add one observation; a repeated key is a row error naming the first line."""
        dims = dict(dimensions or {})
        key = source_key(measure, period.period, area.code, dims)
        if key in self.lines:
            self.report.error(
                line, column, key, f"repeats the observation of line {self.lines[key]}",
                "duplicate_observation",
            )  # fmt: skip
            return
        self.lines[key] = line
        number = None if value is None else Decimal(value)
        all_flags = [*flags, PUBLISHED_TOTAL] if area.is_total else list(flags)
        self.records.append(
            KeyedRecord(
                key,
                {
                    "measure": measure,
                    "unit": unit,
                    "period": period.period,
                    "period_type": period.period_type,
                    "period_start": period.start,
                    "period_end": period.end,
                    "area": area.code,
                    "area_level": area.level,
                    "area_name": area_name[:200],
                    "dimensions": dims,
                    "value": number,
                    "status": "A" if number is not None else "M",
                    "flags": sorted(set(all_flags)),
                    "source": self.layout.citation,
                },
            )
        )
        group = (measure, period.period, key.rsplit("/", 1)[1])
        self._groups.setdefault(group, []).append(_Part(line, column, number, area))

    def check_area_totals(self) -> None:
        """Warn (``total_differs``) where a published area total differs from the sum of the
        sectors the file gives for the same measure, period and breakdown.

        Sector-profile staffing totals include agents outside any sector (their footnotes
        say so) and drug weights are rounded, so a difference is reported, never corrected.
        """
        if self.report.errors:
            return
        for parts in self._groups.values():
            by_area = {p.area.code: p for p in parts}
            for total in (p for p in parts if p.area.is_total):
                found = [by_area[a] for a in total.area.parts if a in by_area]
                values = [p.value for p in found if p.value is not None]
                if not values or total.value is None:
                    continue
                computed = sum(values, Decimal(0))
                if computed != total.value:
                    self.report.warn(
                        total.line, total.column, total.value,
                        f"published total differs from the sum of its {len(found)} sectors "
                        f"({computed}); kept as published",
                        "total_differs",
                    )  # fmt: skip

    def check_sum(
        self, line: int, column: str, total: int | None, parts: list[int | None], what: str
    ) -> None:
        """Warn (``total_differs``) when a published total column differs from its parts."""
        if total is None or any(p is None for p in parts):
            return
        computed = sum(p for p in parts if p is not None)
        if computed != total:
            self.report.warn(
                line, column, total,
                f"published total differs from the sum of {what} ({computed})", "total_differs",
            )  # fmt: skip

    def parsed(self, rows: int) -> ParsedFile:
        """The result, after the total checks."""
        self.check_area_totals()
        return ParsedFile(self.layout, self.records, self.report, rows)


def _code(column: str) -> str:
    return "_".join(column.lower().replace("(", "").replace(")", "").split())[:40]
