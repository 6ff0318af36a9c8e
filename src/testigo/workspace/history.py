"""A record's history from the audit trail: who, when, which fields changed.

Encrypted fields (and the blind index of names) are shown as “(changed)”, never as values:
the trail holds ciphertext, and even a keyed hash of a name is not for a screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from testigo.core.fields import EncryptedTextField
from testigo.core.models import AuditEntry
from testigo.vocab.models import Term

# Never shown, not even as “(changed)”: bookkeeping, and the keyed index of names.
SKIPPED_ATTNAMES = frozenset(
    {"id", "created_at", "updated_at", "version", "organisation_id", "name_index"}
)
ENCRYPTED_PREFIX = "enc1:"


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class HistoryRow:
    at: object
    who: str
    action: str
    record: str
    changes: list[Change] = field(default_factory=list)


def _is_hidden(model_field: models.Field | None, attname: str, values: Iterable[object]) -> bool:
    if isinstance(model_field, EncryptedTextField):
        return True
    return any(isinstance(v, str) and v.startswith(ENCRYPTED_PREFIX) for v in values)


class _Formatter:
    """Turns stored JSON values into text: term labels, person codes, yes/no."""

    def __init__(self, entries: list[AuditEntry], persons: dict[int, str]) -> None:
        self.persons = persons
        ids = set()
        for entry in entries:
            for values in (entry.before or {}, entry.after or {}):
                ids.update(v for k, v in values.items() if k.endswith("_id") and isinstance(v, int))
        self.terms = {t.pk: t.label() for t in Term.objects.filter(pk__in=ids)}

    def value(self, model_field: models.Field | None, value: object) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        related = getattr(model_field, "related_model", None)
        if related is Term:
            return self.terms.get(value, str(value))
        if related is not None and related._meta.model_name == "person":
            return self.persons.get(value, "—")
        return str(value)


def _changes(entry: AuditEntry, model: type[models.Model], fmt: _Formatter) -> list[Change]:
    before, after = entry.before or {}, entry.after or {}
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    keys = set(before) | set(after)
    ordered = [a for a in by_attname if a in keys] + sorted(keys - set(by_attname))
    out = []
    for attname in ordered:
        if attname in SKIPPED_ATTNAMES:
            continue
        old, new = before.get(attname), after.get(attname)
        if entry.action == AuditEntry.Action.CREATE and new in (None, "", False):
            continue
        model_field = by_attname.get(attname)
        label = str(model_field.verbose_name) if model_field is not None else attname
        if _is_hidden(model_field, attname, (old, new)):
            out.append(Change(label, "", _("(changed)")))
        elif entry.action == AuditEntry.Action.CREATE:
            out.append(Change(label, "", fmt.value(model_field, new)))
        else:
            out.append(Change(label, fmt.value(model_field, old), fmt.value(model_field, new)))
    return out


def history_for(
    records: Iterable[models.Model], *, persons: dict[int, str], show_who: bool
) -> list[HistoryRow]:
    """Audit rows of ``records`` (already read through an ``access_*`` helper), oldest first.

    ``persons`` maps person ids to codes; ``show_who`` hides user names from readers of
    shared records (they are another organisation's staff).
    """
    by_key: dict[tuple[str, str], models.Model] = {}
    for record in records:
        by_key[(record._meta.label, str(record.pk))] = record
    if not by_key:
        return []
    query = Q()
    for label, object_id in by_key:
        query |= Q(model=label, object_id=object_id)
    entries = list(AuditEntry.objects.filter(query).select_related("user").order_by("at", "id"))
    fmt = _Formatter(entries, persons)
    rows = []
    for entry in entries:
        record = by_key[(entry.model, entry.object_id)]
        rows.append(
            HistoryRow(
                at=entry.at,
                who=_who(entry) if show_who else "—",
                action=entry.get_action_display(),
                record=_record_label(record),
                changes=_changes(entry, type(record), fmt),
            )
        )
    return rows


def _record_label(record: models.Model) -> str:
    name = str(record._meta.verbose_name).capitalize()
    code = getattr(record, "code", None)
    return f"{name} {code}" if code else f"{name} #{record.pk}"


def _who(entry: AuditEntry) -> str:
    return entry.user.get_username() if entry.user else _("system")
