"""The gate over every record kind: per-table thresholds, statuses, rates, warnings."""

from __future__ import annotations

import random

import pytest
from django.utils import translation

from testigo.publication.gate import (
    SUPPRESSED_MARK,
    protect,
    published,
    published_counts,
    published_rate,
    published_shares,
    table_rule,
)
from testigo.statistics.counting import CountTable
from testigo.statistics.disclosure import TOTAL, DisclosureRule
from testigo.statistics.engine import count
from tests.statistics.gate_checker import check_published
from tests.statistics.test_disclosure import random_table
from tests.statistics.test_engine import cases, observations  # noqa: F401  (fixtures)

T = TOTAL


@pytest.mark.parametrize(
    ("by", "where", "threshold"),
    [
        (("year",), None, 5),
        (("year", "sex"), {"nationality": "HN"}, 5),
        (("age_group",), None, 10),
        (("year",), {"age_group": "12-17"}, 10),
        (("year",), {"age_group": "30-59"}, 10),  # any age filter: see is_sensitive_table
        (("year",), {"characteristic": "unaccompanied_child"}, 10),
        (("characteristic",), None, 10),
        (("municipality", "year"), None, 10),
        (("year",), {"municipality": "07089"}, 10),
    ],
)
def test_threshold_per_table(by, where, threshold) -> None:
    assert table_rule("victims", by, where).threshold == threshold


def test_thresholds_are_configurable(settings) -> None:
    settings.TESTIGO_DISCLOSURE_THRESHOLD = 3
    settings.TESTIGO_DISCLOSURE_THRESHOLD_SENSITIVE = 15
    assert table_rule("acts", ("year",)).threshold == 3
    assert table_rule("acts", ("age_group",)).threshold == 15


@pytest.mark.django_db
def test_tables_of_children_use_the_higher_threshold(cases) -> None:  # noqa: F811
    table = published("victims", units=("victims",), by=("age_group",))
    assert table.threshold == 10 and table.kind == "victims"
    # 0-11: 1, 30-59: 1, unknown: 7 — all below 10, and so is the total (9).
    assert [r.values["victims"] for r in table.rows] == [None, None, None]
    assert table.total("victims") is None
    assert table.status((T,), "victims") == "C"
    raw = count("victims", units=("victims",), by=("age_group",))
    assert check_published(table, raw) == 4


@pytest.mark.django_db
def test_gate_tables_pass_the_checker(cases) -> None:  # noqa: F811
    for kind, units, by in (
        ("acts", ("acts",), ("act_type", "year")),
        ("victims", ("victims",), ("nationality", "state")),
        ("victims", ("victims",), ("sex", "year")),
        ("acts", ("acts",), ("month",)),
    ):
        raw = count(kind, units=units, by=by)
        check_published(published(kind, units=units, by=by), raw)


def test_random_tables_through_the_gate_pass_the_checker() -> None:
    rng = random.Random(5)
    units = ("dead", "missing", "dead_and_missing")
    suppressed = 0
    for _ in range(12):
        raw = CountTable(("a", "b", "c")[: len(next(iter(c := random_table(rng))))], units, c)
        suppressed += check_published(protect(raw), raw)
    assert suppressed > 0  # the checker saw suppressions, not only open tables


@pytest.mark.django_db
def test_multi_valued_dimension_warns(cases) -> None:  # noqa: F811
    with translation.override("en"):
        table = published("acts", units=("acts",), by=("government_level",))
        other = published("acts", units=("acts",), by=("act_type",))
    assert any("government_level" in w for w in table.warnings)
    assert not any("several categories" in w for w in other.warnings)
    # 3 + 2 + 1 acts: each small, and the total 6 pins them (>= 1 each): the total goes too.
    assert other.total("acts") is None
    assert any("fallback" in w for w in other.warnings)


def test_fallback_margins_warn() -> None:
    # A row total of 5 over five cells of 1: hiding cells cannot help (each is exactly 1
    # given the total): the row total itself must go, and the gate says so.
    cells = {("r1", c): {"n": 1} for c in "abcde"}
    cells.update({("r2", c): {"n": 20} for c in "abcde"})
    table = protect(CountTable(("row", "col"), ("n",), cells), DisclosureRule(5))
    assert table.margins[("r1", T)]["n"] is None
    assert any("último recurso" in w for w in table.warnings)  # Spanish: the default locale


