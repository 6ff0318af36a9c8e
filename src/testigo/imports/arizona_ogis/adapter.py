"""Arizona OpenGIS deceased-migrant records → events, victims (persons) and acts.

One row is one deceased person whose remains were recovered in southern Arizona and examined
by the Pima County Office of the Medical Examiner (PCOME), as published by Humane Borders.
Each row becomes (docs/imports/arizona-ogis.md):

- an **Event** (dataset ``arizona-ogis``, source key = the ML number): ``dead`` = 1, the
  reporting date as EDTF, country US, state US-AZ, the county in ``source_values``, latitude
  and longitude, the cause of death classified in the ``cause_of_death`` vocabulary where an
  MMP category fits (the OGIS category and PCOME's own wording are always kept);
- a **Person** (the victim; same dataset and key): sex, age, the name encrypted (blank for
  "Unidentified"); the file has no nationality column;
- an **Act** linking the person to the event as its victim (HURIDOCS: the act is the unit
  that ties a victim to an event), with no act type: a death in the desert is recorded, not
  classified as a violation.

The same deaths are in the IOM Missing Migrants Project (MMP cites PCOME): both datasets are
kept, to be linked later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from testigo.core.crypto import blind_index
from testigo.documentation.models import MigrationPhase
from testigo.documentation.services import EventInput
from testigo.imports.arizona_ogis import normalise as norm
from testigo.imports.files import read_table
from testigo.imports.report import ImportFileError, RowReport, report_width
from testigo.vocab.selectors import term_index

DATASET = "arizona-ogis"
SOURCE_NAME = (
    "Humane Borders / Pima County Office of the Medical Examiner: Arizona OpenGIS "
    "Initiative for Deceased Migrants"
)
SOURCE_URL = "https://humaneborders.info/"


@dataclass(frozen=True)
class Layout:
    """The OGIS export's columns (all required)."""

    name: str
    columns: tuple[str, ...]


LAYOUT = Layout(
    name="ogis-2022",
    columns=(
        "ML Number", "Name", "Sex", "Age", "Reporting Date", "Surface Management",
        "Location", "Location Precision", "Corridor Code", "Corridor", "Cause of Death",
        "OME Determined COD", "Condition Code", "Body Condition", "Post Mortem Interval",
        "State", "County", "Latitude", "Longitude", "UTM X", "UTM Y",
    ),
)  # fmt: skip

# Columns kept as given in the event's source_values (key → header).
KEPT_AS_GIVEN = {
    "surface_management": "Surface Management",
    "location": "Location",
    "location_precision": "Location Precision",
    "corridor_code": "Corridor Code",
    "corridor": "Corridor",
    "ome_cause_of_death": "OME Determined COD",
    "condition_code": "Condition Code",
    "body_condition": "Body Condition",
    "utm_x": "UTM X",
    "utm_y": "UTM Y",
}


@dataclass
class OgisRecord:
    """One deceased person: the event, the victim's Person fields, the file line."""

    source_key: str
    line: int
    event: EventInput
    person: dict[str, object] = field(default_factory=dict)


@dataclass
class ParsedFile:
    """The result of reading one OGIS export."""

    layout: Layout
    records: list[OgisRecord]
    report: RowReport
    rows: int


class _Vocab:
    def __init__(self) -> None:
        causes = term_index("cause_of_death")
        self.cause = {t.code: t.pk for t in causes.values()}
        self.sex = {t.code: t.pk for t in term_index("sex").values()}
        routes = term_index("migration_route")
        regions = term_index("region_of_incident")
        self.route = routes["us_mexico_border_crossing"].pk
        self.region = regions["north_america"].pk


def read_arizona_ogis(
    path: Path, *, progress: Callable[[int, int | None], None] | None = None
) -> ParsedFile:
    """Read the OGIS CSV into records (event + person) and a row report.

    Raises :class:`ImportFileError` when the file is unreadable or not an OGIS export
    (no ``ML Number`` column). Missing columns and bad cells are row errors (line, column).
    """
    table = read_table(path)
    if "ML Number" not in table.header:
        raise ImportFileError(
            f"{path.name}: not an Arizona OpenGIS deceased-migrants export (no 'ML Number' column)"
        )
    report = RowReport()
    missing = [c for c in LAYOUT.columns if c not in table.header]
    if missing:
        for header in missing:
            report.error(1, header, "", "missing column", "missing_column")
        return ParsedFile(LAYOUT, [], report, 0)
    vocab = _Vocab()
    records: list[OgisRecord] = []
    lines: dict[str, int] = {}
    rows = 0
    for line, row in table.rows:
        rows += 1
        record = _row(line, row, vocab, report)
        if record is not None:
            if record.source_key in lines:
                report.error(
                    line, "ML Number", record.source_key,
                    f"repeats the ML number of line {lines[record.source_key]}", "duplicate_id",
                )  # fmt: skip
            else:
                lines[record.source_key] = line
                records.append(record)
        if progress is not None and rows % 500 == 0:
            progress(rows, table.total)
    if progress is not None:
        progress(rows, table.total)
    return ParsedFile(LAYOUT, records, report, rows)


