"""Each OGIS quirk on a small invented file; bad cells reject the file; undo and re-import."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from testigo.core.crypto import TOKEN_PREFIX
from testigo.core.models import AuditEntry
from testigo.documentation.models import Act, Event, Person, Source
from testigo.imports.arizona_ogis.adapter import DATASET, read_arizona_ogis
from testigo.imports.models import ImportRun
from testigo.imports.report import ImportFileError, ImportRejected
from testigo.imports.services import import_run_start
from testigo.imports.undo import import_run_undo
from tests.imports.arizona_ogis.conftest import HEADER, ogis_row, write_ogis

pytestmark = pytest.mark.django_db


def run(path: Path) -> ImportRun:
    return import_run_start(actor=None, source_kind="arizona-ogis", path=path).run


def rejected(path: Path) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        run(path)
    return info.value


def nothing_written() -> bool:
    return not (
        Event.objects.filter(dataset=DATASET).exists()
        or Person.objects.filter(dataset=DATASET).exists()
    )


def test_county_case_and_unknown(tmp_path: Path) -> None:
    path = write_ogis(
        tmp_path / "c.csv",
        [
            ogis_row("10-00001", County="PIMA"),
            ogis_row("10-00002", County="Santa Cruz"),
            ogis_row("10-00003", County="SANTA CRUZ"),
            ogis_row("10-00004", County="Unknown"),
        ],
    )
    run(path)
    counties = dict(Event.objects.values_list("source_key", "source_values__county_fips"))
    assert counties == {
        "10-00001": "04019", "10-00002": "04023", "10-00003": "04023", "10-00004": "",
    }  # fmt: skip
    assert Event.objects.get(source_key="10-00003").place_text == "Santa Cruz County, Arizona"


def test_unidentified_has_no_name_and_a_name_is_encrypted(tmp_path: Path) -> None:
    path = write_ogis(
        tmp_path / "n.csv",
        [ogis_row("10-00001"), ogis_row("10-00002", Name="Invented  Person")],
    )
    run(path)
    unknown, named = Person.objects.order_by("source_key")
    assert (unknown.name, unknown.name_index) == ("", "")
    assert named.name == "Invented Person"  # invented name; extra inner space dropped
    assert named.name_index != ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM documentation_person WHERE id = %s", [named.pk])
        (stored,) = cursor.fetchone()
    assert stored.startswith(TOKEN_PREFIX)
    assert "Invented" not in stored
    trail = str(list(AuditEntry.objects.values_list("after", flat=True)))
    assert "Invented" not in trail  # the audit trail holds ciphertext too


def test_undetermined_sex_blank_sex_and_counts(tmp_path: Path) -> None:
    path = write_ogis(
        tmp_path / "s.csv",
        [
            ogis_row("10-00001", Sex="undetermined", Age="16"),
            ogis_row("10-00002", Sex="", Age=""),
            ogis_row("10-00003", Sex="female", Age="40"),
        ],
    )
    run(path)
    people = dict(Person.objects.values_list("source_key", "sex__code"))
    assert people == {"10-00001": "unknown", "10-00002": None, "10-00003": "female"}
    counts = {e.source_key: (e.females, e.males, e.children) for e in Event.objects.order_by("id")}
    assert counts == {
        "10-00001": (None, None, 1), "10-00002": (None, None, None), "10-00003": (1, 0, 0),
    }  # fmt: skip


def test_partial_and_missing_reporting_dates(tmp_path: Path) -> None:
    path = write_ogis(
        tmp_path / "d.csv",
        [
            ogis_row("10-00001", Reporting_Date="2005-07"),
            ogis_row("10-00002", Reporting_Date="2005"),
            ogis_row("10-00003", Reporting_Date=""),
        ],
    )
    parsed = read_arizona_ogis(path)
    assert [(w.line, w.code) for w in parsed.report.warnings] == [(4, "no_date")]
    run(path)
    dates = {e.source_key: (e.date_edtf, e.year, e.month) for e in Event.objects.all()}
    assert dates == {
        "10-00001": ("2005-07", 2005, 7), "10-00002": ("2005", 2005, None),
        "10-00003": ("XXXX", None, None),
    }  # fmt: skip


def test_cause_kept_raw_and_unmapped_category_left_unclassified(tmp_path: Path) -> None:
    path = write_ogis(
        tmp_path / "k.csv",
        [
            ogis_row("10-00001", Cause_of_Death="Blunt Force Injury"),
            ogis_row("10-00002", Cause_of_Death="Gunshot Wound"),
        ],
    )
    run(path)
    causes = {
        e.source_key: (e.cause_of_death.code if e.cause_of_death else None,
                       e.source_values["cause_of_death"])
        for e in Event.objects.select_related("cause_of_death")
    }  # fmt: skip
    assert causes == {
        "10-00001": (None, "Blunt Force Injury"), "10-00002": ("violence", "Gunshot Wound"),
    }  # fmt: skip


def test_trailing_spaces_in_buckets_and_age_99_warning(tmp_path: Path) -> None:
    path = write_ogis(
        tmp_path / "b.csv",
        [ogis_row("10-00001", Post_Mortem_Interval="< 5 weeks ", Age="99")],
    )
    parsed = read_arizona_ogis(path)
    assert [(w.line, w.column, w.code) for w in parsed.report.warnings] == [(2, "Age", "age_99")]
    run(path)
    event = Event.objects.get()
    assert event.source_values["post_mortem_interval"] == "< 5 weeks"
    assert Person.objects.get().age == 99


def test_point_outside_arizona_kept_with_warning(tmp_path: Path) -> None:
    path = write_ogis(
        tmp_path / "p.csv", [ogis_row("10-00001", Latitude="31.7", Longitude="-106.4")]
    )
    parsed = read_arizona_ogis(path)
    assert [w.code for w in parsed.report.warnings] == ["outside_arizona"]
    assert parsed.records[0].event.fields["latitude"] == 31.7


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("Age", "about 30", "bad_age"),
        ("Sex", "M", "bad_sex"),
        ("Reporting Date", "7/11/2010", "bad_date"),
        ("County", "Hidalgo", "bad_county"),
        ("Latitude", "32,1", "bad_latitude"),
        ("Cause of Death", "Snake bite", "bad_cause"),
        ("ML Number", "", "bad_ml_number"),
        ("State", "Sonora", "bad_state"),
    ],
)
def test_a_bad_cell_rejects_the_file_with_line_and_column(
    tmp_path: Path, column: str, value: str, code: str
) -> None:
    rows = [ogis_row("10-00001"), ogis_row("10-00002", **{column.replace(" ", "_"): value})]
    error = rejected(write_ogis(tmp_path / "bad.csv", rows))
    assert [(e.line, e.column, e.code) for e in error.report.errors] == [(3, column, code)]
    assert nothing_written()


def test_repeated_ml_number_and_half_coordinates_reject(tmp_path: Path) -> None:
    rows = [
        ogis_row("10-00001"),
        ogis_row("10-00001"),
        ogis_row("10-00002", Longitude=""),
    ]
    error = rejected(write_ogis(tmp_path / "r.csv", rows))
    assert [(e.line, e.column, e.code) for e in error.report.errors] == [
        (3, "ML Number", "duplicate_id"),
        (4, "Longitude", "half_coordinates"),
    ]
    assert nothing_written()


def test_missing_column_and_foreign_file(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "County"]
    error = rejected(write_ogis(tmp_path / "m.csv", [ogis_row("10-00001")], header))
    assert [(e.line, e.column, e.code) for e in error.report.errors] == [
        (1, "County", "missing_column")
    ]
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFileError):
        run(other)


def test_changed_row_updates_and_undo_restores(tmp_path: Path) -> None:
    first = run(write_ogis(tmp_path / "1.csv", [ogis_row("10-00001"), ogis_row("10-00002")]))
    changed = [ogis_row("10-00001", Sex="female"), ogis_row("10-00002")]
    second = run(write_ogis(tmp_path / "2.csv", changed))
    assert (second.created, second.updated, second.unchanged) == (0, 1, 1)
    assert Person.objects.get(source_key="10-00001").sex.code == "female"
    assert Event.objects.get(source_key="10-00001").females == 1
    import_run_undo(actor=None, run=second)
    assert Person.objects.get(source_key="10-00001").sex.code == "male"
    assert Event.objects.get(source_key="10-00001").females == 0
    assert first.status == "done"


def test_undo_leaves_nothing_and_reimport_works(tmp_path: Path) -> None:
    path = write_ogis(
        tmp_path / "u.csv",
        [ogis_row("10-00001"), ogis_row("10-00002", Name="Invented Person")],
    )
    first = run(path)
    result = import_run_undo(actor=None, run=first)
    assert result.deleted == 6  # 2 events, 2 persons, 2 acts
    assert nothing_written()
    assert not Act.objects.exists()
    assert not Source.objects.exists()
    again = run(path)
    assert (again.created, again.updated) == (2, 0)
    assert Act.objects.count() == 2
