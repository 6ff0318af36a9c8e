"""Log-linear models reproduce the closed forms and Rcapture's published fits.

Oracles: Lincoln–Petersen N̂ = n1·n2/m; Fienberg (1972) n000 = n100·n010·n001·n111 /
(n110·n101·n011); Rcapture's own example output (cran/Rcapture, tests/Examples/
Rcapture-Ex.Rout.save) for the HIV, hare and Seber (1982, p. 107) data.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from testigo.estimation.capture_histories import contingency_table
from testigo.estimation.errors import EstimationError
from testigo.estimation.loglinear import (
    candidate_models,
    fit_candidates,
    fit_model,
    list_model,
)

from .conftest import HIV_LISTS

ALL_PAIRS_4 = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]


def _table(counts: dict[str, int], lists: list[str]) -> pd.DataFrame:
    rows = [[int(c) for c in key] + [n] for key, n in counts.items()]
    return contingency_table(pd.DataFrame(rows, columns=[*lists, "n"]), lists=lists, count="n")


def _fit(table: pd.DataFrame, lists: list[str], terms: list[tuple[int, ...]]):
    return fit_model(list_model(table[lists].to_numpy(), lists, terms), table["n"].to_numpy())


@pytest.mark.parametrize(("n11", "n10", "n01"), [(30, 70, 50), (167, 781, 254), (1, 9, 13)])
def test_two_independent_lists_give_lincoln_petersen(n11, n10, n01):
    table = _table({"11": n11, "10": n10, "01": n01}, ["A", "B"])
    fit = _fit(table, ["A", "B"], [])
    assert fit.n0 == pytest.approx(n10 * n01 / n11, rel=1e-6)
    n1, n2 = n11 + n10, n11 + n01
    assert fit.total == pytest.approx(n1 * n2 / n11, rel=1e-6)
    assert fit.df_resid == 0


def test_seber_two_lists_match_rcapture_mt():
    # Rcapture: closedp.t(X) for Seber (1982) p.107 -> Mt abundance 2389.9, df 0
    fit = _fit(_table({"11": 167, "10": 781, "01": 254}, ["A", "B"]), ["A", "B"], [])
    assert round(fit.total, 1) == 2389.9


@pytest.mark.parametrize(
    "counts",
    [
        {"111": 7, "110": 23, "101": 19, "100": 41, "011": 17, "010": 37, "001": 53},
        {"111": 250, "110": 12, "101": 80, "100": 1200, "011": 31, "010": 640, "001": 9},
    ],
)
def test_three_lists_with_all_two_way_interactions_give_fienbergs_closed_form(counts):
    table = _table(counts, ["A", "B", "C"])
    fit = _fit(table, ["A", "B", "C"], [(0, 1), (0, 2), (1, 2)])
    c = counts
    expected = c["100"] * c["010"] * c["001"] * c["111"] / (c["110"] * c["101"] * c["011"])
    assert fit.n0 == pytest.approx(expected, rel=1e-6)
    assert fit.df_resid == 0
    assert fit.stable


def test_hiv_models_match_rcapture(hiv):
    table = contingency_table(hiv, lists=HIV_LISTS, count="freq")
    # closedpCI.t(HIV, dfreq=TRUE, mX= ~ . + c1:c2): 12318.5, deviance 7.614, df 9, AIC 86.65
    one = _fit(table, HIV_LISTS, [(0, 1)])
    assert round(one.total, 1) == 12318.5
    assert round(one.deviance, 3) == 7.614
    assert one.df_resid == 9
    assert round(one.aic, 2) == 86.65
    # mX= ~ (c1+c2+c3+c4)^2: 23443.5, deviance 3.037, df 4, AIC 92.073
    every = _fit(table, HIV_LISTS, ALL_PAIRS_4)
    assert round(every.total, 1) == 23443.5
    assert round(every.deviance, 3) == 3.037
    assert every.df_resid == 4
    assert round(every.aic, 3) == 92.073
    assert every.bic == pytest.approx(every.aic - 2 * 11 + 11 * np.log(1896))


def test_hare_independence_is_rcapture_mt(mse_dir):
    hare = pd.read_csv(mse_dir / "rcapture_hare.csv")
    lists = list(hare.columns)
    table = contingency_table(hare, lists=lists)
    assert int(table["n"].sum()) == 68  # Rcapture: 68 captured units
    fit = _fit(table, lists, [])
    # Rcapture closedp(hare), Mt: 75.1, deviance 58.314, df 56, AIC 154.505
    assert (round(fit.total, 1), round(fit.deviance, 3), fit.df_resid) == (75.1, 58.314, 56)
    assert round(fit.aic, 3) == 154.505


@pytest.mark.parametrize(("k", "expected"), [(2, 1), (3, 8), (4, 64), (5, 1024)])
def test_every_set_of_two_way_interactions_is_a_candidate(k, expected):
    lists = [f"L{i}" for i in range(k)]
    patterns = np.array([p for p in itertools.product((1, 0), repeat=k) if any(p)])
    models = candidate_models(patterns, lists)
    assert len(models) == expected
    assert len({m.terms for m in models}) == expected
    assert models[0].name == "independence"


def test_three_way_candidates_are_exactly_the_hierarchical_ones():
    lists = ["A", "B", "C", "D"]
    patterns = np.array([p for p in itertools.product((1, 0), repeat=4) if any(p)])
    models = candidate_models(patterns, lists, max_order=3)
    pairs = list(itertools.combinations(range(4), 2))
    triples = list(itertools.combinations(range(4), 3))
    hierarchical = 0
    for mask in range(2 ** (len(pairs) + len(triples))):
        chosen = [t for i, t in enumerate(pairs + triples) if mask >> i & 1]
        if all(
            all(p in chosen for p in itertools.combinations(t, 2)) for t in chosen if len(t) == 3
        ):
            hierarchical += 1
    assert len(models) == hierarchical
    assert max(m.n_params for m in models) == 15  # all three-way terms: saturated, identified


def test_three_way_terms_need_four_lists():
    patterns = np.array([p for p in itertools.product((1, 0), repeat=3) if any(p)])
    with pytest.raises(EstimationError):
        fit_candidates(patterns, np.ones(7), ["A", "B", "C"], criterion="aic", max_order=3)


def test_a_model_whose_mle_does_not_exist_is_marked_unstable():
    # n111 = n110 = 0: the A:B interaction runs off to minus infinity.
    table = _table(
        {"111": 0, "110": 0, "101": 19, "100": 41, "011": 17, "010": 37, "001": 53},
        ["A", "B", "C"],
    )
    assert not _fit(table, ["A", "B", "C"], [(0, 1)]).stable
    assert _fit(table, ["A", "B", "C"], []).stable


def test_six_lists_use_a_forward_search(mse_dir):
    hare = pd.read_csv(mse_dir / "rcapture_hare.csv")
    lists = list(hare.columns)
    table = contingency_table(hare, lists=lists)
    fits, exhaustive = fit_candidates(
        table[lists].to_numpy(), table["n"].to_numpy(), lists, criterion="aic"
    )
    assert not exhaustive
    assert fits[0].name == "independence"
    assert len(fits) < 2**15
    best = min((f for f in fits if f.stable), key=lambda f: f.aic)
    assert best.aic < fits[0].aic
