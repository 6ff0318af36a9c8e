"""Account services: each write is atomic and leaves exactly one audit row behind it."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from testigo.accounts import services
from testigo.accounts.models import Membership, Organisation
from testigo.accounts.services import membership_add, organisation_create, user_create
from testigo.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return get_user_model().objects.create_user(username="platform-admin", password="pw")


@pytest.fixture
def org(admin):
    return organisation_create(
        actor=admin, slug="albergue-a", name="Albergue A", kind="civil_society", country="MX"
    )


def _only_audit_row() -> AuditEntry:
    rows = list(AuditEntry.objects.all())
    assert len(rows) == 1, [str(r) for r in rows]
    return rows[0]


def test_organisation_create_writes_one_audit_row_with_after_values(admin):
    org = organisation_create(
        actor=admin,
        slug="albergue-a",
        name="Albergue A",
        kind="civil_society",
        country="MX",
        is_synthetic=True,
    )

    entry = _only_audit_row()
    assert entry.user_id == admin.pk
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.model == "accounts.Organisation"
    assert entry.object_id == str(org.pk)
    assert entry.before is None
    assert entry.after["id"] == org.pk
    assert entry.after["slug"] == "albergue-a"
    assert entry.after["name"] == "Albergue A"
    assert entry.after["kind"] == "civil_society"
    assert entry.after["country"] == "MX"
    assert entry.after["is_synthetic"] is True
    # Dates are stored JSON-ready (ISO text), and they are the saved ones.
    assert entry.after["created_at"] == org.created_at.isoformat()


def test_organisation_create_without_actor_records_no_user():
    organisation_create(actor=None, slug="red", name="Red", kind="international")
    entry = _only_audit_row()
    assert entry.user_id is None
    assert entry.after["kind"] == "international"


def test_user_create_audit_row_never_holds_the_password_hash(admin):
    user = user_create(actor=admin, username="lucia", password="a long secret phrase 42")

    entry = _only_audit_row()
    assert entry.user_id == admin.pk
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.model == get_user_model()._meta.label
    assert entry.object_id == str(user.pk)
    assert entry.after["username"] == "lucia"
    assert "password" not in entry.after
    user.refresh_from_db()
    assert user.password  # a hash was stored on the user...
    assert user.check_password("a long secret phrase 42")
    trail = json.dumps([entry.before, entry.after, entry.context])
    assert user.password not in trail  # ...and appears nowhere in the trail
    assert "a long secret phrase 42" not in trail


def test_membership_add_writes_one_audit_row(admin, org):
    member = get_user_model().objects.create_user(username="tomas", password="pw")
    AuditEntry.objects.all().delete()

    membership = membership_add(
        actor=admin, user=member, organisation=org, role=Membership.Role.DOCUMENTALIST
    )

    entry = _only_audit_row()
    assert entry.user_id == admin.pk
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.model == "accounts.Membership"
    assert entry.object_id == str(membership.pk)
    assert entry.after["user_id"] == member.pk
    assert entry.after["organisation_id"] == org.pk
    assert entry.after["role"] == "documentalist"


def test_bad_kind_raises_and_leaves_no_organisation_nor_audit_row(admin):
    with pytest.raises(ValidationError) as excinfo:
        organisation_create(actor=admin, slug="x", name="X", kind="church")
    assert "kind" in excinfo.value.message_dict
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_duplicate_slug_raises_and_leaves_one_organisation_and_one_audit_row(admin, org):
    with pytest.raises(ValidationError):
        organisation_create(actor=admin, slug=org.slug, name="Otra", kind="government")
    assert Organisation.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_bad_role_raises_and_leaves_no_membership_nor_audit_row(admin, org):
    member = get_user_model().objects.create_user(username="tomas", password="pw")
    audit_rows = AuditEntry.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        membership_add(actor=admin, user=member, organisation=org, role="superhero")

    assert "role" in excinfo.value.message_dict
    assert not Membership.objects.exists()
    assert AuditEntry.objects.count() == audit_rows


def test_second_role_in_same_organisation_is_refused(admin, org):
    member = get_user_model().objects.create_user(username="tomas", password="pw")
    membership_add(actor=admin, user=member, organisation=org, role="analyst")
    audit_rows = AuditEntry.objects.count()

    with pytest.raises(ValidationError):
        membership_add(actor=admin, user=member, organisation=org, role="org_admin")

    assert list(Membership.objects.values_list("role", flat=True)) == ["analyst"]
    assert AuditEntry.objects.count() == audit_rows


@pytest.mark.parametrize(
    ("call", "model"),
    [
        (
            lambda: organisation_create(actor=None, slug="a", name="A", kind="government"),
            Organisation,
        ),
        (lambda: user_create(actor=None, username="u", password="pw"), get_user_model()),
    ],
    ids=["organisation_create", "user_create"],
)
def test_failing_audit_write_rolls_the_record_back(monkeypatch, call, model):
    """Record and audit row share one transaction: no audit, no record."""

    def broken_audit(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        call()
    assert not model.objects.exists()


def test_failing_audit_write_rolls_the_membership_back(monkeypatch, org):
    member = get_user_model().objects.create_user(username="tomas", password="pw")

    def broken_audit(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        membership_add(actor=None, user=member, organisation=org, role="analyst")
    assert not Membership.objects.exists()
