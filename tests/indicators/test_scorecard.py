"""The on-track rule, on hand-made series."""

from __future__ import annotations

from decimal import Decimal

import pytest

from testigo.indicators.scorecard import (
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    Point,
    period_position,
    score_row,
)


def pts(**values):
    return [
        Point(k.removeprefix("y"), None if v is None else Decimal(v)) for k, v in values.items()
    ]


def test_period_positions() -> None:
    assert period_position("2019") == 2019
    assert period_position("2019-Q3") == 2019.5
    assert period_position("2019-07") == 2019.5


def test_straight_line_to_a_dated_target() -> None:
    target = {"direction": "decrease", "value": 3, "period": "2030"}
    # baseline 7 in 2020, target 3 in 2030: the line is at 5 in 2025
    row = score_row("S", pts(y2020=7, y2025="5"), "2020", target)
    assert row.status == ON_TRACK and row.baseline.value == 7 and row.latest.period == "2025"
    assert score_row("S", pts(y2020=7, y2025="5.1"), "2020", target).status == OFF_TRACK
    assert "straight line" in row.rule


def test_direction_only_compares_with_the_baseline() -> None:
    down = {"direction": "decrease", "value": None, "period": None}
    assert score_row("S", pts(y2015=557, y2024=562), "2015", down).status == OFF_TRACK
    assert score_row("S", pts(y2015=557, y2024=424), "2015", down).status == ON_TRACK
    up = {"direction": "increase"}
    assert score_row("S", pts(y2020=10, y2021=None, y2022=12), None, up).status == ON_TRACK


def test_suppressed_latest_values_are_skipped_and_missing_data_said() -> None:
    down = {"direction": "decrease"}
    row = score_row("S", pts(y2020=10, y2021=8, y2022=None), None, down)
    assert row.latest.period == "2021"
    assert score_row("S", [], None, down).status == NO_DATA
    assert score_row("S", pts(y2020=1), "2015", down).status == NO_DATA  # no baseline value
    assert score_row("S", pts(y2020=1), None, None).rule


@pytest.mark.parametrize(("latest", "status"), [("0", ON_TRACK), ("1", ON_TRACK)])
def test_undated_target_reached(latest, status) -> None:
    target = {"direction": "increase", "value": 1}
    assert score_row("S", pts(y2020=0, y2024=latest), None, target).status == status
