"""No lost updates: optimistic locking on a ``version`` column."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from testigo.core.audit import audit_entry_build, snapshot
from testigo.core.errors import ApplicationError
from testigo.core.models import AuditEntry


class StaleVersionError(ApplicationError):
    """The record changed since the user opened it; their save was refused, nothing lost."""


@transaction.atomic
def record_update(
    *,
    actor: AbstractBaseUser | None,
    instance: models.Model,
    expected_version: int,
    changes: Mapping[str, object],
) -> models.Model:
    """Apply ``changes`` (field attname → value) to ``instance`` if its stored ``version`` is
    still ``expected_version``; bump the version and write one audit row (before/after of the
    changed fields). Raises :class:`StaleVersionError` when someone saved in between, and
    ``ValidationError`` when the new values are invalid.
    """
    model = type(instance)
    current = model.objects.select_for_update().get(pk=instance.pk)
    if current.version != expected_version:
        raise StaleVersionError(
            _(
                "Someone else saved this record while you were editing it (version %(new)s, "
                "you started from %(old)s). Your changes were not saved: reload the record, "
                "then apply them again."
            )
            % {"new": current.version, "old": expected_version}
        )
    old = snapshot(current)
    old_values = {name: getattr(current, name) for name in changes}
    for name, value in changes.items():
        setattr(current, name, value)
    current.full_clean()
    updated_fields = {name: getattr(current, name) for name in changes}
    extra = {"updated_at": timezone.now()} if hasattr(current, "updated_at") else {}
    rows = model.objects.filter(pk=current.pk, version=expected_version).update(
        **updated_fields, **extra, version=F("version") + 1
    )
    if rows != 1:  # pragma: no cover - guarded by select_for_update above
        raise StaleVersionError(_("Someone else saved this record first."))
    current.refresh_from_db()
    new = snapshot(current)
    changed = [n for n in changes if old_values[n] != getattr(current, n)]
    audit_entry_build(
        user=actor, action=AuditEntry.Action.UPDATE, instance=current,
        before={n: old.get(n) for n in changed} | {"version": expected_version},
        after={n: new.get(n) for n in changed} | {"version": current.version},
    ).save()  # fmt: skip
    return current
