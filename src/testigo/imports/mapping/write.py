"""Writing mapped records: intakes with their persons, events with a victim, an act and
its perpetrator — keyed, audited, all inside the import's one transaction.

Keys: Person, Intake and Event rows are found again by ``(organisation, dataset,
source_key)`` (dataset = ``mapping.dataset`` or the source's), so a second import of the
same file creates nothing. An intake's person has the intake's key; an event's victim has
the event's key plus ``#victim``. Acts and involvements have no key of their own: they are
the event's first act and that act's first involvement.

Every row created or updated gets an audit row carrying ``ctx.context`` (``import run N``)
so :func:`testigo.imports.undo.import_run_undo` can undo the run. They are written in the
order parents first (Event, Person, Act, Involvement; Person, Intake) so that undo, which
reads them newest first, deletes children before their parents. Changed needs/services of
an existing intake are audited as ``m2m.needs``/``m2m.services`` (undo does not restore
them; it deletes intakes the run created, and their links with them).

Identifying values (names, contacts, notes, descriptions) go only to encrypted fields.
"""

from __future__ import annotations

import dataclasses

from django.db.models import Model

from testigo.core.audit import audit_entry_build, snapshot
from testigo.core.crypto import blind_index
from testigo.core.models import AuditEntry
from testigo.documentation.models import Act, Event, Intake, Involvement, Person
from testigo.documentation.services import EventInput, UpsertCounts, events_upsert
from testigo.imports.mapping.records import MappedFile, MappedRecord
from testigo.imports.registry import WriteContext
from testigo.imports.upsert import KeyedRecord, keyed_upsert
from testigo.vocab.models import Term

VICTIM_SUFFIX = "#victim"


def _pk(term: object) -> int | None:
    return term.pk if isinstance(term, Term) else None


def person_fields(values: dict[str, object], prefix: str = "") -> dict[str, object]:
    """Person attnames from a record's values (``prefix`` ``victim_`` for events).

    A person is a group when the record says so (a household) or its group size is over 1.
    """
    name = str(values.get(f"{prefix}name") or "")
    size = values.get(f"{prefix}group_size")
    is_group = bool(values.get("is_group")) or (isinstance(size, int) and size > 1)
    return {
        "name": name,
        "name_index": blind_index(name),
        "contact": str(values.get(f"{prefix}contact") or ""),
        "is_group": is_group,
        "group_size": size if isinstance(size, int) and size >= 1 else 1,
        "sex_id": _pk(values.get(f"{prefix}sex")),
        "age": values.get(f"{prefix}age"),
        "birth_date_edtf": str(values.get(f"{prefix}birth_date") or ""),
        "nationality": str(values.get(f"{prefix}nationality") or ""),
        "language_id": _pk(values.get(f"{prefix}language")),
        "migration_status_id": _pk(values.get(f"{prefix}migration_status")),
    }


def write_mapped(ctx: WriteContext, parsed: MappedFile) -> UpsertCounts:
    """Write ``parsed`` (from :func:`~testigo.imports.mapping.records.read_mapped`) for its
    mapping's target. Returns counts of records (intakes or events): created, updated
    (the record or its person, act or links changed) and unchanged. Must run inside the
    import's transaction."""
    dataset = parsed.mapping.dataset or ctx.dataset
    ctx = dataclasses.replace(ctx, dataset=dataset)
    if parsed.mapping.target == "intakes":
        return write_intakes(ctx, parsed.records, mapped={c.field for c in parsed.mapping.columns})
    return write_events(ctx, parsed.records)


def _combine(total: int, created: UpsertCounts, *others: UpsertCounts) -> UpsertCounts:
    changed = set(created.changed_keys)
    for other in others:
        changed.update(k.removesuffix(VICTIM_SUFFIX) for k in other.changed_keys)
    out = UpsertCounts(created=created.created, updated=len(changed))
    out.unchanged = total - out.created - out.updated
    out.changed_keys = sorted(changed)
    return out


def _ids(model: type[Model], ctx: WriteContext) -> dict[str, int]:
    return dict(
        model.objects.filter(organisation=ctx.organisation, dataset=ctx.dataset)
        .exclude(source_key="")
        .values_list("source_key", "id")
    )


