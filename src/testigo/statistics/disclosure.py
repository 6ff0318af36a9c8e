"""Statistical disclosure control for published frequency tables (cell suppression).

A table is its interior cells (one category per dimension) plus every margin (each subset
of dimensions replaced by ``TOTAL``, up to the grand total); every cell has several units.
A *line* is the cells along one dimension with the other coordinates fixed plus the cell
with ``TOTAL`` there that they sum to; every line of every dimension, margins included, is
a published equation.

Method
------
* **Primary suppression (threshold rule)**: a cell is sensitive when any unit value ``v``
  has ``0 < v < k`` or ``v < 0``.  Zero cells are not sensitive (a published zero says
  "nobody") and are never suppressed.  One pattern for all units: units may be linear
  combinations of each other (dead + missing = dead_and_missing), per-unit patterns leak.
* **Margins are published unless sensitive.**  A margin is a cell of a lower-dimensional
  table that is published on its own (``--by route`` is a margin of ``--by year,route``),
  so hiding it here protects nothing.  The table of every subset ``S`` of the dimensions
  (one-way tables first, then two-way, ..., the table itself) is protected in turn,
  starting from its primary cells and the patterns of its own lower tables, computed the
  same way: the pattern a lower table gets inside this table contains exactly the pattern
  ``protect_table`` gives it when it is published alone, so the two publications agree.
  Protecting ``S`` adds *interior* cells of ``S``; only when no interior choice can protect
  a cell (e.g. a published row total 5 over five cells of 1: each is exactly 1, whatever is
  hidden) does it add a margin, as a last resort.  ``ProtectedTable.fallback_margins``
  lists every suppressed margin that is not itself sensitive: those suppressed by their
  own lower table (its secondary cells, which it hides too) and the last-resort ones, which
  the lower table published alone does not hide; the caller should warn, and hide them in
  the lower table too (compare with ``protect_table`` of that table).
* **Line rule (cheap first pass)**: each line holds 0 or >= 2 suppressed cells, and a
  primary cell can grow to ``k`` within each of its lines (the other suppressed category
  cells can give ``value - lower bound`` each, or the line total is suppressed too).  A
  line that fails gets one more non-zero interior cell, preferring (1) a cell big enough to
  give the primary room (``v >= k - v_primary + 1``), (2) a cell whose other lines already
  hold suppressions (closing a cycle instead of opening new lines), (3) the smallest value,
  (4) key order.  A cell that would be the only non-zero cell of an otherwise open line is
  not chosen (it would equal that line's published total); a line with exactly one
  suppressed cell and no interior choice gets a margin.
* **Attacker audit (linear programming)**: the attacker knows every published value, all
  line equations, and bounds: a suppressed cell is >= 1 when its value is positive (zeros
  are published, so a suppressed cell is not zero), >= 0 in a unit where it is 0, unbounded
  below when negative; no upper bound.  For each unit separately (each unit's values give
  their own system) and each connected group of suppressed cells, ``scipy.optimize.linprog``
  (HiGHS) bounds the attacker's interval ``[min, max]`` of each suppressed cell.  Required:
  a primary cell's small value (``0 < v < k``) has ``max >= k`` (the attacker cannot
  conclude it is below the threshold); every other non-zero value of a suppressed cell
  (secondary cells, negative values, large values of primary cells) has ``max - min >= 1``
  (it is not exactly determined).  Zero values are not checked (publishable anyway).
  Batching: every LP solution is a feasible point, so it settles every check it reaches at
  once; LPs maximising (then minimising) the sum of the open cells come first, and each
  solution minus the true table is a *move* kept for a numpy ratio test in the next checks
  (valid in every unit and after more suppressions); only what is left gets its own LPs.
  Adding suppressions only widens intervals, so a passed check is never run again.
* **Repair**: for a failing check, the non-zero interior cells in the failing cell's lines
  are tried in the line rule's preference order (at most 8, each with the line rule
  applied after it), and the first whose suppression makes the check pass is taken; if none
  does, the one opening the fewest new lines, then the largest.  If even suppressing every
  interior cell would not make it pass, the same choice is made among margins (fallback).
  Then the line rule and the audit run again.  This terminates (each round hides at least
  one more cell; with everything hidden every interval is unbounded above) and is
  deterministic (ties by key order, never input order).

Sources: threshold rule and primary/secondary suppression per the OECD / Eurostat SDC
glossary and the Handbook on Statistical Disclosure Control (Hundepool et al., ch. 4
"Magnitude tabular data" on protection intervals and the attacker's LP, ch. 5 "Frequency
tables", https://sdctools.github.io/HandbookSDC/); the attacker-interval audit is the
protection-interval requirement of tau-ARGUS (upper protection level: the attacker's upper
bound must reach the threshold; sliding protection of 1 for the other cells), checked
exactly by LP after a greedy choice instead of being built into an optimiser.

Known limits: a greedy heuristic, not tau-ARGUS's minimum-loss optimisation (it may
over-suppress).  The audit uses the LP relaxation: for 2-D tables (totally unimodular
constraints) its intervals are those of an integer attacker; for 3-D and more, an attacker
with integer programming may get a slightly narrower interval.  Units are audited one at a
time: the module does not know how units relate (dead + missing = dead_and_missing), and an
attacker who combines the units' systems may get narrower intervals.  Hidden cells whose
value is 0 in some unit are only known to be >= 0 there; an attacker who knows structural
zeros (a route that never crosses a continent) knows more.  Coordination covers the margins
of this table: tables that are not margins of each other (a ``--where`` filtered table and
the unfiltered one) are protected independently, and last-resort fallback margins are
published by the lower table unless the caller hides them there too.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

__all__ = ["TOTAL", "DisclosureRule", "Key", "ProtectedTable", "protect_table"]


class _Total:
    """Marker for a key position that is aggregated over (a margin); a singleton."""

    __slots__ = ()
    _instance: _Total | None = None

    def __new__(cls) -> _Total:
        if _Total._instance is None:
            _Total._instance = super().__new__(cls)
        return _Total._instance

    def __repr__(self) -> str:
        return "TOTAL"

    def __reduce__(self) -> str:  # pickling/copying keeps the singleton
        return "TOTAL"


TOTAL: Final = _Total()
Key = tuple[object, ...]
_EPS: Final = 1e-6  # LP tolerance; true values are integers, limits are integers
_TRIES: Final = 8  # candidates tried one by one per repair before taking the largest
_MOVES: Final = 64  # feasible moves kept for the ratio test (the most recent ones)


def _part_order(part: object) -> tuple[int, object, object]:
    """None first, then numbers, then strings, then anything else by repr; TOTAL last."""
    if part is None:
        return (0, 0, "")
    if part is TOTAL:
        return (4, 0, "")
    if isinstance(part, int | float) and not isinstance(part, bool):
        return (1, part, "")
    if isinstance(part, str):
        return (2, 0, part)
    return (3, type(part).__name__, repr(part))


def _key_order(key: Key) -> tuple[tuple[int, object, object], ...]:
    return tuple(_part_order(part) for part in key)


@dataclass(frozen=True)
class DisclosureRule:
    """Threshold rule: a cell is sensitive if some unit value v has 0 < v < threshold or v < 0.

    Zero cells are not sensitive.  ``threshold`` must be an int >= 1 (1 only flags negatives).
    """

    threshold: int = 5

    def __post_init__(self) -> None:
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int):
            raise ValueError(f"threshold must be an int, got {self.threshold!r}")
        if self.threshold < 1:
            raise ValueError(f"threshold must be >= 1, got {self.threshold}")

    def is_sensitive(self, counts: Mapping[str, int]) -> bool:
        """True if any unit value in ``counts`` is negative or in ``1 .. threshold - 1``."""
        return any(v < 0 or 0 < v < self.threshold for v in counts.values())


@dataclass(frozen=True)
class ProtectedTable:
    """A frequency table with all margins and its suppression pattern.

    ``values`` maps every key (``dims`` long; interior keys and all ``2**dims - 1`` kinds of
    margin keys with ``TOTAL`` in some positions) to ``{unit: count}`` for all ``units``.
    Suppressed cells (``primary | secondary``) must not be published, in any unit.
    ``fallback_margins`` (a subset of ``secondary``, empty by default) are the margins
    suppressed although not sensitive: either by the protection of their own lower table
    (which, published alone, hides them too) or as a last resort (which it does not: the
    caller should warn and hide them there too).
    """

    dims: int
    units: tuple[str, ...]
    values: dict[Key, dict[str, int]]
    primary: frozenset[Key]
    secondary: frozenset[Key]
    fallback_margins: frozenset[Key] = frozenset()

    def is_suppressed(self, key: Key) -> bool:
        """True if the cell ``key`` (interior or margin) must not be published."""
        return key in self.primary or key in self.secondary

    def interior(self) -> Iterator[Key]:
        """Interior keys (no TOTAL), sorted: None first, then numbers, then strings."""
        return iter(sorted((k for k in self.values if TOTAL not in k), key=_key_order))

    def margins(self) -> Iterator[Key]:
        """Margin keys (at least one TOTAL), sorted like ``interior``; TOTAL sorts last."""
        return iter(sorted((k for k in self.values if TOTAL in k), key=_key_order))


def protect_table(
    cells: Mapping[Key, Mapping[str, int]],
    *,
    units: Sequence[str],
    rule: DisclosureRule = DisclosureRule(),
) -> ProtectedTable:
    """Compute margins and primary/secondary suppression for an n-dimensional table.

    ``cells`` maps interior keys (tuples of one category per dimension, all the same length
    n >= 1; ``None`` is an ordinary category) to ``{unit: int}`` with exactly the names in
    ``units``.  Categories of a dimension are those appearing in some key; missing
    combinations are published zero cells.  The output is deterministic.

    Raises ValueError for: no cells, no/duplicate/non-str units, a key that is not a
    non-empty tuple, keys of different lengths, TOTAL inside a key, a cell whose unit names
    differ from ``units``, or a non-int (or bool) value.
    """
    unit_names, dims = _validate(cells, units)
    cats = [sorted({key[d] for key in cells}, key=_part_order) for d in range(dims)]
    axes = [(*c, TOTAL) for c in cats]
    values = {key: dict.fromkeys(unit_names, 0) for key in itertools.product(*axes)}
    masks = list(itertools.product((False, True), repeat=dims))
    for key, counts in cells.items():
        for mask in masks:
            target = values[tuple(TOTAL if m else p for p, m in zip(key, mask, strict=True))]
            for unit in unit_names:
                target[unit] += counts[unit]

    primary = frozenset(k for k, counts in values.items() if rule.is_sensitive(counts))
    protector = _Protector(values, unit_names, axes, rule.threshold, primary)
    hidden = protector.run()
    secondary = frozenset(hidden - primary)
    return ProtectedTable(
        dims=dims,
        units=unit_names,
        values=values,
        primary=primary,
        secondary=secondary,
        fallback_margins=frozenset(k for k in secondary if TOTAL in k),
    )


def _validate(
    cells: Mapping[Key, Mapping[str, int]], units: Sequence[str]
) -> tuple[tuple[str, ...], int]:
    if isinstance(units, str):
        raise ValueError("units must be a sequence of unit names, not a single string")
    unit_names = tuple(units)
    if not unit_names or not all(isinstance(u, str) for u in unit_names):
        raise ValueError(f"units must be a non-empty sequence of str, got {units!r}")
    if len(set(unit_names)) != len(unit_names):
        raise ValueError(f"duplicate unit names in {unit_names!r}")
    if not cells:
        raise ValueError("cells is empty: at least one interior cell is needed")
    dims = 0
    for key, counts in cells.items():
        if not isinstance(key, tuple) or not key:
            raise ValueError(f"cell key {key!r} must be a non-empty tuple")
        dims = dims or len(key)
        if len(key) != dims:
            raise ValueError(f"cell key {key!r} has {len(key)} dimensions, expected {dims}")
        if any(part is TOTAL for part in key):
            raise ValueError(f"interior cell key {key!r} must not contain TOTAL")
        if not isinstance(counts, Mapping) or set(counts) != set(unit_names):
            got = sorted(counts) if isinstance(counts, Mapping) else counts
            raise ValueError(f"cell {key!r} must have exactly units {unit_names!r}, got {got!r}")
        for unit in unit_names:
            value = counts[unit]
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"cell {key!r} unit {unit!r}: value {value!r} is not an int")
    return unit_names, dims


_Check = tuple[int, int, bool]  # (cell, unit, reach): reach = "max >= k", else "max - min >= 1"
_UNBOUNDED: Final = object()


class _Protector:
    """Secondary suppression for one table; cells and lines are integer indices.

    ``support[c]`` is the set of dimensions where cell ``c`` has a category (not TOTAL); the
    table of a subset ``S`` of dimensions is the cells with support within ``S`` and the
    lines among them.  Tables are protected from the one-way tables up (module docstring).
    """

    def __init__(
        self,
        values: dict[Key, dict[str, int]],
        units: tuple[str, ...],
        axes: list[tuple[object, ...]],
        threshold: int,
        primary: frozenset[Key],
    ) -> None:
        self.dims = len(axes)
        self.keys = list(values)
        index = {key: i for i, key in enumerate(self.keys)}
        self.vals = np.array([[values[k][u] for u in units] for k in self.keys], dtype=np.int64)
        self.units = len(units)
        self.k = threshold
        order = sorted(range(len(self.keys)), key=lambda i: _key_order(self.keys[i]))
        self.rank = [0] * len(self.keys)
        for position, i in enumerate(order):
            self.rank[i] = position
        self.primary = {index[k] for k in primary}
        self.nonzero = [bool(row.any()) for row in self.vals]
        self.support = [frozenset(d for d, p in enumerate(k) if p is not TOTAL) for k in self.keys]
        # Lines: category cells along dimension d, then the TOTAL cell (the last one).
        self.lines: list[tuple[int, ...]] = []
        self.line_support: list[frozenset[int]] = []
        for d in range(self.dims):
            for rest in itertools.product(*axes[:d], *axes[d + 1 :]):
                line = tuple(index[(*rest[:d], c, *rest[d:])] for c in axes[d])
                self.lines.append(line)
                self.line_support.append(self.support[line[0]])
        width = max(len(line) for line in self.lines)
        self.line_cells = np.full((len(self.lines), width + 1), -1)  # one spare: -1 pads
        self.line_coefs = np.zeros((len(self.lines), width + 1))
        for lid, line in enumerate(self.lines):
            self.line_cells[lid, : len(line)] = line
            self.line_coefs[lid, : len(line)] = 1.0
            self.line_coefs[lid, len(line) - 1] = -1.0
        self.through: list[list[int]] = [[] for _ in self.keys]
        for lid, line in enumerate(self.lines):
            for c in line:
                self.through[c].append(lid)
        self.hidden: set[int] = set()
        self.count = [0] * len(self.lines)  # hidden cells per line
        # Per-level state, set by _level.
        self.level: frozenset[int] = frozenset()
        self.in_level: list[bool] = []

    # ------------------------------------------------------------------ driver

    def run(self) -> set[Key]:
        """Protect every margin table from the one-way tables up, then the table itself.

        The table of dimensions ``S`` starts from its primary cells and the patterns of the
        tables of the proper subsets of ``S`` (each computed the same way), so its pattern
        is exactly what ``protect_table`` gives for that table published on its own.
        """
        patterns: dict[frozenset[int], set[int]] = {}
        for size in range(1, self.dims + 1):
            for subset in itertools.combinations(range(self.dims), size):
                level = frozenset(subset)
                start = {c for c in self.primary if self.support[c] <= level}
                for lower, pattern in patterns.items():
                    if lower < level:
                        start |= pattern
                self.hidden, self.count = set(), [0] * len(self.lines)
                for c in sorted(start):
                    self._hide(c)
                self._level(level)
                patterns[level] = set(self.hidden)
        return {self.keys[c] for c in self.hidden}

    def _hide(self, cell: int) -> None:
        self.hidden.add(cell)
        for lid in self.through[cell]:
            self.count[lid] += 1

    def _level(self, level: frozenset[int]) -> None:
        self.level = level
        self.in_level = [s <= level for s in self.line_support]
        self.level_lines = [lid for lid, ok in enumerate(self.in_level) if ok]
        self.closure = [c for c, s in enumerate(self.support) if s <= level]
        pending: dict[tuple[int, int], bool] = {}
        registered: set[int] = set()
        self.helpable: set[_Check] = set()  # checks that hiding all interior cells would pass
        self.failed: dict[frozenset[int], set[tuple[int, int]]] = {}  # group -> failing checks
        self.moves: list[tuple[np.ndarray, np.ndarray]] = []  # (cells, steps), this level
        while True:
            self._close_lines()
            for c in sorted(self.hidden - registered, key=self.rank.__getitem__):
                if self.support[c] <= level:
                    registered.add(c)
                    for u in range(self.units):
                        v = int(self.vals[c, u])
                        if v:
                            pending[(c, u)] = c in self.primary and 0 < v < self.k
            failures = self._audit(pending)
            if not failures:
                return
            added: list[int] = []
            for cell, unit, reach in failures:
                near = {x for lid in self._lines_of(cell) for x in self.lines[lid]}
                if not near.isdisjoint(added):
                    continue  # re-audited next round
                if added and self._passes(self.hidden, (cell, unit, reach)):
                    continue  # fixed by this round's other additions
                before = set(self.hidden)
                self._hide(self._repair(cell, unit, reach))
                self._close_lines()
                added.extend(self.hidden - before)

    # ------------------------------------------------------------------ choices

    def _lines_of(self, cell: int) -> list[int]:
        return [lid for lid in self.through[cell] if self.in_level[lid]]

    def _interior(self, cell: int) -> bool:
        return self.support[cell] == self.level

    def _dead_end(self, cell: int) -> bool:
        """Hiding ``cell`` alone would leave it the only unknown of an open line."""
        for lid in self._lines_of(cell):
            if self.count[lid] == 0 and not any(
                x != cell and self.nonzero[x] and self._interior(x) for x in self.lines[lid]
            ):
                return True
        return False

    def _tier(self, cell: int) -> int | None:
        """0: interior cell; 1: margin of this level; 2: interior dead end; None: not a choice."""
        if cell in self.hidden or not self.nonzero[cell]:
            return None
        if not self._interior(cell):
            return 1
        return 2 if self._dead_end(cell) else 0

    def _preference(self, cell: int, protecting: int) -> tuple[object, ...]:
        vals, k = self.vals, self.k
        short = protecting in self.primary and any(
            0 < vals[protecting, u] < k and vals[cell, u] < k - vals[protecting, u] + 1
            for u in range(self.units)
        )
        opens = sum(self.count[lid] == 0 for lid in self._lines_of(cell))
        size = abs(int(vals[cell, 0]))
        return (short, opens, size, int(abs(vals[cell]).sum()), self.rank[cell])

    def _largest(self, cell: int) -> tuple[object, ...]:
        opens = sum(self.count[lid] == 0 for lid in self._lines_of(cell))
        return (
            opens,
            -abs(int(self.vals[cell, 0])),
            -int(abs(self.vals[cell]).sum()),
            self.rank[cell],
        )

    def _needy(self, lid: int) -> int | None:
        """The hidden cell that line ``lid`` fails to protect, if any.

        A line fails a hidden cell when that cell is its only hidden one, or when a primary
        category cell cannot grow to ``k`` within the line: the other hidden category cells
        can give at most ``value - lower bound`` each (a necessary condition only; the LP
        audit checks the rest).  None when the line is fine.
        """
        if self.count[lid] == 0:
            return None
        line, vals, k = self.lines[lid], self.vals, self.k
        shown = [c for c in line if c in self.hidden]
        if len(shown) == 1:
            return shown[0]
        if line[-1] in self.hidden:
            return None  # the total is free too: no upper limit within this line
        for c in shown:
            if c not in self.primary:
                continue
            for u in range(self.units):
                v = vals[c, u]
                if 0 < v < k:
                    room = 0
                    for y in shown:
                        w = vals[y, u]
                        if y != c:
                            room += w - 1 if w > 0 else k if w < 0 else 0
                    if room < k - v:
                        return c
        return None

    def _close_lines(self) -> None:
        """Line rule: add cells until no line of this level fails a hidden cell (_needy)."""
        heap = [lid for lid in self.level_lines if self.count[lid]]
        heapq.heapify(heap)
        while heap:
            lid = heapq.heappop(heap)
            needy = self._needy(lid)
            if needy is None:
                continue
            line = self.lines[lid]
            tiers = {c: self._tier(c) for c in line}
            if self.count[lid] == 1:  # tier 1 (a margin) only as a last resort
                options = [t for t in tiers.values() if t is not None]
            else:  # more room: only interior cells, else left to the LP audit
                options = [t for t in tiers.values() if t == 0]
            if not options:
                continue
            choices = [c for c, t in tiers.items() if t == min(options)]
            extra = min(choices, key=lambda c: self._preference(c, needy))
            self._hide(extra)
            heap.extend(x for x in self.through[extra] if self.in_level[x])
            heap.append(lid)
            heapq.heapify(heap)

    def _closed_with(self, cell: int) -> set[int]:
        """The hidden set after hiding ``cell`` and applying the line rule (state restored)."""
        hidden, count = set(self.hidden), list(self.count)
        self._hide(cell)
        self._close_lines()
        result = self.hidden
        self.hidden, self.count = hidden, count
        return result

    def _repair(self, cell: int, unit: int, reach: bool) -> int:
        """One more hidden cell for a failing check (see module docstring)."""
        check = (cell, unit, reach)
        near = {x for lid in self._lines_of(cell) for x in self.lines[lid]}
        if check not in self.helpable:
            everything = {c for c in self.closure if self._tier(c) in (0, 2)}
            if everything and self._passes(self.hidden | everything, check):
                self.helpable.add(check)
        for tier in (0, 1, 2) if check in self.helpable else (1, 2):
            choices = [c for c in near if self._tier(c) == tier]
            if not choices:  # widen to the lines of the whole group of linked hidden cells
                group, _ = self._component(self.hidden, cell)
                wide = {x for g in group for lid in self._lines_of(g) for x in self.lines[lid]}
                choices = [c for c in wide if self._tier(c) == tier]
            if not choices:
                choices = [c for c in self.closure if self._tier(c) == tier]
            choices.sort(key=lambda c: self._preference(c, cell))
            for choice in choices[:_TRIES]:
                if self._passes(self._closed_with(choice), check):
                    return choice
            if choices:
                return min(choices, key=self._largest)
        # Unreachable: with every cell hidden every interval is unbounded above.
        raise RuntimeError(f"disclosure: no cell left to protect {self.keys[cell]!r}")

    # ------------------------------------------------------------------ attacker LP

    def _component(self, hidden: set[int], seed: int) -> tuple[list[int], list[int]]:
        """Hidden cells linked to ``seed`` through lines of this level, and those lines."""
        cells, lines, todo = {seed}, set(), [seed]
        while todo:
            c = todo.pop()
            for lid in self.through[c]:
                if self.in_level[lid] and lid not in lines:
                    lines.add(lid)
                    for x in self.lines[lid]:
                        if x in hidden and x not in cells:
                            cells.add(x)
                            todo.append(x)
        return sorted(cells, key=self.rank.__getitem__), sorted(lines)

    def _system(
        self, cells: list[int], lines: list[int]
    ) -> tuple[np.ndarray, np.ndarray, dict[int, int]]:
        """``A x = B[:, unit]``: the line equations with the published cells moved right.

        The true values satisfy every line, so ``B = A @ true`` (no need to sum the rest).
        """
        where = np.full(len(self.keys), -1)
        where[cells] = np.arange(len(cells))
        members = self.line_cells[lines]  # lines x longest line, padded with cell -1
        coefs = self.line_coefs[lines]
        rows = np.repeat(np.arange(len(lines)), members.shape[1])
        cols = where[members.ravel()]
        keep = (members.ravel() >= 0) & (cols >= 0)
        a = np.zeros((len(lines), len(cells)))
        np.add.at(a, (rows[keep], cols[keep]), coefs.ravel()[keep])
        return a, a @ self.vals[cells].astype(float), {c: j for j, c in enumerate(cells)}

    def _bounds(self, cells: list[int], unit: int) -> list[tuple[float | None, None]]:
        out: list[tuple[float | None, None]] = []
        for c in cells:
            v = self.vals[c, unit]
            out.append((1.0 if v > 0 else 0.0 if v == 0 else None, None))
        return out

    @staticmethod
    def _solve(
        a: np.ndarray, b: np.ndarray, bounds: list[tuple[float | None, None]], objective: np.ndarray
    ) -> object:
        """An optimal point, ``_UNBOUNDED``, or None when the solver gives no answer."""
        from scipy.optimize import linprog  # here: importing it takes 0.6 s, skip when unused

        result = linprog(objective, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        if result.status == 0:
            return result.x
        return _UNBOUNDED if result.status == 3 else None

    def _audit(self, pending: dict[tuple[int, int], bool]) -> list[_Check]:
        """Run the pending checks; drop those that pass; return the failing ones, sorted."""
        failures: list[_Check] = []
        done: set[int] = set()
        for c, _ in sorted(pending, key=lambda cu: (self.rank[cu[0]], cu[1])):
            if c in done:
                continue
            cells, lines = self._component(self.hidden, c)
            done.update(cells)
            group = frozenset(cells)
            here = {(x, u) for x in cells for u in range(self.units) if (x, u) in pending}
            if self.failed.get(group) == here:  # same cells, same checks: same result
                failures.extend((x, u, pending[(x, u)]) for x, u in here)
                continue
            a, b, position = self._system(cells, lines)
            self.failed[group] = set()
            for unit in range(self.units):
                checks = {position[x]: pending[(x, unit)] for x in cells if (x, unit) in pending}
                if not checks:
                    continue
                failed = self._interval_failures(a, b[:, unit], cells, unit, checks)
                for j in checks:
                    if j in failed:
                        failures.append((cells[j], unit, checks[j]))
                        self.failed[group].add((cells[j], unit))
                    else:
                        del pending[(cells[j], unit)]
        return sorted(failures, key=lambda f: (self.rank[f[0]], f[1]))

    def _interval_failures(
        self,
        a: np.ndarray,
        b: np.ndarray,
        cells: list[int],
        unit: int,
        checks: dict[int, bool],
        learn: bool = True,
    ) -> list[int]:
        """Positions of ``checks`` (position -> reach) the attacker's intervals violate.

        Every feasible point ``y`` the LPs return gives a move ``y - true`` with ``A (y -
        true) = 0``: valid in every unit and after more cells are hidden (new cells move by
        0), so moves are kept (``learn``) and tried first by a ratio test (``_moved``).
        """
        bounds = self._bounds(cells, unit)
        true = self.vals[cells, unit].astype(float)
        hi, lo = self._moved(cells, true, bounds)
        open_ = {i: reach for i, reach in checks.items() if not self._ok(reach, hi[i], lo[i])}

        def absorb(point: object, j: int | None = None) -> None:
            if point is _UNBOUNDED:
                if j is not None:
                    hi[j] = np.inf
            elif isinstance(point, np.ndarray):
                np.maximum(hi, point, out=hi)
                np.minimum(lo, point, out=lo)
                move = point - true
                where = np.flatnonzero(np.abs(move) > _EPS)
                if learn and len(where):
                    self.moves = [
                        *self.moves[1 - _MOVES :],
                        (np.asarray(cells)[where], move[where]),
                    ]
            for i in [i for i, reach in open_.items() if self._ok(reach, hi[i], lo[i])]:
                del open_[i]

        n = len(cells)
        for sign in (-1.0, 1.0):  # batches: push all open cells up, then open widths down
            while True:
                targets = [i for i, reach in open_.items() if sign < 0 or not reach]
                if not targets:
                    break
                before = len(open_)
                objective = np.zeros(n)
                objective[targets] = sign
                absorb(self._solve(a, b, bounds, objective))
                if len(open_) == before or len(targets) == 1:
                    break
        failed: list[int] = []
        for j in sorted(open_):
            if j not in open_:
                continue
            objective = np.zeros(n)
            objective[j] = -1.0
            absorb(self._solve(a, b, bounds, objective), j)
            if j in open_ and not open_[j]:
                objective[j] = 1.0
                absorb(self._solve(a, b, bounds, objective))
            if j in open_:
                failed.append(j)
                del open_[j]
        return failed

    def _moved(
        self, cells: list[int], true: np.ndarray, bounds: list[tuple[float | None, None]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Highest and lowest values reached by the kept moves (each scaled to its limit)."""
        where = np.full(len(self.keys), -1)
        where[cells] = np.arange(len(cells))
        rows = [(moved, steps) for moved, steps in self.moves if (where[moved] >= 0).all()]
        if not rows:
            return true.copy(), true.copy()
        z = np.zeros((len(rows), len(cells)))
        sizes = [len(moved) for moved, _ in rows]
        z[
            np.repeat(np.arange(len(rows)), sizes),
            where[np.concatenate([moved for moved, _ in rows])],
        ] = np.concatenate([steps for _, steps in rows])
        lows = np.array([-np.inf if lb is None else lb for lb, _ in bounds])
        slack = true - lows  # how far each cell may go down
        up, down = z > _EPS, z < -_EPS
        with np.errstate(divide="ignore", invalid="ignore"):
            forward = np.where(down, slack / -z, np.inf).min(axis=1)[:, None]  # largest t >= 0
            backward = np.where(up, slack / z, np.inf).min(axis=1)[:, None]
            rise = np.where(up, z * forward, np.where(down, -z * backward, 0.0)).max(axis=0)
            fall = np.where(down, -z * forward, np.where(up, z * backward, 0.0)).max(axis=0)
        return true + rise, true - fall

    def _ok(self, reach: bool, hi: float, lo: float) -> bool:
        return hi >= self.k - _EPS if reach else hi - lo >= 1 - _EPS

    def _passes(self, hidden: set[int], check: _Check) -> bool:
        """Would ``check`` pass if exactly ``hidden`` were suppressed?"""
        cell, unit, reach = check
        cells, lines = self._component(hidden, cell)
        a, b, position = self._system(cells, lines)
        checks = {position[cell]: reach}
        return not self._interval_failures(a, b[:, unit], cells, unit, checks, learn=False)
