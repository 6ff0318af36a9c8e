"""Scorecard: baseline → latest → target per series, and whether it is on track.

The rule (stated on every row, ``Row.rule``):
* with a target value and a target period: *on track* when the latest value is at or
  better than the straight line from the baseline (value, period) to the target (value,
  period), evaluated at the latest period; periods count as years (a quarter is ¼ year);
* with a target value and no period: on track when the latest value is at or better than
  the target, or moved from the baseline towards it;
* with a direction only: on track when the latest value is at or better than the baseline
  (lower for ``decrease``, higher for ``increase``, equal for ``maintain``).
"Better" follows the target's direction. Without a baseline or a latest value: no data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

ON_TRACK = "on_track"
OFF_TRACK = "off_track"
NO_DATA = "no_data"


@dataclass(frozen=True)
class Point:
    """One published value of a series total: period and value (``None`` = suppressed)."""

    period: str
    value: Decimal | None


@dataclass(frozen=True)
class Row:
    """A series' scorecard row."""

    series: str
    baseline: Point | None
    latest: Point | None
    target_value: Decimal | None
    target_period: str | None
    direction: str | None
    status: str
    rule: str


def period_position(period: str) -> float:
    """``"2019"`` → 2019.0, ``"2019-Q3"`` → 2019.5, ``"2019-07"`` → 2019.5. ValueError if bad."""
    if "-Q" in period:
        year, quarter = period.split("-Q")
        return int(year) + (int(quarter) - 1) / 4
    if "-" in period:
        year, month = period.split("-")[:2]
        return int(year) + (int(month) - 1) / 12
    return float(int(period))


def _better_or_equal(a: Decimal, b: Decimal, direction: str) -> bool:
    if direction == "decrease":
        return a <= b
    if direction == "increase":
        return a >= b
    return a == b


def score_row(
    series: str, points: Iterable[Point], baseline_period: str | None, target: dict | None
) -> Row:
    """The scorecard row for one series from its published points (any order)."""
    known = sorted(
        (p for p in points if p.value is not None), key=lambda p: period_position(p.period)
    )
    baseline = None
    if known:
        baseline = (
            next((p for p in known if p.period == baseline_period), None)
            if baseline_period
            else known[0]
        )
    latest = known[-1] if known else None
    direction = (target or {}).get("direction")
    raw_value = (target or {}).get("value")
    target_value = None if raw_value is None else Decimal(str(raw_value))
    target_period = (target or {}).get("period")
    target_period = None if target_period is None else str(target_period)
    if direction is None:
        return Row(series, baseline, latest, None, None, None, NO_DATA, _("No target agreed."))
    if target_value is not None and target_period:
        rule = _(
            "On track when the latest value is at or better than the straight line from the "
            "baseline to the target (%(target)s by %(period)s) at the latest period."
        ) % {"target": target_value, "period": target_period}
    elif target_value is not None:
        rule = _(
            "On track when the latest value reached the target (%(target)s) "
            "or moved towards it from the baseline."
        ) % {"target": target_value}
    else:
        rule = {
            "decrease": _("On track when the latest value is at or below the baseline."),
            "increase": _("On track when the latest value is at or above the baseline."),
        }.get(direction, _("On track when the latest value equals the baseline."))
    if baseline is None or latest is None:
        return Row(series, baseline, latest, target_value, target_period, direction, NO_DATA, rule)
    if target_value is not None and target_period:
        start, end = period_position(baseline.period), period_position(target_period)
        now = period_position(latest.period)
        share = (
            Decimal(1)
            if end <= start
            else Decimal(str(min(max((now - start) / (end - start), 0), 1)))
        )
        expected = baseline.value + (target_value - baseline.value) * share
        ok = _better_or_equal(latest.value, expected, direction)
    elif target_value is not None:
        ok = _better_or_equal(latest.value, target_value, direction) or _better_or_equal(
            latest.value, baseline.value, direction
        )
    else:
        ok = _better_or_equal(latest.value, baseline.value, direction)
    return Row(
        series,
        baseline,
        latest,
        target_value,
        target_period,
        direction,
        ON_TRACK if ok else OFF_TRACK,
        rule,
    )
