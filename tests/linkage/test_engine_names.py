"""Corridor name rules, date bounds and a hand-made persons linkage."""

from __future__ import annotations

import pandas as pd
import pytest

from testigo.linkage.engine.link import LinkageInputError, clusters_from_pairs, link_records
from testigo.linkage.engine.names import (
    canonical_given,
    fold,
    spanish_phonetic_key,
    split_spanish_name,
    surname_core,
)
from testigo.linkage.engine.prepare import edtf_bounds_days, prepare_persons
from testigo.linkage.engine.settings import LinkageSpecError, spec_for


@pytest.mark.parametrize(("a", "b"), [
    ("Cuauhtémoc", "Kuautemok"), ("Itzel", "Itsel"), ("Guadalupe", "Wadalupe"),
    ("Xóchitl", "Shochitl"), ("Jiménez", "Giménez"), ("Vázquez", "Basquez"),
    ("Quetzalcóatl", "Ketsalkoatl"), ("Yolanda", "Llolanda"), ("Hernández", "Ernández"),
])  # fmt: skip
def test_phonetic_key_joins_spelling_variants(a: str, b: str) -> None:
    assert spanish_phonetic_key(a) == spanish_phonetic_key(b)


@pytest.mark.parametrize(("a", "b"), [("Pérez", "Ramírez"), ("Juan", "Joan"), ("Mateo", "Matías")])
def test_phonetic_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert spanish_phonetic_key(a) != spanish_phonetic_key(b)


def test_phonetic_key_values() -> None:
    assert spanish_phonetic_key("Cuauhtémoc") == "kuautemok"
    assert spanish_phonetic_key("Guillermo") == "giyermo"
    assert spanish_phonetic_key("") == ""


def test_fold_and_nicknames() -> None:
    assert fold("  José-María  PÉREZ ") == "jose maria perez"
    assert fold(None) == ""
    for nick, full in [
        ("Chuy", "jesus"),
        ("Pepe", "jose"),
        ("Lupe", "guadalupe"),
        ("Pancho", "francisco"),
        ("Memo", "guillermo"),
        ("Nacho", "ignacio"),
    ]:
        assert canonical_given(nick) == full
    assert canonical_given("María Guadalupe") == "maria"
    assert canonical_given("Chema") == "jose"


def test_split_spanish_compound_names() -> None:
    assert split_spanish_name("María de la Luz Hernández de la Cruz") == (
        "maria de la luz",
        "hernandez",
        "de la cruz",
    )
    assert split_spanish_name("José Luis García López") == ("jose luis", "garcia", "lopez")
    assert split_spanish_name("Ana del Río Soto") == ("ana", "del rio", "soto")
    assert split_spanish_name("Juan Pérez") == ("juan", "perez", "")
    assert split_spanish_name("") == ("", "", "")
    assert surname_core("de la Cruz") == "cruz"


def test_edtf_bounds_in_days() -> None:
    assert edtf_bounds_days("1970-01-02") == (1, 1)
    assert edtf_bounds_days("1970") == (0, 364)
    assert edtf_bounds_days("XXXX") == (None, None)
    assert edtf_bounds_days("1985-04/2001-XX") == (None, None)  # edtf 5.0.2 fails on it
    assert edtf_bounds_days("not a date") == (None, None)


def test_age_becomes_birth_interval() -> None:
    frame = pd.DataFrame({"unique_id": ["a"], "source_dataset": ["x"], "age": [30],
                          "age_date": ["2024-06-01"]})  # fmt: skip
    prepared = prepare_persons(frame)
    lo, hi = int(prepared["birth_lo"][0]), int(prepared["birth_hi"][0])
    assert (lo, hi) == (edtf_bounds_days("1993")[0], edtf_bounds_days("1994")[1])


PEOPLE = pd.DataFrame({
    "unique_id": ["a1", "a2", "a3", "b1", "b2", "b3"],
    "source_dataset": ["a", "a", "a", "b", "b", "b"],
    "full_name": ["Francisco Hernández López", "Itzel Xochitl Cruz", "Rosa Pérez Díaz",
                  "Pancho Hernandez Lopez", "Itsel Shochitl Cruz", "Jorge Ramírez Ortiz"],
    "birth_date": ["1990-04", None, "1975", "1990-04-17", None, "1968"],
    "age": [None, 22, None, None, 23, None],
    "age_date": [None, "2023-05-01", None, None, "2024-02-01", None],
    "sex": ["m", "f", "f", "m", "f", "m"],
    "place_code": ["07101", "20067", "14039", "07102", "20067", "26030"],
})  # fmt: skip


def test_hand_made_persons_link_with_evidence() -> None:
    outcome = link_records(PEOPLE, kind="persons", link_type="link_only", lower=0.0,
                           spec=None)  # fmt: skip
    pairs = outcome.pairs.set_index(["left_key", "right_key"])
    first = pairs.loc[("a1", "b1")]
    assert first["evidence"]["given_name"] == "same first name or nickname"
    assert first["evidence"]["birth"] == "same month (partial dates)"
    assert first["evidence"]["place"] == "same state"
    second = pairs.loc[("a2", "b2")]
    assert second["evidence"]["given_name"] == "sounds the same"
    assert second["evidence"]["birth"] == "compatible (partial dates or age overlap)"
    assert second["evidence"]["place"] == "same municipality"
    # Rosa Pérez and Jorge Ramírez share no blocking key with anyone: no candidate pair.
    assert set(pairs.index) == {("a1", "b1"), ("a2", "b2")}
    assert first["match_weight"] > second["match_weight"]
    assert outcome.settings["link_type"] == "link_only"
    assert set(outcome.pairs.columns) == {
        "left_key",
        "right_key",
        "match_probability",
        "match_weight",
        "evidence",
    }


def test_clusters_from_pairs() -> None:
    pairs = pd.DataFrame({"left_key": ["x", "y", "p"], "right_key": ["y", "z", "q"],
                          "match_probability": [0.99, 0.97, 0.6]})  # fmt: skip
    assert clusters_from_pairs(pairs, 0.95) == {"x": "x", "y": "x", "z": "x"}
    assert clusters_from_pairs(pairs, 0.5, keys=["w"])["q"] == "p"
    assert clusters_from_pairs(pairs, 0.5, keys=["w"])["w"] == "w"


def test_bad_input_is_a_clear_error() -> None:
    with pytest.raises(LinkageSpecError):
        spec_for("animals")
    with pytest.raises(LinkageInputError, match="unique_id"):
        link_records(pd.DataFrame({"source_dataset": ["a"]}))
    with pytest.raises(LinkageInputError, match="repeated"):
        link_records([PEOPLE, PEOPLE])
    with pytest.raises(LinkageInputError, match="two source_dataset"):
        link_records(PEOPLE.assign(source_dataset="a"), link_type="link_only")


def test_inegi_place_codes() -> None:
    frame = pd.DataFrame({"unique_id": ["a", "b"], "source_dataset": "x",
                          "place_code": ["26043", "26"]})  # fmt: skip
    prepared = prepare_persons(frame)
    assert list(prepared["place_code"]) == ["26043", None]
    assert list(prepared["state_code"]) == ["26", "26"]
