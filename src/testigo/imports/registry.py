"""Registry of import sources. Built-in sources register here the way a deployment would.

A source reads a file into records plus a row report (``read``) and writes the records
(``write``). Sources of events may leave ``write`` unset: events are written by
:func:`testigo.documentation.services.events_upsert`. Other sources (observations, budget
lines, intakes) give a ``write`` that takes a :class:`WriteContext` and the parsed file and
returns :class:`~testigo.documentation.services.events.UpsertCounts`; the generic
:func:`testigo.imports.upsert.keyed_upsert` does that for any model keyed by
``(dataset, source_key)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from testigo.imports.report import RowReport

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.db import models

    from testigo.accounts.models import Organisation
    from testigo.documentation.services.events import UpsertCounts
    from testigo.imports.models import ImportRun


class Parsed(Protocol):
    records: Sequence[Any]
    report: RowReport
    rows: int

    @property
    def layout(self) -> object: ...


@dataclass
class WriteContext:
    """What a source's ``write`` needs: the run, who runs it, the owner and dataset.

    ``context`` is the audit context (``"import run N"``): every audit row a write makes
    must carry it, because undoing a run reads those rows back.
    """

    run: ImportRun
    actor: AbstractBaseUser | None
    organisation: Organisation
    dataset: str
    context: str
    progress: Callable[[int], None] | None = None


@dataclass(frozen=True)
class ImportSource:
    """An import source: how to read a file, which dataset it fills, its default owner.

    ``model`` is the record type the source writes (used to refuse a second owner of the
    same public dataset's keys); ``write`` is ``None`` for sources of events.
    ``quirks`` names the source's normalisation rules, for the docs and the CLI's listing.
    """

    name: str
    description: str
    read: Callable[..., Parsed]
    dataset: str
    default_org_slug: str
    default_org_name: str
    default_org_kind: str
    write: Callable[[WriteContext, Parsed], UpsertCounts] | None = None
    model: str = "documentation.Event"
    quirks: tuple[str, ...] = field(default_factory=tuple)
    # Warn when a file shares no key with the dataset already imported (another export of
    # the same events with other ids would count them twice). Off for sources that fill
    # one dataset from several files (statistical tables).
    warn_no_common_records: bool = True

    def model_class(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model)


IMPORT_SOURCES: dict[str, ImportSource] = {}
# Modules whose import registers built-in sources (each calls ``register`` at import time),
# besides every module of the ``testigo.imports.sources`` package.
BUILTIN_MODULES: list[str] = [
    "testigo.imports.mmp.source",
]


def register(source: ImportSource) -> None:
    """Add ``source`` to the registry (a later registration with the same name replaces it)."""
    IMPORT_SOURCES[source.name] = source


def _register_builtins() -> None:
    import pkgutil
    from importlib import import_module

    from testigo.imports import sources

    for module in BUILTIN_MODULES:
        import_module(module)
    for info in pkgutil.iter_modules(sources.__path__):
        import_module(f"{sources.__name__}.{info.name}")


def all_sources() -> dict[str, ImportSource]:
    """Every registered source by name (built-ins loaded on first use)."""
    if not IMPORT_SOURCES:
        _register_builtins()
    return dict(IMPORT_SOURCES)


def get_source(name: str) -> ImportSource:
    """The registered source ``name``. Raises ``KeyError`` listing the known names."""
    sources = all_sources()
    try:
        return sources[name]
    except KeyError:
        known = ", ".join(sorted(sources))
        raise KeyError(f"unknown import source {name!r} (known: {known})") from None
