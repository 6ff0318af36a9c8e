"""Named, tested normalisation rules for IOM Missing Migrants Project cells.

Each function takes one raw cell value (``str`` from CSV; ``str``/``float``/``int``/
``datetime``/``None`` from XLSX) and either returns a clean value or raises
:class:`CellError` with the reason. Nothing is coerced silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from testigo.documentation.dates import UNKNOWN, edtf_from_parts


class CellError(ValueError):
    """A cell value that cannot be read; the message is the reason shown to the user."""


MONTHS = {
    name.casefold(): number
    for number, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}


def strip_bom(value: object) -> object:
    """Remove U+FEFF anywhere in a string (the 2025 export has BOMs inside cells)."""
    return value.replace("\ufeff", "") if isinstance(value, str) else value


def text(value: object) -> str:
    """A cell as trimmed text, without U+FEFF; ``None`` becomes ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(strip_bom(value)).strip()


def count(value: object, *, allow_negative: bool = False) -> int | None:
    """A count of persons: blank → ``None`` (not reported); ``12``/``"12"``/``12.0`` → 12.

    Raises ``CellError`` for fractions, text, or a negative number unless allowed.
    """
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities
            raise CellError("not a number")
        if not value.is_integer():
            raise CellError("not a whole number of persons")
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        number = _count_text(text(value))
        if number is None:
            return None
    if number < 0 and not allow_negative:
        raise CellError("negative count")
    if abs(number) > MAX_COUNT:
        raise CellError(f"implausibly large count (more than {MAX_COUNT:,} persons)")
    return number


# Largest count accepted in one cell: the largest MMP record is a few thousand persons.
MAX_COUNT = 1_000_000
_WHOLE = re.compile(r"-?[0-9]+", re.ASCII)
_THOUSANDS = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+", re.ASCII)
_POINT_ZERO = re.compile(r"-?[0-9]+\.0", re.ASCII)  # "2.0"; "1.000" is ambiguous: rejected


def _count_text(raw: str) -> int | None:
    """Whole numbers as exports write them: ``12``, ``-1``, ``1,234``, ``2.0``; else error.

    Scientific notation, underscores, non-ASCII digits and ``1.000`` (a thousand in Spanish,
    one in English) are refused rather than guessed.
    """
    if raw == "":
        return None
    if _WHOLE.fullmatch(raw):
        return int(raw)
    if _THOUSANDS.fullmatch(raw):
        return int(raw.replace(",", ""))
    if _POINT_ZERO.fullmatch(raw):
        return int(raw[:-2])
    try:
        float(raw)
    except ValueError:
        raise CellError("not a number") from None
    raise CellError("not a whole number written plainly (e.g. 12 or 1,234)")


def month_number(value: object) -> int | None:
    """``"Dec"``/``"December"``/``12`` → 12; blank → ``None``. Raises ``CellError``."""
    raw = text(value)
    if raw == "":
        return None
    if raw.isdigit() and 1 <= int(raw) <= 12:
        return int(raw)
    if raw.casefold() in MONTHS:
        return MONTHS[raw.casefold()]
    raise CellError("not a month name")


def year_number(value: object) -> int | None:
    """``2019``/``"2019"``/``2019.0`` → 2019; blank → ``None``. Raises ``CellError``."""
    raw = text(value)
    if raw == "":
        return None
    if re.fullmatch(r"(19|20)\d\d", raw):
        return int(raw)
    raise CellError("not a year")


def _date_long_us(raw: str) -> dt.date:
    return dt.datetime.strptime(raw, "%B %d, %Y").date()  # noqa: DTZ007 - a date, no time


def _date_iso(raw: str) -> dt.date:
    return dt.date.fromisoformat(raw[:10])


def _date_drupal(raw: str) -> dt.date:
    # "Thu, 01/01/2026 - 12:00": weekday, US month/day/year, a time that is always noon.
    match = re.fullmatch(r"[A-Za-z]{3}, (\d\d)/(\d\d)/(\d{4}) - \d\d:\d\d", raw)
    if not match:
        raise ValueError(raw)
    month, day, year = (int(g) for g in match.groups())
    return dt.date(year, month, day)


DATE_PARSERS: Mapping[str, Callable[[str], dt.date]] = {
    "long_us": _date_long_us,
    "iso": _date_iso,
    "drupal": _date_drupal,
}


def incident_date(value: object, date_format: str) -> dt.date | None:
    """Parse an incident/reported date cell in one of the four MMP formats.

    Blank cells and the 2025 export's ``0`` placeholder give ``None`` (the caller falls back
    to the year and month columns). Excel date cells are accepted as they are. Raises
    ``CellError`` for anything else that is not a date in ``date_format``.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    if raw in ("", "0"):
        return None
    try:
        return DATE_PARSERS[date_format](raw)
    except ValueError as exc:
        raise CellError(f"not a date in the {date_format} format of this export") from exc


def event_edtf(date: dt.date | None, year: int | None, month: int | None) -> str:
    """EDTF for an incident: the day when known, else year-month, else year, else ``XXXX``."""
    if date is not None:
        return date.isoformat()
    if year is None:
        return UNKNOWN
    return edtf_from_parts(year, month)


def coordinates(value: object) -> tuple[float, float] | None:
    """``"lat, lon"`` or WKT ``"POINT (lon lat)"`` (order swapped!) → ``(lat, lon)``.

    Blank → ``None``. Raises ``CellError`` when unreadable or out of range.
    """
    raw = text(value)
    if raw == "":
        return None
    wkt = re.fullmatch(r"POINT\s*\(\s*(\S+)\s+(\S+)\s*\)", raw, flags=re.IGNORECASE)
    try:
        if wkt:
            lon, lat = float(wkt.group(1)), float(wkt.group(2))
        else:
            parts = [p.strip() for p in raw.split(",")]
            if len(parts) != 2:
                raise ValueError(raw)
            lat, lon = float(parts[0]), float(parts[1])
    except ValueError as exc:
        raise CellError("coordinates are neither 'lat, lon' nor 'POINT (lon lat)'") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise CellError("coordinates out of range")
    return lat, lon


def split_labels(value: object, known: Callable[[str], bool]) -> list[str]:
    """Split a multi-valued cell (``"Mediterranean,North America"``) into known labels.

    Labels may themselves contain commas (``"… lack of adequate shelter, food, water"``), so
    the cell is first tried whole, then split at commas and re-joined greedily, longest known
    label first. Raises ``CellError`` naming the part that matches no known label.
    """
    raw = text(value)
    if raw == "":
        return []
    if known(raw):
        return [raw]
    parts = [p.strip() for p in raw.split(",")]
    labels: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            candidate = ", ".join(parts[i:j])
            if known(candidate) or known(",".join(parts[i:j])):
                labels.append(candidate if known(candidate) else ",".join(parts[i:j]))
                i = j
                break
        else:
            raise CellError(f"unknown value {parts[i]!r}")
    return labels


def source_quality(value: object) -> tuple[int | None, str]:
    """MMP source quality ``1``–``5``, or several (``"3,5"``): (highest, text as given).

    The highest is kept as the event's reliability (the best-supported source); the text as
    given is stored too. Blank → ``(None, "")``. Raises ``CellError`` outside 1–5.
    """
    raw = text(value)
    if raw == "":
        return None, ""
    try:
        grades = [int(float(p)) for p in raw.split(",") if p.strip()]
    except ValueError as exc:
        raise CellError("source quality is not a grade from 1 to 5") from exc
    if not grades or any(g < 1 or g > 5 for g in grades):
        raise CellError("source quality is not a grade from 1 to 5")
    return max(grades), raw
