"""Writing Casa Alitas visits: group persons, then intakes, in the run's transaction.

Persons are written before intakes so that undo (which deletes created records model by
model, the model written last first) deletes the intakes before the persons they protect.
"""

from __future__ import annotations

from dataclasses import replace

from testigo.documentation.models import Intake, Person
from testigo.documentation.services import UpsertCounts
from testigo.imports.casa_alitas.adapter import ParsedFile
from testigo.imports.registry import WriteContext
from testigo.imports.upsert import KeyedRecord, keyed_upsert


def write_casa_alitas(ctx: WriteContext, parsed: ParsedFile) -> UpsertCounts:
    """Create or update each visit's group person and intake; return counts of **visits**.

    A visit is *created* when its intake is new, *updated* when its intake or its person
    changed, *unchanged* otherwise. Every created/updated record gets an audit row with
    ``ctx.context`` (via :func:`keyed_upsert`). Runs inside the caller's transaction.
    """
    records = parsed.records
    persons = keyed_upsert(
        Person,
        [KeyedRecord(r.source_key, r.person) for r in records],
        ctx=replace(ctx, progress=None),
    )
    person_ids = dict(
        Person.objects.filter(organisation=ctx.organisation, dataset=ctx.dataset).values_list(
            "source_key", "id"
        )
    )
    intakes = keyed_upsert(
        Intake,
        [
            KeyedRecord(r.source_key, {**r.intake, "person_id": person_ids[r.source_key]})
            for r in records
        ],
        ctx=ctx,
    )
    # An intake protects its person, so a new person always comes with a new intake.
    changed = set(intakes.changed_keys) | set(persons.changed_keys)
    counts = UpsertCounts(created=intakes.created, updated=len(changed))
    counts.unchanged = len(records) - counts.created - counts.updated
    counts.changed_keys = sorted(changed)
    return counts
