"""Sources side by side: the same figure from two sources, with the difference explained.

The first comparison is **deaths on the Arizona border by year**:

- IOM **Missing Migrants Project** (dataset ``mmp``): persons dead (``dead``) in incidents on
  the route "US–Mexico border crossing" whose coordinates fall in Arizona
  (:data:`ARIZONA_OUTLINE`, below), by the year of the incident;
- **Arizona OpenGIS Initiative for Deceased Migrants** (dataset ``arizona-ogis``, Humane
  Borders with the Pima County Office of the Medical Examiner): remains recovered in southern
  Arizona (``dead``, one per record), by the year the remains were reported.

Both series are read through the publication gate (``published_counts`` with ``where``):
nothing here reads records, and a suppressed figure stays ``None`` (its difference too).
The two sources largely count the same people (MMP cites PCOME): they are compared, never
added together.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from testigo.publication.gate import PublishedTable, published_counts
from testigo.statistics.dimensions import (
    DIMENSIONS,
    Dimension,
    register_dimension,
    subdivision_label,
)
from testigo.statistics.disclosure import DisclosureRule

US_MEXICO_ROUTE = "us_mexico_border_crossing"
MMP_DATASET = "mmp"
OGIS_DATASET = "arizona-ogis"
ARIZONA = "US-AZ"
STATE_BY_COORDINATES = "state_by_coordinates"

# Arizona's outline as (longitude, latitude), WGS 84 decimal degrees, simplified by hand from
# the boundary's legal description: the 37th parallel (north, Utah), the meridian 109°03' W
# (east, New Mexico), the parallel 31°20' N from 109°03' W to 111°04' W, then the straight
# Gadsden Purchase line to the Colorado River 20 miles below the Gila (south, Sonora), and the
# Colorado River up to Lake Mead and the meridian 114°03' W (west, Baja California,
# California, Nevada), with river points at Yuma, Imperial Dam, Blythe, Parker Dam, Lake
# Havasu, Topock, the California–Nevada corner, Davis Dam and Hoover Dam. Within about 1 km of
# the Census boundary: a point on the border line itself (a death at the fence, in the river)
# may fall on either side. Good enough to place reported coordinates, not to survey.
ARIZONA_OUTLINE: tuple[tuple[float, float], ...] = (
    (-109.0452, 36.9990),
    (-109.0503, 31.3323),
    (-111.0747, 31.3322),
    (-114.8135, 32.4943),
    (-114.7196, 32.7181),
    (-114.6150, 32.7270),
    (-114.5200, 32.7600),
    (-114.4650, 32.8830),
    (-114.6800, 33.3000),
    (-114.5350, 33.6040),
    (-114.1390, 34.2960),
    (-114.3700, 34.4700),
    (-114.4900, 34.7200),
    (-114.6332, 35.0017),
    (-114.5710, 35.1970),
    (-114.7377, 36.0156),
    (-114.0506, 36.1000),
    (-114.0506, 37.0000),
)


def point_in_polygon(
    longitude: float, latitude: float, polygon: Sequence[tuple[float, float]]
) -> bool:
    """Whether a point lies inside ``polygon`` ((lon, lat) vertices), by ray casting.

    Planar (longitude/latitude as x/y), which is fine for a state-sized polygon away from
    the poles and the antimeridian. Points exactly on an edge may fall on either side.
    """
    inside = False
    count = len(polygon)
    for i in range(count):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % count]
        if (y1 > latitude) != (y2 > latitude):
            crossing = x1 + (latitude - y1) * (x2 - x1) / (y2 - y1)
            if longitude < crossing:
                inside = not inside
    return inside


def state_from_coordinates(values: tuple) -> str | None:
    """``"US-AZ"`` when ``(latitude, longitude)`` lies in :data:`ARIZONA_OUTLINE`, else ``None``.

    Only Arizona's outline is held so far; every other point (or no coordinates) is ``None``
    (not placed).
    """
    latitude, longitude = values
    if latitude is None or longitude is None:
        return None
    return ARIZONA if point_in_polygon(longitude, latitude, ARIZONA_OUTLINE) else None


def register_state_by_coordinates() -> None:
    """Register the ``state_by_coordinates`` dimension for events (idempotent).

    The dimension places an event in a US state from its coordinates (only Arizona so far),
    for sources such as MMP that give coordinates but no state. It is added to the
    dimension registry and to the ``events`` kind of ``statistics.kinds`` when that exists.
    """
    if STATE_BY_COORDINATES not in DIMENSIONS:
        register_dimension(
            Dimension(
                STATE_BY_COORDINATES,
                gettext_lazy("state (from coordinates)"),
                ("latitude", "longitude"),
                state_from_coordinates,
                subdivision_label,
            )
        )
    try:
        from testigo.statistics.kinds import KINDS, Access, register_kind
    except ImportError:  # an engine without record kinds reads DIMENSIONS directly
        return
    events = KINDS["events"]
    if STATE_BY_COORDINATES not in events.paths:
        paths = {**events.paths, STATE_BY_COORDINATES: Access(("latitude", "longitude"))}
        register_kind(dataclasses.replace(events, paths=paths))


register_state_by_coordinates()


@dataclass(frozen=True)
class ComparisonRow:
    """One period: each source's figure (``None`` = suppressed or not covered) and
    ``difference`` = first − second (``None`` unless both are known)."""

    period: int
    first: int | None
    second: int | None
    difference: int | None


@dataclass(frozen=True)
class SourceComparison:
    """The same figure from two sources by period, and why they differ.

    ``first_table``/``second_table`` are the gate's tables the rows were read from;
    ``first_years``/``second_years`` the span of years each source covers in them;
    ``unknown_period`` the figures whose date is not known to the year.
    """

    unit: str
    first_source: str
    second_source: str
    rows: list[ComparisonRow]
    first_table: PublishedTable
    second_table: PublishedTable
    first_years: tuple[int, int] | None
    second_years: tuple[int, int] | None
    unknown_period: tuple[int | None, int | None]

    def overlap(self) -> list[ComparisonRow]:
        """The rows of the years both sources cover."""
        return [r for r in self.rows if r.first is not None and r.second is not None]

    def explanation(self, lang: str = "es") -> list[str]:
        """Why the figures differ, in plain language (``lang``: ``es`` or ``en``)."""
        with translation.override(lang):
            return _arizona_explanation(self)


def _series(table: PublishedTable, unit: str) -> tuple[dict[int, int | None], int | None]:
    years: dict[int, int | None] = {}
    unknown: int | None = 0
    for row in table.rows:
        key = row.key[0]
        if key is None:
            unknown = row.values[unit]
        else:
            years[int(key)] = row.values[unit]
    return years, unknown


def _value(series: dict[int, int | None], span: tuple[int, int] | None, year: int) -> int | None:
    """The published value; 0 inside the source's span with no row; ``None`` outside it."""
    if year in series:
        return series[year]
    if span is not None and span[0] <= year <= span[1]:
        return 0
    return None


