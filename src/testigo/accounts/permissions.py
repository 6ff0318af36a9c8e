"""Who may do what: roles per organisation, and sharing agreements between organisations.

| role | reads own records | sees names | writes | exports |
|---|---|---|---|---|
| organisation admin | yes | yes | yes | yes |
| documentalist | yes | yes | yes | no |
| analyst | yes | no (pseudonymous codes) | no | yes |
| read-only | yes | no | no | no |
| government partner | no (published aggregates only) | no | no | no |

Analysts of a *network* organisation also read, pseudonymised, the records that member
organisations share with it through an active :class:`SharingAgreement`. Superusers get no
case access from being superusers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from testigo.accounts.models import Membership, SharingAgreement

Role = Membership.Role
READERS = frozenset({Role.ORG_ADMIN, Role.DOCUMENTALIST, Role.ANALYST, Role.READ_ONLY})
NAME_READERS = frozenset({Role.ORG_ADMIN, Role.DOCUMENTALIST})
WRITERS = frozenset({Role.ORG_ADMIN, Role.DOCUMENTALIST})
EXPORTERS = frozenset({Role.ORG_ADMIN, Role.ANALYST})


@dataclass(frozen=True)
class Scope:
    """Organisation ids a user may read fully, see names in, write in, or read shared."""

    read: frozenset[int]
    names: frozenset[int]
    write: frozenset[int]
    shared: frozenset[int]  # read pseudonymised, consented records only

    @property
    def any_read(self) -> frozenset[int]:
        return self.read | self.shared


EMPTY = Scope(frozenset(), frozenset(), frozenset(), frozenset())


def scope_for(user: AbstractBaseUser | AnonymousUser) -> Scope:
    """The user's :class:`Scope` (empty for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return EMPTY
    roles = dict(Membership.objects.filter(user_id=user.pk).values_list("organisation_id", "role"))
    networks = [org for org, role in roles.items() if role == Role.ANALYST]
    shared = set(
        SharingAgreement.objects.filter(
            network_id__in=networks, revoked_at__isnull=True
        ).values_list("organisation_id", flat=True)
    )
    read = frozenset(o for o, r in roles.items() if r in READERS)
    return Scope(
        read=read,
        names=frozenset(o for o, r in roles.items() if r in NAME_READERS),
        write=frozenset(o for o, r in roles.items() if r in WRITERS),
        shared=frozenset(shared - read),
    )
