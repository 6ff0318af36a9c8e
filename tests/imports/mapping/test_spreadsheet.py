"""A small hand-made spreadsheet of intakes (and one of events) imported end to end."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from django.db import connection

from testigo.core.crypto import blind_index
from testigo.documentation.models import Act, Event, Intake, Involvement, Person
from testigo.imports.mapping.records import key_token, read_mapped
from testigo.imports.mapping.spec import ColumnMapping, Mapping
from testigo.imports.report import ImportRejected
from testigo.imports.services import import_run_start
from testigo.imports.undo import import_run_undo
from tests.imports.mapping.keys import CASE_KEYS, raw_key

pytestmark = pytest.mark.django_db

HEADER = [
    "Folio", "Fecha de ingreso", "Nombre", "Sexo", "Fecha de nacimiento", "Nacionalidad",
    "Lengua", "Necesidades", "Consentimiento servicios", "Consiente compartir",
    "Consentimiento estadística", "País de destino",
]  # fmt: skip
ROWS = [  # invented persons
    ["A-1", "15/03/2024", "Ana Invento", "Mujer", "marzo 1990", "Guatemala", "Mam",
     "comida; salud", "Sí", "No", "Sí", "Estados Unidos"],
    ["A-2", "2024-03-16", "Juan Ficticio", "Hombre", "1985", "México", "Mixteco bajo", "",
     "si", "si", "no", "EEUU"],
    ["A-3", "16.03.2024", "", "F", "1999-07", "hondureña", "Español", "albergue", "sí", "no",
     "", ""],
]  # fmt: skip
MAPPING = Mapping(
    target="intakes",
    columns=[
        ColumnMapping("Fecha de ingreso", "date"),
        ColumnMapping("Nombre", "name"),
        ColumnMapping("Sexo", "sex", {"F": "female"}),
        ColumnMapping("Fecha de nacimiento", "birth_date"),
        ColumnMapping("Nacionalidad", "nationality"),
        ColumnMapping("Lengua", "language", {"Mixteco bajo": "mix"}),
        ColumnMapping("Necesidades", "needs"),
        ColumnMapping("Consentimiento servicios", "consent_services"),
        ColumnMapping("Consiente compartir", "consent_network"),
        ColumnMapping("Consentimiento estadística", "consent_statistics"),
        ColumnMapping("País de destino", "destination_country"),
    ],
    key_column="Folio",
    dataset="registro-albergue",
)


def write_csv(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _import(org, path: Path, mapping: Mapping = MAPPING, **kwargs):
    return import_run_start(
        actor=None, source_kind="spreadsheet", path=path, organisation=org,
        read_options={"mapping": mapping}, **kwargs,
    )  # fmt: skip


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_intakes_end_to_end(org, tmp_path: Path, writer) -> None:
    path = writer(tmp_path / f"registro.{'csv' if writer is write_csv else 'xlsx'}", ROWS)
    result = _import(org, path)
    assert (result.run.created, result.run.updated, result.run.unchanged) == (3, 0, 0)
    assert result.run.mapping == MAPPING.as_json()
    intakes = {
        raw_key(i.source_key, CASE_KEYS): i
        for i in Intake.objects.select_related("person", "person__sex", "person__language")
    }
    assert set(intakes) == {"A-1", "A-2", "A-3"}
    a1, a2, a3 = intakes["A-1"], intakes["A-2"], intakes["A-3"]
    assert [a1.date, a2.date, a3.date] == [
        dt.date(2024, 3, 15),
        dt.date(2024, 3, 16),
        dt.date(2024, 3, 16),
    ]  # day first
    assert [i.person.birth_date_edtf for i in (a1, a2, a3)] == ["1990-03", "1985", "1999-07"]
    assert [i.person.language.code for i in (a1, a2, a3)] == ["mam", "mix", "spa"]
    assert [i.person.sex.code for i in (a1, a2, a3)] == ["female", "male", "female"]
    assert [i.person.nationality for i in (a1, a2, a3)] == ["GT", "MX", "HN"]
    assert [i.destination_country for i in (a1, a2, a3)] == ["US", "US", ""]
    consents = [(i.consent_services, i.consent_network, i.consent_statistics)
                for i in (a1, a2, a3)]  # fmt: skip
    assert consents == [(True, False, True), (True, True, False), (True, False, False)]
    assert sorted(t.code for t in a1.needs.all()) == ["food", "health"]
    assert [t.code for t in a3.needs.all()] == ["shelter"]
    assert result.report.warning_counts()["consent_blank"] == 1  # A-3's blank statistics
    # Names only in encrypted fields: the stored column holds no plaintext.
    assert a1.person.name == "Ana Invento"
    assert a1.person.name_index == blind_index("Ana Invento")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM documentation_person")
        stored = [r[0] for r in cursor.fetchall()]
    assert stored and not any("Invento" in (s or "") or "Ficticio" in (s or "") for s in stored)

    again = _import(org, path)
    assert (again.run.created, again.run.updated, again.run.unchanged) == (0, 0, 3)


def test_a_changed_row_updates_and_undo_restores(org, tmp_path: Path) -> None:
    _import(org, write_csv(tmp_path / "a.csv", ROWS))
    changed = [list(r) for r in ROWS]
    changed[1][3] = "Mujer"  # A-2's sex
    changed[2][7] = "comida"  # A-3's needs
    second = _import(org, write_csv(tmp_path / "b.csv", changed))
    assert (second.run.created, second.run.updated, second.run.unchanged) == (0, 2, 1)
    assert Person.objects.get(source_key=key_token("A-2")).sex.code == "female"
    assert [t.code for t in Intake.objects.get(source_key=key_token("A-3")).needs.all()] == ["food"]
    undone = import_run_undo(actor=None, run=second.run)
    assert (undone.deleted, undone.restored) == (0, 2)  # A-2's person; A-3's needs (audited)
    assert Person.objects.get(source_key=key_token("A-2")).sex.code == "male"


def test_every_bad_cell_rejects_the_file_with_line_and_column(org, tmp_path: Path) -> None:
    bad = [list(r) for r in ROWS]
    bad[0][1] = "03/15/2024"  # month first: impossible month
    bad[1][6] = "Lengua X"  # no value mapping
    bad[2][1] = "2024-03"  # an intake needs a day
    bad[2][4] = "31/02/1990"
    bad.append(["A-1", "17/03/2024", "", "Mujer", "", "", "", "", "sí", "sí", "sí", ""])
    bad.append(["A-5", "17/03/2024", "", "Mujer", "", "Narnia", "", "vuelo", "tal vez", "", "", ""])
    with pytest.raises(ImportRejected) as caught:
        _import(org, write_csv(tmp_path / "bad.csv", bad))
    found = {(e.line, e.column, e.value, e.code) for e in caught.value.report.errors}
    assert found == {
        (2, "Fecha de ingreso", "03/15/2024", "bad_date"),
        (3, "Lengua", "Lengua X", "bad_language"),
        (4, "Fecha de ingreso", "2024-03", "bad_date"),
        (4, "Fecha de nacimiento", "31/02/1990", "bad_date"),
        (5, "Folio", key_token("A-1"), "duplicate_key"),
        (6, "Nacionalidad", "Narnia", "bad_country"),
        (6, "Necesidades", "vuelo", "bad_terms"),
        (6, "Consentimiento servicios", "tal vez", "bad_bool"),
    }
    reasons = {e.column: e.reason for e in caught.value.report.errors if e.line == 3}
    assert reasons["Lengua"] == "no value mapping for “Lengua X”"
    assert not Intake.objects.exists() and not Person.objects.exists()
    assert caught.value.report.errors and all(e.line for e in caught.value.report.errors)


def test_missing_required_column_and_blank_required_cell(org, tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[0][1] = ""
    with pytest.raises(ImportRejected) as caught:
        _import(org, write_csv(tmp_path / "blank.csv", rows))
    assert [(e.line, e.column, e.code) for e in caught.value.report.errors] == [
        (2, "Fecha de ingreso", "required")
    ]
    header = [h if h != "Fecha de ingreso" else "Día" for h in HEADER]
    with pytest.raises(ImportRejected) as caught:
        _import(org, write_csv(tmp_path / "nodate.csv", ROWS, header))
    assert [(e.line, e.code) for e in caught.value.report.errors] == [(1, "bad_mapping")]
    assert "Fecha de ingreso" in caught.value.report.errors[0].reason


def test_without_key_column_rows_are_keyed_by_content(org, tmp_path: Path) -> None:
    mapping = Mapping("intakes", MAPPING.columns, key_column=None, dataset="sin-folio")
    path = write_csv(tmp_path / "r.csv", ROWS)
    assert _import(org, path, mapping).run.created == 3
    assert _import(org, path, mapping).run.unchanged == 3
    parsed = read_mapped(write_csv(tmp_path / "d.csv", [ROWS[0], ROWS[0]]), mapping=mapping)
    assert [(e.line, e.code) for e in parsed.report.errors] == [(3, "duplicate_key")]


def test_hxl_hashtag_row_is_skipped(org, tmp_path: Path) -> None:
    tags = ["#meta+id", "#date+registered", "", "#beneficiary+sex", "", "", "", "", "", "", "",
            "#country+destination"]  # fmt: skip
    result = _import(org, write_csv(tmp_path / "hxl.csv", [tags, *ROWS]))
    assert result.run.created == 3 and result.run.rows == 3


EVENT_HEADER = ["id", "fecha", "país", "hecho", "perpetrador", "orden de gobierno", "sexo"]
EVENT_ROWS = [
    ["E1", "marzo 2024", "México", "Extorsión", "Policía municipal", "", "Mujer"],
    ["E2", "2023", "MX", "Extorsión", "INM", "federal", "Hombre"],
    ["E3", "10/01/2024", "Guatemala", "", "", "", ""],
]
EVENT_MAPPING = Mapping(
    target="events",
    columns=[
        ColumnMapping("fecha", "date"),
        ColumnMapping("país", "country"),
        ColumnMapping("hecho", "act_type", {"Extorsión": "extortion"}),
        ColumnMapping("perpetrador", "perpetrator_type"),
        ColumnMapping("orden de gobierno", "government_level"),
        ColumnMapping("sexo", "victim_sex"),
    ],
    key_column="id",
    dataset="casos",
)


def test_events_with_victims_acts_and_perpetrators(org, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "casos.csv", EVENT_ROWS, EVENT_HEADER)
    result = _import(org, path, EVENT_MAPPING)
    assert (result.run.created, result.run.updated, result.run.unchanged) == (3, 0, 0)
    events = {raw_key(e.source_key, CASE_KEYS): e for e in Event.objects.filter(organisation=org)}
    assert [events[k].date_edtf for k in ("E1", "E2", "E3")] == ["2024-03", "2023", "2024-01-10"]
    assert (events["E1"].year, events["E1"].month) == (2024, 3)
    assert [events[k].country for k in ("E1", "E2", "E3")] == ["MX", "MX", "GT"]
    involvements = {
        raw_key(i.act.event.source_key, CASE_KEYS): i
        for i in Involvement.objects.select_related("act__event", "perpetrator_type",
                                                    "government_level")
    }  # fmt: skip
    assert involvements["E1"].perpetrator_type.code == "mx_municipal_police"
    assert involvements["E1"].government_level.code == "municipal"  # from the type
    assert involvements["E2"].perpetrator_type.code == "mx_inm"
    assert involvements["E2"].government_level.code == "federal"
    assert Act.objects.count() == 2 and not Act.objects.filter(event=events["E3"]).exists()
    assert Person.objects.get(source_key=key_token("E1") + "#victim").sex.code == "female"
    again = _import(org, path, EVENT_MAPPING)
    assert (again.run.created, again.run.updated, again.run.unchanged) == (0, 0, 3)
    undone = import_run_undo(actor=None, run=result.run)
    assert undone.deleted == 3 + 2 + 2 + 2  # events, victims, acts, involvements
    assert not Event.objects.filter(organisation=org).exists()


def test_contradicting_government_level_is_an_error(org, tmp_path: Path) -> None:
    rows = [["E1", "2024", "MX", "Extorsión", "Policía municipal", "estatal", ""],
            ["E2", "2024", "MX", "", "INM", "", ""]]  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        _import(org, write_csv(tmp_path / "c.csv", rows, EVENT_HEADER), EVENT_MAPPING)
    assert {(e.line, e.column, e.code) for e in caught.value.report.errors} == {
        (2, "orden de gobierno", "level_mismatch"),
        (3, "hecho", "perpetrator_without_act"),
    }
