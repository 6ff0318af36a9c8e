"""Writes of documentation records; each is atomic and writes its audit rows with it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from testigo.accounts.models import Organisation
from testigo.core.audit import audit_entry_build, audit_record, snapshot
from testigo.core.models import AuditEntry
from testigo.documentation.dates import DateParseError, parse_edtf
from testigo.documentation.models import Event, Source

EVENT_COMPARED = (
    "title",
    "date_edtf",
    "date_start",
    "date_end",
    "year",
    "month",
    "country",
    "state_code",
    "place_text",
    "latitude",
    "longitude",
    "region_id",
    "migration_route_id",
    "migration_phase",
    "cause_of_death_id",
    "incident_type_id",
    "dead",
    "missing",
    "dead_and_missing",
    "survivors",
    "females",
    "males",
    "children",
    "source_values",
)
SOURCE_COMPARED = ("name", "url", "quality_id", "quality_raw")
BATCH = 1000


@dataclass
class EventInput:
    """One event to write: ``fields`` are Event attnames (vocabulary terms as ``*_id``)."""

    source_key: str
    fields: dict[str, object]
    source: dict[str, object] | None = None


@dataclass
class UpsertCounts:
    """Events created, updated and unchanged (each counts events)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_keys: list[str] = field(default_factory=list)


def _with_dates(fields: Mapping[str, object]) -> dict[str, object]:
    out = dict(fields)
    try:
        parsed = parse_edtf(str(out.get("date_edtf") or "XXXX"))
    except DateParseError as exc:
        raise ValidationError({"date_edtf": str(exc)}) from exc
    out.update(
        date_edtf=parsed.text,
        date_start=parsed.lower,
        date_end=parsed.upper,
        year=parsed.year,
        month=parsed.month,
    )
    return out


@transaction.atomic
def event_record(
    *, actor: AbstractBaseUser | None, organisation: Organisation, **fields: object
) -> Event:
    """Create one event (EDTF bounds derived from ``date_edtf``). Raises ``ValidationError``."""
    event = Event(organisation=organisation, **_with_dates(fields))
    event.full_clean()
    event.save()
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=event)
    return event


def _changes(instance: object, new: Mapping[str, object], names: Sequence[str]) -> dict:
    return {n: new[n] for n in names if n in new and getattr(instance, n) != new[n]}


@transaction.atomic
def events_upsert(
    *,
    actor: AbstractBaseUser | None,
    organisation: Organisation,
    dataset: str,
    records: Sequence[EventInput],
    context: str,
    progress: Callable[[int], None] | None = None,
) -> UpsertCounts:
    """Create or update events by ``(organisation, dataset, source_key)``, all or nothing.

    A record whose values equal the stored ones is left untouched (re-importing the same file
    changes nothing). Every created or updated event gets an audit row with the changed
    values before and after, in this same transaction.
    """
    counts = UpsertCounts()
    existing = {
        e.source_key: e
        for e in Event.objects.filter(organisation=organisation, dataset=dataset)
        .exclude(source_key="")
        .prefetch_related("sources")
    }
    for start in range(0, len(records), BATCH):
        chunk = records[start : start + BATCH]
        _upsert_chunk(actor, organisation, dataset, chunk, existing, counts, context)
        if progress is not None:
            progress(len(chunk))
    return counts


def _upsert_chunk(
    actor: AbstractBaseUser | None,
    organisation: Organisation,
    dataset: str,
    chunk: Sequence[EventInput],
    existing: dict[str, Event],
    counts: UpsertCounts,
    context: str,
) -> None:
    new_events: list[Event] = []
    new_sources: list[tuple[Event, dict]] = []
    audits: list[AuditEntry] = []
    for record in chunk:
        values = _with_dates(record.fields)
        event = existing.get(record.source_key)
        if event is None:
            event = Event(
                organisation=organisation, dataset=dataset, source_key=record.source_key, **values
            )
            new_events.append(event)
            if record.source:
                new_sources.append((event, record.source))
            continue
        diff = _changes(event, values, EVENT_COMPARED)
        source = next(iter(event.sources.all()), None)
        source_diff = _changes(source, record.source or {}, SOURCE_COMPARED) if source else {}
        if source is None and record.source:
            source = Source.objects.create(event=event, **record.source)
            source_diff = {n: record.source[n] for n in SOURCE_COMPARED if n in record.source}
            before_source: dict[str, object] = dict.fromkeys(source_diff)
        else:
            before_source = {n: getattr(source, n) for n in source_diff}
        if not diff and not source_diff:
            counts.unchanged += 1
            continue
        old = snapshot(event)
        before = {n: old.get(n) for n in diff}
        before.update({f"source.{k}": v for k, v in before_source.items()})
        for name, value in diff.items():
            setattr(event, name, value)
        if diff:
            # One UPDATE of just the changed columns: bulk_update's CASE over every column
            # is 20x slower when a newer export revises thousands of events.
            Event.objects.filter(pk=event.pk).update(**diff, updated_at=timezone.now())
        if source_diff:
            for name, value in source_diff.items():
                setattr(source, name, value)
            Source.objects.filter(pk=source.pk).update(**source_diff)
        new = snapshot(event)
        after = {n: new.get(n) for n in diff}
        after.update({f"source.{n}": v for n, v in source_diff.items()})
        audits.append(
            audit_entry_build(
                user=actor,
                action=AuditEntry.Action.UPDATE,
                instance=event,
                before=before,
                after=after,
                context=context,
            )
        )
        counts.updated += 1
        counts.changed_keys.append(record.source_key)
    if new_events:
        Event.objects.bulk_create(new_events)
        Source.objects.bulk_create([Source(event=e, **s) for e, s in new_sources])
        for event in new_events:
            existing[event.source_key] = event
            audits.append(
                audit_entry_build(
                    user=actor,
                    action=AuditEntry.Action.CREATE,
                    instance=event,
                    after=snapshot(event),
                    context=context,
                )
            )
        counts.created += len(new_events)
    AuditEntry.objects.bulk_create(audits)
