"""Writing the public export to a folder: ``datapackage``, ``csv``, ``hxl`` or ``sdmx``.

Everything comes from :func:`testigo.publication.export.tables.build_tables`, i.e. the
publication gate. Files are written to a temporary folder beside ``out`` and moved in only
when all are written, so a failure leaves nothing half-written.

Formats (all UTF-8 CSV):

* ``datapackage``: ``datapackage.json`` + ``data/<table>.csv`` with the HXL hashtag row as
  second row (declared to Frictionless as a comment row);
* ``csv``: ``<table>.csv``, header row only (for spreadsheets);
* ``hxl``: ``<table>.csv``, header row then hashtag row (the Data Package's files);
* ``sdmx``: ``<table>.csv`` in SDMX-CSV 2.0, for the tables with a year dimension.

Official statistics (observations), when the database holds any, are added as one
``observations_<dataset>`` table each (not in ``sdmx`` yet): they are already-published
aggregates and need no disclosure control (``observations.py``).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from testigo.core.errors import ApplicationError
from testigo.publication.export.datapackage import csv_path, descriptor, write_csv
from testigo.publication.export.observations import observation_tables, write_observations_csv
from testigo.publication.export.sdmx import is_series, write_sdmx_csv
from testigo.publication.export.tables import TABLES, ExportTable, Withheld, build_tables

FORMATS = ("datapackage", "csv", "hxl", "sdmx")
LANGUAGES = ("es", "en")


class ExportError(ApplicationError):
    """The export cannot be written (unknown format or language, unusable folder)."""


@dataclass(frozen=True)
class WrittenFile:
    """A file written: path relative to the output folder, rows, table and its suppressions."""

    path: str
    rows: int
    table: str = ""
    suppressed_cells: int = 0


@dataclass(frozen=True)
class ExportResult:
    """What :func:`write_export` wrote (``files``) and left out (``withheld``)."""

    out: Path
    format: str
    files: list[WrittenFile] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)


def write_export(
    out: Path, *, fmt: str, lang: str = "es", specs: tuple[ExportTable, ...] = TABLES
) -> ExportResult:
    """Build the public tables through the gate and write them to ``out`` in ``fmt``.

    ``fmt``: one of :data:`FORMATS`; ``lang``: ``es`` or ``en`` (labels, titles,
    descriptions). Existing files of the same names in ``out`` are replaced; others are
    left alone. Raises :class:`ExportError` for an unknown format or language, or when
    ``out`` is a file.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    if lang not in LANGUAGES:
        raise ExportError(f"unknown language {lang!r} (known: {', '.join(LANGUAGES)})")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file, not a folder")
    tables, withheld = build_tables(specs)
    out.mkdir(parents=True, exist_ok=True)
    files: list[WrittenFile] = []
    staging = Path(tempfile.mkdtemp(prefix=".testigo-export-", dir=out))
    try:
        for built in tables:
            name = built.spec.name
            cells = built.suppressed_cells
            if fmt == "datapackage":
                rel = csv_path(built)
                n = write_csv(staging / rel, built, lang, hashtags=True)
            elif fmt in ("csv", "hxl"):
                rel = f"{name}.csv"
                n = write_csv(staging / rel, built, lang, hashtags=fmt == "hxl")
            elif is_series(built):
                rel = f"{name}.csv"
                n = write_sdmx_csv(staging / rel, built)
            else:
                continue
            files.append(WrittenFile(rel, n, name, cells))
        observations = observation_tables() if fmt != "sdmx" else []
        for obs in observations:
            rel = f"data/{obs.name}.csv" if fmt == "datapackage" else f"{obs.name}.csv"
            n = write_observations_csv(staging / rel, obs, hashtags=fmt != "csv")
            files.append(WrittenFile(rel, n, obs.name))
        if fmt == "datapackage":
            text = json.dumps(
                descriptor(tables, lang, observations=observations), ensure_ascii=False, indent=2
            )
            (staging / "datapackage.json").write_text(text + "\n", encoding="utf-8")
            files.insert(0, WrittenFile("datapackage.json", len(tables) + len(observations)))
        for written in files:
            target = out / written.path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / written.path, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ExportResult(out, fmt, files, withheld)
