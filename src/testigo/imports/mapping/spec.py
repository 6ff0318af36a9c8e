"""A saved column mapping: which column fills which field, and how raw values map to codes.

Stored as JSON (``ImportMapping.definition`` and ``ImportRun.mapping``) with
:meth:`Mapping.as_json`; read back with :meth:`Mapping.from_json`, which refuses a bad
definition with :class:`MappingError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from testigo.core.errors import ApplicationError
from testigo.imports.mapping.targets import TARGETS

SOURCE_KINDS = ("spreadsheet", "kobo")
DATASET_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
# Consent is never a constant: it must come from a column of the file (docs/consent.md).
NOT_CONSTANT = frozenset({"consent_services", "consent_network", "consent_statistics"})


class MappingError(ApplicationError):
    """The mapping definition itself is wrong (unknown target or field, bad shape)."""


@dataclass
class ColumnMapping:
    """``column`` (a header of the file, or an XLSForm question's path) fills ``field``.

    ``values`` maps raw cell values (as written in the file, or XLSForm choice names) to
    vocabulary codes; empty for fields that are not vocabulary fields.
    """

    column: str
    field: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class Mapping:
    """How one kind of file becomes records of ``target`` (``intakes`` or ``events``).

    ``key_column`` identifies a row across imports (the record's source key); without it
    (and, for Kobo exports, without a ``_uuid``/``_id``/``KEY`` column) the key is a hash of
    the row's mapped cells. ``repeat`` names the XLSForm repeat group whose child records
    belong to each row (Kobo/ODK). ``dataset`` (a slug) separates the keys of different
    spreadsheets of one organisation (default: the source kind). ``constants`` gives fields
    the same value on every row (never consent).
    """

    target: str
    columns: list[ColumnMapping]
    key_column: str | None = None
    source_kind: str = "spreadsheet"
    repeat: str | None = None
    dataset: str = ""
    constants: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        """A JSON-ready dict (the shape :meth:`from_json` reads)."""
        return {
            "target": self.target,
            "source_kind": self.source_kind,
            "key_column": self.key_column,
            "repeat": self.repeat,
            "dataset": self.dataset,
            "constants": dict(self.constants),
            "columns": [
                {"column": c.column, "field": c.field, "values": dict(c.values)}
                for c in self.columns
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> Mapping:
        """Read a mapping from :meth:`as_json`'s shape. Raises :class:`MappingError`."""
        if not isinstance(data, dict):
            raise MappingError(_("The mapping is not a JSON object."))
        target = data.get("target")
        if target not in TARGETS:
            raise MappingError(_("Unknown target “%(t)s”.") % {"t": target})
        kind = data.get("source_kind") or "spreadsheet"
        if kind not in SOURCE_KINDS:
            raise MappingError(_("Unknown source kind “%(k)s”.") % {"k": kind})
        raw_columns = data.get("columns")
        if not isinstance(raw_columns, list):
            raise MappingError(_("The mapping has no list of columns."))
        columns = []
        for item in raw_columns:
            if not isinstance(item, dict) or not item.get("column") or not item.get("field"):
                raise MappingError(_("Each mapped column needs a column and a field."))
            values = item.get("values") or {}
            if not isinstance(values, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in values.items()
            ):
                raise MappingError(
                    _("The value mapping of column “%(c)s” must map texts to codes.")
                    % {"c": item["column"]}
                )
            columns.append(ColumnMapping(str(item["column"]), str(item["field"]), dict(values)))
        constants = data.get("constants") or {}
        if not isinstance(constants, dict):
            raise MappingError(_("The constants of the mapping must map fields to values."))
        mapping = cls(
            target=target, columns=columns, key_column=data.get("key_column") or None,
            source_kind=kind, repeat=data.get("repeat") or None,
            dataset=str(data.get("dataset") or ""),
            constants={str(k): str(v) for k, v in constants.items()},
        )  # fmt: skip
        problems = mapping.definition_problems()
        if problems:
            raise MappingError("; ".join(problems), extra={"problems": problems})
        return mapping

    def definition_problems(self) -> list[str]:
        """Problems of the definition alone (no file): unknown fields, a field mapped twice,
        a bad dataset slug, consent given as a constant."""
        target = TARGETS.get(self.target)
        if target is None:
            return [_("Unknown target “%(t)s”.") % {"t": self.target}]
        names = set(target.field_names())
        problems = []
        seen: set[str] = set()
        for col in self.columns:
            if col.field not in names:
                problems.append(
                    _("Column “%(c)s”: unknown field “%(f)s”.") % {"c": col.column, "f": col.field}
                )
            elif col.field in seen:
                problems.append(_("Field “%(f)s” is mapped twice.") % {"f": col.field})
            seen.add(col.field)
        for name in self.constants:
            if name not in names:
                problems.append(_("Constant for unknown field “%(f)s”.") % {"f": name})
            elif name in NOT_CONSTANT:
                problems.append(
                    _("Consent (“%(f)s”) must come from a column of the file, never a constant.")
                    % {"f": name}
                )
            elif name in seen:
                problems.append(_("Field “%(f)s” has both a column and a constant.") % {"f": name})
        if self.dataset and not DATASET_RE.fullmatch(self.dataset):
            problems.append(
                _("The dataset name must be lowercase letters, digits, - and _ (at most 40).")
            )
        return problems

    def validate(self, header: list[str]) -> list[str]:
        """Problems of this mapping for a file with ``header``: unknown field, a required
        field not mapped, a mapped column (or the key column) not in the file. A column
        ``q`` of a Kobo export also matches split select_multiple columns ``q/option``."""
        problems = self.definition_problems()
        target = TARGETS.get(self.target)
        if target is None:
            return problems
        mapped = {c.field for c in self.columns} | set(self.constants)
        for item in target.fields:
            if item.required and item.name not in mapped:
                problems.append(_("Required field “%(f)s” is not mapped.") % {"f": str(item.label)})
        present = set(header)
        for col in self.columns:
            if col.column not in present and not any(
                h.startswith(col.column + "/") for h in header
            ):
                problems.append(_("Column “%(c)s” is not in the file.") % {"c": col.column})
        if self.key_column and self.key_column not in present:
            problems.append(_("Key column “%(c)s” is not in the file.") % {"c": self.key_column})
        return problems

    def column_for(self, field_name: str) -> ColumnMapping | None:
        """The column mapped to ``field_name``, or ``None``."""
        return next((c for c in self.columns if c.field == field_name), None)
