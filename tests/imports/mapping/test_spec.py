"""Mapping definitions: JSON round trip, refusals, validation against a header."""

from __future__ import annotations

import pytest

from testigo.imports.mapping.spec import ColumnMapping, Mapping, MappingError
from testigo.imports.mapping.targets import TARGETS


def test_round_trip() -> None:
    mapping = Mapping(
        "intakes", [ColumnMapping("Lengua", "language", {"Mixteco bajo": "mix"})],
        key_column="Folio", source_kind="kobo", repeat="integrantes", dataset="albergue-1",
        constants={"date": "2024-03-01"},
    )  # fmt: skip
    assert Mapping.from_json(mapping.as_json()) == mapping


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"target": "nope", "columns": []}, "Unknown target"),
        ({"target": "intakes", "columns": "x"}, "no list of columns"),
        ({"target": "intakes", "columns": [{"column": "a"}]}, "needs a column and a field"),
        ({"target": "intakes", "columns": [{"column": "a", "field": "zzz"}]}, "unknown field"),
        ({"target": "intakes", "columns": [{"column": "a", "field": "sex", "values": {"M": 1}}]},
         "must map texts to codes"),
        ({"target": "intakes", "columns": [{"column": "a", "field": "sex"},
                                           {"column": "b", "field": "sex"}]}, "mapped twice"),
        ({"target": "intakes", "columns": [], "constants": {"consent_statistics": "sí"}},
         "never a constant"),
        ({"target": "intakes", "columns": [], "dataset": "Con Espacios"}, "dataset name"),
        ({"target": "intakes", "columns": [], "source_kind": "fax"}, "Unknown source kind"),
        ("not a dict", "not a JSON object"),
    ],
)  # fmt: skip
def test_bad_definitions_are_refused(data: object, message: str) -> None:
    with pytest.raises(MappingError, match=message):
        Mapping.from_json(data)  # type: ignore[arg-type]


def test_validate_against_a_header() -> None:
    mapping = Mapping("intakes", [ColumnMapping("Sexo", "sex"), ColumnMapping("HHITEMS", "needs")],
                      key_column="Folio")  # fmt: skip
    problems = mapping.validate(["Sexo", "HHITEMS/Computer"])
    assert problems == [
        "Required field “date of intake” is not mapped.",
        "Key column “Folio” is not in the file.",
    ]
    assert Mapping("intakes", [ColumnMapping("X", "date")]).validate(["Y"]) == [
        "Column “X” is not in the file."
    ]


def test_targets_declare_their_fields() -> None:
    intakes = TARGETS["intakes"]
    assert intakes.field("date").required and intakes.field("date").day_only
    assert intakes.field("language").vocabulary == "language"
    assert {f.name for f in intakes.fields if f.identifying} == {"name", "contact", "notes"}
    assert TARGETS["events"].field("perpetrator_type").hxl == "#actor+type"
    assert all(f.kind in {"text", "int", "date", "term", "terms", "country", "language", "bool"}
               for t in TARGETS.values() for f in t.fields)  # fmt: skip


def test_read_options_from_files(tmp_path, epfl_form_path) -> None:
    import json

    from testigo.imports.mapping.options import read_options_from_files
    from testigo.imports.registry import get_source

    mapping = Mapping("intakes", [ColumnMapping("Sexo", "sex", {"M": "male"})], key_column="ID")
    path = tmp_path / "m.json"
    path.write_text(json.dumps(mapping.as_json()), encoding="utf-8")
    options = read_options_from_files(
        mapping_path=path, form_path=epfl_form_path, repeat_path=tmp_path / "r.csv"
    )
    assert options["mapping"] == mapping
    assert options["form"].question("HHITEMS") is not None
    assert options["repeat_path"] == tmp_path / "r.csv"
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(MappingError, match="not a readable mapping file"):
        read_options_from_files(mapping_path=tmp_path / "bad.json")
    # Both sources are discovered in testigo.imports.sources and write through the engine.
    from testigo.imports.mapping.write import write_mapped

    assert get_source("kobo").write is write_mapped is get_source("spreadsheet").write
