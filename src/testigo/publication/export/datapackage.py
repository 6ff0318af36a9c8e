"""Frictionless Data Package (v2) of the public tables, with HXL hashtags (standards.md §7.1–7.2).

Layout: ``datapackage.json`` and one CSV per table in ``data/``. Each CSV has a header row
of column names and, as its second row, the HXL hashtag row, so the same file is read by
HXL tools (libhxl finds the hashtag row) and by Frictionless tools: the resource's dialect
declares ``commentRows: [2]`` so validators and readers skip it. Each field also carries its
hashtag in an ``hxl`` property.

Schema: dimension code columns are strings (``_T`` = total; years and months with a
``pattern``), label columns strings, counts integers ``>= 0``. ``missingValues`` (v2 object
form) is per field: ``x`` labelled *suppressed* on count columns — the disclosure-control
mark; a suppressed cell is never written as a number. Dimension columns have none: an
empty code is the category *not recorded* / *date unknown*, a value, not a missing one (a
suppressed cell of unknown year and unknown route would otherwise be a "blank row").
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from testigo.publication.export.columns import (
    SUPPRESSED,
    TOTAL_CODE,
    Column,
    columns,
    rows,
    unit_kind,
)
from testigo.publication.export.observations import ObservationTable, observations_resource
from testigo.publication.export.tables import BuiltTable
from testigo.statistics.dimensions import DIMENSIONS
from testigo.statistics.units import UNITS

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
DIALECT_PROFILE = "https://datapackage.org/profiles/2.0/tabledialect.json"
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
MMP_SOURCE = {
    "title": "IOM Missing Migrants Project",
    "path": "https://missingmigrants.iom.int/",
}
KINDS = {"persons": gettext_lazy("persons"), "events": gettext_lazy("events")}
# Period codes: a year or month, the total, "imprecise" (a date less precise than the
# period: never dropped, see docs/statistics.md) or empty (no date at all).
PATTERNS = {
    "year": rf"^([0-9]{{4}}|{TOTAL_CODE}|imprecise)?$",
    "month": rf"^([0-9]{{4}}-[0-9]{{2}}|{TOTAL_CODE}|imprecise)?$",
}


def csv_path(table: BuiltTable) -> str:
    """The table's CSV path inside the package (``data/<name>.csv``)."""
    return f"data/{table.spec.name}.csv"


def write_csv(path: Path, table: BuiltTable, lang: str, *, hashtags: bool) -> int:
    """Write ``table`` as CSV (UTF-8, header row, hashtag row if ``hashtags``); return rows."""
    cols = columns(table, lang)
    body = rows(table, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([c.name for c in cols])
        if hashtags:
            writer.writerow([c.hxl for c in cols])
        writer.writerows(body)
    return len(body)


def _field(col: Column, table: BuiltTable) -> dict[str, object]:
    if col.kind == "count":
        unit = UNITS[col.of]
        kind = KINDS.get(unit_kind(col.of), unit_kind(col.of))
        return {
            "name": col.name,
            "type": "integer",
            "title": str(unit.label),
            "description": _("Number of %(what)s (%(kind)s); “%(mark)s” = suppressed by "
                             "disclosure control.") % {
                "what": unit.label, "kind": kind, "mark": SUPPRESSED},
            "constraints": {"minimum": 0},
            "missingValues": [{"value": SUPPRESSED, "label": "suppressed"}],
            "hxl": col.hxl,
        }  # fmt: skip
    dimension = DIMENSIONS[col.of]
    if col.kind == "label":
        return {
            "name": col.name,
            "type": "string",
            "title": _("%(dimension)s (label)") % {"dimension": dimension.title},
            "description": _("Label of the %(dimension)s; “Total” on total rows; empty = not "
                             "recorded.") % {"dimension": dimension.title},
            "missingValues": [],  # "" is the category "not recorded", not a missing value
            "hxl": col.hxl,
        }  # fmt: skip
    spec: dict[str, object] = {
        "name": col.name,
        "type": "string",
        "title": str(dimension.title),
        "description": _("Code of the %(dimension)s; “%(total)s” = total of all categories; "
                         "empty = not recorded or date unknown.") % {
            "dimension": dimension.title, "total": TOTAL_CODE},
        "missingValues": [],  # "" is the category "not recorded", not a missing value
        "hxl": col.hxl,
    }  # fmt: skip
    if col.of in PATTERNS:
        spec["constraints"] = {"pattern": PATTERNS[col.of]}
    return spec


def resource(table: BuiltTable, lang: str) -> dict[str, object]:
    """The Data Resource descriptor of ``table`` (v2; hashtag row declared as a comment row)."""
    return {
        "name": table.spec.name,
        "path": csv_path(table),
        "type": "table",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": str(table.spec.title),
        "description": str(table.spec.description),
        "sources": [{**MMP_SOURCE, "description": str(table.spec.source)}],
        "dialect": {"$schema": DIALECT_PROFILE, "header": True, "commentRows": [2]},
        "schema": {"fields": [_field(c, table) for c in columns(table, lang)]},
        "testigo": {
            "threshold": table.table.threshold,
            "suppressedCells": table.suppressed_cells,
            "scope": dict(table.spec.scope),
        },
    }


def descriptor(
    tables: Sequence[BuiltTable],
    lang: str,
    *,
    observations: Sequence[ObservationTable] = (),
    created: datetime | None = None,
) -> dict:
    """The ``datapackage.json`` descriptor (Data Package v2) for ``tables`` and the
    ``observations`` tables, texts in ``lang``."""
    created = created or datetime.now(tz=UTC)
    with translation.override(lang):
        return {
            "$schema": PACKAGE_PROFILE,
            "name": "testigo-open-data",
            "title": _("Testigo: public figures on migrants' rights in the Mexico–US corridor"),
            "description": _(
                "Aggregate tables published by Testigo. Every figure passed disclosure control: "
                "counts below %(k)s persons are suppressed (“x”), and further cells are "
                "suppressed so that no suppressed value can be worked out from the totals. "
                "Rows with “_T” are totals; combinations not listed are zero."
            )
            % {"k": min((t.table.threshold for t in tables), default=0)},
            "created": created.replace(microsecond=0).isoformat(),
            "keywords": ["migration", "human rights", "HXL", "disclosure control"],
            "licenses": [LICENCE],
            "sources": [MMP_SOURCE],
            "resources": [
                *(resource(t, lang) for t in tables),
                *(observations_resource(t) for t in observations),
            ],
        }
