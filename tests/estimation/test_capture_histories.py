"""Capture histories → contingency table of observed patterns."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from testigo.estimation.capture_histories import (
    all_patterns,
    contingency_table,
    list_sizes,
    pairwise_overlaps,
)
from testigo.estimation.errors import EstimationError

from .conftest import KOSOVO_LISTS


def test_patterns_are_all_but_the_unobserved_one_in_rcapture_order():
    patterns = all_patterns(3)
    assert patterns.tolist() == [
        [1, 1, 1],
        [1, 1, 0],
        [1, 0, 1],
        [1, 0, 0],
        [0, 1, 1],
        [0, 1, 0],
        [0, 0, 1],
    ]


def test_individual_rows_are_counted_and_empty_patterns_kept_at_zero():
    people = pd.DataFrame(
        {"A": [1, 1, 0, 1, 0], "B": [1, 0, 1, 1, 0], "C": [0, 0, 0, 0, 1], "who": list("pqrst")}
    )
    table = contingency_table(people, lists=["A", "B", "C"])
    counts = {"".join(map(str, row[:3])): row[3] for row in table.itertuples(index=False)}
    assert counts == {"111": 0, "110": 2, "101": 0, "100": 1, "011": 0, "010": 1, "001": 1}
    assert list_sizes(table, ["A", "B", "C"]) == {"A": 3, "B": 3, "C": 1}
    assert pairwise_overlaps(table, ["A", "B", "C"]) == {
        ("A", "B"): 2,
        ("A", "C"): 0,
        ("B", "C"): 0,
    }


def test_pattern_rows_with_counts_are_summed_and_strings_and_booleans_accepted():
    rows = pd.DataFrame({"A": ["1", "1", "0"], "B": [True, True, True], "freq": [3, 4, 5]})
    table = contingency_table(rows, lists=["A", "B"], count="freq")
    assert table["n"].tolist() == [7, 0, 5]


@pytest.mark.parametrize(
    ("frame", "count", "message"),
    [
        (pd.DataFrame({"A": [1], "B": [2]}), None, "only 0 or 1"),
        (pd.DataFrame({"A": [1], "B": [None]}), None, "only 0 or 1"),
        (pd.DataFrame({"A": [0, 1], "B": [0, 1]}), None, "on no list"),
        (pd.DataFrame({"A": [1], "B": [0], "f": [-1]}), "f", "whole numbers"),
        (pd.DataFrame({"A": [1], "B": [0], "f": [1.5]}), "f", "whole numbers"),
        (pd.DataFrame({"A": [1]}), None, "not found"),
    ],
)
def test_bad_histories_are_rejected_with_a_clear_message(frame, count, message):
    with pytest.raises(EstimationError, match=message):
        contingency_table(frame, lists=["A", "B"], count=count)


def test_an_all_zero_pattern_with_zero_count_is_harmless():
    rows = pd.DataFrame({"A": [0, 1], "B": [0, 1], "n": [0, 4]})
    assert contingency_table(rows, lists=["A", "B"], count="n")["n"].tolist() == [4, 0, 0]


def test_kosovo_individual_and_pattern_files_give_the_same_table(mse_dir):
    with (mse_dir / "lcmcr_kosovo_aggregate_patterns.csv").open(newline="") as handle:
        total = sum(int(row["freq"]) for row in csv.DictReader(handle))
    assert total == 4400  # PROVENANCE.md: 4,400 documented killings
    patterns = contingency_table(
        pd.read_csv(mse_dir / "lcmcr_kosovo_aggregate_patterns.csv"),
        lists=KOSOVO_LISTS,
        count="freq",
    )
    people = contingency_table(
        pd.read_csv(mse_dir / "lcmcr_kosovo_aggregate_individual.csv"), lists=KOSOVO_LISTS
    )
    assert int(patterns["n"].sum()) == total
    assert patterns.equals(people)
    assert len(patterns) == 15
