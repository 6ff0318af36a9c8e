"""Each cell-normalisation rule of the mapping engine, on small hand-made values."""

from __future__ import annotations

import datetime as dt

import pytest

from testigo.imports.mapping import values as cells
from testigo.imports.mapping.records import language_term
from testigo.vocab.selectors import term_index


@pytest.mark.parametrize(
    ("raw", "edtf"),
    [
        ("2021-03-15", "2021-03-15"),
        ("2021-03", "2021-03"),
        ("2021", "2021"),
        (2021, "2021"),
        (2021.0, "2021"),
        ("15/03/2021", "2021-03-15"),  # day first: the Mexican convention
        ("5/3/2021", "2021-03-05"),
        ("15-03-2021", "2021-03-15"),
        ("15.03.2021", "2021-03-15"),
        ("03/2021", "2021-03"),
        ("marzo 2021", "2021-03"),
        ("Marzo de 2021", "2021-03"),
        ("15 de marzo de 2021", "2021-03-15"),
        ("mar-2021", "2021-03"),
        ("sept. 2020", "2020-09"),
        ("March 15, 2021", "2021-03-15"),
        ("15 March 2021", "2021-03-15"),
        ("2021-03-15T10:22:33.000+03:00", "2021-03-15"),  # Kobo timestamp: the device's date
        ("2021-03-15 10:22", "2021-03-15"),
        (dt.datetime(2021, 3, 15, 9, 0), "2021-03-15"),  # noqa: DTZ001 - an Excel cell
        (dt.date(2021, 3, 15), "2021-03-15"),
        ("2021~", "2021~"),  # other EDTF kept as written
        ("2021-03-10/2021-03-12", "2021-03-10/2021-03-12"),
        ("", None),
        (None, None),
    ],
)
def test_edtf_date(raw: object, edtf: str | None) -> None:
    assert cells.edtf_date(raw) == edtf


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("03/15/2021", "month 15 is impossible"),  # month first is not guessed
        ("31/02/2021", "no such day"),
        ("15/03/21", "two-digit"),
        ("marzo", "not a date"),
        ("marzo abril 2021", "not a date"),
        ("ayer", "not a date"),
        (44270, "a number where a date was expected"),  # an Excel serial is not read
        ("2999-01-01", "future"),
    ],
)
def test_edtf_date_errors(raw: object, reason: str) -> None:
    with pytest.raises(cells.CellError, match=reason):
        cells.edtf_date(raw)


def test_calendar_day_refuses_partial_dates() -> None:
    assert cells.calendar_day("16.03.2024") == dt.date(2024, 3, 16)
    assert cells.calendar_day("") is None
    with pytest.raises(cells.CellError, match="full date"):
        cells.calendar_day("2024-03")
    with pytest.raises(cells.CellError, match="full date"):
        cells.calendar_day("marzo 2024")


@pytest.mark.parametrize(
    ("raw", "number"), [("3", 3), (3, 3), (3.0, 3), ("3.0", 3), ("", None), (None, None)]
)
def test_whole_number(raw: object, number: int | None) -> None:
    assert cells.whole_number(raw) == number


@pytest.mark.parametrize("raw", ["3.5", 3.5, "-1", -2, "tres", True])
def test_whole_number_errors(raw: object) -> None:
    with pytest.raises(cells.CellError):
        cells.whole_number(raw)


@pytest.mark.parametrize(
    ("raw", "answer"),
    [("Sí", True), ("si", True), ("SI", True), ("x", True), ("1", True), (1, True),
     ("yes", True), ("No", False), ("0", False), (0, False), ("false", False), ("", None),
     (None, None), (True, True)],
)  # fmt: skip
def test_boolean(raw: object, answer: bool | None) -> None:
    assert cells.boolean(raw) is answer


@pytest.mark.parametrize("raw", ["quizá", "2", 2, "no sé"])
def test_boolean_errors(raw: object) -> None:
    with pytest.raises(cells.CellError, match="not yes or no"):
        cells.boolean(raw)


@pytest.mark.parametrize(
    ("raw", "code"),
    [("México", "MX"), ("Mexico", "MX"), ("MX", "MX"), ("MEX", "MX"), ("Estados Unidos", "US"),
     ("EEUU", "US"), ("EE. UU.", "US"), ("Republica Dominicana", "DO"), ("Haití", "HT"),
     ("hondureña", "HN"), ("Guatemalteco", "GT"), ("Venezuela (Bolivarian Republic of)", "VE"),
     ("", None)],
)  # fmt: skip
def test_country_code(raw: str, code: str | None) -> None:
    assert cells.country_code(raw) == code


@pytest.mark.parametrize(("raw", "reason"), [("Narnia", "not a country"), ("Unknown", "several")])
def test_country_code_errors(raw: str, reason: str) -> None:
    with pytest.raises(cells.CellError, match=reason):
        cells.country_code(raw)


def test_split_values() -> None:
    assert cells.split_values("comida; salud, alojamiento") == ["comida", "salud", "alojamiento"]
    assert cells.split_values("food health", kobo=True) == ["food", "health"]
    assert cells.split_values("") == []


def test_text_of_spreadsheet_numbers() -> None:
    assert cells.text(12.0) == "12"
    assert cells.text(" \ufeffabc ") == "abc"
    assert cells.text(None) == ""


@pytest.mark.django_db
def test_term_for_uses_the_value_mapping_then_exact_labels() -> None:
    index = term_index("sex")
    assert cells.term_for("M", {"M": "male"}, index).code == "male"
    assert cells.term_for("Mujer", {}, index).code == "female"
    with pytest.raises(cells.CellError, match="no value mapping for “M”"):
        cells.term_for("M", {}, index)  # "M" may be Mujer or Masculino: never guessed
    with pytest.raises(cells.CellError, match="not in the vocabulary"):
        cells.term_for("M", {"M": "hombre"}, index)  # a label is not a code


@pytest.mark.django_db
def test_language_term_reads_iso_codes_and_names() -> None:
    index = term_index("language")
    assert language_term("Mixteco", {}, index).code == "mix"
    assert language_term("Mixteco bajo", {"Mixteco bajo": "mix"}, index).code == "mix"
    assert language_term("spa", {}, index).code == "spa"
    assert language_term("Mam", {}, index).code == "mam"
    with pytest.raises(cells.CellError, match="no value mapping for “Mixteco bajo”"):
        language_term("Mixteco bajo", {}, index)


def test_row_key_is_keyed_and_exact() -> None:
    from testigo.imports.mapping.records import row_key

    key = row_key(["Ana Invento", "15/03/2024"])
    assert key == row_key(["Ana Invento", "15/03/2024"]) and key.startswith("row-")
    assert len(key) == 28 and "Ana" not in key
    assert key != row_key(["ana invento", "15/03/2024"])  # case matters for "the same row"
    assert row_key(["a b", "c"]) != row_key(["a", "b c"])
