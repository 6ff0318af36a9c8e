"""Casa Alitas group intake file → intakes of group persons (one per shelter visit).

``group_all_clean_1_20_22.csv``: one row per group (party) arriving at the Casa Alitas
Welcome Center in Tucson, 2021-01-26 → 2022-01-21; ``number_in_party`` people each. Each row
becomes (docs/imports/casa-alitas.md):

- a **Person** with ``is_group`` and ``group_size`` = people in the visit, the language
  (ISO 639-3, ``language`` vocabulary) and the nationality (ISO 3166-1);
- an **Intake** on the arrival date with the destination (country and ISO 3166-2 state) and
  ``consent_statistics`` set: the records come from a public, de-identified publication whose
  purpose is statistical (see the consent section of the docs page).

The file has no id column: the source key is the arrival date-time and the row's rank among
rows with the same date-time (``2021-01-26T13:04:33-1``), which is stable for the same file.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from testigo.imports.casa_alitas import normalise as norm
from testigo.imports.files import read_table
from testigo.imports.report import ImportFileError, RowReport, report_width
from testigo.vocab.selectors import term_index

DATASET = "casa-alitas"


@dataclass(frozen=True)
class Layout:
    """The group file's columns this importer reads (all required)."""

    name: str
    columns: tuple[str, ...]


LAYOUT = Layout(
    name="casa-alitas-group-2022",
    columns=(
        "arrival_datetime", "number_in_party", "language", "language2", "destination",
        "state_abbs", "country", "country2", "arrival_date",
    ),
)  # fmt: skip


@dataclass
class IntakeRecord:
    """One visit: Person fields (group) and Intake fields, the key and the file line."""

    source_key: str
    line: int
    person: dict[str, object] = field(default_factory=dict)
    intake: dict[str, object] = field(default_factory=dict)


@dataclass
class ParsedFile:
    """The result of reading one group file."""

    layout: Layout
    records: list[IntakeRecord]
    report: RowReport
    rows: int


def read_casa_alitas(
    path: Path, *, progress: Callable[[int, int | None], None] | None = None
) -> ParsedFile:
    """Read the Casa Alitas group file into intake records and a row report.

    Raises :class:`ImportFileError` when unreadable or not the group file (no
    ``number_in_party`` column). Missing columns and bad cells are row errors.
    """
    table = read_table(path)
    if "number_in_party" not in table.header or "arrival_datetime" not in table.header:
        raise ImportFileError(
            f"{path.name}: not the Casa Alitas group file (no 'arrival_datetime' and "
            "'number_in_party' columns)"
        )
    report = RowReport()
    missing = [c for c in LAYOUT.columns if c not in table.header]
    if missing:
        for header in missing:
            report.error(1, header, "", "missing column", "missing_column")
        return ParsedFile(LAYOUT, [], report, 0)
    index = term_index("language")
    languages = {label: term.code for label, term in index.items()}
    language_ids = {term.code: term.pk for term in index.values()}
    records: list[IntakeRecord] = []
    ranks: Counter[str] = Counter()
    seen: dict[tuple, int] = {}
    rows = 0
    for line, row in table.rows:
        rows += 1
        record = _row(line, row, languages, language_ids, report)
        if record is not None:
            stamp = record.source_key
            ranks[stamp] += 1
            record.source_key = f"{stamp}-{ranks[stamp]}"
            content = tuple(sorted((k, str(v)) for k, v in row.items()))
            if content in seen:
                report.warn(
                    line, "", "",
                    f"identical to line {seen[content]}; kept (the published counts include "
                    "it)", "duplicate_row",
                )  # fmt: skip
            else:
                seen[content] = line
            records.append(record)
        if progress is not None and rows % 1000 == 0:
            progress(rows, table.total)
    if progress is not None:
        progress(rows, table.total)
    return ParsedFile(LAYOUT, records, report, rows)


def _row(
    line: int,
    row: dict,
    languages: dict[str, str],
    language_ids: dict[str, int],
    report: RowReport,
) -> IntakeRecord | None:
    if report_width(report, line, row):
        return None
    errors_before = len(report.errors)

    def read(column: str, func: Callable[[object], object], code: str) -> object:
        try:
            return func(row.get(column))
        except norm.CellError as exc:
            report.error(line, column, row.get(column), str(exc), code)
            return None

    arrival = read("arrival_datetime", norm.arrival_datetime, "bad_datetime")
    day = read("arrival_date", norm.iso_date, "bad_date")
    if isinstance(arrival, dt.datetime) and isinstance(day, dt.date) and arrival.date() != day:
        report.error(
            line, "arrival_date", day.isoformat(),
            f"contradicts arrival_datetime ({arrival.date().isoformat()})", "date_mismatch",
        )  # fmt: skip
    size = read("number_in_party", norm.party_size, "bad_party_size")
    if len(report.errors) > errors_before:
        return None

    nationality = norm.country_code(row.get("country"))
    if nationality is None:
        report.warn(
            line, "country", row.get("country"),
            "country not resolved to an ISO 3166-1 code; nationality left unknown",
            "country_unresolved",
        )  # fmt: skip
    if norm.not_available(row.get("country2")):
        report.warn(
            line, "country2", row.get("country2"),
            "second country not stored (a person has one nationality field)", "second_country",
        )  # fmt: skip
    language = norm.language_code(row.get("language"), languages)
    if language is None:
        report.warn(
            line, "language", row.get("language"),
            "language not in the language vocabulary; left unknown", "language_unresolved",
        )  # fmt: skip
    elif language and language not in language_ids:
        report.warn(
            line, "language", row.get("language"),
            f"ISO 639-3 {language} is not in the language vocabulary; left unknown",
            "language_not_in_vocabulary",
        )  # fmt: skip
    if norm.not_available(row.get("language2")):
        report.warn(
            line, "language2", row.get("language2"),
            "second language not stored (a person has one language field)", "second_language",
        )  # fmt: skip
    country, state = _destination(line, row, report)
    person = {
        "is_group": True,
        "group_size": size,
        "nationality": nationality or "",
        "language_id": language_ids.get(language or ""),
    }
    intake = {
        "date": arrival.date(),
        "destination_country": country,
        "destination_state": state,
        "consent_services": False,
        "consent_network": False,
        "consent_statistics": True,
    }
    return IntakeRecord(arrival.isoformat(), line, person, intake)


def _destination(line: int, row: dict, report: RowReport) -> tuple[str, str]:
    """The destination from the ``destination`` label; checked against ``state_abbs``."""
    raw = row.get("destination")
    try:
        country, state = norm.destination(raw)
    except norm.SeveralDestinations:
        report.warn(
            line, "destination", raw, "two destination states named; destination left unknown",
            "several_destinations",
        )  # fmt: skip
        return "", ""
    except norm.CellError as exc:
        report.warn(
            line, "destination", raw, f"{exc}; destination left unknown", "destination_unresolved"
        )
        return "", ""
    cleaned = norm.not_available(row.get("state_abbs"))
    if cleaned and state and f"US-{cleaned.upper()}" != state:
        report.warn(
            line, "state_abbs", cleaned,
            f"the publisher's state differs from the destination ({state}); destination kept",
            "state_disagrees",
        )  # fmt: skip
    return country, state
