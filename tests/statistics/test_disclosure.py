"""Tests for testigo.statistics.disclosure: threshold rule, margins, and a linear attacker.

The attacker here knows every published cell and every line equation of the table (each
line's category cells sum to its TOTAL cell); suppressed cells are unknowns, and a suppressed
cell is recovered iff its unit vector lies in the row space of that linear system.  This is
the weakest attacker (no bounds): test_disclosure_attacks.py adds non-negativity, the
threshold requirement and other published tables, with linear programming.
"""

import copy
import itertools
import os
import pickle
import random
from collections.abc import Iterable, Mapping

# The matrices here are tiny: BLAS threads only fight over the CPUs (10x slower under load).
# Effective only if numpy is not imported yet; harmless otherwise.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import pytest

from testigo.statistics.disclosure import (
    TOTAL,
    DisclosureRule,
    Key,
    ProtectedTable,
    protect_table,
)

# --------------------------------------------------------------------------- attacker


def line_equations(table: ProtectedTable) -> list[dict[Key, int]]:
    """Every line equation, built independently of the module: sum(categories) - TOTAL = 0."""
    interior = list(table.interior())
    cats = [list(dict.fromkeys(k[d] for k in interior)) for d in range(table.dims)]
    axes = [[*c, TOTAL] for c in cats]
    equations = []
    for d in range(table.dims):
        for rest in itertools.product(*axes[:d], *axes[d + 1 :]):
            eq = {(*rest[:d], c, *rest[d:]): 1 for c in cats[d]}
            eq[(*rest[:d], TOTAL, *rest[d:])] = -1
            equations.append(eq)
    return equations


def linear_system(
    table: ProtectedTable, hidden: Iterable[Key], unit: str
) -> tuple[np.ndarray, np.ndarray, list[Key]]:
    """A x = b with x the hidden cells; published cells moved to the right-hand side."""
    unknowns = sorted(hidden, key=repr)
    index = {k: i for i, k in enumerate(unknowns)}
    rows, rhs = [], []
    for eq in line_equations(table):
        row = np.zeros(len(unknowns))
        b = 0
        for key, coef in eq.items():
            if key in index:
                row[index[key]] += coef
            else:
                b -= coef * table.values[key][unit]
        if row.any():
            rows.append(row)
            rhs.append(b)
    a = np.array(rows) if rows else np.zeros((0, len(unknowns)))
    return a, np.array(rhs, dtype=float), unknowns


def recover(
    table: ProtectedTable, hidden: Iterable[Key], unit: str | None = None
) -> dict[Key, float]:
    """Hidden cells the attacker determines uniquely, with the value obtained.

    One SVD: e_i is in the row space iff the row-space projection of e_i has norm 1.
    """
    a, b, unknowns = linear_system(table, hidden, unit or table.units[0])
    if not unknowns or a.shape[0] == 0:
        return {}
    _, s, vt = np.linalg.svd(a, full_matrices=False)
    rowspace = vt[: int((s > 1e-9).sum())]
    found = [i for i in range(len(unknowns)) if np.linalg.norm(rowspace[:, i]) > 1 - 1e-9]
    if not found:
        return {}
    solution = np.linalg.lstsq(a, b, rcond=None)[0]  # minimum norm: exact on determined cells
    return {unknowns[i]: round(float(solution[i]), 6) for i in found}


def recover_by_rank(table: ProtectedTable, hidden: Iterable[Key]) -> set[Key]:
    """Same question, literally: rank([A; e_i]) == rank(A) means e_i is in the row space."""
    a, _, unknowns = linear_system(table, hidden, table.units[0])
    if not unknowns or a.shape[0] == 0:
        return set()
    rank = np.linalg.matrix_rank(a)
    found = set()
    for i, key in enumerate(unknowns):
        e = np.zeros((1, len(unknowns)))
        e[0, i] = 1
        if np.linalg.matrix_rank(np.vstack([a, e])) == rank:
            found.add(key)
    return found


def hidden_of(table: ProtectedTable) -> set[Key]:
    return set(table.primary | table.secondary)


