"""What was typed survives an expired session, for the person who typed it only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from testigo.documentation.models import Intake, Intervention

pytestmark = pytest.mark.django_db
AUTHOR = re.compile(r'name="_author" value="([^"]+)"')


def _expire(client) -> None:
    """The session ends (time-out): the browser keeps its cookies, the server forgets it."""
    client.session.flush()


def _typed_then_expired(world, client, url: str, data: dict) -> None:
    author = AUTHOR.search(client.get(url).content.decode()).group(1)
    _expire(client)
    response = client.post(url, {**data, "_author": author})
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


def test_intake_typed_after_the_session_ended_comes_back_after_signing_in(world):
    client = world.client("documentalist")
    url = reverse("workspace:intake_create")
    count = Intake.objects.count()
    typed = {"date": "2024-06-03", "name": "Rosa Chávez", "needs": ["health", "food"]}
    _typed_then_expired(world, client, url, typed)
    assert Intake.objects.count() == count

    client.force_login(world.users["documentalist"])
    again = client.get(url)

    html = again.content.decode()
    assert again.context["kept"] is True
    assert 'value="Rosa Chávez"' in html
    assert again.context["form"]["needs"].value() == ["health", "food"]
    assert Intake.objects.count() == count  # shown, not saved
    assert client.get(url).context["kept"] is False  # restored once


def test_kept_input_is_not_shown_to_someone_else_on_the_same_laptop(world):
    client = world.client("documentalist")
    url = reverse("workspace:intake_create")
    _typed_then_expired(world, client, url, {"date": "2024-06-03", "name": "Rosa Chávez"})

    client.force_login(world.users["org_admin"])
    page = client.get(url)

    assert page.context["kept"] is False
    assert "Rosa Chávez" not in page.content.decode()


def test_kept_input_is_encrypted_in_the_session(world):
    client = world.client("documentalist")
    url = reverse("workspace:intake_create")
    _typed_then_expired(world, client, url, {"date": "2024-06-03", "name": "Rosa Chávez"})
    stored = str(dict(client.session))
    assert "Rosa" not in stored and "enc1:" in stored


def test_a_status_change_typed_after_the_session_ended_is_kept(world):
    client = world.client("documentalist")
    url = reverse("workspace:intervention_status", args=[world.intervention.pk])
    form = client.get(url).context["form"].initial
    _typed_then_expired(world, client, url, {**form, "to_status": "admitted", "note": "Admitida"})

    client.force_login(world.users["documentalist"])
    page = client.get(url)
    assert page.context["kept"] is True
    assert page.context["form"]["to_status"].value() == "admitted"
    assert "Admitida" in page.content.decode()
    assert Intervention.objects.get(pk=world.intervention.pk).status.code == "filed"
