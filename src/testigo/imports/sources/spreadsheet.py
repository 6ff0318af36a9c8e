"""Registers the generic spreadsheet source: any CSV/XLSX read through a saved mapping
into intakes or events (docs/imports/spreadsheets.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from testigo.imports.mapping.records import MappedFile, read_mapped
from testigo.imports.mapping.spec import Mapping, MappingError
from testigo.imports.mapping.write import write_mapped
from testigo.imports.mapping.xlsform import FormSpec
from testigo.imports.registry import ImportSource, register
from testigo.imports.report import ImportFileError

DATASET = "spreadsheet"


def read_spreadsheet(
    path: Path,
    *,
    progress: Callable[[int, int | None], None] | None = None,
    mapping: Mapping | dict | None = None,
    form: FormSpec | None = None,
    repeat_path: Path | None = None,
) -> MappedFile:
    """Read a CSV/XLSX with ``mapping`` (required). Raises ``ImportFileError`` without a
    mapping, for an unreadable file or a bad mapping definition."""
    if mapping is None:
        raise ImportFileError(f"{path.name}: a spreadsheet needs a column mapping")
    try:
        return read_mapped(
            path, mapping=mapping, form=form, repeat_path=repeat_path, progress=progress
        )
    except MappingError as exc:
        raise ImportFileError(f"{path.name}: {exc.message}") from exc


register(
    ImportSource(
        name="spreadsheet",
        description="Spreadsheet (CSV or XLSX) read through a column mapping: intakes or events",
        read=read_spreadsheet,
        write=write_mapped,
        dataset=DATASET,
        default_org_slug="imported-spreadsheets",
        default_org_name="Imported spreadsheets (no organisation given)",
        default_org_kind="civil_society",
        model="documentation.Intake",
        quirks=(
            "edtf_date",
            "calendar_day",
            "whole_number",
            "boolean",
            "country_code",
            "term_for",
            "split_values",
        ),
    )
)
