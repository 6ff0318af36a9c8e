"""Kobo/ODK export layouts on small hand-made exports: group prefixes, select_multiple
(space-separated and split into 0/1 columns), repeat sheets linked by ``_parent_index``."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from testigo.documentation.models import Intake
from testigo.imports.mapping.spec import ColumnMapping, Mapping
from testigo.imports.mapping.suggest import suggest_mapping
from testigo.imports.mapping.xlsform import form_from_xlsform
from testigo.imports.report import ImportRejected
from testigo.imports.services import import_run_start
from tests.imports.mapping.keys import raw_key

pytestmark = pytest.mark.django_db

SURVEY = [
    ["type", "name", "label::Español (es)", "label::English (en)"],
    ["start", "start", "", ""],
    ["begin_group", "registro", "Registro", "Registration"],
    ["date", "fecha_ingreso", "Fecha de ingreso", "Intake date"],
    ["select_one lenguas", "lengua", "Lengua", "Language"],
    ["select_multiple necesidades", "necesidades", "Necesidades", "Needs"],
    ["select_one sino", "consentimiento_estadistica", "Consentimiento estadística",
     "Consent statistics"],
    ["end_group", "", "", ""],
    ["begin_repeat", "integrantes", "Integrantes", "Members"],
    ["integer", "edad", "Edad", "Age"],
    ["end_repeat", "", "", ""],
]  # fmt: skip
CHOICES = [
    ["list_name", "name", "label::Español (es)", "label::English (en)"],
    ["lenguas", "mixteco", "Mixteco", "Mixtec"],
    ["lenguas", "espanol", "Español", "Spanish"],
    ["necesidades", "comida", "Comida", "Food"],
    ["necesidades", "salud", "Salud", "Health"],
    ["sino", "si", "Sí", "Yes"],
    ["sino", "no", "No", "No"],
]


def _book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def form_path(tmp_path: Path) -> Path:
    return _book(tmp_path / "form.xlsx", {"survey": SURVEY, "choices": CHOICES})


def _export(path: Path, *, split: bool, members: list[list[object]] | None = None) -> Path:
    needs = ["registro/necesidades/comida", "registro/necesidades/salud"] if split else [
        "registro/necesidades"
    ]  # fmt: skip
    header = ["start", "registro/fecha_ingreso", "registro/lengua", *needs,
              "registro/consentimiento_estadistica", "_id", "_uuid", "_index"]  # fmt: skip
    rows = [
        ["2024-03-15T10:00:00.000-06:00", "2024-03-15", "mixteco",
         *(["1", "1"] if split else ["comida salud"]), "si", 11, "uuid-a", 1],
        ["2024-03-16T11:00:00.000-06:00", "2024-03-16", "espanol",
         *(["0", "1"] if split else ["salud"]), "no", 12, "uuid-b", 2],
    ]  # fmt: skip
    member_rows = members if members is not None else [[30, 1], [4, 1], [25, 2]]
    return _book(
        path,
        {"registro": [header, *rows], "integrantes": [["edad", "_parent_index"], *member_rows]},
    )


def _mapping(form_path: Path) -> Mapping:
    form = form_from_xlsform(form_path)
    header = [
        "start",
        "registro/fecha_ingreso",
        "registro/lengua",
        "registro/necesidades/comida",
        "registro/necesidades/salud",
        "registro/consentimiento_estadistica",
        "_id",
        "_uuid",
    ]
    suggested = suggest_mapping(header, "intakes", form=form)
    assert suggested.key_column == "_uuid"
    assert {(c.column, c.field) for c in suggested.columns} == {
        ("registro/fecha_ingreso", "date"),
        ("registro/lengua", "language"),
        ("registro/necesidades", "needs"),  # the split columns' question
        ("registro/consentimiento_estadistica", "consent_statistics"),
    }
    values = {"language": {"mixteco": "mix", "espanol": "spa"},
              "needs": {"comida": "food", "salud": "health"}}  # fmt: skip
    return Mapping(
        target="intakes",
        columns=[ColumnMapping(c.column, c.field, values.get(c.field, {}))
                 for c in suggested.columns],
        key_column=None, source_kind="kobo", repeat="integrantes", dataset="kobo-albergue",
    )  # fmt: skip


@pytest.mark.parametrize("split", [False, True])
def test_kobo_xlsx_export_with_repeat_sheet(org, tmp_path, form_path, split) -> None:
    mapping = _mapping(form_path)
    path = _export(tmp_path / "export.xlsx", split=split)
    result = import_run_start(
        actor=None, source_kind="kobo", path=path, organisation=org,
        read_options={"mapping": mapping, "form": form_from_xlsform(form_path)},
    )  # fmt: skip
    assert result.run.created == 2
    intakes = {
        raw_key(i.source_key, ["uuid-a", "uuid-b"]): i
        for i in Intake.objects.select_related("person__language")
    }
    assert set(intakes) == {"uuid-a", "uuid-b"}  # keyed by _uuid
    a, b = intakes["uuid-a"], intakes["uuid-b"]
    assert (a.person.group_size, b.person.group_size) == (2, 1)
    assert a.person.is_group and b.person.is_group  # households
    assert (a.person.language.code, b.person.language.code) == ("mix", "spa")
    assert sorted(t.code for t in a.needs.all()) == ["food", "health"]
    assert [t.code for t in b.needs.all()] == ["health"]
    assert (a.consent_statistics, b.consent_statistics) == (True, False)
    assert (a.consent_network, a.consent_services) == (False, False)  # not mapped: never assumed


def test_orphan_and_bad_split_cell(org, tmp_path, form_path) -> None:
    path = _export(tmp_path / "export.xlsx", split=True, members=[[30, 1], [4, 9]])
    book = openpyxl.load_workbook(path)
    book["registro"]["E3"] = "sí"  # registro/necesidades/salud on row 3: not 1/0
    book.save(path)
    with pytest.raises(ImportRejected) as caught:
        import_run_start(
            actor=None, source_kind="kobo", path=path, organisation=org,
            read_options={"mapping": _mapping(form_path), "form": form_from_xlsform(form_path)},
        )  # fmt: skip
    assert {(e.line, e.column, e.code) for e in caught.value.report.errors} == {
        (3, "registro/necesidades/salud", "bad_terms"),
        (3, "integrantes: _parent_index", "orphan"),
    }
    assert not Intake.objects.exists()


def test_missing_repeat_rows_is_a_file_error(org, tmp_path, form_path) -> None:
    from testigo.imports.report import ImportFileError

    path = tmp_path / "export.xlsx"
    _export(path, split=False)
    book = openpyxl.load_workbook(path)
    del book["integrantes"]
    book.save(path)
    with pytest.raises(ImportFileError, match="integrantes"):
        import_run_start(
            actor=None, source_kind="kobo", path=path, organisation=org,
            read_options={"mapping": _mapping(form_path)},
        )  # fmt: skip


def test_semicolon_csv_export_keeps_line_numbers(org, tmp_path, form_path) -> None:
    from testigo.imports.mapping.kobo import read_export

    path = tmp_path / "export.csv"
    path.write_text(
        "registro/fecha_ingreso;registro/lengua;registro/necesidades;"
        "registro/consentimiento_estadistica;notas;_uuid\n"
        '2024-03-15;mixteco;comida salud;si;"dos\nlíneas";u-1\n'
        "2024-03-16;lengua x;salud;no;;u-2\n"
        "2024-03-17;espanol;salud;no;u-3\n",
        encoding="utf-8",
    )
    table = read_export(path)
    assert table.header[-1] == "_uuid"
    assert [line for line, _row in table.rows] == [2, 4, 5]
    mapping = Mapping(
        target="intakes",
        columns=[
            ColumnMapping("registro/fecha_ingreso", "date"),
            ColumnMapping("registro/lengua", "language", {"mixteco": "mix", "espanol": "spa"}),
            ColumnMapping("registro/necesidades", "needs", {"comida": "food", "salud": "health"}),
            ColumnMapping("registro/consentimiento_estadistica", "consent_statistics"),
        ],
        source_kind="kobo",
    )
    with pytest.raises(ImportRejected) as caught:
        import_run_start(
            actor=None, source_kind="kobo", path=path, organisation=org,
            read_options={"mapping": mapping, "form": form_from_xlsform(form_path)},
        )  # fmt: skip
    assert {(e.line, e.column, e.value, e.code) for e in caught.value.report.errors} == {
        (4, "registro/lengua", "lengua x", "bad_language"),
        (5, "_uuid", "5 fields, header 6", "width"),
    }