@pytest.mark.django_db
def test_observations_pass_unsuppressed(cases, observations) -> None:  # noqa: F811
    where = {"dataset": "pop", "measure": "population"}
    table = published("observations", units=("value",), by=("state",), where=where)
    assert table.suppressed_cells == 0 and table.kind == "observations"
    shown = {r.key[0]: r.values["value"] for r in table.rows}
    assert shown == {"MX-CHP": 5_000_000, "US-AZ": 13_900_000, None: 130_000_000}
    assert table.total("value") == 148_900_000
    assert table.status(("US-AZ",), "value") == "A"


@pytest.mark.django_db
def test_rates_are_suppressed_with_their_numerator(cases, observations) -> None:  # noqa: F811
    victims = published("victims", units=("victims",), by=("year", "state"))
    population = published(
        "observations", units=("value",), by=("year", "state"),
        where={"dataset": "pop", "measure": "population"},
    )  # fmt: skip
    rates = published_rate(victims, population, unit="victims")
    by_key = {r.key: r for r in rates.rows}
    assert by_key[(2024, "US-AZ")].status == "C"  # 4 victims: suppressed, so is the rate
    assert by_key[(2024, "US-AZ")].value is None
    for row in rates.rows:
        numerator = victims.value(row.key, "victims")
        if numerator is None:
            assert (row.value, row.status) == (None, "C")
        elif row.status == "A":
            den = population.value(row.key, "value")
            assert row.value == pytest.approx(numerator / den * 100_000)
    assert by_key[(None, "MX-CHP")].status in {"C", "M"}  # no population for unknown years


def test_shares_within_a_dimension() -> None:
    cells = {
        (2019, "a"): {"dead": 20}, (2019, "b"): {"dead": 3}, (2019, "c"): {"dead": 30},
        (2020, "a"): {"dead": 25}, (2020, "b"): {"dead": 12}, (2020, "c"): {"dead": 40},
    }  # fmt: skip
    table = protect(CountTable(("year", "route"), ("dead",), cells))
    shares = published_shares(table, "dead", within=("year",))
    by_key = {r.key: r for r in shares.rows}
    totals = {2019: 53, 2020: 77}
    published_any = False
    for key, row in by_key.items():
        cell, total = table.value(key, "dead"), table.value((key[0], T), "dead")
        if cell is None or total is None:
            assert (row.value, row.status) == (None, "C")
        else:
            published_any = True
            assert row.value == pytest.approx(cells.get(key, {"dead": totals[key[0]]})["dead"]
                                              / totals[key[0]] * 100)  # fmt: skip
    assert published_any
    assert by_key[(2019, "b")].value is None and by_key[(2019, "b")].status == "C"
    assert by_key[(2020, T)].value == pytest.approx(100)
    overall = published_shares(table, "dead")
    assert {r.key: r.value for r in overall.rows}[(T, "c")] == pytest.approx(70 / 130 * 100)


def test_backward_compatible_defaults() -> None:
    table = protect(CountTable(("year",), ("dead",), {(2019,): {"dead": 7}}))
    assert table.kind == "events" and table.warnings == ()
    assert SUPPRESSED_MARK == "x"


@pytest.mark.django_db
def test_published_counts_unchanged(cases) -> None:  # noqa: F811
    table = published_counts(units=("events",), by=("country",))
    assert {r.key: r.values["events"] for r in table.rows} == {("MX",): None, ("US",): None}


@pytest.mark.parametrize(
    "where",
    [
        {"age_group": "0-11"},
        {"age_group": "0\u201311"},  # an en dash: filters match it to 0-11
        {"age_group": "12\u201417"},  # an em dash
        {"characteristic": "UNACCOMPANIED_CHILD"},
        {"characteristic": "niña, niño o adolescente no acompañado"},
        {"municipality": "07040"},
    ],
)
def test_any_filter_on_children_or_places_uses_the_sensitive_threshold(where):
    """A tester bypassed the child threshold by writing the age group with an en dash."""
    from testigo.publication.gate import table_rule

    assert table_rule("victims", ["sex"], where).threshold == 10
