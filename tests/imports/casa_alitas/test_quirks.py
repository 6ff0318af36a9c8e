"""Each Casa Alitas quirk on a small invented file; bad cells reject; undo and re-import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from testigo.documentation.models import Intake, Person
from testigo.imports.casa_alitas.adapter import DATASET, read_casa_alitas
from testigo.imports.models import ImportRun
from testigo.imports.report import ImportFileError, ImportRejected
from testigo.imports.services import import_run_start
from testigo.imports.undo import import_run_undo
from tests.imports.casa_alitas.conftest import HEADER, visit, write_visits

pytestmark = pytest.mark.django_db


def run(path: Path) -> ImportRun:
    return import_run_start(actor=None, source_kind="casa-alitas", path=path).run


def nothing_written() -> bool:
    return not (
        Intake.objects.filter(dataset=DATASET).exists()
        or Person.objects.filter(dataset=DATASET).exists()
    )


def test_same_time_and_identical_rows_get_distinct_keys(tmp_path: Path) -> None:
    rows = [visit(), visit(), visit(number_in_party="3")]
    parsed = read_casa_alitas(write_visits(tmp_path / "d.csv", rows))
    assert [r.source_key for r in parsed.records] == [
        "2021-03-04T10:11:12-1", "2021-03-04T10:11:12-2", "2021-03-04T10:11:12-3",
    ]  # fmt: skip
    assert [(w.line, w.code) for w in parsed.report.warnings] == [(3, "duplicate_row")]
    run(tmp_path / "d.csv")
    sizes = sorted(Person.objects.values_list("group_size", flat=True))
    assert sizes == [2, 2, 3]  # the duplicate is kept: the published counts include it


def test_na_strings_are_blank(tmp_path: Path) -> None:
    row = visit(language="NA", country="NA", destination="NA", state_abbs="NA")
    run(write_visits(tmp_path / "na.csv", [row]))
    intake = Intake.objects.select_related("person").get()
    assert (intake.destination_country, intake.destination_state) == ("", "")
    assert (intake.person.nationality, intake.person.language_id) == ("", None)


def test_destination_forms_and_dates(tmp_path: Path) -> None:
    rows = [
        visit("1/26/2021 13:04:33", destination="Miami, Fl", state_abbs="NA"),
        visit("12/3/2021 9:05:00", destination="New York - NY", state_abbs="NY"),
        visit("1/2/2022 9:05:00", destination="Mexico", state_abbs="NA"),
    ]
    run(write_visits(tmp_path / "dest.csv", rows))
    got = sorted(Intake.objects.values_list("date", "destination_country", "destination_state"))
    assert got == [
        (dt.date(2021, 1, 26), "US", "US-FL"),
        (dt.date(2021, 12, 3), "US", "US-NY"),
        (dt.date(2022, 1, 2), "MX", ""),
    ]


def test_warnings_for_what_is_not_stored(tmp_path: Path) -> None:
    from testigo.vocab.models import Term

    # A deployment whose language vocabulary lacks Romanian (ISO 639-3 "ron").
    Term.objects.filter(vocabulary__name="language", code="ron").delete()
    rows = [
        visit(language="Quichua", language2="Quechua"),
        visit("3/4/2021 10:11:13", language="Romanian", country="Kosovo", country2=" Mexico"),
        visit("3/4/2021 10:11:14", destination="Florida, Texas", state_abbs="TX"),
        visit("3/4/2021 10:11:15", destination="Florida", state_abbs="TX"),
    ]
    parsed = read_casa_alitas(write_visits(tmp_path / "w.csv", rows))
    assert [(w.line, w.column, w.code) for w in parsed.report.warnings] == [
        (2, "language2", "second_language"),
        (3, "country", "country_unresolved"),
        (3, "country2", "second_country"),
        (3, "language", "language_not_in_vocabulary"),
        (4, "destination", "several_destinations"),
        (5, "state_abbs", "state_disagrees"),
    ]
    assert parsed.report.errors == []
    assert parsed.records[0].person["language_id"] is not None  # Quichua → que


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("number_in_party", "0", "bad_party_size"),
        ("number_in_party", "NA", "bad_party_size"),
        ("arrival_datetime", "2021-03-04 10:11:12", "bad_datetime"),
        ("arrival_date", "2021-03-05", "date_mismatch"),
        ("arrival_date", "NA", "bad_date"),
    ],
)
def test_a_bad_cell_rejects_the_file_with_line_and_column(
    tmp_path: Path, column: str, value: str, code: str
) -> None:
    rows = [visit(), visit("3/4/2021 11:00:00", **{column: value})]
    if column == "arrival_datetime":
        rows[1]["arrival_date"] = "2021-03-04"
    with pytest.raises(ImportRejected) as info:
        run(write_visits(tmp_path / "bad.csv", rows))
    assert [(e.line, e.column, e.code) for e in info.value.report.errors] == [(3, column, code)]
    assert nothing_written()


def test_missing_column_and_foreign_file(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "country"]
    with pytest.raises(ImportRejected) as info:
        run(write_visits(tmp_path / "m.csv", [visit()], header))
    assert [(e.line, e.column) for e in info.value.report.errors] == [(1, "country")]
    other = tmp_path / "country_counts.csv"
    other.write_text("country,n,percent\nCuba,3,1.0\n", encoding="utf-8")
    with pytest.raises(ImportFileError):
        run(other)
    assert nothing_written()


def test_changed_visit_updates_and_undo_restores(tmp_path: Path) -> None:
    run(write_visits(tmp_path / "1.csv", [visit(), visit("3/4/2021 11:00:00")]))
    second = run(
        write_visits(
            tmp_path / "2.csv",
            [visit(number_in_party="4", destination="Texas"), visit("3/4/2021 11:00:00")],
        )
    )
    assert (second.created, second.updated, second.unchanged) == (0, 1, 1)
    intake = Intake.objects.select_related("person").get(source_key="2021-03-04T10:11:12-1")
    assert (intake.person.group_size, intake.destination_state) == (4, "US-TX")
    import_run_undo(actor=None, run=second)
    intake = Intake.objects.select_related("person").get(source_key="2021-03-04T10:11:12-1")
    assert (intake.person.group_size, intake.destination_state) == (2, "US-FL")


def test_undo_leaves_nothing_and_reimport_works(tmp_path: Path) -> None:
    path = write_visits(tmp_path / "u.csv", [visit(), visit("3/4/2021 11:00:00")])
    first = run(path)
    result = import_run_undo(actor=None, run=first)
    assert result.deleted == 4  # 2 intakes, 2 persons
    assert nothing_written()
    again = run(path)
    assert (again.created, again.updated) == (2, 0)
