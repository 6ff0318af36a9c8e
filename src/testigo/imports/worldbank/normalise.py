"""Named, tested normalisation rules for the World Bank RPW DataBank export.

Each function takes one raw cell or header (``str`` from the CSV) and returns a clean
value or raises :class:`CellError` with the reason shown to the user. Nothing is coerced
silently. Rules follow the DataBank CSV conventions (``..`` = no data) and SDMX
TIME_PERIOD for quarters (``2020-Q3``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

import pycountry


class CellError(ValueError):
    """A cell value that cannot be read; the message is the reason shown to the user."""


MISSING = ".."
# Observation.value keeps 6 decimal places; the DataBank writes float32 artefacts
# (5.00611114501953), so values are rounded once, here, and compared as stored.
VALUE_PLACES = Decimal("0.000001")
QUARTER_HEADER = re.compile(r"^(\d{4})Q([1-4]) \[YR(\d{4})Q([1-4])\]$")
# World Bank country codes that are not ISO 3166-1 alpha-3 (or are withdrawn ones).
WB_CODE_EXCEPTIONS: dict[str, tuple[str, str]] = {
    # code: (alpha-2 used in Testigo, flag naming why)
    "KSV": ("XK", "user_assigned_code"),  # Kosovo: XK is the code the EU and IMF use
    "ANT": ("AN", "historic_code"),  # Netherlands Antilles, ISO 3166-3 (withdrawn 2010)
}


def clean_header(name: str) -> str:
    """A header with its runs of spaces collapsed (the export writes
    ``Receiving Countries  Name`` with two spaces) and U+FEFF removed."""
    return " ".join(name.replace("\ufeff", "").split())


def quarter_period(header: str) -> tuple[str, dt.date, dt.date] | None:
    """``"2011Q1 [YR2011Q1]"`` → ``("2011-Q1", 2011-01-01, 2011-03-31)``.

    Returns ``None`` for a header that is not a quarter column. Raises :class:`CellError`
    when the two halves of the header disagree (``2011Q1 [YR2012Q1]``).
    """
    match = QUARTER_HEADER.match(header.strip())
    if match is None:
        return None
    year, quarter, year2, quarter2 = match.groups()
    if (year, quarter) != (year2, quarter2):
        raise CellError(f"quarter column {header!r} names two different quarters")
    return quarter_bounds(int(year), int(quarter))


def quarter_bounds(year: int, quarter: int) -> tuple[str, dt.date, dt.date]:
    """SDMX TIME_PERIOD and first/last days of a quarter: ``(2020, 3)`` →
    ``("2020-Q3", 2020-07-01, 2020-09-30)``."""
    start = dt.date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    nxt = dt.date(year + (end_month == 12), end_month % 12 + 1, 1)
    return f"{year}-Q{quarter}", start, nxt - dt.timedelta(days=1)


def cost_percent(value: str) -> Decimal | None:
    """A cost cell in percent of the amount sent → ``Decimal`` rounded to 6 places.

    ``..`` (and blank) → ``None`` (no price collected). Negative values are returned as they
    are: the reader flags them (``negative_cost``), it never drops them. Raises
    :class:`CellError` for text that is not a number or a cost above 100 %.
    """
    text = value.strip()
    if text in ("", MISSING):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise CellError("not a number (expected a percentage such as 5.25, or ..)") from exc
    if not number.is_finite():
        raise CellError("not a finite number")
    if number > 100:
        raise CellError("a cost above 100 % of the amount sent is impossible")
    return number.quantize(VALUE_PLACES, rounding=ROUND_HALF_EVEN)


def country_alpha2(code: str) -> tuple[str, list[str]]:
    """A World Bank (ISO 3166-1 alpha-3) country code → ``(alpha-2, flags)``.

    ``KSV`` → ``("XK", ["user_assigned_code"])``; ``ANT`` → ``("AN", ["historic_code"])``
    (ISO 3166-3). Raises :class:`CellError` for a code that is neither.
    """
    text = code.strip().upper()
    if text in WB_CODE_EXCEPTIONS:
        alpha2, flag = WB_CODE_EXCEPTIONS[text]
        return alpha2, [flag]
    if not re.fullmatch(r"[A-Z]{3}", text):
        raise CellError("not a three-letter country code")
    country = pycountry.countries.get(alpha_3=text)
    if country is None:
        raise CellError("not an ISO 3166-1 alpha-3 country code")
    return country.alpha_2, []
