"""Fixtures for case-record tests: two organisations, members by role, vocabulary terms."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from testigo.accounts.models import Organisation
from testigo.accounts.services import membership_add, organisation_create, user_create
from testigo.vocab.models import Term


@pytest.fixture
def org(db) -> Organisation:
    return organisation_create(actor=None, slug="casa", name="Casa", kind="civil_society")


@pytest.fixture
def other_org(db) -> Organisation:
    return organisation_create(actor=None, slug="otra", name="Otra", kind="civil_society")


@pytest.fixture
def member(db) -> Callable[..., object]:
    def make(username: str, organisation: Organisation, role: str) -> object:
        user = user_create(actor=None, username=username, password="x" * 16)
        membership_add(actor=None, user=user, organisation=organisation, role=role)
        return user

    return make


def term(vocabulary: str, **attributes: object) -> Term:
    """The first term of ``vocabulary`` (with the given attributes, if any)."""
    terms = Term.objects.filter(vocabulary__name=vocabulary)
    for key, value in attributes.items():
        terms = terms.filter(**{f"attributes__{key}": value})
    found = terms.order_by("position").first()
    assert found is not None, f"no term in {vocabulary} with {attributes}"
    return found
