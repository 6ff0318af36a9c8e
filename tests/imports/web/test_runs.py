"""Import pages: who may see, start and undo runs; what a run's page shows."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from testigo.documentation.models import Event
from testigo.imports.models import ImportRun
from testigo.imports.queue import import_run_queue
from testigo.imports.report import ImportFileError
from tests.imports.factories import HEADER_2022, row_2022

pytestmark = pytest.mark.django_db

def _mmp_file(rows: int, *, bad_line: int | None = None) -> bytes:
    """An invented MMP export (2022 layout) of ``rows`` incidents; ``bad_line`` (file line,
    header = 1) gets an unreadable number of dead."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER_2022, extrasaction="ignore")
    writer.writeheader()
    for i in range(rows):
        dead = "x" if bad_line is not None and i + 2 == bad_line else "2"
        writer.writerow(
            row_2022(f"2021.{i}", Number_of_Dead=dead, Total_Number_of_Dead_and_Missing="2")
        )
    return out.getvalue().encode()


def _upload(world, data: bytes, *, name: str = "mmp.csv", dry_run: bool = False) -> ImportRun:
    return import_run_queue(
        actor=world.users["documentalist"], source_kind="mmp",
        uploaded=SimpleUploadedFile(name, data), organisation=world.org_a, dry_run=dry_run,
    )  # fmt: skip


def test_small_upload_runs_at_once_and_its_page_shows_the_counts(world):
    run = _upload(world, _mmp_file(3))
    assert run.status == ImportRun.Status.DONE, run.message
    assert (run.rows, run.created) == (3, 3)
    assert Event.objects.filter(organisation=world.org_a, dataset="mmp").count() == 3
    page = world.client("read_only").get(reverse("imports:run_detail", args=[run.pk]))
    assert page.status_code == 200
    assert b"mmp.csv" in page.content and b'class="count-created">3<' in page.content
    assert "Refresh" not in page  # a finished run does not reload itself


def test_rejected_upload_lists_line_and_column_and_writes_nothing(world):
    run = _upload(world, _mmp_file(4, bad_line=3))
    assert run.status == ImportRun.Status.REJECTED
    assert Event.objects.filter(dataset="mmp").count() == 0
    page = world.client("documentalist").get(reverse("imports:run_detail", args=[run.pk]))
    text = page.content.decode()
    assert "Number of Dead" in text and "<td>3</td>" in text
    assert not _folder(run).exists()


def _folder(run):
    from testigo.imports.queue import upload_folder

    return upload_folder(run)


def test_uploaded_file_is_deleted_after_the_run(world):
    run = _upload(world, _mmp_file(2))
    assert not _folder(run).exists()


def test_dry_run_writes_nothing_and_says_so(world):
    run = _upload(world, _mmp_file(3), dry_run=True)
    assert run.status == ImportRun.Status.DRY_RUN and run.created == 3
    assert Event.objects.filter(dataset="mmp").count() == 0
    page = world.client("documentalist").get(reverse("imports:run_detail", args=[run.pk]))
    assert b"preview" in page.content


def test_a_queued_run_reloads_itself_and_shows_progress(world):
    run = ImportRun.objects.create(
        source_kind="mmp", organisation=world.org_a, file_name="big.csv",
        status=ImportRun.Status.RUNNING, progress_done=400, progress_total=1000,
    )  # fmt: skip
    page = world.client("documentalist").get(reverse("imports:run_detail", args=[run.pk]))
    assert page["Refresh"] == "2"
    assert b'<progress id="progress" max="1000" value="400">' in page.content


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("government_partner", 404),
        ("other_org_documentalist", 404),
        ("network_analyst", 404),
        ("read_only", 200),
        ("analyst", 200),
    ],
)
def test_who_sees_a_run(world, role, status):
    run = _upload(world, _mmp_file(1))
    response = world.client(role).get(reverse("imports:run_detail", args=[run.pk]))
    assert response.status_code == status