def write_intakes(
    ctx: WriteContext, records: list[MappedRecord], *, mapped: set[str] | None = None
) -> UpsertCounts:
    """Create or update one Person and one Intake per record (both keyed by the record's
    key); needs and services are set when those fields are ``mapped``. Returns intake
    counts (an intake whose person or needs changed counts as updated)."""
    quiet = dataclasses.replace(ctx, progress=None)
    people = keyed_upsert(
        Person, [KeyedRecord(r.key, person_fields(r.values)) for r in records], ctx=quiet
    )
    person_ids = _ids(Person, ctx)
    intakes = keyed_upsert(
        Intake,
        [
            KeyedRecord(
                r.key,
                {
                    "person_id": person_ids[r.key],
                    "date": r.values.get("date"),
                    "destination_country": str(r.values.get("destination_country") or ""),
                    "travel_company_id": _pk(r.values.get("travel_company")),
                    "migration_route_id": _pk(r.values.get("migration_route")),
                    "intention_id": _pk(r.values.get("intention")),
                    "consent_services": bool(r.values.get("consent_services")),
                    "consent_network": bool(r.values.get("consent_network")),
                    "consent_statistics": bool(r.values.get("consent_statistics")),
                    "notes": str(r.values.get("notes") or ""),
                },
            )
            for r in records
        ],
        ctx=ctx,
    )
    links = UpsertCounts()
    for name in ("needs", "services"):
        if mapped is None or name in mapped:
            _set_links(ctx, records, name, _ids(Intake, ctx), links)
    return _combine(len(records), intakes, people, links)


def _set_links(
    ctx: WriteContext,
    records: list[MappedRecord],
    name: str,
    intake_ids: dict[str, int],
    counts: UpsertCounts,
) -> None:
    through = getattr(Intake, name).through
    current: dict[int, set[int]] = {}
    for intake_id, term_id in through.objects.filter(
        intake_id__in=list(intake_ids.values())
    ).values_list("intake_id", "term_id"):
        current.setdefault(intake_id, set()).add(term_id)
    new_rows, audits, stale = [], [], []
    codes = {t.pk: t.code for t in Term.objects.filter(vocabulary__name__in=["need", "service"])}
    for record in records:
        intake_id = intake_ids[record.key]
        wanted = {t.pk for t in (record.values.get(name) or [])}
        have = current.get(intake_id, set())
        if wanted == have:
            continue
        if have:
            stale.append(intake_id)
            audits.append(
                audit_entry_build(
                    user=ctx.actor, action=AuditEntry.Action.UPDATE,
                    instance=Intake(pk=intake_id),
                    before={f"m2m.{name}": sorted(codes.get(i, "") for i in have)},
                    after={f"m2m.{name}": sorted(codes.get(i, "") for i in wanted)},
                    context=ctx.context,
                )
            )  # fmt: skip
            counts.changed_keys.append(record.key)
        new_rows.extend(through(intake_id=intake_id, term_id=t) for t in wanted)
    if stale:
        through.objects.filter(intake_id__in=stale).delete()
    through.objects.bulk_create(new_rows)
    AuditEntry.objects.bulk_create(audits)


def _event_fields(record: MappedRecord, dataset: str) -> dict[str, object]:
    v = record.values
    return {
        "title": str(v.get("title") or f"{dataset} {record.key}")[:300],
        "date_edtf": str(v.get("date") or "XXXX"),
        "country": str(v.get("country") or ""),
        "place_text": str(v.get("place") or ""),
        "description": str(v.get("description") or ""),
    }


def _has_victim(record: MappedRecord) -> bool:
    return record.values.get("act_type") is not None or any(
        k.startswith("victim_") and v not in (None, "", []) for k, v in record.values.items()
    )


def government_level(values: dict[str, object]) -> Term | None:
    """The involvement's government level: the mapped one, else the perpetrator type's
    ``attributes.government_level`` (perpetrator_type.yaml)."""
    level = values.get("government_level")
    if isinstance(level, Term):
        return level
    kind = values.get("perpetrator_type")
    code = kind.attributes.get("government_level") if isinstance(kind, Term) else None
    if not code:
        return None
    return Term.objects.filter(vocabulary__name="government_level", code=code).first()


