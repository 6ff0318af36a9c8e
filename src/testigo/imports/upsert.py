"""Writing keyed records all or nothing: create, update or leave unchanged by source key.

Used by every import source whose records are identified by ``(dataset, source_key)``
(observations, budget lines, intakes from a shelter's export…). Every created or updated
record gets an audit row carrying the run's context, which is what lets a run be undone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from testigo.core.audit import audit_entry_build, snapshot
from testigo.core.models import AuditEntry
from testigo.documentation.services.events import UpsertCounts
from testigo.imports.registry import WriteContext

BATCH = 2000


@dataclass
class KeyedRecord:
    """One record to write: ``fields`` are the model's attnames (foreign keys as ``*_id``)."""

    source_key: str
    fields: dict[str, object]


def keyed_upsert(
    model: type[models.Model],
    records: Sequence[KeyedRecord],
    *,
    ctx: WriteContext,
    compared: Sequence[str] | None = None,
) -> UpsertCounts:
    """Create or update ``model`` rows by ``(organisation, dataset, source_key)``.

    ``model`` must have ``organisation``, ``dataset`` and ``source_key`` fields. ``compared``
    names the fields compared with the stored row (default: every field in the first
    record); a record equal to the stored row is counted unchanged and not written.
    Returns counts of records (created / updated / unchanged). Must run inside the caller's
    transaction (``import_run_start`` opens it). Raises ``ValueError`` on a repeated key in
    ``records`` (a reader must report those as row errors first).
    """
    counts = UpsertCounts()
    if not records:
        return counts
    names = list(compared or records[0].fields)
    keys = [r.source_key for r in records]
    if len(set(keys)) != len(keys):
        raise ValueError(f"repeated source keys in the records for {model._meta.label}")
    existing: dict[str, models.Model] = {
        obj.source_key: obj
        for obj in model.objects.filter(organisation=ctx.organisation, dataset=ctx.dataset)
    }
    for start in range(0, len(records), BATCH):
        chunk = records[start : start + BATCH]
        _chunk(model, chunk, existing, names, ctx, counts)
        if ctx.progress is not None:
            ctx.progress(len(chunk))
    return counts


def _chunk(
    model: type[models.Model],
    chunk: Sequence[KeyedRecord],
    existing: Mapping[str, models.Model],
    names: Sequence[str],
    ctx: WriteContext,
    counts: UpsertCounts,
) -> None:
    new: list[models.Model] = []
    audits: list[AuditEntry] = []
    for record in chunk:
        obj = existing.get(record.source_key)
        if obj is None:
            new.append(
                model(
                    organisation=ctx.organisation, dataset=ctx.dataset,
                    source_key=record.source_key, **record.fields,
                )
            )
            continue
        diff = {
            n: record.fields[n]
            for n in names
            if n in record.fields and _normal(getattr(obj, n)) != _normal(record.fields[n])
        }
        if not diff:
            counts.unchanged += 1
            continue
        old = snapshot(obj)
        before = {n: old.get(n) for n in diff}
        for name, value in diff.items():
            setattr(obj, name, value)
        extra = {"updated_at": timezone.now()} if hasattr(obj, "updated_at") else {}
        model.objects.filter(pk=obj.pk).update(**diff, **extra)
        after = snapshot(obj)
        audits.append(
            audit_entry_build(
                user=ctx.actor, action=AuditEntry.Action.UPDATE, instance=obj, before=before,
                after={n: after.get(n) for n in diff}, context=ctx.context,
            )
        )
        counts.updated += 1
        counts.changed_keys.append(record.source_key)
    if new:
        prepare = getattr(model, "prepare_bulk_create", None)
        if prepare is not None:
            prepare(new)  # e.g. persons: unique pseudonymous codes
        model.objects.bulk_create(new)
        audits.extend(
            audit_entry_build(
                user=ctx.actor, action=AuditEntry.Action.CREATE, instance=obj,
                after=snapshot(obj), context=ctx.context,
            )
            for obj in new
        )
        counts.created += len(new)
    AuditEntry.objects.bulk_create(audits)


def _normal(value: object) -> object:
    """Compare Decimals with floats/ints and dates with their ISO text by value."""
    from datetime import date
    from decimal import Decimal

    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    if isinstance(value, date):
        return value.isoformat()
    return value
