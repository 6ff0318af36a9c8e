"""A network analyst cannot probe victims who did not consent to sharing (security test)."""

from __future__ import annotations

from testigo.documentation.models import Act
from tests.workspace.conftest import NETWORK


def test_hidden_victims_code_cannot_be_searched(world) -> None:
    hidden = Act.objects.get(event=world.event, act_type__code="kidnapping").victim
    shown = world.intake.person
    analyst = world.client(NETWORK)
    own = world.client("documentalist")
    for fragment in (hidden.code, hidden.code[-4:]):
        assert world.event.pk in _found(own, fragment)  # the owner finds it…
        assert world.event.pk not in _found(analyst, fragment)  # …the network analyst does not
    assert world.event.pk in _found(analyst, shown.code)


def test_hidden_victims_acts_are_not_shown_or_filterable(world) -> None:
    analyst = world.client(NETWORK)
    html = analyst.get(f"/workspace/events/{world.event.pk}/").content.decode()
    assert world.intake.person.code in html
    hidden = Act.objects.get(event=world.event, act_type__code="kidnapping").victim
    assert hidden.code not in html
    assert "Kidnapping" not in html and "Secuestro" not in html
    assert world.event.pk not in _found(analyst, "", act_type="kidnapping")
    assert world.event.pk in _found(world.client("documentalist"), "", act_type="kidnapping")


def _found(client, q: str, **filters: str) -> list[int]:
    response = client.get("/workspace/events/", {"q": q, **filters})
    assert response.status_code == 200
    return [e.pk for e in response.context["page"].object_list]


def test_private_pages_are_not_cached(world) -> None:
    response = world.client("documentalist").get(f"/workspace/intakes/{world.intake.pk}/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    title = response.content.decode().split("<title>")[1].split("</title>")[0]
    assert len(title) < 120  # the history table is not in the page title
