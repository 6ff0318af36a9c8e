"""Rows of a mapped file → records (field → value) and a row report, writing nothing.

Every bad cell is a row error with its line (the file line or worksheet row; for a repeat
group's child record, the line in its own file or sheet, with the column written
``<file or sheet>: <column>``) and column; a file with any error is rejected whole by
:func:`testigo.imports.services.import_run_start`.

Record keys: ``mapping.key_column``; for Kobo/ODK exports without one, the export's key
column (:func:`testigo.imports.mapping.kobo.key_column`); otherwise ``row-`` and a keyed
hash of the row's mapped cells (:func:`row_key`), so a re-import of the same rows creates
nothing, but an edited row becomes a new record. A key repeated in the file is an error.

Consent (docs/consent.md) is read only from mapped consent columns. An unmapped consent
field is ``False`` for every row (reported once as a warning), a blank consent cell is
``False`` (counted in one warning): consent is never assumed.

Households (a parent row with a repeat group of members): the intake's person is a group
(``is_group``) whose ``group_size`` is the number of member rows, unless a column is mapped
to ``group_size``. A parent with no member rows is a group of one, with a warning.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from django.utils.translation import gettext as _

from testigo.core.crypto import blind_index
from testigo.imports.files import read_table
from testigo.imports.mapping import hxl
from testigo.imports.mapping import kobo as kb
from testigo.imports.mapping import values as cells
from testigo.imports.mapping.spec import ColumnMapping, Mapping, MappingError
from testigo.imports.mapping.targets import TARGETS, Target, TargetField
from testigo.imports.mapping.xlsform import FormSpec
from testigo.imports.report import RowReport
from testigo.vocab.loader import normalise_label
from testigo.vocab.models import Term
from testigo.vocab.selectors import term_index

MAX_KEY_LENGTH = 90  # Person/Intake/Event.source_key hold 100; "#victim" is added for victims
CONSENT_FIELDS = ("consent_services", "consent_network", "consent_statistics")
TEXT_LIMITS = {"title": 300, "indigenous_people": 100, "victim_indigenous_people": 100}
AGE_MAX = 120


@dataclass
class Layout:
    """What the file was read as: ``spreadsheet:intakes``, ``kobo:intakes``…"""

    name: str


@dataclass
class MappedRecord:
    """One row as Testigo values: ``values`` maps field names to ``str``/``int``/
    ``datetime.date``/``bool``/:class:`Term`/``list[Term]``/``None``; EDTF dates as text.

    The key is ``key``, not ``source_key``: these records belong to one organisation's own
    files, so the import service's check for a second owner of a public dataset's keys
    does not apply to them.
    """

    key: str
    line: int
    values: dict[str, object] = field(default_factory=dict)
    children: int | None = None


@dataclass
class MappedFile:
    """A read file: its layout, records, row report, data rows, and the mapping used."""

    layout: Layout
    records: list[MappedRecord]
    report: RowReport
    rows: int
    mapping: Mapping
    child_rows: int = 0


class _Vocab:
    """Term indexes by vocabulary, loaded once per file."""

    def __init__(self) -> None:
        self._indexes: dict[str, dict[str, Term]] = {}

    def index(self, vocabulary: str) -> dict[str, Term]:
        if vocabulary not in self._indexes:
            self._indexes[vocabulary] = term_index(vocabulary)
        return self._indexes[vocabulary]


def language_term(raw: str, values: dict[str, str], index: dict[str, Term]) -> Term:
    """A language: the value mapping, a term's code/label/source label, or an ISO 639
    code or English name (pycountry) whose ISO 639-3 code is in the vocabulary. Raises
    :class:`~testigo.imports.mapping.values.CellError`."""
    try:
        return cells.term_for(raw, values, index)
    except cells.CellError:
        if raw in values:
            raise
    try:
        code = pycountry.languages.lookup(raw).alpha_3
    except LookupError:
        code = None
    term = index.get(normalise_label(code)) if code else None
    if term is None or term.code != code:
        raise cells.CellError(_("no value mapping for “%(value)s”") % {"value": raw})
    return term


def _column_error(exc: cells.CellError, column: str) -> str:
    return getattr(exc, "column", column)


class _ColumnReader:
    """Reads one mapped column's cell into its field's value (raises CellError)."""

    def __init__(
        self, col: ColumnMapping, item: TargetField, header: list[str], vocab: _Vocab,
        form: FormSpec | None, kobo: bool,
    ) -> None:  # fmt: skip
        self.col, self.item, self.vocab = col, item, vocab
        self.column = col.column
        self.split = kb.split_columns(header, col.column) if col.column not in header else {}
        question = kb.select_question(form, col.column)
        self.space_separated = kobo or (question is not None and question.type == "select_multiple")
        self.multiple_choice = bool(self.split) or (
            question is not None and question.type == "select_multiple"
        )

    def raw(self, row: dict[str, object]) -> object:
        if self.split:
            return " ".join(
                c
                for c, h in self.split.items()
                if cells.text(row.get(h)) not in {"", "0", "False", "0.0"}
            )
        return row.get(self.column)

    def read(self, row: dict[str, object]) -> object:
        item = self.item
        if self.split:
            raws = kb.selected_choices(row, self.split)
        elif item.kind == "terms" or (item.kind == "term" and self.multiple_choice):
            raws = cells.split_values(row.get(self.column), kobo=self.space_separated)
        else:
            return self.read_one(row.get(self.column))
        terms = [self.term(r) for r in raws]
        if item.kind == "terms":
            return list(dict.fromkeys(terms))
        if len(terms) > 1:
            raise cells.CellError(_("several values where one is expected"))
        return terms[0] if terms else None

    def term(self, raw: str) -> Term:
        index = self.vocab.index(self.item.vocabulary or "")
        if self.item.kind == "language":
            return language_term(raw, self.col.values, index)
        return cells.term_for(raw, self.col.values, index)

    def read_one(self, value: object) -> object:
        kind, item = self.item.kind, self.item
        if kind == "text":
            out = cells.text(value)
            limit = TEXT_LIMITS.get(item.name)
            if limit and len(out) > limit:
                raise cells.CellError(_("longer than %(n)s characters") % {"n": limit})
            return out
        if kind == "int":
            number = cells.whole_number(value)
            if number is not None and item.name.endswith("age") and number > AGE_MAX:
                raise cells.CellError(_("an age over %(n)s") % {"n": AGE_MAX})
            if number is not None and item.name.endswith("group_size") and number < 1:
                raise cells.CellError(_("a group has at least one person"))
            return number
        if kind == "date":
            return cells.calendar_day(value) if item.day_only else cells.edtf_date(value)
        if kind == "bool":
            raw = cells.text(value)
            if raw in self.col.values:
                return cells.boolean(self.col.values[raw])
            return cells.boolean(value)
        if kind == "country":
            raw = cells.text(value)
            if raw in self.col.values:
                raw = self.col.values[raw]
            return cells.country_code(raw)
        raw = cells.text(value)
        return self.term(raw) if raw else None  # term, language


def read_mapped(
    path: Path,
    *,
    mapping: Mapping,
    form: FormSpec | None = None,
    kobo: bool = False,
    repeat_path: Path | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> MappedFile:
    """Read ``path`` (CSV/XLSX) with ``mapping`` into records and a row report.

    ``kobo`` reads it as a Kobo/ODK export (key column, space-separated select_multiple);
    ``repeat_path`` is the file of ``mapping.repeat``'s child rows (else an XLSX sheet).
    Raises :class:`~testigo.imports.report.ImportFileError` for an unreadable file and
    :class:`MappingError` for a bad mapping definition; bad cells go to ``report.errors``.
    """
    if isinstance(mapping, dict):
        mapping = Mapping.from_json(mapping)
    problems = mapping.definition_problems()
    if problems:
        raise MappingError("; ".join(problems), extra={"problems": problems})
    target = TARGETS[mapping.target]
    table = kb.read_export(path) if kobo else read_table(path)
    header = [h for h in table.header if h]
    layout = Layout(f"{'kobo' if kobo else 'spreadsheet'}:{mapping.target}")
    report = RowReport()
    for problem in mapping.validate(header):
        report.error(1, "", "", problem, "bad_mapping")
    if form is not None and mapping.repeat and mapping.repeat not in {r.name for r in form.repeats}:
        report.error(
            1, "", mapping.repeat, _("the form has no repeat group with this name"), "bad_mapping"
        )
    if report.errors:
        return MappedFile(layout, [], report, 0, mapping)
    vocab = _Vocab()
    readers = [
        _ColumnReader(c, target.field(c.field), header, vocab, form, kobo) for c in mapping.columns
    ]
    constants = _constants(mapping, target, vocab, report)
    key_col = mapping.key_column or (kb.key_column(header) if kobo else None)
    records: list[MappedRecord] = []
    seen: dict[str, int] = {}
    blank_consent: Counter[str] = Counter()
    rows = 0
    for number, (line, row) in enumerate(table.rows):
        if number == 0 and hxl.is_hashtag_row([row.get(h) for h in header]):
            continue  # an HXL hashtag row under the header
        rows += 1
        key, record = _read_row(
            line, row, readers, constants, target, key_col, report, blank_consent
        )
        if key and key in seen:
            report.error(
                line, key_col or "", key if key_col else "",
                _("repeats the key of line %(line)s") % {"line": seen[key]} if key_col
                else _("the same values as line %(line)s (no key column)") % {"line": seen[key]},
                "duplicate_key",
            )  # fmt: skip
        elif key:
            seen[key] = line
            if record is not None:
                records.append(record)
        if progress is not None and rows % 500 == 0:
            progress(rows, table.total)
    _consent_warnings(mapping, target, records, blank_consent, report)
    child_rows = 0
    if mapping.repeat:
        child_rows = _link_children(path, mapping, header, records, repeat_path, report)
    if progress is not None:
        progress(rows, table.total)
    return MappedFile(layout, records, report, rows, mapping, child_rows)


def _constants(
    mapping: Mapping, target: Target, vocab: _Vocab, report: RowReport
) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, raw in mapping.constants.items():
        reader = _ColumnReader(
            ColumnMapping(f"= {raw}", name), target.field(name), [], vocab, None, False
        )
        try:
            out[name] = reader.read({reader.column: raw})
        except cells.CellError as exc:
            report.error(None, f"({target.field(name).label})", raw, str(exc), "bad_constant")
    return out


def key_token(value: str) -> str:
    """The stored source key for a key-column value: ``key-`` and a keyed HMAC-SHA256 of the
    exact text (24 hex characters). A spreadsheet's key column may hold a name (a tester
    chose it): keys are never stored as written, and equal values still give equal keys."""
    import hashlib
    import hmac

    from testigo.core.crypto import blind_index_key

    purpose = hmac.new(blind_index_key(), b"testigo-import-key-v1", hashlib.sha256).digest()
    return "key-" + hmac.new(purpose, value.encode("utf-8"), hashlib.sha256).hexdigest()[:24]


def _read_row(
    line: int,
    row: dict[str, object],
    readers: list[_ColumnReader],
    constants: dict[str, object],
    target: Target,
    key_col: str | None,
    report: RowReport,
    blank_consent: Counter[str],
) -> tuple[str, MappedRecord | None]:
    """The row's key (``""`` when missing) and its record (``None`` when a cell is bad)."""
    if "__width__" in row:
        report.error(
            line, str(row.get("__column__", "")), row["__width__"],
            _("wrong number of fields in this row"), "width",
        )  # fmt: skip
        return "", None
    before = len(report.errors)
    values: dict[str, object] = dict(constants)
    raw_parts: list[str] = []
    for reader in readers:
        raw = reader.raw(row)
        raw_parts.append(cells.text(raw))
        try:
            values[reader.item.name] = reader.read(row)
        except cells.CellError as exc:
            report.error(
                line, _column_error(exc, reader.column), raw, str(exc), f"bad_{reader.item.kind}"
            )
    for item in target.fields:
        if item.required and values.get(item.name) in (None, "", []):
            reader = next((r for r in readers if r.item.name == item.name), None)
            if reader is not None and not any(e.line == line for e in report.errors[before:]):
                report.error(line, reader.column, "", _("a value is required"), "required")
    if target.name == "events":
        _event_checks(line, values, readers, report)
    for name in CONSENT_FIELDS:
        if name in values and values[name] is None:
            blank_consent[name] += 1
    if key_col:
        key = cells.text(row.get(key_col))
        if not key:
            report.error(line, key_col, "", _("the key column is blank"), "missing_key")
        elif len(key) > MAX_KEY_LENGTH:
            report.error(
                line, key_col, key, _("a key longer than %(n)s") % {"n": MAX_KEY_LENGTH}, "long_key"
            )
            key = ""
        if key:
            key = key_token(key)
    else:
        key = row_key(raw_parts)
    if len(report.errors) > before:
        return key, None
    return key, MappedRecord(key=key, line=line, values=values)


