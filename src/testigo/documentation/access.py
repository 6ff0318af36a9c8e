"""The only way to read an organisation's case records for a user (``access_*`` helpers).

Reading rule: a user reads an organisation's events when they hold a case-reading role
(organisation admin, documentalist, analyst) in it. Government partners and read-only
members see published aggregates only. Superusers are not exempt: platform administration
is not case access.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from testigo.accounts.models import CASE_READER_ROLES, Membership
from testigo.core.errors import AccessDenied
from testigo.documentation.models import Event


def readable_organisation_ids(user: AbstractBaseUser | AnonymousUser) -> list[int]:
    """Ids of the organisations whose case records ``user`` may read (empty when anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(user_id=user.pk, role__in=CASE_READER_ROLES).values_list(
            "organisation_id", flat=True
        )
    )


def access_events_for_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Event]:
    """Events ``user`` may read, newest first."""
    return Event.objects.filter(organisation_id__in=readable_organisation_ids(user))


def access_event_by_id(*, user: AbstractBaseUser | AnonymousUser, event_id: int) -> Event:
    """One event, or :class:`AccessDenied` when it does not exist or the user may not read it.

    Both cases raise the same error so that ids of other organisations' events cannot be probed.
    """
    event = access_events_for_user(user).filter(pk=event_id).first()
    if event is None:
        raise AccessDenied("event not found")
    return event
