"""IOM Missing Migrants Project (MMP) exports → events (SDG 10.7.3's source).

Rules (each documented in docs/importing-mmp.md and tested):

- **Source key**: the MMP ``Incident ID`` (U+FEFF removed). In the 2022 and 2025 layouts a
  split incident is one row whose ``Incident ID`` lists its parts' ids: its key is the
  incident's ``Main ID`` and the list is kept. The 2019 layout has only the website's
  ``Web ID`` and gets keys ``web-<id>``, which cannot match later exports.
- **Date**: the incident (2019: reported) date as EDTF; a blank or ``0`` date falls back to
  the year and month columns (``2020-09``), then to ``XXXX`` (unknown).
- **Counts** are persons; blank means not reported. ``dead_and_missing`` is the source's own
  total column (2026, which has none: dead + missing). A negative minimum missing is kept as
  the correction the source made (so that dead + missing = total) and reported as a warning.
  A total that differs from dead + missing rejects the row. A negative number of survivors
  (2026: a split incident's row moving a survivor to the dead) is kept and reported likewise;
  any other negative count rejects the row.
- **Multi-valued cells** (regions, causes, incident types): every value is kept in
  ``source_values``; the event is classified under the first value listed.
- **Incident type**: the 2019 and 2026 layouts have no column; in 2026 rows whose ``Main ID``
  repeats or differs from the ``Incident ID`` are split incidents.
- **Migration phase**: transit (SDG 10.7.3 counts deaths in the process of migration).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pycountry

from testigo.documentation.models import MigrationPhase
from testigo.documentation.services import EventInput
from testigo.imports.files import Row, read_table
from testigo.imports.mmp import normalise as norm
from testigo.imports.mmp.layouts import Layout, detect_layout
from testigo.imports.report import ImportFileError, RowReport, report_width
from testigo.vocab.loader import country_aliases, normalise_label
from testigo.vocab.models import Term
from testigo.vocab.selectors import term_index

DATASET = "mmp"
VOCABULARY_FIELDS = {
    "region": "region_of_incident",
    "migration_route": "migration_route",
    "cause_of_death": "cause_of_death",
    "incident_type": "incident_type",
}
COUNT_FIELDS = {
    "number_dead": "dead",
    "females": "females",
    "males": "males",
    "children": "children",
}
MAX_KEY_LENGTH = 60  # Event.source_key holds 100; MMP ids are about 14 characters
# Counts a source row may lower to correct another row of the same incident.
CORRECTABLE_FIELDS = {"number_missing": "missing", "survivors": "survivors"}


@dataclass
class ParsedFile:
    """The result of reading one export: its layout, the events, and the row report."""

    layout: Layout
    records: list[EventInput]
    report: RowReport
    rows: int


class _Vocab:
    def __init__(self) -> None:
        self.indexes = {f: term_index(v) for f, v in VOCABULARY_FIELDS.items()}
        self.quality = term_index("source_quality")

    def known(self, field: str) -> Callable[[str], bool]:
        index = self.indexes[field]
        return lambda label: normalise_label(label) in index

    def term(self, field: str, label: str) -> Term:
        return self.indexes[field][normalise_label(label)]


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 for a country name as MMP writes it, or ``None`` if unresolved."""
    aliases = country_aliases()
    key = normalise_label(name)
    if key in aliases:
        return aliases[key]
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