def assert_lines_ok(table: ProtectedTable) -> None:
    hidden = hidden_of(table)
    for eq in line_equations(table):
        assert sum(k in hidden for k in eq) != 1, eq
        for unit in table.units:
            assert sum(c * table.values[k][unit] for k, c in eq.items()) == 0, (eq, unit)


def assert_safe(table: ProtectedTable) -> None:
    assert_lines_ok(table)
    assert recover(table, hidden_of(table)) == {}
    assert recover_by_rank(table, hidden_of(table)) == set()


def one(values: Mapping[Key, int], unit: str = "n") -> dict[Key, dict[str, int]]:
    return {k: {unit: v} for k, v in values.items()}


# --------------------------------------------------------------------------- hand-made tables

TABLE_1D = one({("a",): 3, ("b",): 10, ("c",): 12, ("d",): 0})

TABLE_2D = one(
    {
        ("r1", "c1"): 2, ("r1", "c2"): 10, ("r1", "c3"): 20,
        ("r2", "c1"): 12, ("r2", "c2"): 15, ("r2", "c3"): 8,
        ("r3", "c1"): 30, ("r3", "c2"): 25, ("r3", "c3"): 40,
    }
)  # fmt: skip

TABLE_3D = one(
    {(a, x, p): 20 for a in "ab" for x in "xy" for p in "pq"}
    | {("a", "x", "p"): 1, ("a", "y", "p"): 2}
)

# The line rule alone is not enough on this one: see test_line_rule_alone_can_leak.
TABLE_BRIDGE = one(
    {
        ("c0", "c0"): 15, ("c0", "c1"): 0, ("c0", "c2"): 0,
        ("c1", "c0"): 37, ("c1", "c1"): 11, ("c1", "c2"): 33,
        ("c2", "c0"): 25, ("c2", "c1"): 2, ("c2", "c2"): 0,
    }
)  # fmt: skip


def test_1d_margin_primary_and_secondary() -> None:
    table = protect_table(TABLE_1D, units=["n"])
    assert table.dims == 1
    assert table.units == ("n",)
    assert table.values[(TOTAL,)] == {"n": 25}
    assert table.primary == {("a",)}
    assert table.secondary == {("b",)}  # smallest positive, not the zero cell "d"
    assert list(table.interior()) == [("a",), ("b",), ("c",), ("d",)]
    assert list(table.margins()) == [(TOTAL,)]
    assert table.is_suppressed(("a",)) and not table.is_suppressed((TOTAL,))
    assert_safe(table)


def test_2d_known_pattern() -> None:
    table = protect_table(TABLE_2D, units=["n"])
    assert table.primary == {("r1", "c1")}
    # The primary's row and column partners close a rectangle, big enough for the primary
    # (2) to be anything from 1 to 11 for an attacker; margins stay published.
    assert table.secondary == {("r1", "c2"), ("r2", "c1"), ("r2", "c2")}
    assert table.fallback_margins == frozenset()
    assert table.values[("r1", TOTAL)] == {"n": 32}
    assert table.values[(TOTAL, "c1")] == {"n": 44}
    assert table.values[(TOTAL, TOTAL)] == {"n": 162}
    assert len(list(table.margins())) == 3 + 3 + 1
    assert_safe(table)


def test_3d_primary_includes_small_margin() -> None:
    table = protect_table(TABLE_3D, units=["n"])
    assert table.primary == {("a", "x", "p"), ("a", "y", "p"), ("a", TOTAL, "p")}
    assert table.values[("a", TOTAL, "p")] == {"n": 3}
    assert table.values[(TOTAL, TOTAL, TOTAL)] == {"n": 6 * 20 + 3}
    assert len(table.values) == 3**3
    assert len(list(table.margins())) == 3**3 - 2**3
    # The sensitive margin is a cell of the dim-0 x dim-2 table: protected there, with other
    # cells of that table (margins here), as that table published on its own would be.
    assert table.fallback_margins == {("a", TOTAL, "q"), ("b", TOTAL, "p"), ("b", TOTAL, "q")}
    assert table.fallback_margins <= table.secondary
    assert_safe(table)


def test_primary_only_is_recoverable() -> None:
    """The attack works: with the primary pattern alone, the hidden cells come back."""
    table = protect_table(TABLE_1D, units=["n"])
    assert recover(table, table.primary) == {("a",): 3}
    assert recover_by_rank(table, table.primary) == {("a",)}
    table = protect_table(TABLE_2D, units=["n"])
    assert recover(table, table.primary) == {("r1", "c1"): 2}