def write_events(ctx: WriteContext, records: list[MappedRecord]) -> UpsertCounts:
    """Create or update one Event per record; with victim fields or an act type, a victim
    Person (key ``<key>#victim``), the event's act and its perpetrator's involvement.
    Returns event counts (an event whose victim or act changed counts as updated)."""
    events = events_upsert(
        actor=ctx.actor, organisation=ctx.organisation, dataset=ctx.dataset,
        records=[EventInput(r.key, _event_fields(r, ctx.dataset)) for r in records],
        context=ctx.context, progress=ctx.progress,
    )  # fmt: skip
    with_victim = [r for r in records if _has_victim(r)]
    quiet = dataclasses.replace(ctx, progress=None)
    victims = keyed_upsert(
        Person,
        [
            KeyedRecord(r.key + VICTIM_SUFFIX, person_fields(r.values, "victim_"))
            for r in with_victim
        ],
        ctx=quiet,
    )
    acts = _write_acts(ctx, [r for r in with_victim if r.values.get("act_type") is not None])
    return _combine(len(records), events, victims, acts)


def _update(ctx: WriteContext, obj: Model, changes: dict[str, object]) -> AuditEntry:
    old = snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    type(obj).objects.filter(pk=obj.pk).update(**changes)
    new = snapshot(obj)
    return audit_entry_build(
        user=ctx.actor, action=AuditEntry.Action.UPDATE, instance=obj,
        before={k: old.get(k) for k in changes}, after={k: new.get(k) for k in changes},
        context=ctx.context,
    )  # fmt: skip


def _write_acts(ctx: WriteContext, records: list[MappedRecord]) -> UpsertCounts:
    counts = UpsertCounts()
    event_ids, person_ids = _ids(Event, ctx), _ids(Person, ctx)
    acts = {
        a.event_id: a
        for a in Act.objects.filter(event_id__in=list(event_ids.values())).order_by("-id")
    }
    involvements = {
        i.act_id: i
        for i in Involvement.objects.filter(act_id__in=[a.pk for a in acts.values()]).order_by(
            "-id"
        )
    }
    act_audits: list[AuditEntry] = []
    involvement_audits: list[AuditEntry] = []
    for record in records:
        v = record.values
        act_type = v["act_type"]
        wanted = {"victim_id": person_ids[record.key + VICTIM_SUFFIX], "act_type_id": act_type.pk}
        act = acts.get(event_ids[record.key])
        changed = False
        if act is None:
            act = Act.objects.create(event_id=event_ids[record.key], **wanted)
            act.rights.set(
                Term.objects.filter(
                    vocabulary__name="right", code__in=act_type.attributes.get("rights", [])
                )
            )
            act_audits.append(
                audit_entry_build(
                    user=ctx.actor, action=AuditEntry.Action.CREATE, instance=act,
                    after=snapshot(act), context=ctx.context,
                )
            )  # fmt: skip
        else:
            diff = {k: x for k, x in wanted.items() if getattr(act, k) != x}
            if diff:
                act_audits.append(_update(ctx, act, diff))
                changed = True
        kind, level = v.get("perpetrator_type"), government_level(v)
        if kind is not None or level is not None:
            wanted_inv = {"perpetrator_type_id": _pk(kind), "government_level_id": _pk(level)}
            inv = involvements.get(act.pk)
            if inv is None:
                inv = Involvement.objects.create(act=act, **wanted_inv)
                involvement_audits.append(
                    audit_entry_build(
                        user=ctx.actor, action=AuditEntry.Action.CREATE, instance=inv,
                        after=snapshot(inv), context=ctx.context,
                    )
                )  # fmt: skip
            else:
                diff = {k: x for k, x in wanted_inv.items() if getattr(inv, k) != x}
                if diff:
                    involvement_audits.append(_update(ctx, inv, diff))
                    changed = True
        if changed:
            counts.changed_keys.append(record.key)
    AuditEntry.objects.bulk_create(act_audits + involvement_audits)
    return counts
