"""Registering an intake through HTTP, and who sees what of it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from testigo.core.models import AuditEntry
from testigo.documentation.models import Intake
from tests.workspace.conftest import VICTIM_NAME

pytestmark = pytest.mark.django_db


def test_documentalist_registers_an_intake_in_one_post(world):
    client = world.client("documentalist")
    url = reverse("workspace:intake_create")
    form_page = client.get(url)
    assert form_page.status_code == 200
    html = form_page.content.decode()
    for name in ("consent_services", "consent_network", "consent_statistics"):
        assert f'name="{name}"' in html
        assert "checked" not in html.split(f'name="{name}"')[1].split(">")[0]

    response = client.post(
        url,
        {
            "date": "2024-06-03", "name": "Rosa Chávez", "age": "30", "age_is_estimate": "on",
            "sex": "female", "nationality": "GT", "travel_company": "with_family",
            "intention": "transit_to_us", "needs": ["health", "legal_advice"],
            "services": ["meals"], "consent_services": "on", "consent_statistics": "on",
            "notes": "Llegó con fiebre",
        },
    )  # fmt: skip

    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == url  # a fresh form for the next person
    intake = Intake.objects.get(date="2024-06-03")
    assert intake.notes == "Llegó con fiebre"
    assert intake.organisation == world.org_a
    assert intake.person.name == "Rosa Chávez"
    assert (intake.person.age, intake.person.age_is_estimate) == (30, True)
    assert intake.person.nationality == "GT"
    assert {t.code for t in intake.needs.all()} == {"health", "legal_advice"}
    assert [t.code for t in intake.services.all()] == ["meals"]
    assert (intake.consent_services, intake.consent_network, intake.consent_statistics) == (
        True, False, True,
    )  # fmt: skip
    assert AuditEntry.objects.filter(model="documentation.Intake", object_id=str(intake.pk))
    followed = client.get(url)
    assert intake.person.code in followed.content.decode()  # the success message links it


def test_errors_show_next_to_the_field_and_keep_what_was_typed(world):
    client = world.client("documentalist")
    before = Intake.objects.count()
    response = client.post(
        reverse("workspace:intake_create"),
        {"date": "", "name": "Rosa Chávez", "age_is_estimate": "on", "notes": "nota"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_date_error"' in html
    assert 'aria-describedby="id_age_error"' in html  # "about" needs an age
    assert 'value="Rosa Chávez"' in html
    assert "nota</textarea>" in html
    assert Intake.objects.count() == before


def test_intake_list_shows_codes_never_names(world):
    for role in ("documentalist", "analyst", "network_analyst"):
        response = world.client(role).get(reverse("workspace:intake_list"))
        html = response.content.decode()
        assert world.intake.person.code in html
        assert VICTIM_NAME not in html


def test_intake_list_filters_by_date_and_need(world):
    client = world.client("documentalist")
    url = reverse("workspace:intake_list")
    assert world.intake.person.code in client.get(url, {"need": "health"}).content.decode()
    assert world.intake.person.code not in client.get(url, {"need": "food"}).content.decode()
    assert (
        world.intake.person.code
        not in client.get(url, {"date_from": "2024-06-02"}).content.decode()
    )
    assert (
        world.intake.person.code
        in client.get(url, {"date_from": "2024-06-01", "date_to": "2024-06-01"}).content.decode()
    )


def test_intake_detail_shows_the_name_only_to_those_who_may_see_names(world):
    url = reverse("workspace:intake_detail", args=[world.intake.pk])
    assert VICTIM_NAME in world.client("documentalist").get(url).content.decode()
    for role in ("analyst", "read_only", "network_analyst"):
        html = world.client(role).get(url).content.decode()
        assert world.intake.person.code in html
        assert VICTIM_NAME not in html
        assert "Notas privadas" not in html


def test_intake_list_is_paginated_by_50(world):
    from testigo.documentation.services import intake_register

    for _ in range(51):
        intake_register(
            actor=None, organisation=world.org_a, person={}, date=world.intake.date,
            consent_services=True, consent_network=False, consent_statistics=False,
        )  # fmt: skip
    client = world.client("documentalist")
    first = client.get(reverse("workspace:intake_list"))
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 52
    second = client.get(reverse("workspace:intake_list"), {"page": 2})
    assert len(second.context["page"].object_list) == 2