def arizona_border_deaths(*, rule: DisclosureRule | None = None) -> SourceComparison:
    """Deaths on the Arizona border by year: IOM MMP beside Arizona OpenGIS (through the gate).

    Returns a :class:`SourceComparison` with ``unit`` ``"dead"``: ``first`` = MMP (route
    US–Mexico border crossing, coordinates in :data:`ARIZONA_OUTLINE`, incident year),
    ``second`` = OGIS (all its records, reporting year). Rows cover every year of either
    source; a year outside a source's span is ``None`` for it. ``rule`` overrides the gate's
    disclosure rule.
    """
    unit = "dead"
    mmp = published_counts(
        units=(unit,),
        by=("year",),
        where={
            "dataset": MMP_DATASET,
            "migration_route": US_MEXICO_ROUTE,
            STATE_BY_COORDINATES: ARIZONA,
        },
        rule=rule,
    )
    ogis = published_counts(units=(unit,), by=("year",), where={"dataset": OGIS_DATASET}, rule=rule)
    first, first_unknown = _series(mmp, unit)
    second, second_unknown = _series(ogis, unit)
    first_span = (min(first), max(first)) if first else None
    second_span = (min(second), max(second)) if second else None
    years = sorted(set(first) | set(second))
    rows = []
    for year in range(years[0], years[-1] + 1) if years else ():
        a, b = _value(first, first_span, year), _value(second, second_span, year)
        rows.append(ComparisonRow(year, a, b, a - b if a is not None and b is not None else None))
    return SourceComparison(
        unit=unit,
        first_source="IOM Missing Migrants Project",
        second_source="Arizona OpenGIS Initiative for Deceased Migrants",
        rows=rows,
        first_table=mmp,
        second_table=ogis,
        first_years=first_span,
        second_years=second_span,
        unknown_period=(first_unknown, second_unknown),
    )


def _arizona_explanation(comparison: SourceComparison) -> list[str]:
    paragraphs = [
        _(
            "What each source counts: the Arizona OpenGIS Initiative for Deceased Migrants "
            "(Humane Borders with the Pima County Office of the Medical Examiner) counts the "
            "remains of migrants recovered in southern Arizona and examined by the medical "
            "examiner. IOM's Missing Migrants Project counts deaths reported by medical "
            "examiners, the Border Patrol, the media and other sources along the whole "
            "US–Mexico border; here only those whose coordinates fall in Arizona."
        ),
        _(
            "Dates: OGIS dates each death by the day the remains were reported to the medical "
            "examiner, which can be months or years after the death when only bones are "
            "found; MMP dates the incident when it is known. The same death can fall in "
            "different years in the two series."
        ),
        _(
            "Place: MMP coordinates are sometimes approximate (a town or a county), and "
            "Testigo places them in Arizona with a simplified outline of the state, so deaths "
            "at the border line or in the Colorado River may fall on either side. OGIS "
            "includes remains examined by the Pima County medical examiner for other southern "
            "Arizona counties."
        ),
        _(
            "The two sources largely count the same people (MMP cites the Pima County medical "
            "examiner): compare them, do not add them together."
        ),
    ]
    if comparison.first_years and comparison.second_years:
        paragraphs.append(
            _(
                "Coverage: MMP figures run from %(first_start)s to %(first_end)s, OGIS figures "
                "from %(second_start)s to %(second_end)s; the last year of each may be "
                "incomplete (the export ended during that year)."
            )
            % {
                "first_start": comparison.first_years[0],
                "first_end": comparison.first_years[1],
                "second_start": comparison.second_years[0],
                "second_end": comparison.second_years[1],
            }
        )
    overlap = comparison.overlap()
    if overlap:
        paragraphs.append(
            _(
                "In the years both sources cover (%(start)s–%(end)s), MMP counts %(first)s "
                "deaths and OGIS %(second)s."
            )
            % {
                "start": overlap[0].period,
                "end": overlap[-1].period,
                "first": sum(r.first or 0 for r in overlap),
                "second": sum(r.second or 0 for r in overlap),
            }
        )
    return paragraphs