def row_key(cells_text: list[str]) -> str:
    """The key of a row without a key column: ``row-`` and 24 hex digits of a keyed hash
    (the deployment's blind-index key, as for names) of its mapped cells, so the key
    reveals nothing of identifying cells. The cells are hex-encoded first because the
    blind index folds case and spaces, and rows differing only in those are different."""
    payload = json.dumps(cells_text, ensure_ascii=False).encode("utf-8").hex()
    return f"row-{blind_index(payload)[:24]}"


def _event_checks(
    line: int, values: dict[str, object], readers: list[_ColumnReader], report: RowReport
) -> None:
    """An involvement needs an act; a mapped government level must agree with the
    perpetrator type's own level (perpetrator_type.yaml ``attributes.government_level``)."""
    columns = {r.item.name: r.column for r in readers}
    kind, level = values.get("perpetrator_type"), values.get("government_level")
    if (kind is not None or level is not None) and values.get("act_type") is None:
        report.error(
            line, columns.get("act_type", columns.get("perpetrator_type", "")), "",
            _("a perpetrator is recorded for an act: the type of act is missing"),
            "perpetrator_without_act",
        )  # fmt: skip
    if isinstance(kind, Term) and isinstance(level, Term):
        own = kind.attributes.get("government_level")
        if own and own != level.code:
            report.error(
                line, columns.get("government_level", ""), level.code,
                _("contradicts the perpetrator type “%(type)s”, whose level is “%(level)s”")
                % {"type": kind.code, "level": own},
                "level_mismatch",
            )  # fmt: skip


