"""Documenting an event on one screen, finding it, and reading it by role."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from testigo.documentation.models import Event, Involvement, Person
from tests.workspace.conftest import OTHER_VICTIM_NAME, VICTIM_NAME
from tests.workspace.helpers import event_form_data

pytestmark = pytest.mark.django_db

CHECKPOINT = {
    "title": "Retén en Huehuetán", "date_edtf": "2024-05-10/2024-05-12", "country": "MX",
    "state_code": "MX-CHP", "municipality_code": "07037", "place_text": "Carretera costera",
    "migration_phase": "transit", "description": "Les quitaron el dinero y se llevaron a uno",
}  # fmt: skip
VICTIMS = [
    {"name": "Ana Ixcot", "sex": "female", "age": "24", "nationality": "GT"},
    {"name": "", "sex": "male", "age": "40", "age_is_estimate": "on", "nationality": "HN",
     "is_group": "on", "group_size": "3"},
]  # fmt: skip
ACTS = [
    {"victim": "1", "act_type": "extortion", "date_edtf": "2024-05-10",
     "perpetrator_1_type": "mx_municipal_police", "perpetrator_1_degree": "direct_perpetrator"},
    {"victim": "2", "act_type": "kidnapping",
     "perpetrator_1_type": "organised_crime", "perpetrator_1_degree": "direct_perpetrator",
     "perpetrator_2_type": "mx_municipal_police", "perpetrator_2_degree": "colluded"},
]  # fmt: skip
SOURCE = {"source_type": "victim_testimony", "date_edtf": "2024-05-20", "content": "Entrevista"}


def test_documentalist_documents_an_event_with_victims_acts_perpetrators_and_source(world):
    client = world.client("documentalist")
    assert client.get(reverse("workspace:event_create")).status_code == 200

    response = client.post(
        reverse("workspace:event_create"), event_form_data(CHECKPOINT, VICTIMS, ACTS, SOURCE)
    )

    assert response.status_code == 302, response.context and response.context["forms"].event.errors
    event = Event.objects.get(title="Retén en Huehuetán")
    assert response["Location"] == reverse("workspace:event_detail", args=[event.pk])
    assert (event.organisation, event.state_code, event.municipality_code) == (
        world.org_a, "MX-CHP", "07037",
    )  # fmt: skip
    assert (str(event.date_start), str(event.date_end)) == ("2024-05-10", "2024-05-12")
    assert event.description == CHECKPOINT["description"]
    acts = list(event.acts.order_by("id"))
    assert [a.act_type.code for a in acts] == ["extortion", "kidnapping"]
    ana, group = acts[0].victim, acts[1].victim
    assert ana.name == "Ana Ixcot" and ana.nationality == "GT" and not ana.is_group
    assert (group.is_group, group.group_size, group.age_is_estimate) == (True, 3, True)
    involvements = Involvement.objects.filter(act__event=event).order_by("id")
    assert [(i.perpetrator_type.code, getattr(i.government_level, "code", None)) for i in
            involvements] == [("mx_municipal_police", "municipal"), ("organised_crime", None),
                              ("mx_municipal_police", "municipal")]  # fmt: skip
    source = event.sources.get()
    assert (source.source_type.code, source.date_edtf, source.content) == (
        "victim_testimony", "2024-05-20", "Entrevista",
    )  # fmt: skip

    detail = client.get(response["Location"]).content.decode()
    assert "Ana Ixcot" in detail  # a documentalist sees names
    assert ana.code in detail and group.code in detail
    assert "Municipal police" in detail and "Organised crime" in detail
    assert "government level" in detail


def test_an_error_keeps_everything_typed_and_writes_nothing(world):
    client = world.client("documentalist")
    bad = dict(CHECKPOINT, date_edtf="mediados de mayo")
    acts = [dict(ACTS[0]), {"victim": "3", "act_type": "robbery"}]
    events_before, persons_before = Event.objects.count(), Person.objects.count()

    response = client.post(
        reverse("workspace:event_create"), event_form_data(bad, VICTIMS, acts, SOURCE)
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_date_edtf_error"' in html
    assert 'aria-describedby="id_date_edtf_helptext id_date_edtf_error"' in html
    assert 'value="mediados de mayo"' in html
    assert 'value="Ana Ixcot"' in html
    assert "Les quitaron el dinero" in html
    assert "Entrevista</textarea>" in html
    assert (Event.objects.count(), Person.objects.count()) == (events_before, persons_before)

    fixed = client.post(
        reverse("workspace:event_create"),
        event_form_data(dict(CHECKPOINT, date_edtf="2024-05~"), VICTIMS, acts, SOURCE),
    )
    assert fixed.status_code == 200  # act 2 names an empty victim row
    assert "Victim 3 is empty above." in fixed.content.decode()
    assert Event.objects.count() == events_before


def test_a_victim_without_any_act_is_refused(world):
    response = world.client("documentalist").post(
        reverse("workspace:event_create"),
        event_form_data(CHECKPOINT, VICTIMS, ACTS[:1], SOURCE),
    )
    assert response.status_code == 200
    assert "victim 2" in response.content.decode()


def test_a_victim_can_be_the_person_registered_at_intake(world):
    client = world.client("documentalist")
    victims = [{"person_code": world.intake.person.code.lower()}]
    acts = [{"victim": "1", "act_type": "robbery", "perpetrator_1_type": "gang"}]
    response = client.post(
        reverse("workspace:event_create"), event_form_data(CHECKPOINT, victims, acts)
    )
    assert response.status_code == 302
    event = Event.objects.get(title=CHECKPOINT["title"])
    assert event.acts.get().victim == world.intake.person

    other = world.client("other_org_documentalist").post(
        reverse("workspace:event_create"),
        event_form_data(dict(CHECKPOINT, title="otro"), victims, acts),
    )
    assert other.status_code == 200
    assert "No person with this code" in other.content.decode()


def test_place_codes_are_checked_against_each_other(world):
    client = world.client("documentalist")
    for place, field in [
        ({"country": "GT", "state_code": "MX-CHP"}, "state_code"),
        ({"municipality_code": "99001"}, "municipality_code"),
        ({"state_code": "MX-OAX", "municipality_code": "07089"}, "municipality_code"),
    ]:
        fields = {**CHECKPOINT, "country": "", "state_code": "", **place}
        data = event_form_data(fields, VICTIMS, ACTS)
        response = client.post(reverse("workspace:event_create"), data)
        assert response.status_code == 200
        assert f'id="id_{field}_error"' in response.content.decode()


def _titles(response) -> set[str]:
    return {e.title for e in response.context["page"].object_list}


def test_events_are_found_by_title_place_and_person_code_never_by_encrypted_text(world):
    client = world.client("documentalist")
    url = reverse("workspace:event_list")
    victim_code = world.intake.person.code
    assert _titles(client.get(url, {"q": "huixtla"})) == {world.event.title}
    assert _titles(client.get(url, {"q": "Tapachula"})) == {world.event.title}
    assert _titles(client.get(url, {"q": victim_code})) == {world.event.title}
    assert _titles(client.get(url, {"q": "identificables"})) == set()  # the description
    assert _titles(client.get(url, {"q": "Arriaga"})) == set()  # organisation B's event
    help_text = client.get(url).content.decode()
    assert "encrypted text cannot be searched" in help_text


@pytest.mark.parametrize(
    ("filters", "found"),
    [
        ({"act_type": "extortion"}, True),
        ({"act_type": "torture"}, False),
        ({"perpetrator_type": "organised_crime"}, True),
        ({"government_level": "municipal"}, True),
        ({"government_level": "federal"}, False),
        ({"intervention_status": "filed"}, True),
        ({"intervention_status": "admitted"}, False),
        ({"country": "MX", "state_code": "MX-CHP"}, True),
        ({"state_code": "MX-OAX"}, False),
        ({"date_from": "2024-05-15", "date_to": "2024-05-20"}, True),  # 2024-05~ overlaps
        ({"date_from": "2024-06-01"}, False),
    ],
)
def test_event_list_filters(world, filters, found):
    response = world.client("analyst").get(reverse("workspace:event_list"), filters)
    assert response.status_code == 200
    assert _titles(response) == ({world.event.title} if found else set())


def test_analyst_sees_codes_not_names(world):
    html = (
        world.client("analyst")
        .get(reverse("workspace:event_detail", args=[world.event.pk]))
        .content.decode()
    )
    assert world.intake.person.code in html
    assert VICTIM_NAME not in html and OTHER_VICTIM_NAME not in html
    assert "Testimonio con detalles" not in html  # the encrypted description


def test_network_analyst_sees_only_consenting_victims_of_a_shared_event(world):
    response = world.client("network_analyst").get(
        reverse("workspace:event_detail", args=[world.event.pk])
    )
    html = response.content.decode()
    consenting = world.intake.person
    other = world.event.acts.exclude(victim=consenting).get().victim
    assert consenting.code in html
    assert other.code not in html
    assert "Kidnapping" not in html  # nor what was done to the victim who did not consent
    assert VICTIM_NAME not in html and OTHER_VICTIM_NAME not in html
    history = response.context["history"]
    assert history and {row.who for row in history} == {"—"}  # other organisations' staff


def test_other_organisations_documentalist_gets_404_like_a_missing_event(world):
    client = world.client("other_org_documentalist")
    urls = [reverse("workspace:event_detail", args=[pk]) for pk in (world.event.pk, 10**6)]
    forbidden, missing = (client.get(url) for url in urls)
    assert forbidden.status_code == missing.status_code == 404
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')  # masked anew each time

    def page(response, url: str) -> bytes:  # the language switch carries the page's own path
        return token.sub(b"", response.content).replace(url.encode(), b"URL")

    assert page(forbidden, urls[0]) == page(missing, urls[1])


def test_government_partner_sees_the_home_page_only(world):
    client = world.client("government_partner")
    home = client.get(reverse("workspace:home"))
    html = home.content.decode()
    assert home.status_code == 200
    assert "published figures" in html
    assert reverse("workspace:event_list") not in html
    assert reverse("workspace:intake_list") not in html
    assert world.event.title not in html and VICTIM_NAME not in html
    assert home.context["event_count"] == 0
    for name in ("intake_list", "event_list", "intervention_list"):
        assert client.get(reverse(f"workspace:{name}")).status_code == 403
    assert client.get(reverse("workspace:event_detail", args=[world.event.pk])).status_code == 404


def test_home_counts_and_marks_synthetic_organisations(world):
    home = world.client("network_analyst").get(reverse("workspace:home"))
    html = home.content.decode()
    assert "Red N (sintético)" in html and "synthetic (demo)" in html
    assert (home.context["intake_count"], home.context["event_count"]) == (1, 1)
    assert home.context["intervention_count"] == 0  # interventions are not shared
    doc = world.client("documentalist").get(reverse("workspace:home")).context
    assert (doc["intake_count"], doc["event_count"], doc["intervention_count"]) == (1, 1, 1)


def test_from_an_intake_the_first_victim_is_that_person(world):
    client = world.client("documentalist")
    code = world.intake.person.code
    intake_page = client.get(reverse("workspace:intake_detail", args=[world.intake.pk]))
    link = f"{reverse('workspace:event_create')}?person={code}"
    assert link in intake_page.content.decode()

    page = client.get(link)
    assert page.context["forms"].victims.forms[0]["person_code"].value() == code
    data = event_form_data(CHECKPOINT, [{"person_code": code}], ACTS[:1])
    data["victims-INITIAL_FORMS"] = "1"  # as the browser sends the pre-filled row back
    response = client.post(link, data)

    assert response.status_code == 302
    event = Event.objects.get(title=CHECKPOINT["title"])
    assert event.acts.get().victim == world.intake.person
