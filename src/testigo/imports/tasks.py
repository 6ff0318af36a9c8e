"""The background import task: runs a queued :class:`ImportRun` and records its progress."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from django.tasks import task

from testigo.imports.models import ImportRun
from testigo.imports.report import ImportFileError, ImportRejected

PROGRESS_EVERY_SECONDS = 1.0


def read_options(options: dict[str, object]) -> dict[str, object]:
    """JSON task options → the reader's keyword arguments (saved mapping, XLSForm)."""
    out: dict[str, object] = {}
    mapping_id = options.get("mapping_id")
    mapping_json = options.get("mapping")
    if mapping_id is not None or mapping_json is not None:
        from testigo.imports.mapping.spec import Mapping
        from testigo.imports.models import ImportMapping

        if mapping_id is not None:
            saved = ImportMapping.objects.get(pk=mapping_id)
            mapping_json = saved.definition
            if saved.form and "form_path" not in options:
                from testigo.imports.mapping.xlsform import FormSpec

                out["form"] = FormSpec.from_json(saved.form)
        out["mapping"] = Mapping.from_json(mapping_json)  # type: ignore[arg-type]
    repeat_path = options.get("repeat_path")
    if repeat_path:
        out["repeat_path"] = Path(str(repeat_path))
    form_path = options.get("form_path")
    if form_path:
        from testigo.imports.mapping.xlsform import form_from_xlsform

        out["form"] = form_from_xlsform(Path(str(form_path)))
    return out


def _progress(run_id: int):  # noqa: ANN202 - a closure
    last = [0.0]

    def update(done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY_SECONDS and (total is None or done < total):
            return
        last[0] = now
        ImportRun.objects.filter(pk=run_id).update(progress_done=done, progress_total=total)

    return update


@task
def import_run_task(run_id: int, path: str, dry_run: bool, options: dict) -> str:
    """Run the queued import ``run_id`` on ``path``; returns the run's final status.

    Progress is written while the file is read (the write itself is one transaction, so
    its progress could not be seen before it commits). The uploaded file is deleted at the
    end, whatever happened. Errors end up on the run (status ``rejected`` and messages),
    never as an exception out of the worker.
    """
    from testigo.imports.queue import upload_folder
    from testigo.imports.services import import_run_start

    run = ImportRun.objects.get(pk=run_id)
    try:
        import_run_start(
            actor=run.user, source_kind=run.source_kind, path=Path(path),
            organisation=run.organisation, dry_run=dry_run, run=run,
            read_progress=_progress(run_id), read_options=read_options(options),
        )  # fmt: skip
    except (ImportFileError, ImportRejected):
        pass  # the run holds the outcome and every row message
    except Exception as exc:  # the run must not stay "running" forever
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportRun.Status.REJECTED,
            message=f"internal error: {type(exc).__name__}; nothing was imported",
        )
    finally:
        shutil.rmtree(upload_folder(run), ignore_errors=True)
    run.refresh_from_db()
    if run.rows:
        ImportRun.objects.filter(pk=run_id).update(progress_done=run.rows, progress_total=run.rows)
        run.progress_done = run.progress_total = run.rows
    return run.status
