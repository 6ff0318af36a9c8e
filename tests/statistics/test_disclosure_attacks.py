"""Attacks on published tables by linear programming: what bounds and other tables reveal.

The attacker here is written independently of the module, with another formulation: the
unknowns are the interior cells; every published number is an equation (a published interior
cell fixes its variable; a published margin, of this table or of a lower-dimensional table
published elsewhere, fixes the sum of the interior cells under it).  Bounds: zeros are
published, so a suppressed cell (interior or margin) is >= 1 when its value is positive,
>= 0 when it is 0 in this unit, unbounded below when negative; no upper bounds.  scipy's
``linprog`` (HiGHS) then gives the attacker's interval ``[min, max]`` of each suppressed cell.

Requirements (docs/decisions/0002): for every unit, a primary cell's small value
(``0 < v < k``) has ``max >= k``; every other non-zero value of a suppressed cell
(secondary cells, negative values, large values of primary cells) has ``max - min >= 1``.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Iterable, Mapping

import numpy as np
import pytest
from scipy.optimize import linprog

from testigo.statistics.disclosure import TOTAL, DisclosureRule, Key, ProtectedTable, protect_table
from tests.statistics.test_disclosure import random_table

TOL = 1e-6
UNITS = ["dead", "missing", "dead_and_missing"]

# --------------------------------------------------------------------------- the attacker


def lower_bound(value: int) -> float | None:
    return 1.0 if value > 0 else 0.0 if value == 0 else None


class Attacker:
    """Everything that follows, for one unit, from what ``table`` (and ``known``) publish.

    ``known`` maps margin keys of ``table`` to values published by other tables (e.g. the
    one-way table of a dimension); ``bounds=False`` is the purely linear attacker (the old
    rank audit's model: no non-negativity).
    """

    def __init__(
        self,
        table: ProtectedTable,
        unit: str,
        known: Mapping[Key, int] | None = None,
        *,
        bounds: bool = True,
    ) -> None:
        known = known or {}
        self.table, self.unit = table, unit
        interior = list(table.interior())
        hidden = [k for k in table.values if table.is_suppressed(k)]
        self.rows = {k: self.indicator(interior, k) for k in hidden}
        self.bounds: list[tuple[float | None, float | None]] = []
        for key in interior:
            value = table.values[key][unit]
            if not table.is_suppressed(key):
                self.bounds.append((value, value))
            else:
                self.bounds.append((lower_bound(value) if bounds else None, None))
        a_eq, b_eq, a_ub, b_ub = [], [], [], []
        for key in table.margins():
            value = table.values[key][unit]
            if not table.is_suppressed(key) or key in known:
                a_eq.append(self.indicator(interior, key))
                b_eq.append(known.get(key, value))
            elif bounds and lower_bound(value) is not None:
                a_ub.append(-self.indicator(interior, key))
                b_ub.append(-lower_bound(value))
        n = len(interior)
        self.a_eq = np.array(a_eq) if a_eq else np.zeros((0, n))
        self.b_eq = np.array(b_eq, dtype=float)
        self.a_ub = np.array(a_ub) if a_ub else None
        self.b_ub = np.array(b_ub, dtype=float) if b_ub else None

    @staticmethod
    def indicator(interior: list[Key], key: Key) -> np.ndarray:
        """The interior cells that add up to ``key`` (TOTAL matches any category)."""
        return np.array(
            [
                all(p is TOTAL or p == c for p, c in zip(key, cell, strict=True))
                for cell in interior
            ],
            dtype=float,
        )

    def solve(self, objective: np.ndarray) -> np.ndarray | None:
        """A point minimising ``objective``; None if unbounded."""
        result = linprog(
            objective,
            A_eq=self.a_eq if len(self.a_eq) else None,
            b_eq=self.b_eq if len(self.a_eq) else None,
            A_ub=self.a_ub,
            b_ub=self.b_ub,
            bounds=self.bounds,
            method="highs",
        )
        assert result.status in (0, 3), result.message  # the true table is always feasible
        return result.x if result.status == 0 else None

    def interval(self, key: Key) -> tuple[float, float]:
        row = self.rows[key]
        low, high = self.solve(row), self.solve(-row)
        return (
            -np.inf if low is None else float(row @ low),
            np.inf if high is None else float(row @ high),
        )

    def intervals(self) -> dict[Key, tuple[float, float]]:
        return {key: self.interval(key) for key in self.rows}

    def recovered(self) -> dict[Key, int]:
        """Suppressed cells the attacker pins to one value, with that value."""
        found = {}
        for key, (low, high) in self.intervals().items():
            if high - low < TOL:
                found[key] = round(low)
        return found

    def violations(self, threshold: int) -> list[tuple[Key, str, float, float]]:
        """Requirement failures (module docstring).  Every LP solution is a feasible point,
        so it widens the known range of every cell at once; a cell gets its own LPs only
        if the shared points do not already meet its requirement."""
        t = self.table
        need: dict[Key, bool] = {}  # key -> must reach the threshold (else: width >= 1)
        for key in self.rows:
            value = t.values[key][self.unit]
            if value != 0:
                need[key] = key in t.primary and 0 < value < threshold
        high = {k: float(t.values[k][self.unit]) for k in need}
        low = dict(high)

        def ok(key: Key) -> bool:
            return high[key] >= threshold - TOL if need[key] else high[key] - low[key] >= 1 - TOL

        def absorb(point: np.ndarray | None, key: Key | None = None, up: bool = True) -> None:
            if point is None:
                if key is not None:
                    (high if up else low)[key] = np.inf if up else -np.inf
                return
            for k in need:
                value = float(self.rows[k] @ point)
                high[k], low[k] = max(high[k], value), min(low[k], value)

        ups = [self.rows[k] for k in need if not ok(k)]
        if ups:
            absorb(self.solve(-np.sum(ups, axis=0)))
        downs = [self.rows[k] for k in need if not ok(k) and not need[k]]
        if downs:
            absorb(self.solve(np.sum(downs, axis=0)))
        failures = []
        for key in sorted(need, key=repr):
            if not ok(key):
                absorb(self.solve(-self.rows[key]), key, up=True)
            if not ok(key) and not need[key]:
                absorb(self.solve(self.rows[key]), key, up=False)
            if not ok(key):
                failures.append((key, "reach" if need[key] else "width", low[key], high[key]))
        return failures


def violations(
    table: ProtectedTable, threshold: int = 5, known: Mapping[str, Mapping[Key, int]] | None = None
) -> list[tuple[str, Key, str, float, float]]:
    known = known or {}
    return [
        (unit, *failure)
        for unit in table.units
        for failure in Attacker(table, unit, known.get(unit)).violations(threshold)
    ]


def with_pattern(table: ProtectedTable, hidden: Iterable[Key]) -> ProtectedTable:
    """The same table published with another suppression pattern (e.g. the old method's)."""
    hidden = frozenset(hidden)
    return dataclasses.replace(
        table, secondary=hidden - table.primary, fallback_margins=frozenset()
    )


def one(values: Mapping[Key, int], unit: str = "n") -> dict[Key, dict[str, int]]:
    return {k: {unit: v} for k, v in values.items()}


def margin_table(
    cells: Mapping[Key, Mapping[str, int]], keep: tuple[int, ...]
) -> dict[Key, dict[str, int]]:
    """The lower-dimensional table over dimensions ``keep`` (what ``--by`` those gives)."""
    out: dict[Key, dict[str, int]] = {}
    for key, counts in cells.items():
        target = out.setdefault(tuple(key[d] for d in keep), dict.fromkeys(counts, 0))
        for unit, value in counts.items():
            target[unit] += value
    return out


def published_elsewhere(
    cells: Mapping[Key, Mapping[str, int]], dims: int, units: list[str], keeps: Iterable[tuple]
) -> dict[str, dict[Key, int]]:
    """Margin values published by the separately protected lower tables ``keeps``."""
    known: dict[str, dict[Key, int]] = {u: {} for u in units}
    for keep in keeps:
        lower = protect_table(margin_table(cells, keep), units=units)
        for key, counts in lower.values.items():
            if lower.is_suppressed(key):
                continue
            full = [TOTAL] * dims
            for d, part in zip(keep, key, strict=True):
                full[d] = part
            for unit in units:
                known[unit][tuple(full)] = counts[unit]
    return known


def assert_margins_published(table: ProtectedTable) -> None:
    hidden_margins = {k for k in table.margins() if table.is_suppressed(k)}
    assert hidden_margins <= table.primary | table.fallback_margins
    assert table.fallback_margins <= table.secondary
    assert not table.fallback_margins & table.primary


# --------------------------------------------------------------------------- 1. bounds attack

# The portal's year x route table, 2024 row: the two smallest non-zero cells are 1 and 1,
# the other cells are large or a published zero.
YEARS = {2022: [20, 18, 25, 9, 40], 2023: [12, 35, 8, 15, 22], 2024: [1, 40, 0, 1, 30]}
BOUNDS_TABLE = one(
    {(y, r): v for y, row in YEARS.items() for r, v in zip("abcde", row, strict=True)}
)
# What the old method (line rule + rank audit) suppressed on it:
OLD_BOUNDS_PATTERN = {
    (2024, "a"), (2024, "d"),  # primary
    (2022, "b"), (2022, "c"), (2022, "d"), (2023, "a"), (2023, "b"), (2023, "c"),
}  # fmt: skip


def test_bounds_attack_breaks_the_old_pattern() -> None:
    old = with_pattern(protect_table(BOUNDS_TABLE, units=["n"]), OLD_BOUNDS_PATTERN)
    assert old.primary == {(2024, "a"), (2024, "d")}
    # The linear equations alone pin nothing (what the rank audit checked)...
    assert Attacker(old, "n", bounds=False).recovered() == {}
    # ...but with "suppressed means >= 1" the 2024 row gives x + y = 2, so x = y = 1, and the
    # columns then give their partners away.
    assert Attacker(old, "n").recovered() == {
        (2024, "a"): 1, (2024, "d"): 1, (2023, "a"): 12, (2022, "d"): 9,
    }  # fmt: skip
    assert violations(old)


def test_bounds_attack_fails_now() -> None:
    table = protect_table(BOUNDS_TABLE, units=["n"])
    assert table.primary == {(2024, "a"), (2024, "d")}
    assert_margins_published(table)
    assert table.fallback_margins == frozenset()
    intervals = Attacker(table, "n").intervals()
    for key in table.primary:
        assert intervals[key][1] >= 5, (key, intervals[key])
    for key in table.secondary:
        low, high = intervals[key]
        assert high - low >= 1, (key, intervals[key])
    assert violations(table) == []


# --------------------------------------------------------------------------- 2. cross-table

# Routes nested in continents (r1, r3 only in A; r4, r5, r7 only in B; r2 in both; None =
# route unknown).  The route totals are also published as the one-way table `--by route`.
NESTED = one(
    {
        ("r1", "A"): 7, ("r2", "A"): 3, ("r2", "B"): 20, ("r3", "A"): 30, ("r4", "B"): 12,
        ("r5", "B"): 40, ("r7", "B"): 9, (None, "A"): 9, (None, "B"): 15,
    }
)  # fmt: skip
# The old method: the primary (r2, A) needed a partner in column A, took r1's single cell,
# and hid r1's route total to close r1's row; the one-way table publishes that total.
OLD_NESTED_PATTERN = {
    ("r2", "A"), ("r1", "A"), ("r1", TOTAL), ("r2", "B"), ("r7", "B"), ("r7", TOTAL),
}  # fmt: skip


def one_way_known(cells: dict, units: list[str]) -> dict[str, dict[Key, int]]:
    return published_elsewhere(cells, 2, units, [(0,), (1,)])


def test_cross_table_attack_breaks_the_old_pattern() -> None:
    old = with_pattern(protect_table(NESTED, units=["n"]), OLD_NESTED_PATTERN)
    assert Attacker(old, "n", bounds=False).recovered() == {}  # the table alone: safe by rank
    known = one_way_known(NESTED, ["n"])["n"]
    assert known[("r1", TOTAL)] == 7  # the one-way route table publishes r1's total
    found = Attacker(old, "n", known, bounds=False).recovered()
    assert found[("r1", "A")] == 7 and found[("r2", "A")] == 3  # the primary falls


def test_cross_table_attack_fails_now() -> None:
    table = protect_table(NESTED, units=["n"])
    assert table.primary == {("r2", "A")}
    assert_margins_published(table)
    assert not any(table.is_suppressed(k) for k in table.margins())  # none is sensitive
    assert ("r1", "A") not in table.secondary  # r1's only cell would equal its total
    known = one_way_known(NESTED, ["n"])
    assert Attacker(table, "n", known["n"]).recovered() == {}
    assert violations(table, known=known) == []
    assert Attacker(table, "n", known["n"]).interval(("r2", "A"))[1] >= 5


def test_sensitive_margin_is_protected_like_its_own_table() -> None:
    """A route with 2 persons: its total is sensitive in the two-way and the one-way table.

    The margin suppression (fallback) is the one the one-way table makes on its own, so
    the two publications together reveal nothing."""
    cells = NESTED | one({("r6", "B"): 2})
    table = protect_table(cells, units=["n"])
    assert {("r6", "B"), ("r6", TOTAL)} <= table.primary
    assert_margins_published(table)
    routes = protect_table(margin_table(cells, (0,)), units=["n"])
    hidden_routes = {(k[0], TOTAL) for k in routes.primary | routes.secondary}
    assert hidden_routes - table.primary == table.fallback_margins == {("r1", TOTAL)}
    known = one_way_known(cells, ["n"])
    assert ("r1", TOTAL) not in known["n"]  # hidden in both
    assert violations(table, known=known) == []


def test_margin_only_as_a_last_resort() -> None:
    """Row r0 is five cells of 1 under a published total of 5: each is exactly 1 whatever
    interior cells are hidden, so the row total must go (reported as a fallback margin:
    the one-way table of rows publishes 5 unless the caller hides it there too)."""
    rows = [[1, 1, 1, 1, 1], [10, 12, 15, 20, 11], [30, 25, 18, 22, 40]]
    cells = one({(f"r{i}", f"c{j}"): v for i, row in enumerate(rows) for j, v in enumerate(row)})
    table = protect_table(cells, units=["n"])
    assert table.primary == {("r0", f"c{j}") for j in range(5)}
    assert ("r0", TOTAL) in table.fallback_margins
    assert_margins_published(table)
    assert violations(table) == []
    # With the one-way table's 5 known, the row is pinned again: hence the caller's warning.
    known = published_elsewhere(cells, 2, ["n"], [(0,), (1,)])
    assert known["n"][("r0", TOTAL)] == 5
    assert violations(table, known=known)


def test_fallback_margins_defaults_to_empty() -> None:
    table = protect_table(one({("a",): 7, ("b",): 9}), units=["n"])
    bare = ProtectedTable(table.dims, table.units, table.values, table.primary, table.secondary)
    assert bare.fallback_margins == frozenset() == table.fallback_margins


# --------------------------------------------------------------------------- 3. property


RANDOM_TABLES = [random_table(random.Random(20240607 + i)) for i in range(200)]
CHUNKS = 10  # separate test items, so that xdist spreads them


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_tables_cannot_be_attacked(chunk: int) -> None:
    rule = DisclosureRule()
    for number, cells in enumerate(RANDOM_TABLES[chunk::CHUNKS]):
        table = protect_table(cells, units=UNITS)
        dims = table.dims
        assert table.primary == {k for k, v in table.values.items() if rule.is_sensitive(v)}
        assert not table.primary & table.secondary
        assert not any(
            table.is_suppressed(k) for k, v in table.values.items() if not any(v.values())
        )
        assert_margins_published(table)
        assert violations(table) == [], cells
        # Every lower table published on its own hides a subset of what this one hides: this
        # table never publishes a cell that the lower table hides (the other way round are
        # only last-resort fallback margins, which the caller is warned about).
        for size in range(1, dims):
            for keep in itertools.combinations(range(dims), size):
                lower = protect_table(margin_table(cells, keep), units=UNITS)
                for key in lower.primary | lower.secondary:
                    full = [TOTAL] * dims
                    for d, part in zip(keep, key, strict=True):
                        full[d] = part
                    assert table.is_suppressed(tuple(full)), (keep, key)
        if number % 4 == 0:  # deterministic, and independent of the input's insertion order
            shuffled = list(cells.items())
            random.Random(number).shuffle(shuffled)
            again = protect_table(dict(shuffled), units=UNITS)
            assert (again.primary, again.secondary) == (table.primary, table.secondary)


def test_random_tables_old_patterns_were_attackable() -> None:
    """The attack is not vacuous: primary suppression alone fails it on many tables."""
    failing = 0
    for cells in RANDOM_TABLES[:12]:
        table = protect_table(cells, units=UNITS)
        failing += bool(violations(with_pattern(table, table.primary)))
    assert failing >= 6
