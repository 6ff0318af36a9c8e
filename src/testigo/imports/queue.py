"""Queueing an import: keep the uploaded file privately, record the run, hand it to a worker.

Small files are imported at once (in the request); larger ones run in the background
through Django's tasks framework (``settings.TASKS``: a database queue served by
``testigo db_worker``; ``testigo serve`` starts one). The run record exists from the start
(status ``queued``), so its page shows progress and, at the end, its report.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from testigo.accounts.models import Organisation
from testigo.imports.files import file_sha256
from testigo.imports.models import ImportRun
from testigo.imports.registry import get_source
from testigo.imports.report import ImportFileError

# Files up to this size are imported in the request: a run of a few seconds at most.
INLINE_MAX_BYTES = 256 * 1024
ALLOWED_SUFFIXES = {".csv", ".xlsx", ".xlsm", ".xls"}


class Uploaded(Protocol):
    name: str
    size: int

    def chunks(self) -> Iterable[bytes]: ...


def upload_folder(run: ImportRun) -> Path:
    """``DATA_DIR/imports/<run id>``: private (0700), removed when the run ends."""
    return Path(settings.DATA_DIR) / "imports" / str(run.pk)


def store_upload(folder: Path, uploaded: Uploaded) -> Path:
    """Write ``uploaded`` into ``folder`` (0600) under its base name; returns the path.

    Raises ``ImportFileError`` for a file type imports cannot read or a file larger than
    ``settings.TESTIGO_MAX_UPLOAD_BYTES`` (default 200 MB).
    """
    name = Path(uploaded.name).name or "upload"
    limit = getattr(settings, "TESTIGO_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
    if uploaded.size > limit:
        raise ImportFileError(
            f"{name}: {uploaded.size / 1e6:.0f} MB is more than the {limit / 1e6:.0f} MB "
            "an upload may have (TESTIGO_MAX_UPLOAD_BYTES); import it with the testigo "
            "command instead"
        )
    if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise ImportFileError(f"{name}: unsupported file type (use .csv or .xlsx)")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        for chunk in uploaded.chunks():
            fh.write(chunk)
    return path


def import_run_queue(
    *,
    actor: AbstractBaseUser,
    source_kind: str,
    uploaded: Uploaded,
    organisation: Organisation | None,
    options: Mapping[str, object] | None = None,
    dry_run: bool = False,
    extra_files: Mapping[str, Uploaded] | None = None,
) -> ImportRun:
    """Record a queued run for ``uploaded`` and start it (inline when small).

    ``options`` must be JSON (e.g. ``{"mapping_id": 3}``): they travel through the task
    queue. ``extra_files`` (e.g. ``{"form": xlsform}``) are stored beside the file and
    passed to the task as ``<name>_path`` options. Returns the run (reload it to see the
    outcome of an inline run). Raises ``KeyError`` for an unknown source and
    ``ImportFileError`` for an unreadable upload.
    """
    from testigo.imports.tasks import import_run_task

    source = get_source(source_kind)
    if organisation is None:
        from testigo.accounts.services import organisation_get_or_create

        organisation = organisation_get_or_create(
            actor=actor, slug=source.default_org_slug, name=source.default_org_name,
            kind=source.default_org_kind,
        )  # fmt: skip
    run = ImportRun.objects.create(
        source_kind=source_kind, organisation=organisation, file_name=Path(uploaded.name).name,
        user=actor, status=ImportRun.Status.QUEUED,
    )  # fmt: skip
    folder = upload_folder(run)
    try:
        path = store_upload(folder, uploaded)
        opts = dict(options or {})
        for key, extra in (extra_files or {}).items():
            opts[f"{key}_path"] = str(store_upload(folder / key, extra))
        run.file_sha256 = file_sha256(path)
        run.save(update_fields=["file_sha256"])
    except ImportFileError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        run.status, run.message = ImportRun.Status.REJECTED, exc.message
        run.save(update_fields=["status", "message"])
        raise
    arguments = {"run_id": run.pk, "path": str(path), "dry_run": dry_run, "options": opts}
    if uploaded.size <= INLINE_MAX_BYTES:
        import_run_task.call(**arguments)
    else:
        result = import_run_task.enqueue(**arguments)
        ImportRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run
