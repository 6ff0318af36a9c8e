"""Privacy tokens: stable, keyed, and linking on tokens equals exact linking on plain fields."""

from __future__ import annotations

import pandas as pd

from testigo.linkage.engine.link import clusters_from_pairs, link_records
from testigo.linkage.engine.tokens import (
    pseudonymous_cluster_ids,
    purpose_key,
    token,
    token_frame,
)

KEY = purpose_key("linkage:test", base_key=b"k" * 32)
OTHER = purpose_key("linkage:test", base_key=b"o" * 32)

SHELTER = pd.DataFrame({
    "unique_id": ["s1", "s2", "s3", "s4", "s5"],
    "source_dataset": "shelter",
    "full_name": ["Jesús Hernández López", "María de la Luz Pérez Cruz", "José Ramírez Soto",
                  "Guadalupe Martínez Ruiz", "Ana Torres Vega"],
    "age": [34, 27, 45, 19, 60],
    "age_date": ["2024-03-10", "2024-05-02", "2024-01-15", "2024-07-30", "2024-02-01"],
    "sex": ["m", "f", "m", "f", "f"],
})  # fmt: skip
NGO = pd.DataFrame({
    "unique_id": ["n1", "n2", "n3", "n4", "n5"],
    "source_dataset": "ngo",
    "full_name": ["Chuy Hernández López", "MARIA DE LA LUZ PEREZ CRUZ", "Pepe Soto Ramírez",
                  "Lupe Martinez Ruiz", "Pedro Gómez Díaz"],
    "age": [35, 27, 45, 19, 52],
    "age_date": ["2024-09-10", "2024-05-20", "2024-02-15", "2024-08-30", "2024-02-01"],
    "sex": ["m", "f", "m", "f", "m"],
})  # fmt: skip


def test_tokens_are_stable_and_keyed() -> None:
    assert token("hernandez", "surname", KEY) == token("hernandez", "surname", KEY)
    assert token("hernandez", "surname", KEY) != token("hernandez", "surname", OTHER)
    assert token("hernandez", "surname", KEY) != token("hernandez", "given", KEY)
    assert token(None, "surname", KEY) is None
    first, second = token_frame(SHELTER, key=KEY), token_frame(SHELTER, key=KEY)
    pd.testing.assert_frame_equal(first, second)
    other = token_frame(SHELTER, key=OTHER)
    assert not (first["t_sn1"] == other["t_sn1"]).any()
    assert not (first["unique_id"] == other["unique_id"]).any()


def test_token_frame_carries_no_plain_value() -> None:
    frame = token_frame(SHELTER, key=KEY)
    text = " ".join(str(v) for v in frame.drop(columns="source_dataset").to_numpy().ravel())
    for word in ("hernandez", "jesus", "maria", "s1", "1990"):
        assert word not in text.lower()
    # Folding: case and accents do not change a token.
    assert token_frame(NGO, key=KEY)["t_sn1"][1] == frame["t_sn1"][1]


def test_linking_tokens_equals_exact_linking_on_plain_fields() -> None:
    tokened = link_records([token_frame(SHELTER, key=KEY), token_frame(NGO, key=KEY)],
                           kind="tokens", lower=0.5)  # fmt: skip
    plain = link_records([token_frame(SHELTER, key=None), token_frame(NGO, key=None)],
                         kind="tokens", lower=0.5)  # fmt: skip
    back = {
        token_frame(SHELTER, key=KEY)["unique_id"][i]: k for i, k in enumerate(SHELTER.unique_id)
    }
    back |= {token_frame(NGO, key=KEY)["unique_id"][i]: k for i, k in enumerate(NGO.unique_id)}
    found_tokens = {
        frozenset((back[a], back[b]))
        for a, b in zip(tokened.pairs.left_key, tokened.pairs.right_key, strict=True)
    }
    found_plain = {
        frozenset((a, b)) for a, b in zip(plain.pairs.left_key, plain.pairs.right_key, strict=True)
    }
    assert found_tokens == found_plain
    # The hand-made truth: Chuy = Jesús, case/accents, swapped surnames (Pepe = José),
    # Lupe = Guadalupe; Ana Torres and Pedro Gómez are different people.
    assert found_plain == {
        frozenset(p) for p in (("s1", "n1"), ("s2", "n2"), ("s3", "n3"), ("s4", "n4"))
    }
    assert sorted(tokened.pairs.match_probability.round(9)) == sorted(
        plain.pairs.match_probability.round(9)
    )
    assert tokened.pairs.evidence.tolist()  # evidence names only which tokens agreed


def test_only_pseudonymous_cluster_ids_cross_the_boundary() -> None:
    outcome = link_records(
        [token_frame(SHELTER, key=KEY), token_frame(NGO, key=KEY)], kind="tokens"
    )
    ids = pseudonymous_cluster_ids(outcome.clusters(0.5), KEY)
    assert len(set(ids.values())) == 4
    assert all(v.startswith("c-") and len(v) == 18 for v in ids.values())
    assert clusters_from_pairs(outcome.pairs, 0.5) == outcome.clusters(0.5)
