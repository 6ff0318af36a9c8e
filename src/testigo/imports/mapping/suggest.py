"""Automatic suggestions for a mapping: headers → fields, raw values → vocabulary codes.

Suggestions are only proposals the user confirms in the web UI; the import itself never
guesses (see ``values.term_for``).

Header matching (:func:`suggest_mapping`), first match wins for each column:

1. an HXL hashtag row (:mod:`testigo.imports.mapping.hxl`): same hashtag and every
   attribute of the field's hashtag;
2. the header (group prefix ``grp/`` stripped, ``_`` read as a space, accents and case
   ignored) equal to a field's name, label or one of its Spanish/English synonyms;
3. with an XLSForm: the question's name or any of its labels equal to those.

A field gets at most one column (the first). Split select_multiple columns
(``question/choice``) are suggested as their question's column.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.utils import translation

from testigo.imports.mapping import hxl
from testigo.imports.mapping import kobo as kb
from testigo.imports.mapping import values as cells
from testigo.imports.mapping.records import language_term
from testigo.imports.mapping.spec import ColumnMapping, Mapping
from testigo.imports.mapping.targets import TARGETS, TargetField
from testigo.imports.mapping.xlsform import FormSpec
from testigo.vocab.models import Term
from testigo.vocab.selectors import term_index

KEY_NAMES = frozenset(
    {"id", "folio", "clave", "key", "codigo", "expediente", "registro", "numero de registro",
     "no de registro", "record id", "case id", "numero de caso", "caso"}
)  # fmt: skip


def _norm(value: str) -> str:
    return cells.fold(kb.strip_group_prefix(value).replace("_", " "))


def _names(item: TargetField) -> set[str]:
    out = {_norm(item.name), *(_norm(s) for s in item.synonyms)}
    for lang in ("es", "en"):
        with translation.override(lang):
            out.add(_norm(str(item.label)))
    return out


def suggest_mapping(
    header: list[str],
    target: str,
    *,
    form: FormSpec | None = None,
    hashtags: list[str] | None = None,
) -> Mapping:
    """A proposed :class:`Mapping` of ``header`` onto ``target``'s fields.

    ``hashtags`` is the file's HXL hashtag row, aligned with ``header`` (see
    :func:`read_header`). The key column is a Kobo/ODK key (``_uuid``, ``KEY``…) or a
    header such as ``folio``/``id``. Raises ``KeyError`` for an unknown target.
    """
    fields = TARGETS[target].fields
    names = {item.name: _names(item) for item in fields}
    taken: set[str] = set()
    columns: list[ColumnMapping] = []
    seen_columns: set[str] = set()
    for position, column in enumerate(header):
        if not column:
            continue
        column_name, question = _question_column(column, header, form)
        if column_name in seen_columns:
            continue
        match = None
        if hashtags and position < len(hashtags) and hashtags[position]:
            scored = [
                (s, f.name)
                for f in fields
                if f.hxl and (s := hxl.hashtag_score(hashtags[position], f.hxl)) is not None
            ]
            scored.sort(reverse=True)
            if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
                match = scored[0][1]
        if match is None:
            wanted = {_norm(column_name)}
            if question is not None:
                wanted |= {_norm(question.name), *(cells.fold(v) for v in question.labels.values())}
            match = next(
                (f.name for f in fields if f.name not in taken and names[f.name] & wanted), None
            )
        if match is not None and match not in taken:
            taken.add(match)
            seen_columns.add(column_name)
            columns.append(ColumnMapping(column_name, match))
    key = kb.key_column(header) or next((h for h in header if _norm(h) in KEY_NAMES), None)
    kind = "kobo" if form is not None or kb.key_column(header) else "spreadsheet"
    return Mapping(target=target, columns=columns, key_column=key, source_kind=kind)


def _question_column(column: str, header: list[str], form: FormSpec | None):  # noqa: ANN202
    """The column to map (a split select_multiple column's question) and its question."""
    if form is None:
        return column, None
    question = form.question(column) or form.question(kb.strip_group_prefix(column))
    if question is None and "/" in column:
        parent = column.rsplit("/", 1)[0]
        candidate = form.question(parent) or form.question(kb.strip_group_prefix(parent))
        if candidate is not None and candidate.type == "select_multiple":
            return parent, candidate
    return column, question


def read_header(path: Path) -> tuple[list[str], list[str] | None]:
    """The header of a CSV/XLSX and its HXL hashtag row (the first data row, when it is
    one) or ``None``. Semicolon-separated CSVs (Kobo's default) are read too. Raises
    ``ImportFileError`` when unreadable."""
    table = kb.read_export(path)
    first = next(table.rows, None)
    if first is None:
        return table.header, None
    _line, row = first
    values = [row.get(h) for h in table.header]
    if hxl.is_hashtag_row(values):
        return table.header, [cells.text(v) for v in values]
    return table.header, None


def column_values(
    path: Path, column: str, *, limit: int = 100, multiple: bool = False, kobo: bool = False
) -> list[str]:
    """Distinct raw values of ``column`` (most frequent first, at most ``limit``), for the
    value mapping. Split select_multiple columns (``column/choice``) give the selected
    choice names; ``multiple`` splits multi-valued cells (``kobo``: on spaces). An HXL
    hashtag row is skipped. Raises ``ImportFileError`` when the file is unreadable."""
    table = kb.read_export(path)
    split = kb.split_columns(table.header, column) if column not in table.header else {}
    counts: Counter[str] = Counter()
    for number, (_line, row) in enumerate(table.rows):
        if "__width__" in row:
            continue
        if number == 0 and hxl.is_hashtag_row([row.get(h) for h in table.header]):
            continue
        if split:
            counts.update(c for c, h in split.items() if cells.text(row.get(h)) in {"1", "True"})
        elif multiple:
            counts.update(cells.split_values(row.get(column), kobo=kobo))
        else:
            raw = cells.text(row.get(column))
            if raw:
                counts[raw] += 1
    return [value for value, _n in counts.most_common(limit)]


def _contained(raw: str, index: dict[str, Term]) -> Term | None:
    """The term whose longest label is contained, as whole words, in ``raw``."""
    words = f" {cells.fold(raw)} "
    best: tuple[int, Term] | None = None
    for label, term in index.items():
        folded = cells.fold(label)
        if len(folded) >= 3 and f" {folded} " in words and (best is None or len(folded) > best[0]):
            best = (len(folded), term)
    return best[1] if best else None


def suggest_values(
    field: TargetField, raw: list[str], *, labels: dict[str, str] | None = None
) -> dict[str, str]:
    """Proposed codes for raw values of a vocabulary, country or yes/no column.

    Tries, per value (and its XLSForm choice label from ``labels``): an exact term code,
    label or source label; for languages an ISO 639 code or name (pycountry); the same
    with accents ignored; then the longest term label contained in the value
    ("Policía Municipal de Tapachula" → ``mx_municipal_police``, whose government level
    ``municipal`` the import derives). Values with no proposal are left out.
    """
    out: dict[str, str] = {}
    if field.kind == "country":
        for value in raw:
            for text in (value, (labels or {}).get(value, "")):
                try:
                    code = cells.country_code(text)
                except cells.CellError:
                    continue
                if code:
                    out[value] = code
                    break
        return out
    if field.kind == "bool":
        for value in raw:
            for text in (value, (labels or {}).get(value, "")):
                try:
                    answer = cells.boolean(text)
                except cells.CellError:
                    continue
                if answer is not None:
                    out[value] = "yes" if answer else "no"
                    break
        return out
    if not field.vocabulary:
        return out
    index = term_index(field.vocabulary)
    folded = {cells.fold(k): t for k, t in index.items()}
    for value in raw:
        for text in (value, (labels or {}).get(value, "")):
            if not text:
                continue
            term = _exact(field, text, index) or folded.get(cells.fold(text))
            term = term or _contained(text, index)
            if term is not None:
                out[value] = term.code
                break
    return out


def _exact(field: TargetField, text: str, index: dict[str, Term]) -> Term | None:
    try:
        if field.kind == "language":
            return language_term(text, {}, index)
        return cells.term_for(text, {}, index)
    except cells.CellError:
        return None
