"""Period categories (year, quarter, month) from a record's date bounds, by EDTF precision.

A record is put in a period only when both strict bounds of its date (EDTF ``lower_strict``
and ``upper_strict``, stored as ``date_start``/``date_end`` on events) fall in that same
period. A record whose date is known but coarser than the period asked for (``2019`` asked
by month, ``2019-01/2020-06`` asked by year, an open interval) goes to the explicit category
:data:`PERIOD_IMPRECISE`; a record with no date at all (EDTF ``XXXX``) to ``None`` ("date
unknown"). Neither is ever dropped. Source: EDTF (ISO 8601-2); standards.md §0.4.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

PERIOD_IMPRECISE: Final = "imprecise"
PERIODS: Final = ("year", "quarter", "month")


def period_code(period: str, lower: dt.date | None, upper: dt.date | None) -> object:
    """The category of a date with bounds ``lower``..``upper`` in ``period``.

    ``year`` → int (2021); ``quarter`` → ``"2021-Q3"``; ``month`` → ``"2021-03"``;
    :data:`PERIOD_IMPRECISE` when the bounds fall in different periods or one is missing;
    ``None`` when both are missing. Raises ``ValueError`` for an unknown ``period``.
    """
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    if lower is None and upper is None:
        return None
    if lower is None or upper is None or lower.year != upper.year:
        return PERIOD_IMPRECISE
    if period == "year":
        return lower.year
    if period == "quarter":
        q_low, q_up = (lower.month - 1) // 3 + 1, (upper.month - 1) // 3 + 1
        return f"{lower.year:04d}-Q{q_low}" if q_low == q_up else PERIOD_IMPRECISE
    if lower.month != upper.month:
        return PERIOD_IMPRECISE
    return f"{lower.year:04d}-{lower.month:02d}"
