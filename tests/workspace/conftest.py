"""A small world for the workspace tests: organisation A (a shelter) with one member per role,
organisation B (another shelter), network N with a sharing agreement from A, and A's records
(an intake, an event with two victims, an intervention), all written through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.test import Client

from testigo.accounts.models import Organisation, SharingAgreement
from testigo.accounts.services import membership_add, organisation_create, user_create
from testigo.documentation.models import Event, Intake, Intervention
from testigo.documentation.services import event_document, intake_register, intervention_record
from testigo.vocab.models import Term

ROLES_IN_A = ("org_admin", "documentalist", "analyst", "read_only", "government_partner")
ANONYMOUS = "anonymous"
OTHER_ORG = "other_org_documentalist"
NETWORK = "network_analyst"
ALL_ROLES = (ANONYMOUS, *ROLES_IN_A, OTHER_ORG, NETWORK)
VICTIM_NAME = "María Xocoy Pérez"
OTHER_VICTIM_NAME = "Juan Tax López"


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary__name=vocabulary, code=code)


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    network: Organisation
    users: dict[str, object] = field(default_factory=dict)
    intake: Intake | None = None
    event: Event | None = None
    intervention: Intervention | None = None
    event_b: Event | None = None

    def client(self, role: str, *, language: str = "en") -> Client:
        """A client signed in as ``role`` (anonymous: not signed in), in ``language``."""
        client = Client()
        client.cookies["django_language"] = language
        if role != ANONYMOUS:
            client.force_login(self.users[role])
        return client


def _org(slug: str, name: str, **extra: object) -> Organisation:
    return organisation_create(actor=None, slug=slug, name=name, kind="civil_society", **extra)


def _user(name: str, organisation: Organisation, role: str) -> object:
    user = user_create(actor=None, username=name, password="not-used-here")
    membership_add(actor=None, user=user, organisation=organisation, role=role)
    return user


def document_event_a(world: World) -> Event:
    """An extortion by municipal police and a kidnapping by organised crime, two victims (one
    of them the person of the intake, who consented to sharing with the network)."""
    return event_document(
        actor=world.users["documentalist"],
        organisation=world.org_a,
        event={
            "title": "Extorsión en el retén de Huixtla",
            "date_edtf": "2024-05~",
            "country": "MX",
            "state_code": "MX-CHP",
            "municipality_code": "07040",
            "place_text": "Retén carretero, salida a Tapachula",
            "migration_phase": "transit",
            "description": "Testimonio con detalles identificables",
        },
        victims=[
            world.intake.person,
            {
                "name": OTHER_VICTIM_NAME,
                "sex": term("sex", "male"),
                "age": 30,
                "age_is_estimate": True,
                "nationality": "HN",
            },
        ],
        acts=[
            {
                "victim": 0,
                "act_type": term("act_type", "extortion"),
                "date_edtf": "2024-05",
                "perpetrators": [
                    {
                        "perpetrator_type": term("perpetrator_type", "mx_municipal_police"),
                        "degree": term("degree_of_involvement", "direct_perpetrator"),
                    }
                ],
            },
            {
                "victim": 1,
                "act_type": term("act_type", "kidnapping"),
                "perpetrators": [{"perpetrator_type": term("perpetrator_type", "organised_crime")}],
            },
        ],
        sources=[
            {
                "source_type": term("source_type", "victim_testimony"),
                "date_edtf": "2024-06-01",
                "content": "Entrevista",
            }
        ],
    )


@pytest.fixture
def world(db) -> World:
    world = World(
        org_a=_org("albergue-a", "Albergue A", country="MX"),
        org_b=_org("albergue-b", "Albergue B", country="MX"),
        network=_org("red-n", "Red N (sintético)", is_synthetic=True),
    )
    for role in ROLES_IN_A:
        world.users[role] = _user(role, world.org_a, role)
    world.users[OTHER_ORG] = _user(OTHER_ORG, world.org_b, "documentalist")
    world.users[NETWORK] = _user(NETWORK, world.network, "analyst")
    SharingAgreement.objects.create(organisation=world.org_a, network=world.network)
    world.intake = intake_register(
        actor=world.users["documentalist"], organisation=world.org_a,
        person={"name": VICTIM_NAME, "sex": term("sex", "female"), "nationality": "GT"},
        date=dt.date(2024, 6, 1),
        consent_services=True, consent_network=True, consent_statistics=True,
        needs=[term("need", "health")], notes="Notas privadas",
    )  # fmt: skip
    world.event = document_event_a(world)
    world.intervention = intervention_record(
        actor=world.users["documentalist"], organisation=world.org_a, event=world.event,
        intervention_type=term("intervention_type", "hr_commission_complaint"),
        status=term("intervention_status", "filed"), addressed_to="CEDH Chiapas",
        file_number="CEDH/1/2024",
    )  # fmt: skip
    world.event_b = event_document(
        actor=world.users[OTHER_ORG], organisation=world.org_b,
        event={"title": "Robo en Arriaga", "date_edtf": "2024-04"},
    )  # fmt: skip
    return world
