"""Writing OGIS records: events, victims and acts, in the run's transaction, audited.

Order matters for undo (:func:`testigo.imports.undo.import_run_undo` deletes created records
model by model, the model written last first): events, then persons, then acts, so that acts
(which protect their victim) are deleted before persons, and persons before events.
"""

from __future__ import annotations

from dataclasses import replace

from testigo.core.audit import audit_entry_build, snapshot
from testigo.core.models import AuditEntry
from testigo.documentation.models import Act, Event, Person
from testigo.documentation.services import UpsertCounts, events_upsert
from testigo.imports.arizona_ogis.adapter import ParsedFile
from testigo.imports.registry import WriteContext
from testigo.imports.upsert import KeyedRecord, keyed_upsert


def write_arizona_ogis(ctx: WriteContext, parsed: ParsedFile) -> UpsertCounts:
    """Create or update each row's event, victim and act; return counts of **rows**.

    A row is *created* when its event is new, *updated* when its event or person changed
    (or its act was missing), *unchanged* otherwise. Runs inside the caller's transaction
    (``import_run_start`` opens it); every created/updated record gets an audit row with
    ``ctx.context``.
    """
    records = parsed.records
    known = set(
        Event.objects.filter(organisation=ctx.organisation, dataset=ctx.dataset).values_list(
            "source_key", flat=True
        )
    )
    events = events_upsert(
        actor=ctx.actor, organisation=ctx.organisation, dataset=ctx.dataset,
        records=[r.event for r in records], context=ctx.context, progress=ctx.progress,
    )  # fmt: skip
    persons = keyed_upsert(
        Person,
        [KeyedRecord(r.source_key, r.person) for r in records],
        ctx=replace(ctx, progress=None),
    )
    linked = _acts(ctx, [r.source_key for r in records])
    created = {r.source_key for r in records} - known
    changed = (set(events.changed_keys) | set(persons.changed_keys) | linked) - created
    counts = UpsertCounts(created=len(created), updated=len(changed))
    counts.unchanged = len(records) - counts.created - counts.updated
    counts.changed_keys = sorted(changed)
    return counts


def _acts(ctx: WriteContext, keys: list[str]) -> set[str]:
    """Create the missing victim acts (event ↔ person of the same key); return their keys."""
    scope = {"organisation": ctx.organisation, "dataset": ctx.dataset, "source_key__in": keys}
    event_ids = dict(Event.objects.filter(**scope).values_list("source_key", "id"))
    person_ids = dict(Person.objects.filter(**scope).values_list("source_key", "id"))
    existing = set(
        Act.objects.filter(
            event__organisation=ctx.organisation, event__dataset=ctx.dataset
        ).values_list("event_id", "victim_id")
    )
    new: list[Act] = []
    new_keys: set[str] = set()
    for key in keys:
        pair = (event_ids[key], person_ids[key])
        if pair not in existing:
            new.append(Act(event_id=pair[0], victim_id=pair[1], date_edtf=""))
            new_keys.add(key)
    if new:
        Act.objects.bulk_create(new, batch_size=2000)
        AuditEntry.objects.bulk_create(
            (
                audit_entry_build(
                    user=ctx.actor,
                    action=AuditEntry.Action.CREATE,
                    instance=act,
                    after=snapshot(act),
                    context=ctx.context,
                )
                for act in new
            ),
            batch_size=2000,
        )
    return new_keys
