"""Engine input frames from Testigo Person and Event records."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from django.db import connection

from testigo.accounts.services import organisation_create
from testigo.documentation.services.cases import person_record
from testigo.linkage.engine.link import link_records
from testigo.linkage.persons import event_frame, person_frame
from testigo.vocab.models import Term


@pytest.mark.django_db
def test_person_frame_decrypts_names_in_memory_and_links() -> None:
    shelter = organisation_create(
        actor=None, slug="albergue", name="Albergue", kind="civil_society"
    )
    ngo = organisation_create(actor=None, slug="ong", name="ONG", kind="civil_society")
    male = Term.objects.get(vocabulary__name="sex", code="male")
    a = person_record(actor=None, organisation=shelter, name="Jesús Hernández López",
                      birth_date_edtf="1990-04", sex=male, nationality="HN")  # fmt: skip
    b = person_record(actor=None, organisation=ngo, name="Chuy Hernandez Lopez", age=34,
                      sex=male, nationality="HN")  # fmt: skip
    group = person_record(actor=None, organisation=ngo, name="Familia", is_group=True, group_size=4)
    from testigo.documentation.models import Person

    persons = Person.objects.filter(pk__in=[a.pk, b.pk, group.pk]).select_related(
        "organisation", "sex"
    )
    frame = person_frame(persons)
    assert set(frame["unique_id"]) == {f"person:{a.pk}", f"person:{b.pk}"}  # no group
    assert set(frame["source_dataset"]) == {"albergue", "ong"}
    assert set(frame["full_name"]) == {"Jesús Hernández López", "Chuy Hernandez Lopez"}
    assert set(frame["sex"]) == {"m"}
    # Stored encrypted, decrypted only in the frame.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name FROM {Person._meta.db_table} WHERE id = %s", [a.pk])  # noqa: S608
        stored = cursor.fetchone()[0]
    assert stored.startswith("enc1:") and "Hern" not in stored
    outcome = link_records(frame, kind="persons", link_type="link_only", lower=0.0)
    assert len(outcome.pairs) == 1
    evidence = outcome.pairs["evidence"][0]
    assert evidence["given_name"] == "same first name or nickname"
    assert evidence["surname"] == "both surnames equal"
    assert evidence["nationality"] == "same"


def test_event_frame_from_records() -> None:
    org = SimpleNamespace(slug="red")
    cause = SimpleNamespace(code="harsh_environmental_conditions")
    events = [
        SimpleNamespace(pk=1, organisation=org, dataset="manual", date_edtf="2019-06",
                        latitude=31.5, longitude=-111.2, municipality_code="26043",
                        females=1, males=2, children=0, cause_of_death=cause, dead_and_missing=3),
        SimpleNamespace(pk=2, organisation=org, dataset="mmp", date_edtf="XXXX", latitude=None,
                        longitude=None, municipality_code="", females=None, males=None,
                        children=None, cause_of_death=None, dead_and_missing=None),
    ]  # fmt: skip
    frame = event_frame(events)
    assert list(frame["unique_id"]) == ["event:1", "event:2"]
    assert list(frame["source_dataset"]) == ["red:manual", "red:mmp"]
    first, second = frame.iloc[0], frame.iloc[1]
    assert (first["sexes"], first["has_child"], first["cause"]) == ("fm", 0, "environment")
    assert first["place_code"] == "26043"
    assert second["sexes"] is None and pd.isna(second["has_child"]) and second["cause"] is None
