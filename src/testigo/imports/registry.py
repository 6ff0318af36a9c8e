"""Registry of import sources. Built-in sources register here the way a deployment would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from testigo.documentation.services import EventInput
from testigo.imports.report import RowReport


class Parsed(Protocol):
    records: list[EventInput]
    report: RowReport
    rows: int

    @property
    def layout(self) -> object: ...


@dataclass(frozen=True)
class ImportSource:
    """An import source: how to read a file, which dataset it fills, its default owner."""

    name: str
    description: str
    read: Callable[..., Parsed]
    dataset: str
    default_org_slug: str
    default_org_name: str
    default_org_kind: str


IMPORT_SOURCES: dict[str, ImportSource] = {}


def register(source: ImportSource) -> None:
    """Add ``source`` to the registry (a later registration with the same name replaces it)."""
    IMPORT_SOURCES[source.name] = source


def _register_builtins() -> None:
    from testigo.imports.mmp.adapter import DATASET, read_mmp

    register(
        ImportSource(
            name="mmp",
            description="IOM Missing Migrants Project export (CSV or XLSX, 2019–2026 layouts)",
            read=read_mmp,
            dataset=DATASET,
            default_org_slug="iom-mmp",
            default_org_name="IOM Missing Migrants Project (public data)",
            default_org_kind="international",
        )
    )


def get_source(name: str) -> ImportSource:
    """The registered source ``name``. Raises ``KeyError`` listing the known names."""
    if not IMPORT_SOURCES:
        _register_builtins()
    try:
        return IMPORT_SOURCES[name]
    except KeyError:
        known = ", ".join(sorted(IMPORT_SOURCES))
        raise KeyError(f"unknown import source {name!r} (known: {known})") from None
