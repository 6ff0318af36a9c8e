"""Shared fixtures: a joint working group with a government and a civil-society side."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from testigo.accounts.models import Organisation
from testigo.accounts.services import membership_add, organisation_create, user_create
from testigo.indicators.models import JointWorkingGroup
from testigo.indicators.services import group_create


@dataclass
class World:
    group: JointWorkingGroup
    gov: Organisation
    cso: Organisation
    outsider_org: Organisation
    gov_user: object
    cso_user: object
    outsider: object
    gov_user_2: object


@pytest.fixture
def world(db) -> World:
    gov = organisation_create(actor=None, slug="gob", name="Gobierno", kind="government")
    cso = organisation_create(actor=None, slug="osc", name="OSC", kind="civil_society")
    other = organisation_create(actor=None, slug="otra", name="Otra OSC", kind="civil_society")
    users = {}
    for name, org, role in (
        ("marisol", gov, "government_partner"),
        ("marisol2", gov, "government_partner"),
        ("tomas", cso, "analyst"),
        ("ajeno", other, "org_admin"),
    ):
        users[name] = user_create(actor=None, username=name, password="x-clave-123")
        membership_add(actor=None, user=users[name], organisation=org, role=role)
    group = group_create(actor=None, slug="gt", name="Grupo de trabajo", organisations=[gov, cso])
    return World(
        group, gov, cso, other, users["marisol"], users["tomas"], users["ajeno"], users["marisol2"]
    )


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages in English for the assertions (pages follow each request's language)."""
    from django.utils import translation

    with translation.override("en"):
        yield
