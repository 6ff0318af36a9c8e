"""Running an import: one ``ImportRun`` row, all-or-nothing writes, a full row report."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
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
from testigo.imports.registry import ImportSource, WriteContext, get_source
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
    read_options: Mapping[str, object] | None = None,
    run: ImportRun | None = None,
) -> ImportResult:
    """Import ``path`` with the registered source ``source_kind``.

    Returns the run with counts (events created / updated / unchanged). On a file that
    cannot be read raises :class:`ImportFileError`; on bad rows raises
    :class:`ImportRejected` with every bad row. In both cases no record is written; the run
    itself is kept with status ``rejected`` as a log. With ``dry_run`` the counts are
    computed inside a transaction that is then rolled back.

    ``read_options`` are passed to the source's reader (e.g. ``mapping=`` for spreadsheets
    and forms); a ``mapping`` among them is stored on the run as "the mapping used".
    ``run`` continues a run created earlier with status ``queued`` (background imports).
    """
    started = time.perf_counter()
    source = get_source(source_kind)
    if not path.exists():
        raise ImportFileError(f"{path}: no such file")
    if not path.is_file():
        raise ImportFileError(f"{path}: not a file (a folder?)")
    if organisation is None:
        organisation = organisation_get_or_create(
            actor=actor, slug=source.default_org_slug, name=source.default_org_name,
            kind=source.default_org_kind,
        )  # fmt: skip
    try:
        digest = file_sha256(path)
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot be read ({exc.strerror})") from exc
    options = dict(read_options or {})
    mapping = options.get("mapping")
    stored_mapping = mapping.as_json() if hasattr(mapping, "as_json") else mapping
    if run is None:
        run = ImportRun.objects.create(
            source_kind=source_kind, organisation=organisation, file_name=path.name[:255],
            user=actor if actor is not None and actor.is_authenticated else None,
            file_sha256=digest, mapping=stored_mapping,
        )  # fmt: skip
    else:
        run.status, run.file_sha256, run.mapping = ImportRun.Status.RUNNING, digest, stored_mapping
        run.save(update_fields=["status", "file_sha256", "mapping"])
    try:
        return _import(
            run, source, path, dry_run, started, read_progress, write_progress, options
        )
    except (ImportFileError, ImportRejected):
        raise
    except Exception as exc:
        # An unexpected failure: nothing was written (the write is one transaction); the run
        # is closed as rejected and the user gets one line, not a stack trace.
        _finish(run, ImportRun.Status.REJECTED, message=f"internal error: {type(exc).__name__}")
        raise ImportFileError(
            f"{path.name}: the import failed unexpectedly ({type(exc).__name__}: {exc}); "
            "nothing was imported"
        ) from exc


def _import(
    run: ImportRun,
    source: ImportSource,
    path: Path,
    dry_run: bool,
    started: float,
    read_progress: Callable[[int, int | None], None] | None,
    write_progress: Callable[[int], None] | None,
    options: dict[str, object],
) -> ImportResult:
    try:
        parsed = source.read(path, progress=read_progress, **options)
    except ImportFileError as exc:
        _finish(run, ImportRun.Status.REJECTED, message=exc.message)
        raise
    run.layout = str(getattr(parsed.layout, "name", ""))[:100]
    run.rows = parsed.rows
    report = parsed.report
    if not report.errors:
        _check_other_owners(run, source, parsed.records, report)
    if report.errors:
        run.rejected = len({i.line for i in report.errors})
        errors = len(report.errors)
        message = (
            f"{errors} error{'s' if errors != 1 else ''} in {run.rejected} "
            f"row{'s' if run.rejected != 1 else ''}; nothing imported"
        )
        _finish(run, ImportRun.Status.REJECTED, message=message)
        _store_messages(run, report.errors + report.warnings)
        raise ImportRejected(run.message, report=report)
    with transaction.atomic():
        if source.write is None:
            counts = events_upsert(
                actor=run.user, organisation=run.organisation, dataset=source.dataset,
                records=parsed.records, context=run.audit_context, progress=write_progress,
            )  # fmt: skip
        else:
            ctx = WriteContext(
                run=run, actor=run.user, organisation=run.organisation, dataset=source.dataset,
                context=run.audit_context, progress=write_progress,
            )  # fmt: skip
            counts = source.write(ctx, parsed)
        run.created, run.updated, run.unchanged = counts.created, counts.updated, counts.unchanged
        if dry_run:
            transaction.set_rollback(True)
    status = ImportRun.Status.DRY_RUN if dry_run else ImportRun.Status.DONE
    _finish(run, status, message="")
    _store_messages(run, report.warnings)
    return ImportResult(run=run, report=report, seconds=time.perf_counter() - started)


def _check_other_owners(
    run: ImportRun, source: ImportSource, records: list, report: RowReport
) -> None:
    """A public dataset's records have one owner: importing the same incidents under a
    second organisation would count them twice, so such a file is refused."""
    keys = {r.source_key for r in records if getattr(r, "source_key", "")}
    if not keys:
        return
    owners: dict[str, set[str]] = {}  # organisation slug -> its keys of this dataset
    for slug, key in (
        source.model_class().objects.filter(dataset=source.dataset)
        .exclude(source_key="")
        .values_list("organisation__slug", "source_key")
    ):
        owners.setdefault(slug, set()).add(key)
    own = owners.pop(run.organisation.slug, set())
    taken = sorted(slug for slug, held in owners.items() if held & keys)
    if own and not own & keys and source.warn_no_common_records:
        report.warn(
            None, "", "",
            f"no record in common with the {len(own)} {source.dataset} records already "
            "imported: if this file is another export of the same data with other ids (such as "
            "the 2019 MMP layout), the same incidents will be counted twice",
            "no_common_records",
        )  # fmt: skip
    for slug in taken:
        report.error(
            None, "", slug,
            f"these {source.dataset} records are already imported by organisation {slug!r}; "
            "importing them again under another organisation would count them twice",
            "other_owner",
        )  # fmt: skip


def _finish(run: ImportRun, status: str, *, message: str) -> None:
    run.status = status
    run.message = message
    run.finished_at = timezone.now()
    run.save()
