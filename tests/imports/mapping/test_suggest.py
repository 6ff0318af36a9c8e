"""Header matching and value suggestions."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from testigo.imports.mapping.suggest import (
    column_values,
    read_header,
    suggest_mapping,
    suggest_values,
)
from testigo.imports.mapping.targets import TARGETS
from testigo.imports.mapping.write import government_level
from testigo.vocab.models import Term

pytestmark = pytest.mark.django_db


def _pairs(mapping) -> set[tuple[str, str]]:
    return {(c.column, c.field) for c in mapping.columns}


def test_headers_by_name_and_synonym() -> None:
    header = ["Folio", "FECHA DE INGRESO", "Nombre completo", "sexo", "Edad", "Idioma",
              "País de destino", "Consentimiento estadística", "consent_network", "Otra cosa"]
    mapping = suggest_mapping(header, "intakes")
    assert _pairs(mapping) == {
        ("FECHA DE INGRESO", "date"), ("Nombre completo", "name"), ("sexo", "sex"),
        ("Edad", "age"), ("Idioma", "language"), ("País de destino", "destination_country"),
        ("Consentimiento estadística", "consent_statistics"),
        ("consent_network", "consent_network"),  # the field's own name
    }  # fmt: skip
    assert mapping.key_column == "Folio" and mapping.source_kind == "spreadsheet"


def test_english_headers_and_labels() -> None:
    mapping = suggest_mapping(["Date", "Sex", "Mother tongue", "Needs"], "intakes")
    assert _pairs(mapping) == {("Date", "date"), ("Sex", "sex"), ("Mother tongue", "language"),
                               ("Needs", "needs")}  # fmt: skip


def test_hxl_hashtag_row(tmp_path: Path) -> None:
    path = tmp_path / "hxl.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Col A", "Col B", "Col C", "Col D"])
        writer.writerow(["#date +registered", "#beneficiary+sex", "#country+destination", ""])
        writer.writerow(["15/03/2024", "Mujer", "US", "x"])
    header, tags = read_header(path)
    assert tags == ["#date +registered", "#beneficiary+sex", "#country+destination", ""]
    mapping = suggest_mapping(header, "intakes", hashtags=tags)
    assert _pairs(mapping) == {("Col A", "date"), ("Col B", "sex"),
                               ("Col C", "destination_country")}  # fmt: skip
    assert column_values(path, "Col B") == ["Mujer"]  # the hashtag row is not a value


def test_xlsform_names_with_group_prefixes(epfl_form) -> None:
    header = ["", "KEY", "group_HH_members/Rep_Bio_HH/group_HH_members/Sex", "HHITEMS/Computer",
              "HHITEMS/Radio", "group_HH_members/Rep_Bio_HH/Age"]
    mapping = suggest_mapping(header, "intakes", form=epfl_form)
    assert mapping.key_column == "KEY" and mapping.source_kind == "kobo"
    assert _pairs(mapping) == {
        ("group_HH_members/Rep_Bio_HH/group_HH_members/Sex", "sex"),
        ("group_HH_members/Rep_Bio_HH/Age", "age"),
    }


def test_column_values_of_split_select_multiple(epfl_households: Path) -> None:
    with epfl_households.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    values = column_values(epfl_households, "HHITEMS", limit=3)
    counts = {c: sum(1 for r in rows if r[f"HHITEMS/{c}"] == "1")
              for c in ("Computer", "Electricity", "Internet", "Oven", "Radio", "Refrigerator",
                        "Smartphone", "Television", "Noitems", "NA")}  # fmt: skip
    assert values == sorted(counts, key=lambda c: -counts[c])[:3]
    assert column_values(epfl_households, "City") == ["Nairobi", "Abidjan"]


def test_suggest_language_values() -> None:
    field = TARGETS["intakes"].field("language")
    raw = ["Mixteco", "mixteco", "Tsotsil", "spa", "English", "Lengua X", "Mam"]
    assert suggest_values(field, raw) == {
        "Mixteco": "mix", "mixteco": "mix", "Tsotsil": "tzo", "spa": "spa", "English": "eng",
        "Mam": "mam",
    }  # fmt: skip


def test_suggest_perpetrator_type_and_its_government_level() -> None:
    field = TARGETS["events"].field("perpetrator_type")
    suggested = suggest_values(
        field, ["Policía municipal", "Policía Municipal de Tapachula", "agentes del INM", "??"]
    )
    assert suggested == {
        "Policía municipal": "mx_municipal_police",
        "Policía Municipal de Tapachula": "mx_municipal_police",  # contained label
        "agentes del INM": "mx_inm",
    }
    police = Term.objects.get(vocabulary__name="perpetrator_type", code="mx_municipal_police")
    assert government_level({"perpetrator_type": police}).code == "municipal"


def test_suggest_sex_country_and_yes_no() -> None:
    sex = TARGETS["intakes"].field("sex")
    assert suggest_values(sex, ["Mujer", "Hombre", "M"]) == {"Mujer": "female", "Hombre": "male"}
    assert suggest_values(sex, ["M"], labels={"M": "Masculino"}) == {"M": "male"}  # XLSForm label
    country = TARGETS["intakes"].field("nationality")
    assert suggest_values(country, ["Guatemala", "hondureño", "???"]) == {
        "Guatemala": "GT", "hondureño": "HN"
    }  # fmt: skip
    consent = TARGETS["intakes"].field("consent_statistics")
    assert suggest_values(consent, ["Sí", "no", "a veces"]) == {"Sí": "yes", "no": "no"}
