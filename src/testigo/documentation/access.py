"""The only way to read an organisation's case records for a user (``access_*`` helpers).

Rules (``testigo.accounts.permissions``): members with a reading role read their own
organisation's records; names and contact details only for organisation admins and
documentalists; network analysts read shared records pseudonymised; government partners
read none. Every helper takes the user; views, exports and the API call these, never the
models' managers.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from testigo.accounts.permissions import scope_for
from testigo.core.errors import AccessDenied
from testigo.documentation.models import Event, Intake, Intervention, Person

User = AbstractBaseUser | AnonymousUser


def can_see_names(user: User, organisation_id: int) -> bool:
    """Whether ``user`` may see names and contact details of ``organisation_id``'s people."""
    return organisation_id in scope_for(user).names


def can_write(user: User, organisation_id: int) -> bool:
    """Whether ``user`` may create or change ``organisation_id``'s records."""
    return organisation_id in scope_for(user).write


def _shared_intakes() -> Q:
    return Q(consent_network=True)


def access_events_for_user(user: User) -> QuerySet[Event]:
    """Events ``user`` may read (own organisations' and, for network analysts, shared ones
    that involve a person who consented to sharing), newest first."""
    scope = scope_for(user)
    own = Event.objects.filter(organisation_id__in=scope.read)
    if not scope.shared:
        return own  # no join, no DISTINCT: the common case stays fast on 100,000 events
    consented = Event.objects.filter(
        organisation_id__in=scope.shared, acts__victim__intakes__consent_network=True
    ).values("pk")
    return Event.objects.filter(Q(organisation_id__in=scope.read) | Q(pk__in=consented))


def access_event_by_id(*, user: User, event_id: int) -> Event:
    """One event, or :class:`AccessDenied` when it does not exist or the user may not read it.

    Both cases raise the same error so that ids of other organisations' events cannot be probed.
    """
    event = access_events_for_user(user).filter(pk=event_id).first()
    if event is None:
        raise AccessDenied(_("Record not found."))
    return event


def access_intakes_for_user(user: User) -> QuerySet[Intake]:
    """Intakes ``user`` may read: own organisations', plus consented shared ones."""
    scope = scope_for(user)
    shared = Q(organisation_id__in=scope.shared) & _shared_intakes()
    return Intake.objects.filter(Q(organisation_id__in=scope.read) | shared)


def access_intake_by_id(*, user: User, intake_id: int) -> Intake:
    """One intake, or :class:`AccessDenied` (same error whether missing or forbidden)."""
    intake = access_intakes_for_user(user).filter(pk=intake_id).first()
    if intake is None:
        raise AccessDenied(_("Record not found."))
    return intake


def access_persons_for_user(user: User) -> QuerySet[Person]:
    """Persons of the organisations ``user`` reads fully (shared persons are not listed)."""
    return Person.objects.filter(organisation_id__in=scope_for(user).read)


def access_interventions_for_user(user: User) -> QuerySet[Intervention]:
    """Interventions of the organisations ``user`` reads fully."""
    return Intervention.objects.filter(organisation_id__in=scope_for(user).read)


def access_intervention_by_id(*, user: User, intervention_id: int) -> Intervention:
    """One intervention, or :class:`AccessDenied` (same error whether missing or forbidden)."""
    item = access_interventions_for_user(user).filter(pk=intervention_id).first()
    if item is None:
        raise AccessDenied(_("Record not found."))
    return item


def visible_person_ids(user: User, organisation_id: int, person_ids: list[int]) -> set[int]:
    """Of ``person_ids`` (people of ``organisation_id``), those whose details ``user`` may see.

    Full readers of the organisation see all of them; readers of shared records only those
    who consented to sharing with the network (an event is shared when one victim consented;
    its other victims stay hidden). Others see none.
    """
    scope = scope_for(user)
    if organisation_id in scope.read:
        return set(person_ids)
    if organisation_id not in scope.shared:
        return set()
    return set(
        Intake.objects.filter(
            organisation_id=organisation_id, person_id__in=person_ids, consent_network=True
        ).values_list("person_id", flat=True)
    )


def access_visible_persons(user: User) -> QuerySet[Person]:
    """Persons whose details and acts ``user`` may see: all people of the organisations the
    user reads fully, and — for network readers — people who consented to network sharing."""
    scope = scope_for(user)
    return Person.objects.filter(
        Q(organisation_id__in=scope.read)
        | Q(organisation_id__in=scope.shared, intakes__consent_network=True)
    ).distinct()
