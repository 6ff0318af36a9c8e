"""Documentation services: events written with derived EDTF bounds and their audit rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from testigo.accounts.models import Organisation
from testigo.core.models import AuditEntry
from testigo.documentation.models import Event, Source
from testigo.documentation.services import EventInput, event_record, events_upsert
from testigo.vocab.models import Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return Organisation.objects.create(slug="albergue-a", name="Albergue A", kind="civil_society")


@pytest.fixture
def actor():
    return get_user_model().objects.create_user(username="lucia", password="pw")


def _term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary__name=vocabulary, code=code)


@pytest.mark.parametrize(
    ("edtf", "start", "end", "year", "month"),
    [
        ("2019-05", dt.date(2019, 5, 1), dt.date(2019, 5, 31), 2019, 5),
        ("2020-02", dt.date(2020, 2, 1), dt.date(2020, 2, 29), 2020, 2),
        ("2019", dt.date(2019, 1, 1), dt.date(2019, 12, 31), 2019, None),
        ("2019-05-10", dt.date(2019, 5, 10), dt.date(2019, 5, 10), 2019, 5),
        ("2019-05-10/2019-05-12", dt.date(2019, 5, 10), dt.date(2019, 5, 12), 2019, 5),
        ("2018-12/2019-01", dt.date(2018, 12, 1), dt.date(2019, 1, 31), None, None),
        ("201X", dt.date(2010, 1, 1), dt.date(2019, 12, 31), None, None),
        ("XXXX", None, None, None, None),
    ],
)
def test_event_record_derives_edtf_bounds(org, actor, edtf, start, end, year, month):
    event = event_record(actor=actor, organisation=org, title="t", date_edtf=edtf)

    event.refresh_from_db()
    assert (event.date_edtf, event.date_start, event.date_end) == (edtf, start, end)
    assert (event.year, event.month) == (year, month)


def test_event_record_writes_one_audit_row_with_derived_values(org, actor):
    route = _term("migration_route", "us_mexico_border_crossing")
    event = event_record(
        actor=actor,
        organisation=org,
        dataset="mmp",
        title="evento de prueba",
        date_edtf="2019-05",
        migration_route_id=route.pk,
        dead=2,
        missing=1,
        dead_and_missing=3,
    )

    entries = list(AuditEntry.objects.all())
    assert len(entries) == 1
    entry = entries[0]
    assert entry.user_id == actor.pk
    assert entry.action == AuditEntry.Action.CREATE
    assert (entry.model, entry.object_id) == ("documentation.Event", str(event.pk))
    assert entry.before is None
    assert entry.after["organisation_id"] == org.pk
    assert entry.after["date_edtf"] == "2019-05"
    assert entry.after["date_start"] == "2019-05-01"
    assert entry.after["date_end"] == "2019-05-31"
    assert entry.after["year"] == 2019
    assert entry.after["month"] == 5
    assert entry.after["migration_route_id"] == route.pk
    assert (entry.after["dead"], entry.after["missing"], entry.after["dead_and_missing"]) == (
        2,
        1,
        3,
    )


def test_event_record_unknown_date_audits_no_bounds(org):
    event_record(actor=None, organisation=org, title="t", date_edtf="XXXX")
    entry = AuditEntry.objects.get()
    assert entry.user_id is None
    assert entry.after["date_start"] is None
    assert entry.after["date_end"] is None
    assert entry.after["year"] is None
    assert entry.after["month"] is None


def test_event_record_invalid_values_write_nothing(org, actor):
    with pytest.raises(ValidationError):
        event_record(actor=actor, organisation=org, title="t", date_edtf="2019", dead=-1)
    assert not Event.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("edtf", ["2019-13", "not a date", "2019-02-30"])
def test_event_record_bad_edtf_raises_validation_error_and_writes_nothing(org, actor, edtf):
    with pytest.raises(ValidationError) as excinfo:
        event_record(actor=actor, organisation=org, title="t", date_edtf=edtf)
    assert "date_edtf" in excinfo.value.message_dict
    assert not Event.objects.exists()
    assert not AuditEntry.objects.exists()


# --- events_upsert ---------------------------------------------------------------------------


def _inputs(dead_of_second: int = 4) -> list[EventInput]:
    route = _term("migration_route", "us_mexico_border_crossing").pk
    region = _term("region_of_incident", "north_america").pk
    rows = [("2026.MMP9001", "2026-01-03", 1), ("2026.MMP9002", "2026-02", dead_of_second)]
    rows.append(("2026.MMP9003", "XXXX", 7))
    return [
        EventInput(
            source_key=key,
            fields={
                "title": f"MMP {key}",
                "date_edtf": date,
                "region_id": region,
                "migration_route_id": route,
                "dead": dead,
                "missing": 0,
                "dead_and_missing": dead,
                "latitude": 31.5,
                "longitude": -110.25,
                "source_values": {"main_id": key},
            },
            source={"name": "fuente", "url": "", "quality_id": None, "quality_raw": ""},
        )
        for key, date, dead in rows
    ]


def _upsert(org, actor, records):
    return events_upsert(
        actor=actor, organisation=org, dataset="mmp", records=records, context="import run 1"
    )


def test_events_upsert_twice_creates_then_changes_nothing(org, actor):
    first = _upsert(org, actor, _inputs())
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    assert Event.objects.filter(organisation=org, dataset="mmp").count() == 3
    assert Source.objects.count() == 3
    creates = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE)
    assert creates.count() == 3
    assert set(creates.values_list("object_id", flat=True)) == {
        str(pk) for pk in Event.objects.values_list("pk", flat=True)
    }
    assert set(creates.values_list("context", flat=True)) == {"import run 1"}
    second_event = Event.objects.get(source_key="2026.MMP9002")
    assert (second_event.date_start, second_event.date_end) == (
        dt.date(2026, 2, 1),
        dt.date(2026, 2, 28),
    )

    again = _upsert(org, actor, _inputs())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert again.changed_keys == []
    assert Event.objects.count() == 3
    assert AuditEntry.objects.count() == 3


def test_events_upsert_one_changed_field_updates_one_and_audits_only_that_field(org, actor):
    _upsert(org, actor, _inputs())
    event = Event.objects.get(source_key="2026.MMP9002")
    stamp = event.updated_at

    counts = _upsert(org, actor, _inputs(dead_of_second=6))

    assert (counts.created, counts.updated, counts.unchanged) == (0, 1, 2)
    assert counts.changed_keys == ["2026.MMP9002"]
    event.refresh_from_db()
    assert (event.dead, event.dead_and_missing) == (6, 6)
    assert event.updated_at > stamp
    update = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE)
    assert update.user_id == actor.pk
    assert (update.model, update.object_id) == ("documentation.Event", str(event.pk))
    assert update.before == {"dead": 4, "dead_and_missing": 4}
    assert update.after == {"dead": 6, "dead_and_missing": 6}
    assert update.context == "import run 1"
    assert AuditEntry.objects.count() == 4


def test_events_upsert_changed_source_is_audited_as_source_fields(org, actor):
    _upsert(org, actor, _inputs())
    records = _inputs()
    records[0].source = {**records[0].source, "quality_raw": "3"}

    counts = _upsert(org, actor, records)

    assert (counts.created, counts.updated, counts.unchanged) == (0, 1, 2)
    update = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE)
    assert update.before == {"source.quality_raw": ""}
    assert update.after == {"source.quality_raw": "3"}
    assert Source.objects.get(event__source_key="2026.MMP9001").quality_raw == "3"


def test_events_upsert_is_all_or_nothing(org, actor):
    records = _inputs()
    records[2].fields["dead"] = -5  # violates event_dead_not_negative at the database

    with pytest.raises(Exception):  # noqa: B017 - IntegrityError's class differs by backend
        _upsert(org, actor, records)

    assert not Event.objects.exists()
    assert not AuditEntry.objects.exists()


def test_events_upsert_adds_a_source_that_arrives_later(org, actor):
    records = _inputs()
    for record in records:
        record.source = None
    _upsert(org, actor, records)
    assert not Source.objects.exists()

    counts = _upsert(org, actor, _inputs())

    assert Source.objects.count() == 3
    assert (counts.created, counts.updated, counts.unchanged) == (0, 3, 0)
