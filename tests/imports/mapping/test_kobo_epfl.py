"""The EPFL CEAT Kobo export (households + their members' repeat group) imported as intakes.

A household is one intake of a group person whose size is its number of member rows (the
repeat group ``Rep_Bio_HH``, linked by ``KEY``). Every figure is recomputed here from the
raw CSVs with the csv module.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from testigo.core.models import AuditEntry
from testigo.documentation.models import Intake, Person
from testigo.imports.mapping import kobo as kb
from testigo.imports.mapping.records import key_token
from testigo.imports.mapping.spec import ColumnMapping, Mapping
from testigo.imports.mapping.xlsform import FormSpec
from testigo.imports.report import ImportRejected
from testigo.imports.services import import_run_start
from testigo.imports.undo import import_run_undo

pytestmark = pytest.mark.django_db

# The anonymised export has no submission date (start/end/_submission_time were dropped):
# the intake date is a constant the person importing chooses. Consent is not in the export:
# it is not mapped, so every intake is imported without consent.
MAPPING = Mapping(
    target="intakes", columns=[], key_column="KEY", source_kind="kobo", repeat="Rep_Bio_HH",
    dataset="epfl-ceat", constants={"date": "2021-06-01"},
)  # fmt: skip


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _import(org, households: Path, members: Path, form: FormSpec, mapping: Mapping = MAPPING):
    return import_run_start(
        actor=None, source_kind="kobo", path=households, organisation=org,
        read_options={"mapping": mapping, "form": form, "repeat_path": members},
    )  # fmt: skip


def test_households_become_group_intakes(org, epfl_households, epfl_members, epfl_form) -> None:
    households, members = _read(epfl_households), _read(epfl_members)
    size = Counter(m["KEY"] for m in members)
    city = {h["KEY"]: h["City"] for h in households}
    result = _import(org, epfl_households, epfl_members, epfl_form)
    run = result.run
    assert (run.created, run.updated, run.unchanged) == (len(households), 0, 0)
    assert run.rows == len(households) == 1714
    stored = dict(
        Intake.objects.filter(organisation=org, dataset="epfl-ceat").values_list(
            "source_key", "person__group_size"
        )
    )
    assert stored == {key_token(key): size[key] for key in city}
    assert sum(stored.values()) == len(members) == 6284
    by_city: Counter[str] = Counter()
    city_of_token = {key_token(key): c for key, c in city.items()}
    for key, n in stored.items():
        by_city[city_of_token[key]] += n
    assert by_city == Counter(
        {c: sum(size[h["KEY"]] for h in households if h["City"] == c) for c in set(city.values())}
    )
    persons = Person.objects.filter(organisation=org, dataset="epfl-ceat")
    assert persons.count() == len(households) and not persons.filter(is_group=False).exists()
    intakes = Intake.objects.filter(organisation=org)
    assert not intakes.filter(consent_statistics=True).exists()  # consent never assumed
    assert not intakes.filter(consent_network=True).exists()
    assert result.report.warning_counts()["consent_not_mapped"] == 3
    assert AuditEntry.objects.filter(context=run.audit_context).count() == 2 * len(households)

    again = _import(org, epfl_households, epfl_members, epfl_form)
    assert (again.run.created, again.run.updated, again.run.unchanged) == (0, 0, len(households))

    undone = import_run_undo(actor=None, run=run)
    assert undone.deleted == 2 * len(households)
    assert not Intake.objects.filter(organisation=org).exists()


def test_unmapped_value_rejects_the_file(org, epfl_households, epfl_members, epfl_form) -> None:
    households = _read(epfl_households)
    sex_line = {}
    with epfl_households.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        start = reader.line_num + 1
        for record in reader:
            sex_line.setdefault(record[header.index("Sex_HH")], []).append(start)
            start = reader.line_num + 1
    mapping = Mapping(
        target="intakes", columns=[ColumnMapping("Sex_HH", "sex", {"F": "female"})],
        key_column="KEY", source_kind="kobo", repeat="Rep_Bio_HH", dataset="epfl-ceat",
        constants={"date": "2021-06-01"},
    )  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        _import(org, epfl_households, epfl_members, epfl_form, mapping)
    errors = caught.value.report.errors
    males = sum(1 for h in households if h["Sex_HH"] == "M")
    assert len(errors) == males == len(sex_line["M"])
    assert [e.line for e in errors] == sex_line["M"]
    assert {(e.column, e.value) for e in errors} == {("Sex_HH", "M")}
    assert "no value mapping for “M”" in errors[0].reason
    assert not Intake.objects.exists() and not Person.objects.exists()


def test_orphan_member_row_names_its_line(
    org, epfl_households, epfl_members, epfl_form, tmp_path: Path
) -> None:
    text = epfl_members.read_text(encoding="utf-8").splitlines(keepends=True)
    first_key = _read(epfl_members)[9]["KEY"]
    text[10] = text[10].replace(first_key, "uuid:not-a-household", 1)  # the 10th data row
    members = tmp_path / "members.csv"
    members.write_text("".join(text), encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        _import(org, epfl_households, members, epfl_form)
    [error] = caught.value.report.errors
    assert (error.line, error.column, error.code) == (11, "members.csv: KEY", "orphan")
    assert not Intake.objects.exists()


def test_select_multiple_split_columns_of_the_real_export(epfl_households, epfl_form) -> None:
    households = _read(epfl_households)
    header = list(households[0])
    question = epfl_form.question("HHITEMS")
    assert question is not None
    columns = kb.split_columns(header, "HHITEMS")
    assert set(columns) == {
        "Computer", "Electricity", "Internet", "Oven", "Radio", "Refrigerator", "Smartphone",
        "Television", "Noitems", "NA",
    }  # fmt: skip
    assert set(columns) <= set(epfl_form.choice_labels(question))
    chosen: Counter[str] = Counter()
    for row in households:
        chosen.update(kb.selected_choices(row, columns))
    assert chosen == Counter(
        {c: sum(1 for h in households if h[f"HHITEMS/{c}"] == "1") for c in columns}
    )
    assert chosen["Computer"] == 98


def test_link_and_key_columns_of_the_real_export(epfl_households, epfl_members) -> None:
    parents = list(_read(epfl_households)[0])
    children = list(_read(epfl_members)[0])
    assert kb.repeat_link(parents, children) == ("KEY", "KEY")
    assert kb.key_column(parents) == "KEY"  # not "uuid", which is the form's, not the record's
    assert kb.repeat_link(["_index", "_uuid"], ["_parent_index", "_submission__uuid"]) == (
        "_index", "_parent_index",
    )  # fmt: skip
    assert kb.repeat_link(["KEY"], ["PARENT_KEY", "KEY"]) == ("KEY", "PARENT_KEY")
    assert kb.repeat_link(["x"], ["y"]) is None


def test_unknown_repeat_group_is_refused(org, epfl_households, epfl_members, epfl_form) -> None:
    mapping = Mapping(
        target="intakes", columns=[], key_column="KEY", source_kind="kobo", repeat="Rep_names",
        dataset="epfl-ceat", constants={"date": "2021-06-01"},
    )  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        _import(org, epfl_households, epfl_members, epfl_form, mapping)
    assert [(e.line, e.value, e.code) for e in caught.value.report.errors] == [
        (1, "Rep_names", "bad_mapping")
    ]
