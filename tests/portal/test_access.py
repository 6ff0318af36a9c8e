"""Access rules for case records: every rule has a test that tries to break it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from testigo.core.errors import AccessDenied
from testigo.documentation.access import access_event_by_id, access_events_for_user
from testigo.documentation.models import Event

pytestmark = pytest.mark.django_db

READERS = ["org_admin", "documentalist", "analyst"]
AGGREGATE_ONLY = ["government_partner"]


@pytest.fixture
def events(org_a, org_b, make_event):
    return {
        "a1": make_event(org_a, "evento-a-uno", date_edtf="2024-03"),
        "a2": make_event(org_a, "evento-a-dos", date_edtf="2023"),
        "b1": make_event(org_b, "evento-b-uno", date_edtf="2024-04-02"),
    }


def _titles(user) -> set[str]:
    return set(access_events_for_user(user).values_list("title", flat=True))


@pytest.mark.parametrize("role", READERS)
def test_case_reader_sees_own_organisation_events_only(member, org_a, events, role):
    user = member("reader", (org_a, role))
    assert _titles(user) == {"evento-a-uno", "evento-a-dos"}


def test_documentalist_workspace_lists_own_events_never_other_organisations(
    client, member, org_a, events
):
    user = member("lucia", (org_a, "documentalist"))
    client.force_login(user)

    response = client.get("/workspace/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "evento-a-uno" in html
    assert "evento-a-dos" in html
    assert "evento-b-uno" not in html
    assert "Org B" not in html
    assert response.context["event_count"] == 2
    assert {e.title for e in response.context["events"]} == {"evento-a-uno", "evento-a-dos"}


@pytest.mark.parametrize("role", AGGREGATE_ONLY)
def test_aggregate_only_roles_see_no_events(client, member, org_a, events, role):
    user = member("partner", (org_a, role))
    assert Event.objects.filter(organisation=org_a).count() == 2  # there is something to see

    assert not access_events_for_user(user).exists()
    client.force_login(user)
    response = client.get("/workspace/")
    assert response.status_code == 200
    assert response.context["event_count"] == 0
    assert "evento-a-uno" not in response.content.decode()
    with pytest.raises(AccessDenied):
        access_event_by_id(user=user, event_id=events["a1"].pk)


def test_reading_role_in_one_organisation_does_not_open_another(member, org_a, org_b, events):
    user = member("mixed", (org_a, "government_partner"), (org_b, "analyst"))
    assert _titles(user) == {"evento-b-uno"}


def test_read_only_members_read_their_own_organisation(member, org_a, org_b, events):
    user = member("reader", (org_a, "read_only"))
    assert _titles(user) == {"evento-a-uno", "evento-a-dos"}


def test_anonymous_user_is_redirected_to_login(client, events):
    response = client.get("/workspace/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/workspace/"
    assert not access_events_for_user(AnonymousUser()).exists()
    with pytest.raises(AccessDenied):
        access_event_by_id(user=AnonymousUser(), event_id=events["a1"].pk)


def test_login_page_is_served(client):
    response = client.get("/login/?next=/workspace/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_other_organisations_event_is_indistinguishable_from_a_missing_one(member, org_a, events):
    user = member("lucia", (org_a, "documentalist"))
    assert access_event_by_id(user=user, event_id=events["a1"].pk) == events["a1"]
    missing_id = max(e.pk for e in events.values()) + 1000

    with pytest.raises(AccessDenied) as other:
        access_event_by_id(user=user, event_id=events["b1"].pk)
    with pytest.raises(AccessDenied) as missing:
        access_event_by_id(user=user, event_id=missing_id)

    assert other.value.message == missing.value.message
    assert str(other.value) == str(missing.value)
    assert other.value.extra == missing.value.extra == {}


def test_superuser_without_memberships_sees_no_events(client, member, events):
    root = member("root", superuser=True)
    assert root.is_superuser

    assert not access_events_for_user(root).exists()
    with pytest.raises(AccessDenied):
        access_event_by_id(user=root, event_id=events["a1"].pk)
    client.force_login(root)
    response = client.get("/workspace/")
    assert response.status_code == 200
    assert response.context["event_count"] == 0
    html = response.content.decode()
    assert "evento-a-uno" not in html
    assert "evento-b-uno" not in html


def test_removing_the_membership_removes_access(member, org_a, events):
    user = member("lucia", (org_a, "documentalist"))
    assert len(_titles(user)) == 2
    user.memberships.all().delete()
    assert _titles(user) == set()


def test_events_are_newest_first_with_undated_last(member, org_a, make_event):
    make_event(org_a, "sin-fecha", date_edtf="XXXX")
    make_event(org_a, "viejo", date_edtf="2019-05")
    make_event(org_a, "nuevo", date_edtf="2024-03-02")
    user = member("lucia", (org_a, "documentalist"))

    titles = list(access_events_for_user(user).values_list("title", flat=True))

    assert titles == ["nuevo", "viejo", "sin-fecha"]
