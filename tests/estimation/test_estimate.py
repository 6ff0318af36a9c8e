"""``estimate_total`` end to end: Kosovo, the Rcapture sets, strata, output and errors."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from django.utils import translation

from testigo.estimation import warnings as w
from testigo.estimation.errors import EstimationError
from testigo.estimation.estimate import combine_strata, estimate_total

from .conftest import KOSOVO_LISTS

# The Kosovo figures Testigo reports (recorded here; see docs/estimation.md). Totals, persons.
KOSOVO_BEST = "EXH:ABA + EXH:OSCE + EXH:HRW + ABA:OSCE + OSCE:HRW"
KOSOVO_RECORDED = {
    "aic": (14358, 12525, 16579),
    "bic": (14343, 12525, 16545),
}


@pytest.fixture(scope="module")
def kosovo(kosovo_patterns):
    with translation.override("en"):
        return {
            criterion: estimate_total(
                kosovo_patterns, lists=KOSOVO_LISTS, count="freq", criterion=criterion
            )[0]
            for criterion in ("aic", "bic")
        }


@pytest.mark.parametrize("criterion", ["aic", "bic"])
def test_kosovo_is_estimated_selected_and_averaged(kosovo, mse_dir, criterion):
    with (mse_dir / "lcmcr_kosovo_aggregate_patterns.csv").open(newline="") as handle:
        observed = sum(int(row["freq"]) for row in csv.DictReader(handle))
    estimate = kosovo[criterion]
    assert estimate.observed == observed == 4400
    assert len(estimate.models) == 64  # every set of two-way interactions among 4 lists
    assert estimate.exhaustive
    assert sum(m.weight for m in estimate.models) == pytest.approx(1.0)
    assert estimate.n0 == pytest.approx(sum(m.weight * m.n0 for m in estimate.models))
    assert estimate.total >= estimate.observed
    assert estimate.interval.lower <= estimate.total <= estimate.interval.upper
    assert estimate.interval.lower >= estimate.observed
    assert estimate.best_model == KOSOVO_BEST
    ordered = [m.aic if criterion == "aic" else m.bic for m in estimate.models]
    assert ordered == sorted(ordered)
    total, lower, upper = KOSOVO_RECORDED[criterion]
    assert (round(estimate.total), round(estimate.interval.lower)) == (total, lower)
    assert round(estimate.interval.upper) == upper
    # the unstratified model does not fit: the method says so
    assert w.POOR_FIT in estimate.warning_codes


def test_bic_puts_more_weight_on_the_smaller_model(kosovo):
    def weight(criterion):
        return next(m.weight for m in kosovo[criterion].models if m.name == KOSOVO_BEST)

    assert weight("bic") > weight("aic") > 0.5


def test_kosovo_with_three_way_interactions(kosovo_patterns):
    [estimate] = estimate_total(
        kosovo_patterns, lists=KOSOVO_LISTS, count="freq", criterion="bic", max_order=3
    )
    assert len(estimate.models) == 113
    assert any(len(term) == 3 for term in estimate.models[0].terms)
    assert estimate.interval.lower <= estimate.total <= estimate.interval.upper
    assert sum(m.weight for m in estimate.models) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("name", "lists"),
    [("rcapture_HIV.csv", None), ("rcapture_lesbian.csv", None), ("rcapture_hare.csv", None)],
)
def test_rcapture_sets_run_end_to_end(mse_dir, name, lists):
    frame = pd.read_csv(mse_dir / name)
    count = "freq" if "freq" in frame else None
    lists = [c for c in frame.columns if c != "freq"]
    [estimate] = estimate_total(frame, lists=lists, count=count)
    observed = int(frame["freq"].sum()) if count else len(frame)
    assert estimate.observed == observed
    assert estimate.total >= observed
    assert estimate.interval.lower <= estimate.total <= estimate.interval.upper
    assert sum(m.weight for m in estimate.models) == pytest.approx(1.0)
    assert estimate.explanation


def _independent_stratum(size: int, probabilities: tuple[float, float, float]) -> list[dict]:
    """Whole-number counts exactly proportional to independent lists (so n0 is exact)."""
    rows = []
    for a in (1, 0):
        for b in (1, 0):
            for c in (1, 0):
                share = 1.0
                for on, p in zip((a, b, c), probabilities, strict=True):
                    share *= p if on else 1 - p
                if a or b or c:
                    rows.append({"A": a, "B": b, "C": c, "n": round(size * share)})
    return rows


def test_strata_are_estimated_separately_and_summed():
    north = _independent_stratum(1000, (0.5, 0.5, 0.5))  # every cell 125; n000 = 125
    south = _independent_stratum(8000, (0.75, 0.25, 0.5))  # n000 = 8000·¼·¾·½ = 750
    frame = pd.DataFrame(
        [{**row, "region": "north"} for row in north]
        + [{**row, "region": "south"} for row in south]
    )
    estimates = estimate_total(frame, lists=["A", "B", "C"], count="n", strata="region")
    assert [e.stratum for e in estimates] == [{"region": "north"}, {"region": "south"}]
    assert [e.n0 for e in estimates] == pytest.approx([125.0, 750.0], rel=1e-6)
    assert [e.total for e in estimates] == pytest.approx([1000.0, 8000.0], rel=1e-6)
    alone = estimate_total(pd.DataFrame(south), lists=["A", "B", "C"], count="n")[0]
    assert alone.total == pytest.approx(estimates[1].total, rel=1e-9)
    assert alone.interval.upper == pytest.approx(estimates[1].interval.upper, rel=1e-6)

    combined = combine_strata(estimates)
    assert combined.observed == 875 + 7250
    assert combined.total == pytest.approx(9000.0, rel=1e-6)
    assert combined.n0 == pytest.approx(875.0, rel=1e-6)
    assert combined.interval.lower <= combined.total <= combined.interval.upper
    assert combined.strata == 2
    assert combined.missing_strata == ()

    pooled = estimate_total(frame, lists=["A", "B", "C"], count="n")[0]
    independence = next(m for m in pooled.models if m.name == "independence")
    # A and B move in opposite directions across strata: pooled, they look negatively
    # dependent, and the independence model overestimates the total
    assert independence.total - 9000 > 50


def test_two_strata_columns_and_a_stratum_without_estimate():
    frame = pd.DataFrame(
        [
            {"A": 1, "B": 1, "n": 10, "year": 2020, "sex": "f"},
            {"A": 1, "B": 0, "n": 20, "year": 2020, "sex": "f"},
            {"A": 0, "B": 1, "n": 30, "year": 2020, "sex": "f"},
            {"A": 1, "B": 0, "n": 5, "year": 2021, "sex": "m"},
            {"A": 0, "B": 1, "n": 5, "year": 2021, "sex": "m"},
        ]
    )
    estimates = estimate_total(frame, lists=["A", "B"], count="n", strata=["year", "sex"])
    assert [e.stratum for e in estimates] == [
        {"year": 2020, "sex": "f"},
        {"year": 2021, "sex": "m"},
    ]
    assert estimates[0].total == pytest.approx(120.0)  # Lincoln–Petersen: 30·40/10
    assert json.loads(json.dumps(estimates[0].as_dict()))["stratum"] == {"year": 2020, "sex": "f"}
    assert estimates[1].total is None
    combined = combine_strata(estimates)
    assert combined.interval is None
    assert combined.missing_strata == ({"year": 2021, "sex": "m"},)
    assert combined.observed == 70


def test_estimate_is_json_ready_and_explained_in_both_languages(hiv):
    [english] = estimate_total(hiv, lists=["c1", "c2", "c3", "c4"], count="freq")
    data = json.loads(json.dumps(english.as_dict()))
    assert data["observed"] == 1896
    assert {x["code"] for x in data["warnings"]} == english.warning_codes
    assert "1,896 persons were recorded by at least one of 4 lists" in english.explanation
    [spanish] = estimate_total(hiv, lists=["c1", "c2", "c3", "c4"], count="freq", language="es")
    assert "1,896 personas fueron registradas" in spanish.explanation
    assert spanish.total == english.total


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lists": ["A"]}, "two lists"),
        ({"lists": ["A", "B"], "criterion": "dic"}, "criterion"),
        ({"lists": ["A", "B"], "strata": "region"}, "not found"),
        ({"lists": ["A", "B"], "level": 1.5}, "level"),
        ({"lists": ["A", "B"], "max_order": 3}, "order"),
    ],
)
def test_bad_requests_raise_clear_errors(kwargs, message):
    frame = pd.DataFrame({"A": [1, 0, 1], "B": [0, 1, 1]})
    with pytest.raises(EstimationError, match=message):
        estimate_total(frame, **kwargs)
