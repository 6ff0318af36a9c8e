"""The publication gate: what leaves the private side is disclosure-controlled."""

from __future__ import annotations

from testigo.publication.gate import protect
from testigo.statistics.counting import CountTable
from testigo.statistics.disclosure import TOTAL, DisclosureRule

CELLS = {
    (2019, "a"): {"dead": 20}, (2019, "b"): {"dead": 3}, (2019, "c"): {"dead": 30},
    (2020, "a"): {"dead": 25}, (2020, "b"): {"dead": 12}, (2020, "c"): {"dead": 40},
    (None, "a"): {"dead": 8}, (None, "b"): {"dead": 9}, (None, "c"): {"dead": 7},
}  # fmt: skip


def test_no_suppressed_cell_is_recoverable_by_subtraction() -> None:
    table = protect(CountTable(("year", "route"), ("dead",), dict(CELLS)))
    shown = {row.key: row.values["dead"] for row in table.rows}
    assert shown[(2019, "b")] is None  # 3 persons < 5
    assert table.suppressed_cells >= 4  # the primary plus cells protecting it in row and column
    # Attack: every line equation (row or column of the table with its published total).
    for key, value in shown.items():
        if value is not None:
            continue
        year, route = key
        row_cells = [shown[(year, r)] for r in ("a", "b", "c")]
        col_cells = [shown[(y, route)] for y in (2019, 2020, None)]
        assert row_cells.count(None) >= 2 or table.margins[(year, TOTAL)]["dead"] is None
        assert col_cells.count(None) >= 2 or table.margins[(TOTAL, route)]["dead"] is None


def test_margins_are_published_with_the_same_rule() -> None:
    table = protect(CountTable(("year", "route"), ("dead",), dict(CELLS)))
    assert table.total("dead") == 154
    assert [r.key for r in table.margin("year")] == [(2019,), (2020,), (None,)]


def test_threshold_is_configurable() -> None:
    strict = protect(CountTable(("year", "route"), ("dead",), dict(CELLS)), DisclosureRule(10))
    shown = {row.key: row.values["dead"] for row in strict.rows}
    assert shown[(None, "a")] is None and shown[(None, "b")] is None  # 8 and 9 < 10
    assert strict.threshold == 10