def _row(line: int, row: dict, vocab: _Vocab, report: RowReport) -> OgisRecord | None:
    if report_width(report, line, row):
        return None
    errors_before = len(report.errors)

    def read(column: str, func: Callable[[object], object], code: str) -> object:
        try:
            return func(row.get(column))
        except norm.CellError as exc:
            report.error(line, column, row.get(column), str(exc), code)
            return None

    key = read("ML Number", norm.ml_number, "bad_ml_number")
    date = read("Reporting Date", norm.reporting_date, "bad_date")
    if date == "XXXX":
        report.warn(line, "Reporting Date", "", "no reporting date: year unknown", "no_date")
    sex = read("Sex", norm.sex_code, "bad_sex")
    age = read("Age", norm.age_years, "bad_age")
    if age == 99:
        report.warn(line, "Age", age, "age 99 kept as given; it may stand for 'unknown'", "age_99")
    state = read("State", norm.us_state_code, "bad_state")
    if state is not None and state != "US-AZ":
        report.warn(line, "State", row.get("State"), "a state other than Arizona", "not_arizona")
    county = read("County", norm.county, "bad_county")
    coordinate_errors = len(report.errors)
    latitude = read("Latitude", lambda v: norm.coordinate(v, low=-90, high=90), "bad_latitude")
    longitude = read("Longitude", lambda v: norm.coordinate(v, low=-180, high=180), "bad_longitude")
    if len(report.errors) > coordinate_errors:
        pass  # a bad coordinate is reported already
    elif (latitude is None) != (longitude is None):
        report.error(
            line, "Longitude" if longitude is None else "Latitude", "",
            "latitude and longitude must be given together", "half_coordinates",
        )  # fmt: skip
    elif latitude is not None and not norm.in_arizona(latitude, longitude):
        report.warn(
            line, "Latitude", f"{latitude}, {longitude}",
            "point outside Arizona's bounding box; kept as given", "outside_arizona",
        )  # fmt: skip
    cause = read("Cause of Death", norm.cause_category, "bad_cause")
    if len(report.errors) > errors_before:
        return None

    county_name, county_fips = county
    cause_raw, cause_code = cause
    values: dict[str, object] = {
        "cause_of_death": cause_raw,
        "county": county_name or norm.text(row.get("County")),
        "county_fips": county_fips,
        "post_mortem_interval": norm.bucket(row.get("Post Mortem Interval")),
    }
    values.update({k: norm.text(row.get(h)) for k, h in KEPT_AS_GIVEN.items()})
    fields: dict[str, object] = {
        "title": f"OGIS {key}",
        "date_edtf": date,
        "country": "US",
        "state_code": state,
        "place_text": f"{county_name} County, Arizona" if county_name else "Arizona",
        "latitude": latitude,
        "longitude": longitude,
        "region_id": vocab.region,
        "migration_route_id": vocab.route,
        "migration_phase": MigrationPhase.TRANSIT,
        "cause_of_death_id": vocab.cause[cause_code] if cause_code else None,
        "dead": 1,
        "dead_and_missing": 1,
        "females": None if sex not in ("male", "female") else int(sex == "female"),
        "males": None if sex not in ("male", "female") else int(sex == "male"),
        "children": None if age is None else int(age < 18),
        "source_values": values,
    }
    name = norm.person_name(row.get("Name"))
    person: dict[str, object] = {
        "name": name,
        "name_index": blind_index(name),
        "sex_id": vocab.sex[sex] if sex else None,
        "age": age,
        "nationality": "",
        "is_group": False,
        "group_size": 1,
    }
    source = {"name": SOURCE_NAME, "url": SOURCE_URL}
    event = EventInput(source_key=str(key), fields=fields, source=source)
    return OgisRecord(source_key=str(key), line=line, event=event, person=person)
