"""Statistical disclosure control for published frequency tables (cell suppression).

A table is its interior cells (one category per dimension) plus every margin (each subset
of dimensions replaced by ``TOTAL``, up to the grand total); every cell has several units.

* Primary suppression (threshold rule): a cell is sensitive when any unit value ``v`` has
  ``0 < v < threshold`` or ``v < 0``.  Zero cells are not sensitive (documented choice: a
  published zero says "nobody").  One pattern for all units: units may be linear
  combinations of each other (dead + missing = dead_and_missing), per-unit patterns leak.
* Secondary suppression: every line (the cells along dimension ``d`` with the other
  coordinates fixed, plus the cell with ``TOTAL`` at ``d`` that they sum to) must hold 0 or
  >= 2 suppressed cells.  A line with exactly one gets the open cell with the smallest
  positive count (first unit, ties by key order), category cells before the line's TOTAL
  cell, zero cells last (a hidden zero hides nothing); repeated until stable.
* Audit: lines alone are not enough (a suppressed "bridge" cell between two closed groups
  of suppressed cells is recovered by adding up line equations).  All published equations
  are solved exactly; for each uniquely determined suppressed cell one more cell in one of
  its lines is suppressed (same preference), then lines and audit run again.  This ends:
  a fully suppressed table determines nothing.

Sources: threshold rule and primary/secondary suppression per the OECD / Eurostat SDC
glossary and the Handbook on Statistical Disclosure Control (Hundepool et al.; ch. 4
"Magnitude tabular data", ch. 5 "Frequency tables", https://sdctools.github.io/HandbookSDC/);
the line closure is in the spirit of the tau-ARGUS hypercube (GH, GHMITER) method.

Known limits: a heuristic, not minimal information loss.  It guarantees that no suppressed
cell is the only unknown in a published line equation and that none is uniquely determined
by all published equations together (tests check this with linear algebra).  It does not
enforce protection intervals: with non-negativity an attacker may still bound a cell.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

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
_Line = tuple[Key, ...]  # category cells along one dimension, then the cell with TOTAL there


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
    """

    dims: int
    units: tuple[str, ...]
    values: dict[Key, dict[str, int]]
    primary: frozenset[Key]
    secondary: frozenset[Key]

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

    lines: list[_Line] = [
        tuple((*rest[:d], c, *rest[d:]) for c in axes[d])
        for d in range(dims)
        for rest in itertools.product(*axes[:d], *axes[d + 1 :])
    ]
    first = unit_names[0]

    def preference(key: Key, line: _Line) -> tuple[object, ...]:
        counts = values[key]
        tier = 1 if key == line[-1] else 0 if any(counts.values()) else 2
        return (tier, counts[first], sum(counts.values()), _key_order(key))

    primary = frozenset(k for k, counts in values.items() if rule.is_sensitive(counts))
    hidden = set(primary)
    through: dict[Key, list[_Line]] = {}
    for line in lines:
        for key in line:
            through.setdefault(key, []).append(line)
    while True:
        _close_lines(lines, hidden, preference)
        exposed = _determined_cells(lines, hidden)
        if not exposed:
            break
        added: set[Key] = set()
        for cell in exposed:  # one extra cell per exposed cell not yet touched this round
            if any(k in added for line in through[cell] for k in line):
                continue
            near = through[cell]
            if all(k in hidden for line in near for k in line):  # widen to all touched lines
                near = [line for line in lines if not hidden.isdisjoint(line)]
            _, extra = min((preference(k, ln), k) for ln in near for k in ln if k not in hidden)
            hidden.add(extra)
            added.add(extra)
    return ProtectedTable(
        dims=dims,
        units=unit_names,
        values=values,
        primary=primary,
        secondary=frozenset(hidden - primary),
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


def _close_lines(
    lines: list[_Line], hidden: set[Key], preference: Callable[[Key, _Line], tuple[object, ...]]
) -> None:
    """Add cells to ``hidden`` until no line holds exactly one hidden cell."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(k in hidden for k in line) == 1:
                hidden.add(min((preference(k, line), k) for k in line if k not in hidden)[1])
                changed = True


def _determined_cells(lines: list[_Line], hidden: set[Key]) -> list[Key]:
    """Hidden cells (sorted) that all line equations together determine uniquely.

    Exact sparse integer elimination (pivot on the column with fewest entries), then one
    exact null-space vector with pseudo-random free values.  A hidden cell is free iff some
    null vector is non-zero on it: a non-zero entry proves freedom; a zero entry counts as
    determined (always right for determined cells; a free cell is misjudged with probability
    below 2**-40, costing only an extra suppression).  Fixed seed: deterministic output.
    """
    cols = sorted(hidden, key=_key_order)
    index = {k: i for i, k in enumerate(cols)}
    rows: dict[int, dict[int, int]] = {}
    where: dict[int, set[int]] = {i: set() for i in range(len(cols))}
    for rid, line in enumerate(lines):
        row = {index[k]: -1 if k == line[-1] else 1 for k in line if k in hidden}
        if row:
            rows[rid] = row
            for c in row:
                where[c].add(rid)
    pivots: list[tuple[int, dict[int, int]]] = []
    while rows:
        col = min((c for c in where if where[c]), key=lambda c: (len(where[c]), c))
        chosen = min(where[col], key=lambda r: (len(rows[r]), r))
        pivot = rows.pop(chosen)
        for c in pivot:
            where[c].discard(chosen)
        for rid in sorted(where[col]):
            row, a, b = rows[rid], pivot[col], rows[rid][col]
            merged = {c: a * row.get(c, 0) - b * pivot.get(c, 0) for c in row.keys() | pivot.keys()}
            new = {c: v for c, v in merged.items() if v}
            g = math.gcd(*new.values()) if new else 1
            for c in row.keys() - new.keys():
                where[c].discard(rid)
            for c in new.keys() - row.keys():
                where[c].add(rid)
            if new:
                rows[rid] = {c: v // g for c, v in new.items()}
            else:
                del rows[rid]
        pivots.append((col, pivot))
    rng = random.Random(len(cols))  # noqa: S311 -- not cryptographic, only generic values
    done = {c for c, _ in pivots}
    x = {c: Fraction(rng.randint(1, 2**40)) for c in range(len(cols)) if c not in done}
    for col, pivot in reversed(pivots):
        x[col] = -sum(v * x[c] for c, v in pivot.items() if c != col) / pivot[col]
    return [cols[c] for c in range(len(cols)) if x[c] == 0]