def read_mmp(
    path: Path, *, progress: Callable[[int, int | None], None] | None = None
) -> ParsedFile:
    """Read an MMP export (any of the four layouts) into events and a row report.

    Raises :class:`ImportFileError` when the file cannot be read or has no known layout.
    Row problems do not raise: they are collected in ``report.errors``.
    """
    table = read_table(path)
    layout, missing = detect_layout(table.header)
    if layout is None:
        raise ImportFileError(
            f"{path.name}: not an IOM Missing Migrants Project export "
            "(no 'Incident ID' or 'Web ID' column)"
        )
    report = RowReport()
    if missing:
        for header in missing:
            report.error(1, header, "", "missing column", "missing_column")
        return ParsedFile(layout, [], report, 0)
    vocab = _Vocab()
    records: list[EventInput] = []
    lines: dict[str, int] = {}
    main_ids: Counter[str] = Counter()
    rows = 0
    for line, row in table.rows:
        rows += 1
        record = _row_to_event(line, row, layout, vocab, report)
        if record is not None:
            if record.source_key in lines:
                report.error(
                    line,
                    layout.header(layout.key_field) or "",
                    record.source_key,
                    f"repeats the id of line {lines[record.source_key]}",
                    "duplicate_id",
                )
            else:
                lines[record.source_key] = line
                records.append(record)
                main_ids[str(record.fields["source_values"].get("main_id", ""))] += 1
        if progress is not None and rows % 500 == 0:
            progress(rows, table.total)
    if layout.header("incident_type") is None:
        _infer_split_incidents(records, main_ids, vocab)
    if progress is not None:
        progress(rows, table.total)
    return ParsedFile(layout, records, report, rows)


def _infer_split_incidents(
    records: list[EventInput], main_ids: Counter[str], vocab: _Vocab
) -> None:
    """2026 layout: a row whose Main ID repeats or differs from its Incident ID is split."""
    split = vocab.term("incident_type", "Split Incident")
    single = vocab.term("incident_type", "Incident")
    for record in records:
        main_id = str(record.fields["source_values"].get("main_id", ""))
        if not main_id:
            continue
        is_split = main_ids[main_id] > 1 or main_id != record.source_key
        record.fields["incident_type_id"] = split.pk if is_split else single.pk


def _cell(row: Row | dict, layout: Layout, field: str) -> object:
    header = layout.header(field)
    return row.get(header) if header else None


def _row_to_event(
    line: int, row: dict, layout: Layout, vocab: _Vocab, report: RowReport
) -> EventInput | None:
    if report_width(report, line, row):
        return None
    errors_before = len(report.errors)

    def read(field: str, func: Callable[[object], object]) -> object:
        value = _cell(row, layout, field)
        try:
            return func(value)
        except norm.CellError as exc:
            report.error(line, layout.header(field) or field, value, str(exc), f"bad_{field}")
            return None

    key = norm.text(_cell(row, layout, layout.key_field))
    values: dict[str, object] = {}
    if "," in key:
        # 2022/2025: a split incident exported as one row listing its parts' ids.
        values["incident_ids"] = [k.strip() for k in key.split(",") if k.strip()]
        key = norm.text(_cell(row, layout, "main_id"))
    if not key:
        report.error(line, layout.header(layout.key_field) or "", "", "missing id", "missing_id")
    elif len(key) > MAX_KEY_LENGTH:
        report.error(line, layout.header(layout.key_field) or "", key, "id too long", "long_id")
    source_key = f"web-{key}" if layout.key_field == "web_id" else key
    fields: dict[str, object] = {"migration_phase": MigrationPhase.TRANSIT}

    date = read("date", lambda v: norm.incident_date(v, layout.date_format))
    year = read("year", norm.year_number)
    month = read("month", norm.month_number)
    raw_date = norm.text(_cell(row, layout, "date"))
    if raw_date == "0":
        report.warn(
            line,
            layout.header("date") or "",
            raw_date,
            "date 0 read as no date; year and month columns used",
            "zero_date",
        )
    if isinstance(date, dt.date):
        if year is not None and date.year != year:
            report.error(
                line,
                layout.header("date") or "",
                date.isoformat(),
                f"the date contradicts the year column ({year})",
                "date_year_mismatch",
            )
        if date > dt.date.today() + dt.timedelta(days=1):  # noqa: DTZ011 - a calendar date
            report.error(
                line,
                layout.header("date") or "",
                date.isoformat(),
                "date in the future",
                "future_date",
            )
    fields["date_edtf"] = norm.event_edtf(date, year, month)
    if fields["date_edtf"] == "XXXX":
        report.warn(
            line, layout.header("date") or "", "", "no date: counted as date unknown", "no_date"
        )

    for field, target in COUNT_FIELDS.items():
        fields[target] = read(field, norm.count)
    for field, target in CORRECTABLE_FIELDS.items():
        fields[target] = read(field, lambda v: norm.count(v, allow_negative=True))
    _totals(line, row, layout, fields, report)
    if isinstance(fields["survivors"], int) and fields["survivors"] < 0:
        report.warn(
            line,
            layout.header("survivors") or "",
            fields["survivors"],
            "negative survivors kept as the source's correction",
            "negative_survivors",
        )

    for field in VOCABULARY_FIELDS:
        if layout.header(field) is None:
            continue
        _vocabulary_cell(line, row, layout, field, vocab, fields, values, report)

    coords = read("coordinates", norm.coordinates)
    fields["latitude"], fields["longitude"] = coords if coords else (None, None)
    fields["place_text"] = norm.text(_cell(row, layout, "location"))
    _country(line, row, layout, fields, values, report)
    for extra in ("main_id", "region_of_origin", "country_of_origin", "unsd_grouping"):
        if layout.header(extra):
            values[extra] = norm.text(_cell(row, layout, extra))
    fields["source_values"] = values
    fields["title"] = f"MMP {key}" if layout.key_field != "web_id" else f"MMP web {key}"
    quality = read("source_quality", norm.source_quality)
    grade, quality_raw = (
        quality if quality else (None, norm.text(_cell(row, layout, "source_quality")))
    )
    quality_term = vocab.quality.get(str(grade)) if grade is not None else None
    source = {
        "name": norm.text(_cell(row, layout, "information_source")),
        "url": norm.text(_cell(row, layout, "url")),
        "quality_id": quality_term.pk if quality_term else None,
        "quality_raw": quality_raw,
    }
    if len(report.errors) > errors_before:
        return None
    return EventInput(source_key=source_key, fields=fields, source=source)


