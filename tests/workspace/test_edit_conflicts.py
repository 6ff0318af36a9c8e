"""Editing an event with optimistic locking: no lost update, nothing typed lost either."""

from __future__ import annotations

import pytest
from django.urls import reverse

from testigo.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _form_values(response) -> dict[str, object]:
    form = response.context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_the_second_of_two_stale_saves_gets_the_conflict_and_the_first_wins(world):
    url = reverse("workspace:event_edit", args=[world.event.pk])
    lucia, admin = world.client("documentalist"), world.client("org_admin")
    lucia_form, admin_form = _form_values(lucia.get(url)), _form_values(admin.get(url))
    assert lucia_form["version"] == admin_form["version"] == 1

    saved = lucia.post(url, dict(lucia_form, title="Extorsión en Huixtla (corregido)"))
    late = admin.post(url, dict(admin_form, place_text="Otro lugar", title="Título del admin"))

    assert saved.status_code == 302
    assert late.status_code == 200
    assert "Someone else saved this record" in late.content.decode()
    world.event.refresh_from_db()
    assert world.event.title == "Extorsión en Huixtla (corregido)"
    assert world.event.place_text == "Retén carretero, salida a Tapachula"
    assert world.event.version == 2
    html = late.content.decode()
    assert 'value="Título del admin"' in html and 'value="Otro lugar"' in html  # kept
    assert late.context["form"].initial["version"] == 2  # saving again is deliberate
    assert {row["label"] for row in late.context["stored"]} >= {"Title", "Place"}


def test_editing_the_date_moves_its_bounds_and_the_history_hides_encrypted_values(world):
    client = world.client("documentalist")
    url = reverse("workspace:event_edit", args=[world.event.pk])
    values = _form_values(client.get(url))

    response = client.post(
        url, dict(values, date_edtf="2024-05-10", description="Nueva versión secreta")
    )

    assert response.status_code == 302
    world.event.refresh_from_db()
    assert (str(world.event.date_start), str(world.event.date_end)) == ("2024-05-10",) * 2
    assert (world.event.year, world.event.month) == (2024, 5)
    entry = AuditEntry.objects.filter(model="documentation.Event", action="update").get()
    assert entry.user == world.users["documentalist"]
    detail = client.get(reverse("workspace:event_detail", args=[world.event.pk]))
    html = detail.content.decode()
    history = detail.context["history"]
    update = next(row for row in history if row.action == "updated")
    changes = {c.field: (c.before, c.after) for c in update.changes}
    assert changes["date (EDTF)"] == ("2024-05~", "2024-05-10")
    assert changes["description"] == ("", "(changed)")
    assert "enc1:" not in html
    assert html.count("Nueva versión secreta") == 1  # in the description, not in the history


def test_history_never_shows_a_name_or_its_index(world):
    html = (
        world.client("documentalist")
        .get(reverse("workspace:event_detail", args=[world.event.pk]))
        .content.decode()
    )
    person = world.intake.person
    assert person.name_index and person.name_index not in html
    assert "enc1:" not in html
