"""Filing a complaint from an event and following its status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from testigo.documentation.models import Intervention

pytestmark = pytest.mark.django_db


def test_file_a_complaint_and_move_its_status(world):
    client = world.client("documentalist")
    create = reverse("workspace:intervention_create", args=[world.event.pk])
    assert client.get(create).status_code == 200
    victim = world.intake.person.code

    response = client.post(
        create,
        {"intervention_type": "hr_commission_complaint", "status": "filed",
         "date_edtf": "2024-06-10", "addressed_to": "CNDH", "file_number": "CNDH/2/2024/77",
         "victim": victim},
    )  # fmt: skip

    assert response.status_code == 302
    item = Intervention.objects.get(file_number="CNDH/2/2024/77")
    assert (item.event, item.victim.code, item.status.code) == (world.event, victim, "filed")
    detail = client.get(reverse("workspace:event_detail", args=[world.event.pk]))
    assert "CNDH/2/2024/77" in detail.content.decode()

    status_url = reverse("workspace:intervention_status", args=[item.pk])
    page = client.get(status_url)
    offered = {code for code, _label in page.context["form"].fields["to_status"].choices if code}
    assert offered == {"admitted", "dismissed", "withdrawn", "resolved_favourably",
                       "resolved_unfavourably"}  # fmt: skip

    moved = client.post(status_url, {"to_status": "admitted", "version": item.version})
    assert moved.status_code == 302
    item.refresh_from_db()
    assert (item.status.code, item.version) == ("admitted", 2)
    change = item.status_changes.get()
    assert (change.from_status.code, change.to_status.code) == ("filed", "admitted")
    assert change.by == world.users["documentalist"]

    refused = client.post(status_url, {"to_status": "filed", "version": item.version})
    assert refused.status_code == 200
    assert 'id="id_to_status_error"' in refused.content.decode()
    item.refresh_from_db()
    assert item.status.code == "admitted"

    page = client.get(reverse("workspace:intervention_detail", args=[item.pk]))
    assert page.status_code == 200
    assert [c.to_status.code for c in page.context["changes"]] == ["admitted"]


def test_a_final_status_offers_no_form(world):
    client = world.client("documentalist")
    url = reverse("workspace:intervention_status", args=[world.intervention.pk])
    client.post(url, {"to_status": "dismissed", "version": 1})
    page = client.get(url)
    assert page.status_code == 200
    assert "This status is final" in page.content.decode()
    assert 'name="to_status"' not in page.content.decode()


def test_stale_status_change_shows_the_conflict_and_keeps_the_input(world):
    first, second = world.client("documentalist"), world.client("org_admin")
    url = reverse("workspace:intervention_status", args=[world.intervention.pk])
    loaded = second.get(url).context["form"].initial
    assert first.post(url, {"to_status": "admitted", "version": 1, "from_status": "filed"})

    response = second.post(
        url, {"to_status": "dismissed", "note": "La comisión no la admitió", **loaded}
    )

    assert response.status_code == 200
    assert "Someone else saved this record" in response.context["conflict"]
    html = response.content.decode()
    assert "La comisión no la admitió" in html
    world.intervention.refresh_from_db()
    assert world.intervention.status.code == "admitted"
    assert response.context["form"].initial["version"] == world.intervention.version


def test_intervention_list_filters_by_status_and_type(world):
    client = world.client("analyst")
    url = reverse("workspace:intervention_list")

    def found(**filters: str) -> list[int]:
        return [i.pk for i in client.get(url, filters).context["page"].object_list]

    assert found() == [world.intervention.pk]
    assert found(status="filed") == [world.intervention.pk]
    assert found(status="admitted") == []
    assert found(intervention_type="hr_commission_complaint") == [world.intervention.pk]
    assert found(intervention_type="legal_aid") == []
