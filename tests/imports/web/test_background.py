"""Large files run in the background: queued with django-tasks-db, run by the worker."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from testigo.documentation.models import Event
from testigo.imports import queue
from testigo.imports.models import ImportRun
from tests.imports.web.test_runs import _mmp_file

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_large_file_is_queued_then_imported_by_the_worker(world, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(queue, "INLINE_MAX_BYTES", 0)  # every file counts as large here
    run = queue.import_run_queue(
        actor=world.users["documentalist"], source_kind="mmp",
        uploaded=SimpleUploadedFile("big.csv", _mmp_file(5)), organisation=world.org_a,
    )  # fmt: skip
    assert run.status == ImportRun.Status.QUEUED and run.task_id
    assert not Event.objects.filter(dataset="mmp").exists()
    assert queue.upload_folder(run).is_dir()  # kept privately until the worker runs
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE, run.message
    assert run.created == 5 and run.progress_done == 5
    assert Event.objects.filter(dataset="mmp").count() == 5
    assert not queue.upload_folder(run).exists()
