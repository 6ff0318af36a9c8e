"""Every workspace URL × every role: the expected status comes from the explicit table below.

The URL patterns are walked from the URL configuration, so a new workspace URL without a row
here makes ``test_every_workspace_url_has_a_row`` fail. Records belong to organisation A.
Write views are also POSTed (with empty data: a permitted writer gets the form back with
errors, status 200, and nothing is written).
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.workspace.conftest import ALL_ROLES, World

# Columns: anonymous, org_admin, documentalist, analyst, read_only, government_partner,
# other_org_documentalist, network_analyst (reads A's consented records, pseudonymised).
LIST = (302, 200, 200, 200, 200, 403, 200, 200)
CREATE = (302, 200, 200, 403, 403, 403, 200, 403)
READ_SHARED = (302, 200, 200, 200, 200, 404, 404, 200)
READ_OWN = (302, 200, 200, 200, 200, 404, 404, 404)
WRITE_SHARED = (302, 200, 200, 403, 403, 404, 404, 403)
WRITE_OWN = (302, 200, 200, 403, 403, 404, 404, 404)

# name: (record whose id goes in the URL, GET statuses, POST statuses or None)
TABLE = {
    "home": (None, (302, 200, 200, 200, 200, 200, 200, 200), None),
    "intake_list": (None, LIST, None),
    "intake_create": (None, CREATE, CREATE),
    "intake_detail": ("intake", READ_SHARED, None),
    "event_list": (None, LIST, None),
    "event_create": (None, CREATE, CREATE),
    "event_detail": ("event", READ_SHARED, None),
    "event_edit": ("event", WRITE_SHARED, WRITE_SHARED),
    "intervention_create": ("event", WRITE_SHARED, WRITE_SHARED),
    "intervention_list": (None, LIST, None),
    "intervention_detail": ("intervention", READ_OWN, None),
    "intervention_status": ("intervention", WRITE_OWN, WRITE_OWN),
}


def workspace_url_names() -> set[str]:
    """Names of every URL pattern under the ``workspace`` namespace (nested ones included)."""
    _prefix, resolver = get_resolver().namespace_dict["workspace"]
    names: set[str] = set()

    def walk(patterns: list) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                names.add(pattern.name)

    walk(resolver.url_patterns)
    return names


def test_every_workspace_url_has_a_row():
    names = workspace_url_names()
    assert None not in names, "every workspace URL needs a name"
    assert names == set(TABLE)


def _url(world: World, name: str) -> str:
    record = TABLE[name][0]
    if record is None:
        return reverse(f"workspace:{name}")
    return reverse(f"workspace:{name}", args=[getattr(world, record).pk])


def _check(world: World, name: str, method: str, expected: tuple[int, ...]) -> None:
    url = _url(world, name)
    seen = {}
    for role in ALL_ROLES:
        client = world.client(role)
        response = client.get(url) if method == "GET" else client.post(url, {})
        seen[role] = response.status_code
        if response.status_code == 302:
            assert response["Location"].startswith("/login/?next=")
    assert seen == dict(zip(ALL_ROLES, expected, strict=True)), f"{method} {url}"


@pytest.mark.parametrize("name", sorted(TABLE))
def test_get_statuses(world, name):
    _check(world, name, "GET", TABLE[name][1])


@pytest.mark.parametrize("name", sorted(n for n, row in TABLE.items() if row[2] is not None))
def test_post_statuses(world, name):
    before = {model: model.objects.count() for model in _models()}
    _check(world, name, "POST", TABLE[name][2])
    assert {model: model.objects.count() for model in _models()} == before


def _models() -> list:
    from testigo.documentation.models import Event, Intake, Intervention, Person

    return [Event, Intake, Intervention, Person]


def test_signing_in_lands_on_the_workspace_home(world):
    client = world.client("anonymous")
    response = client.post("/login/", {"username": "documentalist", "password": "not-used-here"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:home")
    home = client.get(response["Location"]).content.decode()
    assert f'href="{reverse("workspace:home")}"' in home  # the header's link, too
