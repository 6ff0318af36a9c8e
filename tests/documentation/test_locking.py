"""No lost updates: a save based on a stale version is refused, nothing is overwritten."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import translation

from testigo.core.models import AuditEntry
from testigo.documentation.models import Event
from testigo.documentation.services import StaleVersionError, event_record, record_update


@pytest.mark.django_db
def test_second_of_two_edits_from_the_same_version_is_refused(org) -> None:
    event = event_record(actor=None, organisation=org, title="Original", date_edtf="2026-05")
    loaded_by_lucia = Event.objects.get(pk=event.pk)
    loaded_by_tomas = Event.objects.get(pk=event.pk)
    record_update(
        actor=None, instance=loaded_by_lucia, expected_version=loaded_by_lucia.version,
        changes={"title": "Lucía's title", "place_text": "Tapachula"},
    )  # fmt: skip
    with pytest.raises(StaleVersionError) as refused, translation.override("en"):
        record_update(
            actor=None, instance=loaded_by_tomas, expected_version=loaded_by_tomas.version,
            changes={"title": "Tomás's title"},
        )  # fmt: skip
    assert "reload" in refused.value.message
    stored = Event.objects.get(pk=event.pk)
    assert (stored.title, stored.place_text, stored.version) == ("Lucía's title", "Tapachula", 2)
    update = AuditEntry.objects.get(model="documentation.Event", action="update")
    assert update.before == {"title": "Original", "place_text": "", "version": 1}
    assert update.after == {"title": "Lucía's title", "place_text": "Tapachula", "version": 2}


@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_in_two_threads(org) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memory"):
        pytest.skip("in-memory SQLite is one connection; the PostgreSQL run covers threads")
    event = event_record(actor=None, organisation=org, title="Original", date_edtf="2026")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(title: str) -> None:
        instance = Event.objects.get(pk=event.pk)
        barrier.wait()
        try:
            record_update(actor=None, instance=instance, expected_version=1,
                          changes={"title": title})  # fmt: skip
            outcomes.append("saved")
        except StaleVersionError:
            outcomes.append("refused")
        finally:
            connection.close()  # each thread has its own connection: close it

    threads = [threading.Thread(target=edit, args=(t,)) for t in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    stored = Event.objects.get(pk=event.pk)
    assert stored.version == 2 and stored.title in {"A", "B"}


@pytest.mark.django_db
def test_event_update_derives_the_date_bounds_and_checks_the_writer(org, member) -> None:
    from testigo.core.errors import AccessDenied
    from testigo.documentation.services import event_update

    event = event_record(actor=None, organisation=org, title="E", date_edtf="2026")
    updated = event_update(
        actor=member("doc", org, "documentalist"), event=event, expected_version=1,
        changes={"date_edtf": "2025-03~"},
    )  # fmt: skip
    assert (updated.year, updated.month, str(updated.date_end)) == (2025, 3, "2025-03-31")
    with pytest.raises(AccessDenied):
        event_update(actor=member("ana", org, "analyst"), event=updated, expected_version=2,
                     changes={"title": "X"})  # fmt: skip
    assert Event.objects.get(pk=event.pk).title == "E"
