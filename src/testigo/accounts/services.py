"""Writes for organisations and memberships; each is atomic and audited."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from testigo.accounts.models import Membership, Organisation
from testigo.core.audit import audit_record
from testigo.core.models import AuditEntry


@transaction.atomic
def organisation_create(
    *,
    actor: AbstractBaseUser | None,
    slug: str,
    name: str,
    kind: str,
    country: str = "",
    is_synthetic: bool = False,
) -> Organisation:
    """Create an organisation. Raises ``ValidationError`` on a bad slug, kind or duplicate."""
    org = Organisation(slug=slug, name=name, kind=kind, country=country, is_synthetic=is_synthetic)
    org.full_clean()
    org.save()
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=org)
    return org


def organisation_get_or_create(
    *, actor: AbstractBaseUser | None, slug: str, name: str, kind: str
) -> Organisation:
    """Return the organisation with ``slug``, creating it (audited) when missing."""
    existing = Organisation.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    return organisation_create(actor=actor, slug=slug, name=name, kind=kind)


@transaction.atomic
def user_create(
    *, actor: AbstractBaseUser | None, username: str, password: str, email: str = ""
) -> AbstractBaseUser:
    """Create a user with a hashed password (audited, without the hash)."""
    user = get_user_model().objects.create_user(username=username, password=password, email=email)
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=user, exclude=("password",))
    return user


@transaction.atomic
def membership_add(
    *, actor: AbstractBaseUser | None, user: AbstractBaseUser, organisation: Organisation, role: str
) -> Membership:
    """Give ``user`` a ``role`` in ``organisation``. Raises ``ValidationError`` on a bad role."""
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=membership)
    return membership
