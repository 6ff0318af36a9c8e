"""Writes for organisations and memberships; each is atomic and audited."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from testigo.accounts.models import Membership, Organisation, SharingAgreement
from testigo.core.audit import audit_record, snapshot
from testigo.core.errors import AccessDenied
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


@transaction.atomic
def sharing_agreement_create(
    *, actor: AbstractBaseUser | None, organisation: Organisation, network: Organisation
) -> SharingAgreement:
    """Share ``organisation``'s consented records, pseudonymised, with ``network``'s analysts.

    Only an admin of ``organisation`` (or the system, ``actor=None``) may do it.
    """
    _require_admin(actor, organisation)
    agreement = SharingAgreement(organisation=organisation, network=network)
    agreement.full_clean()
    agreement.save()
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=agreement)
    return agreement


@transaction.atomic
def sharing_agreement_revoke(
    *, actor: AbstractBaseUser | None, agreement: SharingAgreement
) -> SharingAgreement:
    """End a sharing agreement now; the network's analysts lose access at once."""
    _require_admin(actor, agreement.organisation)
    before = snapshot(agreement)
    agreement.revoked_at = timezone.now()
    agreement.save(update_fields=["revoked_at"])
    audit_record(user=actor, action=AuditEntry.Action.UPDATE, instance=agreement, before=before)
    return agreement


def _require_admin(actor: AbstractBaseUser | None, organisation: Organisation) -> None:
    if actor is None:
        return
    if not Membership.objects.filter(
        user_id=actor.pk, organisation=organisation, role=Membership.Role.ORG_ADMIN
    ).exists():
        raise AccessDenied(_("Only an administrator of the organisation may do this."))
