"""The mapping builder in the web UI: a hand-made intake spreadsheet mapped, saved,
previewed and imported; who may use it."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from testigo.documentation.models import Intake
from testigo.imports.drafts import SESSION_KEY, drafts_root
from testigo.imports.models import ImportMapping, ImportRun

pytestmark = pytest.mark.django_db

SHEET = (
    "folio,fecha,sexo,edad,nacionalidad,lengua,consentimiento estadística\n"
    "A-1,2024-03-01,Mujer,31,Guatemala,Mam,sí\n"
    "A-2,02/03/2024,Hombre,25,Honduras,Español,no\n"
    "A-3,2024-03-05,Mujer,19,Guatemala,Mam,sí\n"
).encode()


def _start(client, world, data: bytes = SHEET):
    return client.post(
        reverse("imports:mapping_start"),
        {"source_kind": "spreadsheet", "target": "intakes", "organisation": world.org_a.pk,
         "file": SimpleUploadedFile("registro.csv", data)},
    )  # fmt: skip


def _selected(html: str, name: str) -> str | None:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    return chosen.group(1) if chosen else None


def test_columns_are_matched_then_values_then_saved_previewed_and_imported(world):
    client = world.client("documentalist")
    assert _start(client, world).url == reverse("imports:mapping_columns")
    token = client.session[SESSION_KEY]["token"]
    assert (drafts_root() / token / "file" / "registro.csv").is_file()
    page = client.get(reverse("imports:mapping_columns")).content.decode()
    header = ["folio", "fecha", "sexo", "edad", "nacionalidad", "lengua",
              "consentimiento estadística"]  # fmt: skip
    proposed = {h: _selected(page, f"column_{i}") for i, h in enumerate(header)}
    assert proposed == {
        "folio": "", "fecha": "date", "sexo": "sex", "edad": "age",
        "nacionalidad": "nationality", "lengua": "language",
        "consentimiento estadística": "consent_statistics",
    }  # fmt: skip
    post = {f"column_{i}": proposed[h] or "" for i, h in enumerate(header)}
    post.update(name="Registro del albergue", key_column="folio")
    assert client.post(reverse("imports:mapping_columns"), post).url == reverse(
        "imports:mapping_values"
    )
    values_page = client.get(reverse("imports:mapping_values")).content.decode()
    fields = dict(re.findall(r'<label for="id_(value_\d+_\d+)">([^<]+)</label>', values_page))
    assert {"Mam", "Español", "Mujer", "Hombre", "sí", "no", "Guatemala"} <= set(fields.values())
    mam = next(k for k, v in fields.items() if v == "Mam")
    assert _selected(values_page, mam) == "mam"  # proposed from the ISO 639-3 name
    choice = {k: _selected(values_page, k) or "" for k in fields}
    response = client.post(reverse("imports:mapping_values"), choice)
    saved = ImportMapping.objects.get(name="Registro del albergue")
    assert response.url == reverse("imports:mapping_detail", args=[saved.pk])
    assert saved.organisation == world.org_a and saved.definition["key_column"] == "folio"
    detail = client.get(response.url).content.decode()
    assert "registro.csv" in detail

    before = Intake.objects.count()
    preview = client.post(reverse("imports:mapping_run", args=[saved.pk]), {"preview": "1"})
    run = ImportRun.objects.latest("pk")
    assert preview.url == reverse("imports:run_detail", args=[run.pk])
    assert run.status == ImportRun.Status.DRY_RUN, _debug_messages()
    assert run.created == 3 and Intake.objects.count() == before

    client.post(reverse("imports:mapping_run", args=[saved.pk]), {"import": "1"})
    run = ImportRun.objects.latest("pk")
    assert run.status == ImportRun.Status.DONE and run.created == 3
    assert run.mapping["key_column"] == "folio"
    assert Intake.objects.count() == before + 3
    assert SESSION_KEY not in client.session  # the draft is gone once imported
    assert not (drafts_root() / token).exists()


def test_a_saved_mapping_is_reused_with_a_new_file_and_creates_nothing_twice(world):
    client = world.client("documentalist")
    _start(client, world)
    client.post(reverse("imports:mapping_columns"), {
        "column_1": "date", "column_2": "sex", "column_5": "language",
        "column_6": "consent_statistics", "key_column": "folio", "name": "m",
    })  # fmt: skip
    page = client.get(reverse("imports:mapping_values")).content.decode()
    fields = re.findall(r'<select name="(value_\d+_\d+)"', page)
    client.post(reverse("imports:mapping_values"), {k: _selected(page, k) or "" for k in fields})
    saved = ImportMapping.objects.get(name="m")
    url = reverse("imports:mapping_run", args=[saved.pk])
    client.post(url, {"import": "1", "file": SimpleUploadedFile("a.csv", SHEET)})
    client.post(url, {"import": "1", "file": SimpleUploadedFile("b.csv", SHEET)})
    first, second = ImportRun.objects.order_by("-pk")[:2][::-1]
    assert (first.created, second.created, second.unchanged) == (3, 0, 3), second.message


@pytest.mark.parametrize("role", ["read_only", "analyst", "government_partner"])
def test_only_writers_build_mappings(world, role):
    client = world.client(role)
    assert client.get(reverse("imports:mapping_start")).status_code == 403
    assert _start(client, world).status_code == 403


def test_another_organisations_mapping_cannot_be_seen_nor_run(world):
    saved = ImportMapping.objects.create(
        organisation=world.org_a, name="x", source_kind="spreadsheet", target="intakes",
        definition={"target": "intakes", "columns": [{"column": "fecha", "field": "date"}]},
    )  # fmt: skip
    client = world.client("other_org_documentalist")
    assert client.get(reverse("imports:mapping_detail", args=[saved.pk])).status_code == 404
    response = client.post(
        reverse("imports:mapping_run", args=[saved.pk]),
        {"import": "1", "file": SimpleUploadedFile("a.csv", SHEET)},
    )
    assert response.status_code == 404
    assert not ImportRun.objects.exists()


def test_a_draft_cannot_be_used_for_an_organisation_one_does_not_write_for(world):
    client = world.client("documentalist")
    response = client.post(
        reverse("imports:mapping_start"),
        {"source_kind": "spreadsheet", "target": "intakes", "organisation": world.org_b.pk,
         "file": SimpleUploadedFile("registro.csv", SHEET)},
    )  # fmt: skip
    assert response.status_code == 200  # the organisation is not a valid choice
    assert SESSION_KEY not in client.session


def _debug_messages():
    from testigo.imports.models import ImportRowMessage

    return [(m.line, m.column, m.value, m.reason) for m in ImportRowMessage.objects.all()]
