"""Profile-likelihood intervals: Rcapture's published intervals and an independent closed form."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import special

from testigo.estimation.capture_histories import contingency_table
from testigo.estimation.intervals import ProfileLikelihood, averaged_interval
from testigo.estimation.loglinear import fit_model, list_model

from .conftest import HIV_LISTS


def _profile(table: pd.DataFrame, lists: list[str], terms) -> ProfileLikelihood:
    fit = fit_model(list_model(table[lists].to_numpy(), lists, terms), table["n"].to_numpy())
    return ProfileLikelihood(fit.model, table["n"].to_numpy(), fit.total)


@pytest.mark.parametrize(
    ("terms", "mode", "lower", "upper"),
    [
        # closedpCI.t(HIV, dfreq=TRUE, mX= ~ . + c1:c2): 12308, 95 % CI 10266 – 14992.3
        ([(0, 1)], 12308.0, 10266.0, 14992.3),
        # closedpCI.t(HIV, dfreq=TRUE, mX= ~ (c1+c2+c3+c4)^2): 23269.8, 10027.6 – 50046.3
        ([(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)], 23269.8, 10027.6, 50046.3),
    ],
)
def test_hiv_profile_intervals_match_rcapture(hiv, terms, mode, lower, upper):
    table = contingency_table(hiv, lists=HIV_LISTS, count="freq")
    profile = _profile(table, HIV_LISTS, terms)
    interval = averaged_interval([profile], [1.0], level=0.95)
    assert profile.mode == pytest.approx(mode, abs=0.5)
    assert interval.lower == pytest.approx(lower, abs=0.5)
    assert interval.upper == pytest.approx(upper, abs=0.5)


def test_two_list_profile_matches_the_closed_form_likelihood():
    n11, n10, n01 = 40, 160, 90
    n, n1, n2 = n11 + n10 + n01, n11 + n10, n11 + n01
    table = contingency_table(
        pd.DataFrame({"A": [1, 1, 0], "B": [1, 0, 1], "n": [n11, n10, n01]}),
        lists=["A", "B"],
        count="n",
    )

    def loglik(total: float) -> float:  # multinomial, independence: p_ij = row_i·col_j / N²
        cells = [(n11, n1 * n2), (n10, n1 * (total - n2)), (n01, (total - n1) * n2)]
        cells.append((total - n, (total - n1) * (total - n2)))
        value = special.gammaln(total + 1) - special.gammaln(total - n + 1)
        return value + sum(y * math.log(m / total**2) for y, m in cells if y > 0)

    grid = np.arange(n, 2000, 0.05)
    values = np.array([loglik(t) for t in grid])
    inside = grid[2 * (values.max() - values) <= 1.959964**2]
    interval = averaged_interval([_profile(table, ["A", "B"], [])], [1.0])
    assert interval.lower == pytest.approx(inside.min(), abs=0.1)
    assert interval.upper == pytest.approx(inside.max(), abs=0.1)


def test_averaged_interval_lies_between_the_models_intervals(hiv):
    table = contingency_table(hiv, lists=HIV_LISTS, count="freq")
    first = _profile(table, HIV_LISTS, [(0, 1)])
    second = _profile(table, HIV_LISTS, [(0, 1), (1, 2)])
    one = averaged_interval([first], [1.0])
    two = averaged_interval([second], [1.0])
    mixed = averaged_interval([first, second], [0.5, 0.5])
    assert min(one.lower, two.lower) <= mixed.lower <= max(one.lower, two.lower)
    assert min(one.upper, two.upper) <= mixed.upper <= max(one.upper, two.upper)
    only_first = averaged_interval([first, second], [1.0, 0.0])
    assert (only_first.lower, only_first.upper) == pytest.approx((one.lower, one.upper), abs=0.01)


def test_a_wider_level_gives_a_wider_interval(hiv):
    table = contingency_table(hiv, lists=HIV_LISTS, count="freq")
    profile = _profile(table, HIV_LISTS, [(0, 1)])
    narrow = averaged_interval([profile], [1.0], level=0.8)
    wide = averaged_interval([profile], [1.0], level=0.99)
    assert wide.lower < narrow.lower < profile.mode < narrow.upper < wide.upper
