"""Undoing an import run as a whole, from the audit rows it wrote.

Every record an import creates or updates gets an audit row with the run's context
(``import run N``): undo deletes what the run created and puts back the values it changed,
in one transaction, and writes its own audit rows (``undo of import run N``). It refuses
— writing nothing — when a record the run touched was changed afterwards (by hand or by a
later import), or when a record it created is now used by other records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.db import models, router, transaction
from django.db.models import ProtectedError
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from testigo.core.audit import audit_entry_build, snapshot
from testigo.core.crypto import decrypt
from testigo.core.errors import ApplicationError
from testigo.core.fields import EncryptedTextField
from testigo.core.models import AuditEntry
from testigo.imports.models import ImportRun

CHUNK = 900  # ids per IN (...) clause: under SQLite's default variable limit


class UndoRefused(ApplicationError):
    """The run cannot be undone; nothing was changed. ``extra["records"]`` lists why."""


@dataclass
class UndoResult:
    """Records deleted (created by the run) and restored (updated by the run)."""

    run: ImportRun
    deleted: int
    restored: int


def import_run_undo(*, actor: AbstractBaseUser | None, run: ImportRun) -> UndoResult:
    """Undo ``run``: delete the records it created, restore the values it changed.

    Raises :class:`UndoRefused` when the run is not a finished import (``done``), when a
    record it touched changed after it, or when a record it created is used elsewhere;
    nothing is written then.
    """
    if run.status != ImportRun.Status.DONE:
        raise UndoRefused(
            _("Only a finished import can be undone (this one is “%(status)s”).")
            % {"status": run.get_status_display()}
        )
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != ImportRun.Status.DONE:
            raise UndoRefused(_("This import was undone already."))
        entries = list(
            AuditEntry.objects.filter(context=run.audit_context).order_by("-id")
        )
        _refuse_if_changed_since(entries)
        deleted = restored = 0
        undo_context = f"undo of {run.audit_context}"
        audits: list[AuditEntry] = []
        created: dict[str, list[str]] = defaultdict(list)
        updates = [e for e in entries if e.action == AuditEntry.Action.UPDATE]
        current = _current_objects(updates)
        for entry in updates:
            obj = current[entry.model][entry.object_id]
            audits.append(_restore(entry, obj, actor, undo_context))
            restored += 1
        for entry in entries:
            if entry.action == AuditEntry.Action.CREATE:
                created[entry.model].append(entry.object_id)
        _refuse_if_linked(created)
        for label, ids in created.items():
            model = apps.get_model(label)
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                objects = list(model.objects.filter(pk__in=chunk))
                audits.extend(
                    audit_entry_build(
                        user=actor, action=AuditEntry.Action.DELETE, instance=obj,
                        before=snapshot(obj), context=undo_context,
                    )
                    for obj in objects
                )
                _refuse_if_cascade_reaches_others(objects, created)
                try:
                    model.objects.filter(pk__in=chunk).delete()
                except ProtectedError as exc:
                    raise UndoRefused(
                        _(
                            "Records this import created are now used by other records "
                            "(for example %(label)s %(id)s); remove those links first."
                        )
                        % {"label": label, "id": chunk[0]},
                        extra={"records": [str(o) for o in list(exc.protected_objects)[:20]]},
                    ) from None
                deleted += len(objects)
        AuditEntry.objects.bulk_create(audits, batch_size=2000)
        run.status = ImportRun.Status.UNDONE
        run.undone_at = timezone.now()
        run.undone_by = actor if actor is not None and actor.is_authenticated else None
        run.save(update_fields=["status", "undone_at", "undone_by"])
    return UndoResult(run=run, deleted=deleted, restored=restored)


# Records written with their parent and never audited on their own: an imported event's
# source (HURIDOCS Information) belongs to the event.
OWNED_CHILDREN = frozenset({"documentation.Source"})


# Record keys of the linkage app ("event:12", "person:7") for the models it links.
LINKED_KEYS = {"documentation.Event": "event", "documentation.Person": "person"}


def _refuse_if_linked(created: dict[str, list[str]]) -> None:
    """Refuse when linkage links (stored by key, not by foreign key) name records this run
    created: deleting them would leave links to nothing (a tester saw 5,206 such links)."""
    if not apps.is_installed("testigo.linkage"):
        return
    from django.db.models import Q

    link_model = apps.get_model("linkage", "RecordLink")
    keys = [
        f"{LINKED_KEYS[label]}:{pk}"
        for label, ids in created.items()
        if label in LINKED_KEYS
        for pk in ids
    ]
    found = 0
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        found += link_model.objects.filter(Q(left_key__in=chunk) | Q(right_key__in=chunk)).count()
    if found:
        raise UndoRefused(
            _(
                "%(n)s record linkage link(s) name records this import created; delete those "
                "linkage runs first. Nothing was changed."
            )
            % {"n": found}
        )


def _refuse_if_cascade_reaches_others(
    objects: list[models.Model], created: dict[str, list[str]]
) -> None:
    """Refuse when deleting ``objects`` would cascade to records the run did not create
    (an intervention recorded by hand on an imported event, an act added to it…)."""
    if not objects:
        return
    collector = Collector(using=router.db_for_write(type(objects[0])))
    collector.collect(objects)
    own = {label: set(ids) for label, ids in created.items()}
    reached: list[str] = []
    candidates = [(m, list(instances)) for m, instances in collector.data.items()]
    candidates += [(qs.model, list(qs)) for qs in collector.fast_deletes]
    for model, instances in candidates:
        label = model._meta.label
        if model._meta.auto_created or label in OWNED_CHILDREN:
            continue  # many-to-many rows, and children written with their parent
        reached.extend(
            f"{label} {obj.pk}" for obj in instances if str(obj.pk) not in own.get(label, set())
        )
    if reached:
        raise UndoRefused(
            _(
                "%(n)s record(s) added after this import depend on records it created "
                "(for example %(first)s); remove them first. Nothing was changed."
            )
            % {"n": len(reached), "first": reached[0]},
            extra={"records": reached[:20]},
        )


def _refuse_if_changed_since(entries: list[AuditEntry]) -> None:
    """Refuse when any record the run touched has a later audit row from elsewhere."""
    if not entries:
        return
    first = min(e.id for e in entries)
    by_model: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        by_model[e.model].append(e.object_id)
    # Changes that cancel out do not count: a later import that was itself undone, and its
    # undo, leave the records as this run wrote them.
    undone = ImportRun.objects.filter(status=ImportRun.Status.UNDONE, pk__gt=0).values_list(
        "pk", flat=True
    )
    ignored = {entries[0].context}
    for pk in undone:
        ignored.update({f"import run {pk}", f"undo of import run {pk}"})
    later: list[str] = []
    for label, ids in by_model.items():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            later.extend(
                f"{label} {oid}"
                for oid in AuditEntry.objects.filter(
                    model=label, object_id__in=chunk, id__gt=first
                )
                .exclude(context__in=ignored)
                .values_list("object_id", flat=True)
                .distinct()[:20]
            )
    if later:
        raise UndoRefused(
            _(
                "%(n)s record(s) this import wrote were changed afterwards (by hand or by "
                "another import); undo those changes first. Nothing was changed."
            )
            % {"n": len(later)},
            extra={"records": later[:20]},
        )


def _current_objects(entries: list[AuditEntry]) -> dict[str, dict[str, models.Model]]:
    """The records the updates touched, by model label and id (read in chunks)."""
    ids: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        ids[e.model].add(e.object_id)
    out: dict[str, dict[str, models.Model]] = {}
    for label, wanted in ids.items():
        model = apps.get_model(label)
        listed = sorted(wanted)
        found: dict[str, models.Model] = {}
        for start in range(0, len(listed), CHUNK):
            found.update(
                (str(o.pk), o) for o in model.objects.filter(pk__in=listed[start : start + CHUNK])
            )
        out[label] = found
    return out


def _restore(
    entry: AuditEntry, obj: models.Model, actor: AbstractBaseUser | None, context: str
) -> AuditEntry:
    """Put back the ``before`` values of one update (own fields; ``source.*`` on events)."""
    model = type(obj)
    before = entry.before or {}
    own = {k: v for k, v in before.items() if "." not in k}
    values = {k: _stored(model, k, v) for k, v in own.items()}
    now_snapshot = snapshot(obj)
    model.objects.filter(pk=obj.pk).update(**values)
    related = {k.split(".", 1)[1]: v for k, v in before.items() if k.startswith("source.")}
    if related:
        source_model = apps.get_model("documentation", "Source")
        source_model.objects.filter(event_id=obj.pk).update(**related)
    return audit_entry_build(
        user=actor, action=AuditEntry.Action.UPDATE, instance=obj,
        before={k: now_snapshot.get(k) for k in own}, after=own, context=context,
    )  # fmt: skip


def _stored(model: type[models.Model], attname: str, value: object) -> object:
    """Audit rows hold encrypted fields as ciphertext: decrypt so the field re-encrypts."""
    field = next((f for f in model._meta.concrete_fields if f.attname == attname), None)
    if isinstance(field, EncryptedTextField) and isinstance(value, str) and value:
        return decrypt(value)
    return value
