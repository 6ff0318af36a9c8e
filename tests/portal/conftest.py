"""Fixtures for the portal tests: organisations, members with a role, hand-made events."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model

from testigo.accounts.models import Organisation
from testigo.accounts.services import membership_add, organisation_create, user_create
from testigo.documentation.models import Event
from testigo.documentation.services import event_record


@pytest.fixture
def org_a(db) -> Organisation:
    return organisation_create(actor=None, slug="org-a", name="Org A", kind="civil_society")


@pytest.fixture
def org_b(db) -> Organisation:
    return organisation_create(actor=None, slug="org-b", name="Org B", kind="civil_society")


@pytest.fixture
def member(db) -> Callable[..., object]:
    """``member(username, (org, role), …)``: a user with those roles."""

    def make(username: str, *roles: tuple[Organisation, str], superuser: bool = False):
        user = user_create(actor=None, username=username, password="not-used-here")
        for organisation, role in roles:
            membership_add(actor=None, user=user, organisation=organisation, role=role)
        if superuser:
            get_user_model().objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
            user.refresh_from_db()
        return user

    return make


@pytest.fixture
def make_event(db) -> Callable[..., Event]:
    """``make_event(org, title, …fields)``: an event written through ``event_record``."""

    def make(organisation: Organisation, title: str, **fields: object) -> Event:
        return event_record(actor=None, organisation=organisation, title=title, **fields)

    return make
