"""An independent checker for published tables: thresholds, and the LP attacker.

``check_published(published, raw)`` rebuilds every cell and margin of the raw count table by
plain sums (not with ``testigo.statistics.disclosure``), takes the suppression pattern from
what the gate published (``None`` = suppressed), and asserts that

* every published value of a sensitive kind is 0 or at least the table's threshold, and
  equals the true value;
* the LP attacker of ``test_disclosure_attacks`` (every published value an equation; zeros
  published, so suppressed cells are >= 1) can neither pin a suppressed cell nor bound a
  small one below the threshold.
"""

from __future__ import annotations

import itertools

from testigo.publication.gate import PublishedTable
from testigo.statistics.counting import CountTable
from testigo.statistics.disclosure import TOTAL, ProtectedTable
from tests.statistics.test_disclosure_attacks import violations


def all_cells(raw: CountTable) -> dict[tuple[object, ...], dict[str, int]]:
    """Every interior combination (zeros too) and every margin, by plain sums."""
    n = len(raw.dims)
    cats = [sorted({k[i] for k in raw.cells}, key=repr) for i in range(n)]
    out = {
        key: dict.fromkeys(raw.units, 0) for key in itertools.product(*[[*c, TOTAL] for c in cats])
    }
    for key, values in raw.cells.items():
        for mask in itertools.product((False, True), repeat=n):
            target = tuple(TOTAL if m else p for p, m in zip(key, mask, strict=True))
            for unit in raw.units:
                out[target][unit] += values[unit]
    return out


def check_published(published: PublishedTable, raw: CountTable) -> int:
    """Assert the table is safe (module docstring); return the number of suppressed cells."""
    assert published.dims == raw.dims and published.units == raw.units
    k = published.threshold
    truth = all_cells(raw)
    hidden = set()
    for key, values in truth.items():
        for unit in raw.units:
            shown = published.value(key, unit)
            if shown is None:
                hidden.add(key)
                continue
            assert shown == values[unit], (key, unit)
            assert not 0 < shown < k, (key, unit, shown)  # never a small count
        if key in hidden:
            assert all(published.value(key, u) is None for u in raw.units)  # one pattern
            assert published.status(key, raw.units[0]) == "C"
        else:
            assert published.status(key, raw.units[0]) == "A"
    small = {key for key in hidden if any(0 < truth[key][u] < k for u in raw.units)}
    table = ProtectedTable(
        dims=len(raw.dims), units=raw.units, values=truth, primary=frozenset(small),
        secondary=frozenset(hidden - small),
    )  # fmt: skip
    assert violations(table, k) == []
    return len(hidden)
