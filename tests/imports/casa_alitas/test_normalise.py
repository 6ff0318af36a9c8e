"""Unit tests of each Casa Alitas normalisation rule."""

from __future__ import annotations

import datetime as dt

import pytest

from testigo.imports.casa_alitas import normalise as norm


def test_na_is_a_string_for_blank() -> None:
    assert norm.not_available("NA") == ""
    assert norm.not_available(" na ") == ""
    assert norm.not_available("") == ""
    assert norm.not_available("Nahuatl") == "Nahuatl"


def test_arrival_datetime_is_us_month_first() -> None:
    assert norm.arrival_datetime("1/26/2021 13:04:33") == dt.datetime(2021, 1, 26, 13, 4, 33)  # noqa: DTZ001
    assert norm.arrival_datetime("12/3/2021 9:05:00").date() == dt.date(2021, 12, 3)
    for bad in ("", "26/1/2021 13:04:33", "2021-01-26 13:04:33", "1/26/2021", "2/30/2021 1:00:00"):
        with pytest.raises(norm.CellError):
            norm.arrival_datetime(bad)


def test_iso_date() -> None:
    assert norm.iso_date("2021-01-26") == dt.date(2021, 1, 26)
    for bad in ("", "NA", "2021-1-26", "01/26/2021"):
        with pytest.raises(norm.CellError):
            norm.iso_date(bad)


def test_party_size() -> None:
    assert norm.party_size("1") == 1
    assert norm.party_size(" 8 ") == 8
    for bad in ("", "NA", "0", "2.5", "-1", "51", "two"):
        with pytest.raises(norm.CellError):
            norm.party_size(bad)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Venezuela", "VE"),
        ("Cuba", "CU"),
        ("Bolivia", "BO"),
        ("Democratic Republic of Congo", "CD"),
        ("Russia", "RU"),
        ("Turkey", "TR"),
        ("Czech Republic", "CZ"),
        (" Mexico", "MX"),
        ("NA", ""),
        ("", ""),
        ("Kosovo", None),  # no ISO 3166-1 code
        ("Contact_", None),  # junk value of the raw file
    ],
)
def test_country_code(name: str, code: str | None) -> None:
    assert norm.country_code(name) == code


def test_language_code_vocabulary_first_then_aliases() -> None:
    known = {"spanish": "spa", "creole": "hat"}
    assert norm.language_code("Spanish", known) == "spa"
    assert norm.language_code("Creole", known) == "hat"
    assert norm.language_code("Tzeltal Maya", known) == "tzh"
    assert norm.language_code("Romanian", known) == "ron"
    assert norm.language_code("NA", known) == ""
    assert norm.language_code("Creole Portuguese", known) is None


def test_language_aliases_are_iso_639_3() -> None:
    import pycountry

    for label, code in norm.LANGUAGE_ALIASES.items():
        assert pycountry.languages.get(alpha_3=code) is not None, label


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Florida", ("US", "US-FL")),
        ("Florida - FL", ("US", "US-FL")),
        ("New York - NY", ("US", "US-NY")),
        ("Miami, FL", ("US", "US-FL")),
        ("Miami, Fl", ("US", "US-FL")),
        ("Boston, Massachusetts", ("US", "US-MA")),
        ("New Hamshire - NH", ("US", "US-NH")),
        ("District of Columbia", ("US", "US-DC")),
        ("Georgia", ("US", "US-GA")),  # a destination, so the US state
        ("Mexico", ("MX", "")),
        ("NA", ("", "")),
        ("", ("", "")),
    ],
)
def test_destination_labels(label: str, expected: tuple[str, str]) -> None:
    assert norm.destination(label) == expected


def test_destination_two_states_and_nonsense() -> None:
    with pytest.raises(norm.SeveralDestinations):
        norm.destination("Florida, Texas")
    with pytest.raises(norm.CellError):
        norm.destination("Florida - TX")
    with pytest.raises(norm.CellError):
        norm.destination("PHX (airline&time in notes)")
