"""Registers the KoboToolbox/ODK export source: an export (CSV/XLSX) and its XLSForm read
through a saved mapping (docs/imports/kobo-odk.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from testigo.imports.mapping.records import MappedFile, read_mapped
from testigo.imports.mapping.spec import Mapping, MappingError
from testigo.imports.mapping.write import write_mapped
from testigo.imports.mapping.xlsform import FormSpec
from testigo.imports.registry import ImportSource, register
from testigo.imports.report import ImportFileError

DATASET = "kobo"


def read_kobo(
    path: Path,
    *,
    progress: Callable[[int, int | None], None] | None = None,
    mapping: Mapping | dict | None = None,
    form: FormSpec | None = None,
    repeat_path: Path | None = None,
) -> MappedFile:
    """Read a Kobo/ODK export with ``mapping`` (required) and its XLSForm ``form``
    (optional: it tells select_multiple columns apart); ``repeat_path`` is the export of
    the mapping's repeat group when it is a separate file. Raises ``ImportFileError``
    without a mapping, for an unreadable file or a bad mapping definition."""
    if mapping is None:
        raise ImportFileError(f"{path.name}: a Kobo/ODK export needs a column mapping")
    try:
        return read_mapped(
            path, mapping=mapping, form=form, kobo=True, repeat_path=repeat_path, progress=progress
        )
    except MappingError as exc:
        raise ImportFileError(f"{path.name}: {exc.message}") from exc


register(
    ImportSource(
        name="kobo",
        description="KoboToolbox / ODK export (CSV or XLSX) with its XLSForm, through a mapping",
        read=read_kobo,
        write=write_mapped,
        dataset=DATASET,
        default_org_slug="imported-kobo-forms",
        default_org_name="Imported Kobo/ODK forms (no organisation given)",
        default_org_kind="civil_society",
        model="documentation.Intake",
        quirks=(
            "strip_group_prefix",
            "key_column",
            "split_columns",
            "selected_choices",
            "repeat_link",
            "edtf_date",
            "calendar_day",
            "boolean",
            "country_code",
            "term_for",
        ),
    )
)