def _consent_warnings(
    mapping: Mapping,
    target: Target,
    records: list[MappedRecord],
    blank: Counter[str],
    report: RowReport,
) -> None:
    if mapping.target != "intakes":
        return
    mapped = {c.field for c in mapping.columns}
    for name in CONSENT_FIELDS:
        label = str(target.field(name).label)
        if name not in mapped:
            for record in records:
                record.values[name] = False
            report.warn(
                None, "", "",
                _("no column is mapped to “%(field)s”: every intake is imported without it")
                % {"field": label},
                "consent_not_mapped",
            )  # fmt: skip
        else:
            for record in records:
                if record.values.get(name) is None:
                    record.values[name] = False
            if blank[name]:
                report.warn(
                    None, mapping.column_for(name).column, "",  # type: ignore[union-attr]
                    _("%(n)s rows have no answer for “%(field)s”: imported without it")
                    % {"n": blank[name], "field": label},
                    "consent_blank",
                )  # fmt: skip


def _link_children(
    path: Path,
    mapping: Mapping,
    header: list[str],
    records: list[MappedRecord],
    repeat_path: Path | None,
    report: RowReport,
) -> int:
    """Count each parent's child rows of the repeat group; orphans are errors."""
    table, label = kb.repeat_table(path, mapping.repeat or "", repeat_path)
    link = kb.repeat_link(header, table.header)
    if link is None:
        report.error(
            1, label, "",
            _(
                "no column links these rows to their parent rows (_parent_index, "
                "_submission__uuid, PARENT_KEY or KEY)"
            ),
            "no_repeat_link",
        )  # fmt: skip
        return 0
    parent_col, child_col = link
    # Every parent row's link value, including rows rejected for other reasons (their
    # members are not orphans); records by link value.
    by_line = {r.line: r for r in records}
    parent_values: set[str] = set()
    by_parent: dict[str, MappedRecord] = {}
    for line, row in kb.read_export(path).rows:
        value = cells.text(row.get(parent_col))
        parent_values.add(value)
        if line in by_line:
            by_parent[value] = by_line[line]
    counts: Counter[str] = Counter()
    rows = 0
    for line, row in table.rows:
        rows += 1
        if "__width__" in row:
            report.error(
                line, f"{label}: {row.get('__column__', '')}", row["__width__"],
                _("wrong number of fields in this row"), "width",
            )  # fmt: skip
            continue
        parent = cells.text(row.get(child_col))
        if not parent:
            report.error(line, f"{label}: {child_col}", "", _("no parent record"), "orphan")
        elif parent not in parent_values:
            report.error(
                line, f"{label}: {child_col}", parent, _("no parent row has this value"), "orphan"
            )
        else:
            counts[parent] += 1
    size = "group_size" if mapping.target == "intakes" else "victim_group_size"
    for parent, record in by_parent.items():
        record.children = counts.get(parent, 0)
        if record.values.get(size) is None:
            record.values[size] = max(record.children, 1)
            record.values["is_group"] = True
            if record.children == 0:
                report.warn(
                    record.line, parent_col, parent,
                    _("no member rows in the repeat group: recorded as a group of one"),
                    "no_repeat_rows",
                )  # fmt: skip
    return rows
