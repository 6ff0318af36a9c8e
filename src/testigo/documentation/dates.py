"""EDTF dates (Library of Congress Extended Date/Time Format, ISO 8601-2) via ``edtf``.

Testimony gives partial and uncertain dates (``2013-05``, ``2013~``, ``201X``,
``2013-05-10/2013-05-12``). We store the EDTF string and its strict bounds; statistics
bucket a record by year or month only when both bounds fall in the same year or month.
``XXXX`` means "date unknown" and has no bounds.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import io
import math
import re
import time
from dataclasses import dataclass

import edtf

UNKNOWN = "XXXX"


class DateParseError(ValueError):
    """The text is not a valid EDTF date or interval."""


@dataclass(frozen=True)
class EdtfDate:
    """A parsed EDTF value: text as stored, strict bounds (None when open or unknown)."""

    text: str
    lower: dt.date | None
    upper: dt.date | None

    @property
    def year(self) -> int | None:
        """The year when both bounds fall in it, else None (imprecise or unknown)."""
        if self.lower and self.upper and self.lower.year == self.upper.year:
            return self.lower.year
        return None

    @property
    def month(self) -> int | None:
        """The month (1–12) when both bounds fall in the same month of one year, else None."""
        if (
            self.year is not None
            and self.lower
            and self.upper
            and (self.lower.month == self.upper.month)
        ):
            return self.lower.month
        return None

    @property
    def precision(self) -> str:
        """``day``, ``month``, ``year``, ``interval`` (spans years) or ``unknown``."""
        if self.lower is None or self.upper is None:
            return "unknown"
        if self.lower == self.upper:
            return "day"
        if self.month is not None:
            return "month"
        if self.year is not None:
            return "year"
        return "interval"


def _bound(value: object) -> dt.date | None:
    if isinstance(value, float) and math.isinf(value):
        return None
    if isinstance(value, time.struct_time):
        if value.tm_year in (0, 9999):
            return None
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


_LEVEL0 = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _parse_level0(value: str) -> EdtfDate | None:
    """Fast path for plain ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (``edtf``'s parser is slow)."""
    match = _LEVEL0.fullmatch(value)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return EdtfDate(value, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return EdtfDate(value, dt.date(year, month, 1), dt.date(year, month, last))
        return EdtfDate(value, dt.date(year, month, day), dt.date(year, month, day))
    except ValueError as exc:
        raise DateParseError(f"not an EDTF date: {value!r}") from exc


def parse_edtf(text: str) -> EdtfDate:
    """Parse ``text`` (EDTF levels 0–2) into an :class:`EdtfDate`.

    Raises :class:`DateParseError` for empty or invalid input, including the inputs that
    make ``edtf`` 5.0.2 itself fail with other exception types (e.g. ``1985-04/2001-XX``).
    """
    value = (text or "").strip()
    if not value:
        raise DateParseError("empty date")
    if value == UNKNOWN:
        return EdtfDate(UNKNOWN, None, None)
    fast = _parse_level0(value)
    if fast is not None:
        return fast
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # edtf prints its retries
            parsed = edtf.parse_edtf(value)
        lower, upper = _bound(parsed.lower_strict()), _bound(parsed.upper_strict())
    except Exception as exc:
        raise DateParseError(f"not an EDTF date: {value!r}") from exc
    return EdtfDate(value, lower, upper)


def edtf_from_parts(year: int | None, month: int | None = None, day: int | None = None) -> str:
    """Build an EDTF string from known parts: ``2019``, ``2019-05``, ``2019-05-30`` or ``XXXX``."""
    if year is None:
        return UNKNOWN
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return dt.date(year, month, day).isoformat()
