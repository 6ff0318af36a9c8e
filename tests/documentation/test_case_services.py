"""Case services: role checks, consent-gated sharing, status transitions, vocabulary checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from testigo.accounts.services import sharing_agreement_create, sharing_agreement_revoke
from testigo.core.errors import AccessDenied
from testigo.documentation.access import access_events_for_user, access_intakes_for_user
from testigo.documentation.models import Act, Involvement
from testigo.documentation.services import (
    StatusTransitionError,
    event_document,
    intake_register,
    intervention_record,
    intervention_status_change,
)
from tests.documentation.conftest import term

pytestmark = pytest.mark.django_db


def _intake(org, actor=None, *, network: bool = True):
    return intake_register(
        actor=actor, organisation=org, date=dt.date(2026, 3, 1),
        person={"name": "Persona Uno", "age": 25, "sex": term("sex")},
        consent_services=True, consent_network=network, consent_statistics=True,
        needs=[term("need")],
    )  # fmt: skip


def test_only_writers_write(org, member) -> None:
    _intake(org, member("doc", org, "documentalist"))
    for role in ("analyst", "read_only", "government_partner"):
        with pytest.raises(AccessDenied):
            _intake(org, member(f"u-{role}", org, role))


def test_event_with_two_victims_and_authority_levels(org) -> None:
    municipal = term("perpetrator_type", government_level="municipal")
    crime = term("perpetrator_type", authority=False)
    event = event_document(
        actor=None, organisation=org, event={"title": "Retén", "date_edtf": "2026-04~"},
        victims=[{"name": "V1"}, {"name": "V2", "is_group": True, "group_size": 3}],
        acts=[
            {"victim": 0, "act_type": term("act_type"), "perpetrators": [
                {"perpetrator_type": municipal}, {"perpetrator_type": crime}]},
            {"victim": 1, "act_type": term("act_type"), "perpetrators": [
                {"perpetrator_type": municipal}]},
        ],
    )  # fmt: skip
    assert Act.objects.filter(event=event).count() == 2
    levels = sorted(
        i.government_level.code if i.government_level else "-"
        for i in Involvement.objects.filter(act__event=event)
    )
    assert levels == ["-", "municipal", "municipal"]
    assert event.year == 2026 and event.month == 4


def test_wrong_vocabulary_is_refused_and_nothing_written(org) -> None:
    with pytest.raises(ValidationError):
        event_document(
            actor=None, organisation=org, event={"title": "X", "date_edtf": "2026"},
            victims=[{"name": "V"}],
            acts=[{"victim": 0, "act_type": term("need")}],  # a need is not an act type
        )  # fmt: skip
    assert not Act.objects.exists()
    assert not org.events.exists()


def test_sharing_needs_an_agreement_and_consent_and_ends_on_revoke(org, other_org, member):
    analyst = member("tomas", other_org, "analyst")
    shared = _intake(org, network=True)
    _intake(org, network=False)
    assert not access_intakes_for_user(analyst).exists()
    agreement = sharing_agreement_create(actor=None, organisation=org, network=other_org)
    assert list(access_intakes_for_user(analyst)) == [shared]
    # A documentalist of the network organisation does not get shared records.
    assert not access_intakes_for_user(member("doc-red", other_org, "documentalist")).exists()
    sharing_agreement_revoke(actor=None, agreement=agreement)
    assert not access_intakes_for_user(analyst).exists()


def test_shared_events_only_with_a_consenting_victim(org, other_org, member) -> None:
    analyst = member("tomas", other_org, "analyst")
    sharing_agreement_create(actor=None, organisation=org, network=other_org)
    for consent in (True, False):
        person = _intake(org, network=consent).person
        event_document(
            actor=None, organisation=org, event={"title": f"E{consent}", "date_edtf": "2026"},
            victims=[person], acts=[{"victim": 0, "act_type": term("act_type")}],
        )  # fmt: skip
    assert [e.title for e in access_events_for_user(analyst)] == ["ETrue"]


def test_only_an_admin_shares(org, other_org, member) -> None:
    with pytest.raises(AccessDenied):
        sharing_agreement_create(
            actor=member("doc", org, "documentalist"), organisation=org, network=other_org
        )


def test_status_moves_only_along_allowed_transitions(org) -> None:
    start = term("intervention_status", final=False)
    allowed = start.attributes["next"]
    item = intervention_record(
        actor=None, organisation=org, intervention_type=term("intervention_type"), status=start
    )
    forbidden = next(
        t
        for t in type(start).objects.filter(vocabulary__name="intervention_status")
        if t.code not in allowed and t.pk != start.pk
    )
    with pytest.raises(StatusTransitionError):
        intervention_status_change(
            actor=None, intervention=item, to_status=forbidden, expected_version=item.version
        )
    target = type(start).objects.get(vocabulary__name="intervention_status", code=allowed[0])
    moved = intervention_status_change(
        actor=None, intervention=item, to_status=target, expected_version=item.version
    )
    assert moved.status == target and moved.version == 2
    assert moved.status_changes.get().from_status == start


def test_shared_event_shows_only_consenting_victims(org, other_org, member) -> None:
    from testigo.documentation.access import visible_person_ids

    analyst = member("tomas", other_org, "analyst")
    sharing_agreement_create(actor=None, organisation=org, network=other_org)
    yes, no = _intake(org, network=True).person, _intake(org, network=False).person
    ids = [yes.pk, no.pk]
    assert visible_person_ids(analyst, org.pk, ids) == {yes.pk}
    assert visible_person_ids(member("doc", org, "documentalist"), org.pk, ids) == set(ids)
    assert visible_person_ids(member("gov", org, "government_partner"), org.pk, ids) == set()


def test_bulk_created_persons_get_codes_no_one_else_has(monkeypatch):
    """A million random codes collide with probability ≈ 0.4: bulk writes re-draw clashes
    with stored codes and with each other (found by bench/imports.py at 1,000,000 rows)."""
    from testigo.accounts.services import organisation_create
    from testigo.documentation.models import Person
    from testigo.documentation.models import persons as person_module

    org = organisation_create(actor=None, slug="o", name="O", kind="civil_society")
    Person.objects.create(organisation=org, code="P-AAAA-AAAA")
    draws = iter(["P-AAAA-AAAA", "P-BBBB-BBBB", "P-CCCC-CCCC"])
    monkeypatch.setattr(person_module, "new_person_code", lambda: next(draws))
    given = ("P-AAAA-AAAA", "P-DDDD-DDDD", "P-DDDD-DDDD")
    batch = [Person(organisation=org, code=code) for code in given]
    Person.prepare_bulk_create(batch)
    codes = [p.code for p in batch]
    assert len(set(codes)) == 3 and "P-AAAA-AAAA" not in codes
    Person.objects.bulk_create(batch)
    assert Person.objects.count() == 4
