"""Running an import: one ``ImportRun`` row, all-or-nothing writes, a full row report."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from testigo.accounts.models import Organisation
from testigo.accounts.services import organisation_get_or_create
from testigo.documentation.services import events_upsert
from testigo.imports.files import file_sha256
from testigo.imports.models import ImportRowMessage, ImportRun
from testigo.imports.registry import get_source
from testigo.imports.report import ImportFileError, ImportRejected, RowIssue, RowReport

MAX_STORED_MESSAGES = 10_000


@dataclass
class ImportResult:
    """What an import did: the run record, its report and wall-clock seconds."""

    run: ImportRun
    report: RowReport
    seconds: float


def _store_messages(run: ImportRun, issues: list[RowIssue]) -> None:
    ImportRowMessage.objects.bulk_create(
        ImportRowMessage(
            run=run,
            severity=i.severity,
            line=i.line,
            column=i.column[:120],
            value=i.value[:200],
            reason=i.reason,
            code=i.code[:60],
        )
        for i in issues[:MAX_STORED_MESSAGES]
    )


def import_run_start(
    *,
    actor: AbstractBaseUser | None,
    source_kind: str,
    path: Path,
    organisation: Organisation | None = None,
    dry_run: bool = False,
    read_progress: Callable[[int, int | None], None] | None = None,
    write_progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import ``path`` with the registered source ``source_kind``.

    Returns the run with counts (events created / updated / unchanged). On a file that
    cannot be read raises :class:`ImportFileError`; on bad rows raises
    :class:`ImportRejected` with every bad row. In both cases no record is written; the run
    itself is kept with status ``rejected`` as a log. With ``dry_run`` the counts are
    computed inside a transaction that is then rolled back.
    """
    started = time.perf_counter()
    source = get_source(source_kind)
    if not path.exists():
        raise ImportFileError(f"{path}: no such file")
    if organisation is None:
        organisation = organisation_get_or_create(
            actor=actor,
            slug=source.default_org_slug,
            name=source.default_org_name,
            kind=source.default_org_kind,
        )
    run = ImportRun.objects.create(
        source_kind=source_kind,
        organisation=organisation,
        user=actor if actor is not None and actor.is_authenticated else None,
        file_name=path.name[:255],
        file_sha256=file_sha256(path),
    )
    try:
        parsed = source.read(path, progress=read_progress)
    except ImportFileError as exc:
        _finish(run, ImportRun.Status.REJECTED, message=exc.message)
        raise
    run.layout = getattr(parsed.layout, "name", "")
    run.rows = parsed.rows
    report = parsed.report
    if report.errors:
        run.rejected = len({i.line for i in report.errors})
        _finish(
            run,
            ImportRun.Status.REJECTED,
            message=f"{len(report.errors)} errors in {run.rejected} rows; nothing imported",
        )
        _store_messages(run, report.errors + report.warnings)
        raise ImportRejected(run.message, report=report)
    with transaction.atomic():
        counts = events_upsert(
            actor=actor,
            organisation=organisation,
            dataset=source.dataset,
            records=parsed.records,
            context=f"import run {run.pk}",
            progress=write_progress,
        )
        run.created, run.updated, run.unchanged = counts.created, counts.updated, counts.unchanged
        if dry_run:
            transaction.set_rollback(True)
    status = ImportRun.Status.DRY_RUN if dry_run else ImportRun.Status.DONE
    _finish(run, status, message="")
    _store_messages(run, report.warnings)
    return ImportResult(run=run, report=report, seconds=time.perf_counter() - started)


def _finish(run: ImportRun, status: str, *, message: str) -> None:
    run.status = status
    run.message = message
    run.finished_at = timezone.now()
    run.save()
