"""The real OGIS export: counts and figures recomputed from the file with the csv module."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.models import Sum

from testigo.core.crypto import TOKEN_PREFIX, blind_index
from testigo.core.models import AuditEntry
from testigo.documentation.models import Act, Event, Person, Source
from testigo.imports.arizona_ogis.adapter import DATASET, read_arizona_ogis
from testigo.imports.services import import_run_start

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROWS = 3857  # PROVENANCE.md §7: 3,857 × 21


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, ogis_csv: Path):
    """The file imported twice (the second run must change nothing); rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        first = import_run_start(actor=None, source_kind="arizona-ogis", path=ogis_csv)
        second = import_run_start(actor=None, source_kind="arizona-ogis", path=ogis_csv)
        yield first, second
        transaction.set_rollback(True)


def events():
    return Event.objects.filter(dataset=DATASET)


def test_reads_every_row_without_errors(ogis_csv: Path, ogis_rows) -> None:
    parsed = read_arizona_ogis(ogis_csv)
    assert parsed.rows == len(ogis_rows) == ROWS
    assert parsed.report.errors == []
    assert len(parsed.records) == ROWS
    assert parsed.report.warning_counts() == Counter({"age_99": 1})


def test_one_event_person_and_act_per_row(imported) -> None:
    first, _second = imported
    run = first.run
    assert (run.status, run.rows, run.created, run.updated, run.unchanged) == (
        "done", ROWS, ROWS, 0, 0,
    )  # fmt: skip
    assert events().count() == ROWS
    assert Person.objects.filter(dataset=DATASET).count() == ROWS
    assert Source.objects.filter(event__dataset=DATASET).count() == ROWS
    acts = Act.objects.filter(event__dataset=DATASET).select_related("event", "victim")
    assert acts.count() == ROWS
    assert all(a.event.source_key == a.victim.source_key for a in acts)
    assert events().aggregate(n=Sum("dead"))["n"] == ROWS
    # One audit row per created record (event, person, act), each with the run's context.
    assert AuditEntry.objects.filter(context=run.audit_context).count() == 3 * ROWS


def test_second_import_changes_nothing(imported) -> None:
    _first, second = imported
    run = second.run
    assert (run.status, run.created, run.updated, run.unchanged) == ("done", 0, 0, ROWS)
    assert AuditEntry.objects.filter(context=run.audit_context).count() == 0
    assert events().count() == ROWS


def test_deaths_by_year_equal_the_file(imported, ogis_rows) -> None:
    expected = Counter(int(r["Reporting Date"][:4]) for r in ogis_rows)
    ours = {
        row["year"]: row["dead"]
        for row in events().values("year").annotate(dead=Sum("dead")).order_by()
    }
    assert ours == dict(expected)
    assert ours[2021] == 226  # spot check against the raw file's own tally
    assert sum(ours.values()) == ROWS


def test_deaths_by_county_equal_the_file(imported, ogis_rows) -> None:
    expected = Counter(r["County"].strip().title() for r in ogis_rows)
    ours = Counter()
    for values, dead in events().values_list("source_values", "dead"):
        ours[values["county"]] += dead
    assert ours == expected
    assert ours["Pima"] == 2351 + 530  # "Pima" and "PIMA" are one county
    fips = Counter(v["county_fips"] for v in events().values_list("source_values", flat=True))
    assert fips["04019"] == ours["Pima"]
    assert fips[""] == expected["Unknown"]


def test_deaths_by_sex_equal_the_file(imported, ogis_rows) -> None:
    raw = Counter(r["Sex"] for r in ogis_rows)
    ours = Counter(Person.objects.filter(dataset=DATASET).values_list("sex__code", flat=True))
    assert ours == {
        "male": raw["male"], "female": raw["female"], "unknown": raw["undetermined"],
        None: raw[""],
    }  # fmt: skip
    sums = events().aggregate(m=Sum("males"), f=Sum("females"))
    assert (sums["m"], sums["f"]) == (raw["male"], raw["female"])


def test_causes_kept_and_classified(imported, ogis_rows) -> None:
    raw = Counter(r["Cause of Death"] for r in ogis_rows)
    kept = Counter(v["cause_of_death"] for v in events().values_list("source_values", flat=True))
    assert kept == raw
    classified = Counter(events().values_list("cause_of_death__code", flat=True))
    assert classified["harsh_environmental_conditions"] == raw["Exposure"]
    assert classified["mixed_or_unknown"] == (
        raw["Skeletal Remains"] + raw["Undetermined"] + raw["Pending"]
    )
    assert classified["violence"] == raw["Gunshot Wound"] + raw["Other Injury / Homicide"]
    assert classified["drowning"] == raw["Drowning"]


def test_ages_places_and_children(imported, ogis_rows) -> None:
    ages = [int(r["Age"]) for r in ogis_rows if r["Age"]]
    persons = Person.objects.filter(dataset=DATASET)
    assert persons.exclude(age=None).count() == len(ages)
    assert persons.aggregate(a=Sum("age"))["a"] == sum(ages)
    assert events().aggregate(c=Sum("children"))["c"] == sum(a < 18 for a in ages)
    assert set(events().values_list("country", "state_code")) == {("US", "US-AZ")}
    lat = events().aggregate(s=Sum("latitude"))["s"]
    assert lat == pytest.approx(sum(float(r["Latitude"]) for r in ogis_rows))


def test_names_encrypted_and_unidentified_blank(imported, ogis_rows) -> None:
    by_key = {r["ML Number"]: r["Name"] for r in ogis_rows}
    unidentified = sum(n == "Unidentified" for n in by_key.values())
    persons = Person.objects.filter(dataset=DATASET)
    assert persons.filter(name_index="").count() == unidentified == 1465
    # Every stored name matches the file (compared without printing any name).
    mismatches = sum(
        (p.name or "Unidentified") != by_key[p.source_key]
        for p in persons.only("name", "source_key")
    )
    assert mismatches == 0
    index_mismatches = sum(
        p.name_index != blind_index(p.name) for p in persons.only("name", "name_index")
    )
    assert index_mismatches == 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM documentation_person WHERE dataset = %s AND name_index != ''",
            [DATASET],
        )
        stored = [row[0] for row in cursor.fetchall()]
    assert len(stored) == ROWS - unidentified
    assert all(value.startswith(TOKEN_PREFIX) for value in stored)
