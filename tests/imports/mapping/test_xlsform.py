"""The real XLSForms parse: questions, repeat groups and choice lists counted independently
(openpyxl for the REACH .xlsx, xlrd for the EPFL .xls) and compared with the FormSpec."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
import xlrd

from testigo.imports.mapping.spec import MappingError
from testigo.imports.mapping.xlsform import FormSpec, form_from_xlsform

MARKER = re.compile(r"(begin|end)[ _](group|repeat)")


def _counts(survey: list[dict], choices: list[dict]) -> dict[str, object]:
    types = [" ".join(str(r.get("type") or "").split()) for r in survey]
    return {
        "questions": sum(1 for t in types if t and not MARKER.fullmatch(t)),
        "repeats": sum(1 for t in types if t in {"begin_repeat", "begin repeat"}),
        "select_multiple": sum(1 for t in types if t.startswith("select_multiple ")),
        "select_one": sum(1 for t in types if t.startswith("select_one ")),
        "lists": len({str(c["list_name"]).strip() for c in choices if c.get("list_name")}),
        "choices": len(
            {
                (str(c["list_name"]).strip(), str(c["name"]).strip())
                for c in choices
                if c.get("list_name") and c.get("name") not in (None, "")
            }
        ),
    }


def _rows(header: list[object], rows: list[list[object]]) -> list[dict]:
    names = [str(h or "").strip() for h in header]
    return [dict(zip(names, r, strict=False)) for r in rows]


def _spec_counts(form: FormSpec) -> dict[str, object]:
    return {
        "questions": len(form.questions),
        "repeats": len(form.repeats),
        "select_multiple": sum(1 for q in form.questions if q.type == "select_multiple"),
        "select_one": sum(1 for q in form.questions if q.type == "select_one"),
        "lists": len(form.choices),
        "choices": sum(len(v) for v in form.choices.values()),
    }


def test_reach_form_counts_match_openpyxl(reach_form_path: Path, reach_form: FormSpec) -> None:
    book = openpyxl.load_workbook(reach_form_path, read_only=True)
    survey = list(book["survey"].iter_rows(values_only=True))
    choices = list(book["choices"].iter_rows(values_only=True))
    book.close()
    expected = _counts(_rows(survey[0], survey[1:]), _rows(choices[0], choices[1:]))
    assert _spec_counts(reach_form) == expected
    assert expected["questions"] == 275 and expected["repeats"] == 4  # known from the file
    assert reach_form.languages == ["english", "french"]
    assert reach_form.problems == []  # pyxform converts this form without complaint


def test_reach_form_structure(reach_form: FormSpec) -> None:
    assert [r.name for r in reach_form.repeats] == ["roster", "edu_ind", "health_ind", "nut_ind"]
    consent = reach_form.question("consent")
    assert consent is not None and consent.full_name == "introduction/consent"
    assert reach_form.choice_labels(consent, "french") == {"yes": "Oui", "no": "Non"}
    in_roster = [q for q in reach_form.questions if q.repeat == "roster"]
    assert in_roster and all("roster" in q.path for q in in_roster)


def test_epfl_form_counts_match_xlrd(epfl_form_path: Path, epfl_form: FormSpec) -> None:
    book = xlrd.open_workbook(str(epfl_form_path))
    survey, choices = book.sheet_by_name("survey"), book.sheet_by_name("choices")
    s_rows = [survey.row_values(i) for i in range(survey.nrows)]
    c_rows = [choices.row_values(i) for i in range(choices.nrows)]
    expected = _counts(_rows(s_rows[0], s_rows[1:]), _rows(c_rows[0], c_rows[1:]))
    assert _spec_counts(epfl_form) == expected
    assert expected["repeats"] == 2 and expected["lists"] == 57


def test_epfl_form_with_pyxform_errors_is_still_read(epfl_form: FormSpec) -> None:
    # Two questions named HandWashHabits1 in one group: pyxform refuses to convert the
    # form, but the export of the deployed form must stay importable.
    assert len(epfl_form.problems) == 1 and "HandWashHabits1" in epfl_form.problems[0]
    members = next(r for r in epfl_form.repeats if r.name == "Rep_Bio_HH")
    assert members.path == ["group_HH_members"]
    sex = next(q for q in epfl_form.questions if q.name == "Sex")
    assert sex.repeat == "Rep_Bio_HH"
    assert sex.path == ["group_HH_members", "Rep_Bio_HH", "group_HH_members"]
    items = epfl_form.question("HHITEMS")
    assert items is not None and items.type == "select_multiple"
    assert items.full_name == "group_HH_characteristics/HHITEMS"
    assert set(epfl_form.choice_labels(items)) >= {"Computer", "Radio", "Noitems", "NA"}


def test_form_json_round_trip(epfl_form: FormSpec) -> None:
    again = FormSpec.from_json(epfl_form.as_json())
    assert again == epfl_form
    with pytest.raises(MappingError):
        FormSpec.from_json({"questions": "nope"})


def test_unbalanced_groups_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in (["type", "name", "label"], ["begin_group", "g", "G"], ["text", "q", "Q"]):
        sheet.append(row)
    book.save(path)
    with pytest.raises(MappingError, match="never closed"):
        form_from_xlsform(path)