def test_line_rule_alone_can_leak() -> None:
    """Every line has 0 or >= 2 hidden cells, yet the primary (a "bridge") is recoverable."""
    table = protect_table(TABLE_BRIDGE, units=["n"])
    line_closed = {
        ("c0", "c0"), ("c0", TOTAL), ("c2", "c0"), ("c2", TOTAL),  # one closed cycle
        ("c1", "c1"), ("c1", "c2"), (TOTAL, "c1"), (TOTAL, "c2"),  # another one
        ("c2", "c1"),  # the primary, bridging both cycles
    }  # fmt: skip
    assert all(sum(k in line_closed for k in eq) != 1 for eq in line_equations(table))
    assert recover(table, line_closed) == {("c2", "c1"): 2}
    assert table.primary == {("c2", "c1")}
    # The module closes a rectangle of interior cells instead (margins stay published).
    assert table.secondary == {("c1", "c0"), ("c1", "c1"), ("c2", "c0")}
    assert_safe(table)


def test_zero_cells_are_not_primary() -> None:
    table = protect_table(one({("a",): 0, ("b",): 7, ("c",): 9}), units=["n"])
    assert table.primary == frozenset() and table.secondary == frozenset()
    table = protect_table(one({("x", "a"): 0, ("x", "b"): 0, ("y", "a"): 6}), units=["n"])
    assert table.values[("x", TOTAL)] == {"n": 0}
    assert table.primary == frozenset()


def test_negative_cells_are_primary() -> None:
    table = protect_table(one({("a",): -2, ("b",): 30, ("c",): 40}), units=["n"])
    assert table.primary == {("a",)}
    assert table.secondary == {("b",)}
    assert_safe(table)


def test_threshold_is_configurable() -> None:
    cells = one({("a",): 7, ("b",): 12, ("c",): 30})
    assert protect_table(cells, units=["n"]).primary == frozenset()
    table = protect_table(cells, units=["n"], rule=DisclosureRule(threshold=10))
    assert table.primary == {("a",)}
    assert table.secondary == {("b",)}
    assert protect_table(one({("a",): 1}), units=["n"], rule=DisclosureRule(1)).primary == set()


def test_pattern_is_shared_across_units() -> None:
    units = ["dead", "missing", "dead_and_missing"]

    def cell(dead: int, missing: int) -> dict[str, int]:
        return {"dead": dead, "missing": missing, "dead_and_missing": dead + missing}

    cells = {("a",): cell(20, 2), ("b",): cell(30, 0), ("c",): cell(25, 10)}
    table = protect_table(cells, units=units)
    assert table.primary == {("a",)}  # small in "missing" only
    # "b" would give the primary no room in "missing" (0 there): "c" (10 missing) does.
    assert table.secondary == {("c",)}
    assert table.values[(TOTAL,)] == cell(75, 12)
    for unit in units:
        assert recover(table, hidden_of(table), unit) == {}
    # A per-unit pattern would leak: hiding ("a",) and ("c",) only in "missing" while
    # publishing "dead" and "dead_and_missing" gives missing = dead_and_missing - dead.
    assert table.values[("a",)]["dead_and_missing"] - table.values[("a",)]["dead"] == 2


def test_none_is_an_ordinary_category() -> None:
    cells = one(
        {
            (2020, "m"): 30, (None, "f"): 2, (2019, "m"): 15,
            (2019, "f"): 12, (None, "m"): 9, (2020, "f"): 20,
        }
    )  # fmt: skip
    table = protect_table(cells, units=["n"])
    assert list(table.interior()) == [
        (None, "f"), (None, "m"), (2019, "f"), (2019, "m"), (2020, "f"), (2020, "m"),
    ]  # fmt: skip
    assert table.values[(None, TOTAL)] == {"n": 11}  # the "unknown year" row
    assert table.values[(TOTAL, "f")] == {"n": 34}
    assert table.values[(TOTAL, TOTAL)] == {"n": 88}
    assert (None, "f") in table.primary and (TOTAL, "f") not in table.primary
    assert (None, "f") not in set(table.margins())
    assert list(table.margins())[-1] == (TOTAL, TOTAL)
    assert TOTAL is not None and TOTAL != None and repr(TOTAL) == "TOTAL"  # noqa: E711
    assert_safe(table)


