"""Frequency-of-capture data (Rcapture ``nbcap`` format): ill and cbird against Rcapture.

Oracles: Rcapture's example output (cran/Rcapture, tests/Examples/Rcapture-Ex.Rout.save):
``closedp.0(ill, dtype="nbcap", dfreq=TRUE, t=Inf)`` and ``closedp.0(catb, …, t=11)``; the
catbird counts there (19 units) are the ones in ``rcapture_cbird.csv``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from testigo.estimation.capture_frequencies import frequency_counts
from testigo.estimation.errors import EstimationError
from testigo.estimation.estimate import estimate_from_frequencies
from testigo.estimation.warnings import MODELS_DISAGREE, TOO_FEW_LISTS, ZERO_CELLS

ILL = {  # model: (abundance, deviance, df, AIC)
    "M0": (7079.9, 61.811, 4, 95.971),
    "Mh Poisson2": (8617.6, 26.341, 3, 62.502),
    "Mh Darroch": (15562.1, 7.277, 3, 43.438),
    "Mh Gamma3.5": (29058.3, 3.661, 3, 39.822),
}
CATBIRD = {
    "M0": (20.3, 8.047, 9, 27.678),
    "Mh Poisson2": (20.5, 7.647, 8, 29.278),
    "Mh Darroch": (22.3, 6.062, 8, 27.693),
    "Mh Gamma3.5": (24.7, 5.912, 8, 27.544),
}


@pytest.fixture(scope="module")
def ill(mse_dir):
    return pd.read_csv(mse_dir / "rcapture_ill.csv")


@pytest.fixture(scope="module")
def cbird(mse_dir):
    return pd.read_csv(mse_dir / "rcapture_cbird.csv")


def _rounded(estimate):
    return {
        m.name: (round(m.total, 1), round(m.deviance, 3), m.df_resid, round(m.aic, 3))
        for m in estimate.models
    }


def test_ill_models_match_rcapture(ill):
    estimate = estimate_from_frequencies(ill, occasions=None)
    assert estimate.observed == int(ill["freq"].sum()) == 1880
    assert _rounded(estimate) == ILL
    assert estimate.best_model == "Mh Gamma3.5"
    weights = {m.name: m.weight for m in estimate.models}
    assert sum(weights.values()) == pytest.approx(1.0)
    assert weights["Mh Gamma3.5"] > weights["Mh Darroch"] > weights["M0"]
    assert MODELS_DISAGREE in estimate.warning_codes
    assert estimate.interval.lower <= estimate.total <= estimate.interval.upper


def test_cbird_models_match_rcapture_catbird(cbird):
    estimate = estimate_from_frequencies(cbird, occasions=11)
    assert estimate.observed == 19
    assert _rounded(estimate) == CATBIRD
    zero = next(w for w in estimate.warnings if w.code == ZERO_CELLS)
    assert zero.detail["patterns"] == ["j=5"]  # nobody seen 5 times; 7–11 are not flagged
    assert estimate.interval.lower >= estimate.observed


def test_too_few_occasions_warn():
    estimate = estimate_from_frequencies(
        pd.DataFrame({"nbcap": [1, 2], "freq": [50, 20]}), occasions=2
    )
    assert TOO_FEW_LISTS in estimate.warning_codes
    assert [m.name for m in estimate.models] == ["M0"]


def test_more_captures_than_occasions_is_an_error(cbird):
    with pytest.raises(EstimationError, match="occasions"):
        frequency_counts(cbird, occasions=4)
