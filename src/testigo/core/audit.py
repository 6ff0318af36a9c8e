"""Writing audit rows. Services call these inside their own ``transaction.atomic`` block."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from testigo.core.fields import EncryptedTextField
from testigo.core.models import AuditEntry

Snapshot = dict[str, object]


def _jsonable(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def _value(instance: models.Model, field: models.Field) -> object:
    value = getattr(instance, field.attname)
    if isinstance(field, EncryptedTextField):
        return field.get_prep_value(value)  # the trail holds ciphertext, never plaintext
    return _jsonable(value)


def snapshot(instance: models.Model, *, exclude: Iterable[str] = ()) -> Snapshot:
    """Return the concrete field values of ``instance`` as a JSON-ready dict (FKs as ids).

    Encrypted fields are written encrypted, so the audit trail holds no identifying plaintext.
    """
    skip = set(exclude)
    return {
        f.attname: _value(instance, f)
        for f in instance._meta.concrete_fields
        if f.attname not in skip
    }


def _user_id(user: AbstractBaseUser | AnonymousUser | None) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


def audit_entry_build(
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    action: str,
    instance: models.Model,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    context: str = "",
) -> AuditEntry:
    """Build (not save) an audit row; for bulk writes, save many with ``bulk_create``."""
    return AuditEntry(
        user_id=_user_id(user),
        action=action,
        model=instance._meta.label,
        object_id=str(instance.pk),
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
        context=context[:200],
    )


def audit_record(
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    action: str,
    instance: models.Model,
    before: Mapping[str, Any] | None = None,
    context: str = "",
    exclude: Iterable[str] = (),
) -> AuditEntry:
    """Save one audit row for ``instance`` (after-values read from the instance).

    ``exclude`` names fields never written to the trail (password hashes, secrets).
    """
    after = snapshot(instance, exclude=exclude) if action != AuditEntry.Action.DELETE else None
    entry = audit_entry_build(
        user=user, action=action, instance=instance, before=before, after=after, context=context
    )
    entry.save()
    return entry
