"""Undoing an import run as a whole: created records removed, changed values put back,
refused (writing nothing) when the records changed afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from testigo.core.models import AuditEntry
from testigo.documentation.models import Event, Source
from testigo.documentation.services.locking import record_update
from testigo.imports.models import ImportRun
from testigo.imports.services import import_run_start
from testigo.imports.undo import UndoRefused, import_run_undo
from tests.imports.factories import row_2022, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (Spanish is the default language)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _import(path: Path) -> ImportRun:
    return import_run_start(actor=None, source_kind="mmp", path=path).run


def test_undo_deletes_created_events_and_their_sources(tmp_path):
    run = _import(write_csv(tmp_path / "a.csv", [row_2022("2021.1"), row_2022("2021.2")]))
    assert Event.objects.filter(dataset="mmp").count() == 2
    result = import_run_undo(actor=None, run=run)
    assert (result.deleted, result.restored) == (2, 0)
    assert Event.objects.filter(dataset="mmp").count() == 0
    assert Source.objects.count() == 0
    run.refresh_from_db()
    assert run.status == ImportRun.Status.UNDONE and run.undone_at is not None
    deletions = AuditEntry.objects.filter(context=f"undo of import run {run.pk}")
    assert deletions.filter(action="delete").count() == 2
    # the same file can be imported again afterwards
    assert _import(tmp_path / "a.csv").created == 2


def test_undo_of_a_later_run_puts_back_the_values_it_changed(tmp_path):
    first = _import(write_csv(tmp_path / "a.csv", [row_2022("2021.1", Number_of_Dead="2")]))
    second = _import(
        write_csv(
            tmp_path / "b.csv",
            [
                row_2022("2021.1", Number_of_Dead="5", Total_Number_of_Dead_and_Missing="5"),
                row_2022("2021.9"),
            ],
        )
    )
    assert (second.created, second.updated) == (1, 1)
    assert Event.objects.get(source_key="2021.1").dead == 5
    result = import_run_undo(actor=None, run=second)
    assert (result.deleted, result.restored) == (1, 1)
    event = Event.objects.get(source_key="2021.1")
    assert (event.dead, event.dead_and_missing) == (2, 2)
    assert not Event.objects.filter(source_key="2021.9").exists()
    first.refresh_from_db()
    assert first.status == ImportRun.Status.DONE  # the earlier run is untouched


def test_undo_is_refused_when_a_record_was_edited_afterwards(tmp_path):
    run = _import(write_csv(tmp_path / "a.csv", [row_2022("2021.1"), row_2022("2021.2")]))
    event = Event.objects.get(source_key="2021.2")
    record_update(
        actor=None, instance=event, expected_version=event.version, changes={"title": "edited"}
    )
    with pytest.raises(UndoRefused, match="changed afterwards"):
        import_run_undo(actor=None, run=run)
    assert Event.objects.filter(dataset="mmp").count() == 2
    assert ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.DONE


def test_undo_is_refused_after_a_later_import_changed_the_records(tmp_path):
    first = _import(write_csv(tmp_path / "a.csv", [row_2022("2021.1", Number_of_Dead="2")]))
    _import(
        write_csv(
            tmp_path / "b.csv",
            [row_2022("2021.1", Number_of_Dead="3", Total_Number_of_Dead_and_Missing="3")],
        )
    )
    with pytest.raises(UndoRefused):
        import_run_undo(actor=None, run=first)
    assert Event.objects.get(source_key="2021.1").dead == 3


@pytest.mark.parametrize("status", ["dry_run", "rejected", "undone", "queued"])
def test_only_finished_imports_can_be_undone(tmp_path, status):
    run = _import(write_csv(tmp_path / "a.csv", [row_2022("2021.1")]))
    ImportRun.objects.filter(pk=run.pk).update(status=status)
    run.refresh_from_db()
    with pytest.raises(UndoRefused):
        import_run_undo(actor=None, run=run)
    assert Event.objects.filter(dataset="mmp").count() == 1


def test_undo_of_a_real_export_leaves_the_database_as_before(mmp_2026, tmp_path):
    """The 2026 export (238 rows, split incidents sharing a Main ID) imported over a
    hand-made earlier state, then undone: the earlier state comes back exactly."""
    from django.db.models import Sum

    _import(write_csv(tmp_path / "a.csv", [row_2022("2021.1"), row_2022("2021.2")]))
    before = Event.objects.aggregate(d=Sum("dead"), n=Sum("dead_and_missing"))
    run = _import(mmp_2026)
    assert run.created > 200
    result = import_run_undo(actor=None, run=run)
    assert (result.deleted, result.restored) == (run.created, 0)
    assert Event.objects.aggregate(d=Sum("dead"), n=Sum("dead_and_missing")) == before
    assert Event.objects.filter(dataset="mmp").count() == 2


def test_undo_is_refused_when_hand_made_records_hang_on_imported_ones(tmp_path):
    """An intervention recorded by hand on an imported event would be deleted with it
    (the foreign key cascades): undo refuses instead and deletes nothing."""
    from testigo.accounts.models import Organisation
    from testigo.documentation.models import Intervention
    from testigo.vocab.models import Term

    run = _import(write_csv(tmp_path / "a.csv", [row_2022("2021.1")]))
    event = Event.objects.get(source_key="2021.1")
    Intervention.objects.create(
        organisation=Organisation.objects.get(pk=event.organisation_id), event=event,
        intervention_type=Term.objects.filter(vocabulary__name="intervention_type").first(),
        date_edtf="2021-04",
    )  # fmt: skip
    with pytest.raises(UndoRefused, match="depend on records it created"):
        import_run_undo(actor=None, run=run)
    assert Event.objects.filter(source_key="2021.1").exists()
    assert Intervention.objects.filter(event=event).exists()


def test_an_earlier_run_can_be_undone_once_the_later_one_was(tmp_path):
    first = _import(write_csv(tmp_path / "a.csv", [row_2022("2021.1", Number_of_Dead="2")]))
    later = _import(
        write_csv(
            tmp_path / "b.csv",
            [row_2022("2021.1", Number_of_Dead="3", Total_Number_of_Dead_and_Missing="3")],
        )
    )
    import_run_undo(actor=None, run=later)
    result = import_run_undo(actor=None, run=first)
    assert result.deleted == 1
    assert not Event.objects.filter(dataset="mmp").exists()


def test_undo_is_refused_while_linkage_links_name_its_records(tmp_path):
    """Links are stored by key: deleting the records would leave links to nothing."""
    import pandas as pd

    from testigo.accounts.models import Organisation
    from testigo.linkage.services import linkage_run_store

    run = _import(write_csv(tmp_path / "a.csv", [row_2022("2021.1"), row_2022("2021.2")]))
    first, second = Event.objects.filter(dataset="mmp").order_by("pk")

    class Outcome:
        pairs = pd.DataFrame(
            [(f"event:{first.pk}", f"event:{second.pk}", 0.97, 5.0, {"date": "same day"})],
            columns=["left_key", "right_key", "match_probability", "match_weight", "evidence"],
        )
        settings: dict = {}
        blocking_rules: list = []
        lower, upper, seconds = 0.5, 0.95, 0.1

    linkage_run_store(
        actor=None, outcome=Outcome(), kind="events",
        organisation=Organisation.objects.get(pk=first.organisation_id),
    )  # fmt: skip
    with pytest.raises(UndoRefused, match="linkage"):
        import_run_undo(actor=None, run=run)
    assert Event.objects.filter(dataset="mmp").count() == 2