def _totals(line: int, row: dict, layout: Layout, fields: dict, report: RowReport) -> None:
    dead, missing = fields["dead"], fields["missing"]
    header = layout.header("total")
    computed = None if dead is None and missing is None else (dead or 0) + (missing or 0)
    total = computed
    if header is not None:
        try:
            total = norm.count(row.get(header))
        except norm.CellError as exc:
            report.error(line, header, row.get(header), str(exc), "bad_total")
            return
        if total is not None and computed is not None and total != computed:
            report.error(
                line,
                header,
                total,
                f"total differs from dead + missing ({computed})",
                "total_mismatch",
            )
    if isinstance(missing, int) and missing < 0:
        report.warn(
            line,
            layout.header("number_missing") or "",
            missing,
            f"negative minimum missing kept as the source's correction "
            f"(dead + missing = total {total})",
            "negative_missing",
        )
    fields["dead_and_missing"] = total


def _vocabulary_cell(
    line: int,
    row: dict,
    layout: Layout,
    field: str,
    vocab: _Vocab,
    fields: dict[str, object],
    values: dict[str, object],
    report: RowReport,
) -> None:
    header = layout.header(field) or field
    raw = _cell(row, layout, field)
    try:
        labels = norm.split_labels(raw, vocab.known(field))
    except norm.CellError as exc:
        if field == "cause_of_death" and layout.name == "mmp-2019":
            values[field] = norm.text(raw)
            report.warn(
                line,
                header,
                raw,
                "2019 cause of death not in the vocabulary; kept as given, not classified",
                "cause_unclassified",
            )
            return
        report.error(line, header, raw, f"{exc} (not in the {field} vocabulary)", "unknown_term")
        return
    terms = [vocab.term(field, label) for label in labels]
    fields[f"{field}_id"] = terms[0].pk if terms else None
    if len(terms) > 1:
        values[field] = [t.code for t in terms]


def _country(
    line: int,
    row: dict,
    layout: Layout,
    fields: dict[str, object],
    values: dict[str, object],
    report: RowReport,
) -> None:
    raw = norm.text(_cell(row, layout, "country_of_incident"))
    if not raw:
        fields["country"] = ""
        return
    code = country_code(raw)
    if code is None:
        values["country_of_incident"] = raw
        report.warn(
            line,
            layout.header("country_of_incident") or "",
            raw,
            "country not resolved to an ISO 3166-1 code; kept as given",
            "country_unresolved",
        )
    fields["country"] = code or ""
