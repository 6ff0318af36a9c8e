"""Unit tests of each OGIS normalisation rule."""

from __future__ import annotations

import pytest

from testigo.imports.arizona_ogis import normalise as norm


@pytest.mark.parametrize("value", ["00-00097", "05-1234", "MC05-1234", "99-UBC12", " 10-01234 "])
def test_ml_number_forms(value: str) -> None:
    assert norm.ml_number(value) == value.strip()


@pytest.mark.parametrize("value", ["", "97", "00_00097", "00-00097; 00-00098", "x-1"])
def test_ml_number_rejects(value: str) -> None:
    with pytest.raises(norm.CellError):
        norm.ml_number(value)


@pytest.mark.parametrize(
    ("value", "edtf"),
    [("2005-07-12", "2005-07-12"), ("2005-07", "2005-07"), ("2005", "2005"), ("", "XXXX")],
)
def test_reporting_date_is_edtf_and_may_be_partial(value: str, edtf: str) -> None:
    assert norm.reporting_date(value) == edtf


@pytest.mark.parametrize("value", ["7/12/2005", "2005-13", "2005-02-30", "2999-01-01", "July"])
def test_reporting_date_rejects(value: str) -> None:
    with pytest.raises(norm.CellError):
        norm.reporting_date(value)


def test_sex_codes() -> None:
    assert norm.sex_code("male") == "male"
    assert norm.sex_code("Female") == "female"
    assert norm.sex_code("undetermined") == "unknown"
    assert norm.sex_code("") is None
    with pytest.raises(norm.CellError):
        norm.sex_code("M")


def test_age_years() -> None:
    assert norm.age_years("0") == 0
    assert norm.age_years(" 34 ") == 34
    assert norm.age_years("") is None
    for bad in ("34.5", "about 30", "121", "-1"):
        with pytest.raises(norm.CellError):
            norm.age_years(bad)


def test_unidentified_is_not_a_name() -> None:
    assert norm.person_name("Unidentified") == ""
    assert norm.person_name(" UNIDENTIFIED ") == ""
    assert norm.person_name("Ana  Pérez") == "Ana Pérez"  # invented


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Pima", ("Pima", "04019")),
        ("PIMA", ("Pima", "04019")),
        ("SANTA CRUZ", ("Santa Cruz", "04023")),
        ("La Paz", ("La Paz", "04012")),
        ("Cochise County", ("Cochise", "04003")),
        ("Unknown", ("", "")),
        ("", ("", "")),
    ],
)
def test_county_any_case(value: str, expected: tuple[str, str]) -> None:
    assert norm.county(value) == expected


def test_county_rejects_other_states_counties() -> None:
    with pytest.raises(norm.CellError):
        norm.county("Hidalgo")


def test_us_state_code() -> None:
    assert norm.us_state_code("Arizona") == "US-AZ"
    assert norm.us_state_code("new mexico") == "US-NM"
    with pytest.raises(norm.CellError):
        norm.us_state_code("Sonora")


def test_coordinate() -> None:
    assert norm.coordinate("32.175119", low=-90, high=90) == pytest.approx(32.175119)
    assert norm.coordinate("-111", low=-180, high=180) == -111.0
    assert norm.coordinate("", low=-90, high=90) is None
    for bad in ("32,17", "N32.1", "95.0", "1e3"):
        with pytest.raises(norm.CellError):
            norm.coordinate(bad, low=-90, high=90)


def test_in_arizona() -> None:
    assert norm.in_arizona(32.2, -110.9)  # Tucson
    assert not norm.in_arizona(31.7, -106.4)  # Ciudad Juárez / El Paso


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Exposure", "harsh_environmental_conditions"),
        ("Skeletal Remains", "mixed_or_unknown"),
        ("Undetermined", "mixed_or_unknown"),
        ("Drowning", "drowning"),
        ("Motor Vehicle Accident", "vehicle_accident_hazardous_transport"),
        ("Gunshot Wound", "violence"),
        ("Other Injury / Homicide", "violence"),
        ("Heart Disease", "sickness_lack_of_healthcare"),
        ("Blunt Force Injury", None),
        ("Other injury", None),  # case variant of "Other Injury" in the file
        ("", None),
    ],
)
def test_cause_category(value: str, code: str | None) -> None:
    assert norm.cause_category(value) == (value, code)


def test_cause_category_unknown_rejects() -> None:
    with pytest.raises(norm.CellError):
        norm.cause_category("Snake bite")


def test_cause_codes_exist_in_the_vocabulary() -> None:
    from testigo.vocab.loader import read_vocabulary_file

    codes = {t["code"] for t in read_vocabulary_file("cause_of_death")["terms"]}
    assert {c for c in norm.OGIS_CAUSES.values() if c} <= codes


def test_bucket_drops_trailing_spaces() -> None:
    assert norm.bucket("< 5 weeks ") == "< 5 weeks"
    assert norm.bucket("> 6-8  months ") == "> 6-8 months"