def test_guessed_run_ids_of_another_organisation_are_not_found(world):
    run = _upload(world, _mmp_file(1))
    client = world.client("other_org_documentalist")
    for pk in (run.pk, run.pk + 1, 999_999):
        assert client.get(reverse("imports:run_detail", args=[pk])).status_code == 404
        undo = client.post(reverse("imports:run_undo", args=[pk]), {"confirm": "on"})
        assert undo.status_code == 404
    assert ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.DONE


@pytest.mark.parametrize("role", ["read_only", "analyst"])
def test_readers_cannot_undo_nor_upload(world, role):
    run = _upload(world, _mmp_file(2))
    client = world.client(role)
    undo = client.post(reverse("imports:run_undo", args=[run.pk]), {"confirm": "on"})
    assert undo.status_code == 403
    assert client.get(reverse("imports:run_upload")).status_code == 403
    assert Event.objects.filter(dataset="mmp").count() == 2


def test_run_list_shows_only_own_organisations_runs(world):
    _upload(world, _mmp_file(1), name="own.csv")
    mine = world.client("read_only").get(reverse("imports:run_list"))
    theirs = world.client("other_org_documentalist").get(reverse("imports:run_list"))
    assert b"own.csv" in mine.content
    assert b"own.csv" not in theirs.content


def test_undo_from_the_web_removes_what_the_run_created(world):
    run = _upload(world, _mmp_file(3))
    client = world.client("documentalist")
    confirm = client.get(reverse("imports:run_undo", args=[run.pk]))
    assert confirm.status_code == 200
    url = reverse("imports:run_undo", args=[run.pk])
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert response.status_code == 200
    run.refresh_from_db()
    assert run.status == ImportRun.Status.UNDONE and run.undone_by == world.users["documentalist"]
    assert Event.objects.filter(dataset="mmp").count() == 0
    assert b"3 records removed" in response.content


def test_undo_without_confirmation_does_nothing(world):
    run = _upload(world, _mmp_file(2))
    world.client("documentalist").post(reverse("imports:run_undo", args=[run.pk]), {})
    assert ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.DONE
    assert Event.objects.filter(dataset="mmp").count() == 2


def test_upload_page_imports_a_registered_source(world):
    client = world.client("documentalist")
    response = client.post(
        reverse("imports:run_upload"),
        {"source_kind": "mmp", "file": SimpleUploadedFile("web.csv", _mmp_file(2)),
         "organisation": world.org_a.pk},
    )  # fmt: skip
    run = ImportRun.objects.get(file_name="web.csv")
    assert response.status_code == 302 and response["Location"].endswith(f"/{run.pk}/")
    assert run.created == 2


def test_upload_refuses_a_file_type_it_cannot_read(world):
    client = world.client("documentalist")
    response = client.post(
        reverse("imports:run_upload"),
        {"source_kind": "mmp", "file": SimpleUploadedFile("notes.pdf", b"%PDF-1.4"),
         "organisation": world.org_a.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert b"unsupported file type" in response.content
    assert Event.objects.filter(dataset="mmp").count() == 0


@pytest.mark.parametrize(("role", "shown"), [("documentalist", True), ("read_only", False),
                                             ("analyst", False)])  # fmt: skip
def test_cell_values_in_a_report_are_shown_only_to_name_readers(world, role, shown):
    """A rejected cell may hold a name: a tester read one as a read-only member."""
    data = _mmp_file(3).replace(b"2021.1,", b"Juan Secreto,", 1)
    data = data.replace(b",2,,2,", b",x,,2,", 1)
    run = _upload(world, data)
    assert run.status == ImportRun.Status.REJECTED
    page = world.client(role).get(reverse("imports:run_detail", args=[run.pk])).content
    assert (b"<td>x</td>" in page) is shown


def test_uploads_larger_than_the_limit_are_refused(world, settings):
    settings.TESTIGO_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ImportFileError, match="more than"):
        _upload(world, _mmp_file(3))
    assert not Event.objects.filter(dataset="mmp").exists()
