"""The warnings the method calls for, on the Rcapture data and hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest
from django.utils import translation

from testigo.estimation import warnings as w
from testigo.estimation.estimate import estimate_total

from .conftest import HIV_LISTS


def _patterns(counts: dict[str, int], lists: list[str]) -> pd.DataFrame:
    rows = [[int(c) for c in key] + [n] for key, n in counts.items()]
    return pd.DataFrame(rows, columns=[*lists, "n"])


@pytest.fixture(scope="module")
def hiv_english(hiv):
    with translation.override("en"):
        return estimate_total(hiv, lists=HIV_LISTS, count="freq", sparse_threshold=30)[0]


@pytest.fixture(scope="module")
def hiv_spanish(hiv):
    return estimate_total(hiv, lists=HIV_LISTS, count="freq", language="es")[0]


def test_hiv_warns_about_its_zero_cells_and_sparse_overlap(hiv_spanish, hiv):
    estimate = hiv_spanish
    found = {x.code: x for x in estimate.warnings}
    assert found[w.ZERO_CELLS].detail["patterns"] == ["1111", "1011"]
    # c1–c4 overlap recomputed from the file: rows with c1 = c4 = 1
    both = hiv[(hiv["c1"] == 1) & (hiv["c4"] == 1)]["freq"].sum()
    assert both == 7
    assert found[w.SPARSE_OVERLAP].detail["pairs"] == {"c1:c4": 7}
    assert w.TOO_FEW_LISTS not in found
    assert w.NO_OVERLAP not in found


def test_a_higher_threshold_flags_more_pairs(hiv_english, hiv):
    overlaps = {
        f"{a}:{b}": int(hiv[(hiv[a] == 1) & (hiv[b] == 1)]["freq"].sum())
        for i, a in enumerate(HIV_LISTS)
        for b in HIV_LISTS[i + 1 :]
    }
    sparse = next(x for x in hiv_english.warnings if x.code == w.SPARSE_OVERLAP)
    assert sparse.detail["pairs"] == {k: m for k, m in overlaps.items() if m < 30}
    assert sparse.detail["pairs"] == {"c1:c3": 23, "c1:c4": 7, "c2:c4": 14, "c3:c4": 14}


def test_two_lists_warn_about_too_few_lists_and_a_saturated_model(hiv):
    two = hiv.loc[(hiv.c1 == 1) | (hiv.c2 == 1), ["c1", "c2", "freq"]]
    [estimate] = estimate_total(two, lists=["c1", "c2"], count="freq")
    assert {w.TOO_FEW_LISTS, w.SATURATED_MODEL} <= estimate.warning_codes
    n11 = two[(two.c1 == 1) & (two.c2 == 1)].freq.sum()
    n10 = two[(two.c1 == 1) & (two.c2 == 0)].freq.sum()
    n01 = two[(two.c1 == 0) & (two.c2 == 1)].freq.sum()
    assert estimate.n0 == pytest.approx(n10 * n01 / n11, rel=1e-6)
    assert "independent" in estimate.explanation


def test_a_list_that_overlaps_no_other_is_flagged():
    table = _patterns(
        {"111": 0, "110": 30, "101": 0, "100": 60, "011": 0, "010": 45, "001": 25},
        ["A", "B", "C"],
    )
    [estimate] = estimate_total(table, lists=["A", "B", "C"], count="n")
    found = {x.code: x for x in estimate.warnings}
    assert found[w.ISOLATED_LIST].detail == {"list": "C"}
    assert found[w.NO_OVERLAP].detail["pairs"] == [["A", "C"], ["B", "C"]]
    assert w.ZERO_CELLS in found


def test_models_without_a_maximum_likelihood_estimate_are_left_out():
    table = _patterns(
        {"111": 0, "110": 0, "101": 19, "100": 41, "011": 17, "010": 37, "001": 53},
        ["A", "B", "C"],
    )
    [estimate] = estimate_total(table, lists=["A", "B", "C"], count="n")
    unstable = next(x for x in estimate.warnings if x.code == w.UNSTABLE_MODELS)
    assert "A:B" in unstable.detail["models"]
    assert all(m.weight == 0 for m in estimate.models if not m.stable)
    assert sum(m.weight for m in estimate.models) == pytest.approx(1.0)


def test_no_overlap_at_all_gives_no_estimate():
    table = _patterns({"11": 0, "10": 30, "01": 20}, ["A", "B"])
    [estimate] = estimate_total(table, lists=["A", "B"], count="n")
    assert estimate.total is None
    assert estimate.interval is None
    assert {w.NO_ESTIMATE, w.NO_OVERLAP, w.TOO_FEW_LISTS} <= estimate.warning_codes


def test_six_lists_warn_that_the_search_was_not_exhaustive(mse_dir):
    hare = pd.read_csv(mse_dir / "rcapture_hare.csv")
    [estimate] = estimate_total(hare, lists=list(hare.columns))
    assert w.STEPWISE_SEARCH in estimate.warning_codes
    assert not estimate.exhaustive


def test_messages_are_translated(hiv_spanish, hiv_english):
    spanish, english = hiv_spanish, hiv_english
    es = {x.code: x.message for x in spanish.warnings}
    en = {x.code: x.message for x in english.warnings}
    assert es.keys() == en.keys()
    assert "patrones de captura no tienen a nadie" in es[w.ZERO_CELLS]
    assert "capture patterns have no one in them" in en[w.ZERO_CELLS]
    assert "población es cerrada" in spanish.explanation
    assert "population is closed" in english.explanation