def test_total_is_a_singleton() -> None:
    assert pickle.loads(pickle.dumps(TOTAL)) is TOTAL  # noqa: S301
    assert copy.deepcopy((1, TOTAL))[1] is TOTAL
    assert type(TOTAL)() is TOTAL


def test_missing_combinations_are_published_zeros() -> None:
    table = protect_table(one({("a", "x"): 8, ("b", "y"): 9}), units=["n"])
    assert table.values[("a", "y")] == {"n": 0}
    assert len(list(table.interior())) == 4
    assert not table.is_suppressed(("a", "y"))


@pytest.mark.parametrize(
    ("cells", "units", "message"),
    [
        ({}, ["n"], "empty"),
        ({("a",): {"n": 1}}, [], "units"),
        ({("a",): {"n": 1}}, "n", "single string"),
        ({("a",): {"n": 1}}, ["n", "n"], "duplicate"),
        ({"a": {"n": 1}}, ["n"], "tuple"),
        ({(): {"n": 1}}, ["n"], "tuple"),
        ({("a",): {"n": 1}, ("a", "b"): {"n": 1}}, ["n"], "dimensions"),
        ({("a", TOTAL): {"n": 1}}, ["n"], "TOTAL"),
        ({("a",): {"n": 1}}, ["n", "m"], "exactly units"),
        ({("a",): {"n": 1, "m": 2}}, ["n"], "exactly units"),
        ({("a",): {"n": 1.0}}, ["n"], "not an int"),
        ({("a",): {"n": "1"}}, ["n"], "not an int"),
        ({("a",): {"n": True}}, ["n"], "not an int"),
        ({("a",): 3}, ["n"], "exactly units"),
    ],
)
def test_bad_input_raises(cells: dict, units: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        protect_table(cells, units=units)


@pytest.mark.parametrize("threshold", [0, -3, 2.5, True])
def test_bad_threshold_raises(threshold: object) -> None:
    with pytest.raises(ValueError, match="threshold"):
        DisclosureRule(threshold=threshold)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- property loop


def random_table(rng: random.Random) -> dict[Key, dict[str, int]]:
    dims = rng.randint(1, 3)
    cats = [[f"k{j}" for j in range(rng.randint(2, 6))] for _ in range(dims)]
    if rng.random() < 0.3:
        cats[0][0] = None  # an "unknown" category
    cells = {}
    for key in itertools.product(*cats):
        if rng.random() < 0.2:
            continue  # missing combination: a zero cell
        dead = rng.choice([0, 0, 1, 2, 3, 4, rng.randint(5, 40)])
        missing = rng.choice([0, 0, 0, 1, 3, rng.randint(5, 20)])
        cells[key] = {"dead": dead, "missing": missing, "dead_and_missing": dead + missing}
    return cells or {tuple(c[0] for c in cats): {"dead": 1, "missing": 0, "dead_and_missing": 1}}


def test_random_tables_cannot_be_attacked() -> None:
    rng = random.Random(20240607)
    units = ["dead", "missing", "dead_and_missing"]
    rule = DisclosureRule()
    leaking_primary_only = 0
    for _ in range(40):
        cells = random_table(rng)
        table = protect_table(cells, units=units)
        assert table.primary == {k for k, v in table.values.items() if rule.is_sensitive(v)}
        assert not table.primary & table.secondary
        assert_lines_ok(table)
        for unit in units:
            assert recover(table, hidden_of(table), unit) == {}, cells
        leaking_primary_only += bool(recover(table, table.primary))
    assert leaking_primary_only > 10  # the attack is not vacuous


def test_projection_attack_agrees_with_matrix_rank() -> None:
    rng = random.Random(7)
    for _ in range(15):
        table = protect_table(random_table(rng), units=["dead", "missing", "dead_and_missing"])
        for hidden in (table.primary, hidden_of(table)):
            assert set(recover(table, hidden)) == recover_by_rank(table, hidden)
