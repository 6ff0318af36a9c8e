"""Named, tested normalisation rules for CBP statistics cells.

Each function takes raw text from a cell and returns a clean value or raises
:class:`CellError` with the reason shown to the user. Nothing is coerced silently.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

import pycountry

from testigo.imports.cbp import codes


class CellError(ValueError):
    """A cell value that cannot be read; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Period:
    """An observation's period: SDMX TIME_PERIOD (or ``FY2021``), its type and its days."""

    period: str
    period_type: str
    start: dt.date
    end: dt.date


# ---------------------------------------------------------------- fiscal years and months


def fiscal_year_bounds(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a US federal fiscal year: FY2021 = 2020-10-01 … 2021-09-30.

    Rule: 31 U.S.C. §1102 (the fiscal year begins on 1 October of the previous calendar year).
    """
    return dt.date(fiscal_year - 1, 10, 1), dt.date(fiscal_year, 9, 30)


def fiscal_month_year(fiscal_year: int, month: int) -> int:
    """Calendar year of ``month`` (1–12) in ``fiscal_year``: Oct–Dec fall in the year before.

    ``fiscal_month_year(2021, 10) == 2020``; ``fiscal_month_year(2021, 9) == 2021``.
    """
    if not 1 <= month <= 12:
        raise CellError(f"month {month} is not 1–12")
    return fiscal_year - 1 if month >= 10 else fiscal_year


def fiscal_year_period(fiscal_year: int) -> Period:
    """The period ``FY2021`` (type ``fiscal_year``) with its first and last days."""
    start, end = fiscal_year_bounds(fiscal_year)
    return Period(f"FY{fiscal_year}", "fiscal_year", start, end)


def fiscal_month_period(fiscal_year: int, month: int) -> Period:
    """A month of a fiscal year as SDMX ``YYYY-MM`` (type ``month``): FY2021 Oct → 2020-10."""
    year = fiscal_month_year(fiscal_year, month)
    last = calendar.monthrange(year, month)[1]
    return Period(
        f"{year}-{month:02d}", "month", dt.date(year, month, 1), dt.date(year, month, last)
    )


def fiscal_year(raw: str) -> int:
    """``"2021"`` → 2021 (a fiscal year between 1990 and 2099). Raises ``CellError``."""
    text = raw.strip()
    if re.fullmatch(r"(19|20)\d\d", text) and int(text) >= 1990:
        return int(text)
    raise CellError("not a fiscal year (e.g. 2021)")


def fiscal_year_from_name(name: str) -> int | None:
    """The fiscal year a file name states (``usbp_fy2017_…`` → 2017), or ``None``.

    Only a single year counts: ``fy2011-2017`` names a range and gives ``None``.
    """
    found = re.findall(r"(?i)fy[ _-]?((?:19|20)\d\d)(?!\d)", name)
    ranges = re.search(r"(?i)fy[ _-]?(?:19|20)\d\d-(?:fy)?(?:19|20)?\d\d(?!\d)", name)
    if len(set(found)) == 1 and not ranges:
        return int(found[0])
    return None


def month_abbreviation(raw: str) -> int:
    """CBP's upper-case month abbreviation (``"APR"``) → 4. Raises ``CellError``."""
    try:
        return codes.MONTH_ABBREVIATIONS[raw.strip().upper()]
    except KeyError:
        raise CellError("not a month abbreviation (OCT … SEP)") from None


def month_number(raw: str) -> int:
    """A month written as a number ``1``–``12``. Raises ``CellError``."""
    text = raw.strip()
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    raise CellError("not a month number (1–12)")


# ---------------------------------------------------------------- numbers and footnotes

_FOOTNOTE = re.compile(r"\s*(\*+)\s*$")
_WHOLE = re.compile(r"[0-9]+", re.ASCII)
_THOUSANDS = re.compile(r"[0-9]{1,3}(,[0-9]{3})+", re.ASCII)
_POINT_ZERO = re.compile(r"([0-9]+)\.0+", re.ASCII)
_DECIMAL = re.compile(r"[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?|[0-9]+(\.[0-9]+)?", re.ASCII)
NOT_AVAILABLE = {"N/A", "NA", "n/a"}
# Largest value accepted: Observation.value holds 18 digits before the point.
MAX_VALUE = 10**15


def split_footnote(raw: str) -> tuple[str, str]:
    """Split a footnote marker glued to a value or name: ``"21,444 **"`` → ``("21,444", "**")``.

    ``"Nationwide Total***"`` → ``("Nationwide Total", "***")``; no marker → ``(text, "")``.
    The sector-profile PDFs mark values and names with asterisks pointing to footnotes.
    """
    text = raw.strip()
    match = _FOOTNOTE.search(text)
    if match is None:
        return text, ""
    return text[: match.start()].strip(), match.group(1)


def thousands(raw: str) -> str:
    """Remove thousand separators from a number written ``1,234,567``; else ``CellError``.

    Only commas every three digits are separators: ``"1,23"`` is refused, not guessed.
    """
    text = raw.strip()
    if _WHOLE.fullmatch(text):
        return text
    if _DECIMAL.fullmatch(text):
        return text.replace(",", "")
    raise CellError("not a number written plainly (e.g. 1234 or 1,234)")


def whole_number(raw: str) -> int | None:
    """A count: ``"12"``, ``"91,410"``, ``"2.0"`` (the hand-cleaned file's floats) → int.

    Blank → ``None``. Raises ``CellError`` for text, signs, fractions (``"2.5"``) or
    misplaced separators.
    """
    text = raw.strip()
    if text == "":
        return None
    point = _POINT_ZERO.fullmatch(text)
    if _WHOLE.fullmatch(text) or _THOUSANDS.fullmatch(text):
        number = int(text.replace(",", ""))
    elif point:
        number = int(point.group(1))
    elif text.startswith("-"):
        raise CellError("negative count")
    else:
        raise CellError("not a whole number (e.g. 12 or 1,234)")
    return _bounded(number)


def _bounded[N: (int, Decimal)](number: N) -> N:
    if number >= MAX_VALUE:
        raise CellError(f"implausibly large value (more than {MAX_VALUE:,})")
    return number


def decimal_number(raw: str) -> Decimal | None:
    """A quantity such as pounds seized: ``"2,529,684.93"`` → ``Decimal("2529684.93")``.

    Blank → ``None``. Raises ``CellError`` for anything else.
    """
    text = raw.strip()
    if text == "":
        return None
    try:
        return _bounded(Decimal(thousands(text)))
    except InvalidOperation:  # pragma: no cover - thousands() already validated the text
        raise CellError("not a number") from None


def not_available(raw: str) -> bool:
    """``"N/A"`` (the profiles' "not tracked for this sector"), footnote removed."""
    return split_footnote(raw)[0] in NOT_AVAILABLE


# ---------------------------------------------------------------- areas and labels


def name_key(name: str) -> str:
    """A name made comparable: footnote marker removed, ``_`` → space, spaces collapsed,
    case folded. ``"Nationwide Total***"`` and ``"nationwide  total"`` give the same key."""
    text = split_footnote(name)[0].replace("_", " ")
    return " ".join(text.split()).casefold()


@cache
def _sector_index() -> dict[str, codes.Sector]:
    index: dict[str, codes.Sector] = {}
    for sector in codes.SECTORS:
        for variant in (sector.name, *sector.variants):
            index[name_key(variant)] = sector
    return index


@cache
def _total_index() -> dict[str, codes.Area]:
    return {name_key(name): area for name, area in codes.TOTALS.items()}


def sector_area(name: str) -> codes.Area:
    """A sector or total as a file names it → its :class:`~codes.Area`.

    ``"Rio Grande Valley (formerly McAllen)"``, ``"McAllen"``, ``"rio_grande_valley"`` →
    ``USBP:RGV`` (``border_patrol_sector``); ``"Southwest Border Sectors Total**"`` →
    ``border:southwest`` (``border_region``, a total of its sectors); ``"Nationwide Total"`` →
    ``US``. Raises ``CellError`` for a name in no list (codes.SECTORS / codes.TOTALS).
    """
    key = name_key(name)
    sector = _sector_index().get(key)
    if sector is not None:
        return codes.Area(sector.area, codes.SECTOR_LEVEL)
    total = _total_index().get(key)
    if total is not None:
        return total
    raise CellError("not a Border Patrol sector or total known to Testigo")


@cache
def _us_subdivisions() -> frozenset[str]:
    return frozenset(s.code for s in pycountry.subdivisions.get(country_code="US"))


def state_area(raw: str) -> str:
    """A US state or territory postal code (``"TX"``, ``"PR"``, ``"DC"``) → ISO 3166-2
    ``"US-TX"``. Raises ``CellError`` if ISO 3166-2:US has no such subdivision."""
    code = f"US-{raw.strip().upper()}"
    if code not in _us_subdivisions():
        raise CellError("not a US state or territory code (ISO 3166-2:US)")
    return code


def citizenship_code(raw: str) -> str:
    """A citizenship as CBP writes it → ISO 3166-1 alpha-2 (``"MEXICO"`` → ``"MX"``).

    CBP's own spellings come from ``codes.CITIZENSHIP_ALIASES`` (``"CHINA, PEOPLES REPUBLIC
    OF"`` → ``CN``; ``"OTHER"`` → SDMX ``_O``); any other name must be an ISO 3166 name
    (exact, case-insensitive, via pycountry). Raises ``CellError`` otherwise.
    """
    code = _citizenship(" ".join(raw.split()))
    if code is None:
        raise CellError("citizenship not resolved to an ISO 3166-1 country")
    return code


@cache
def _citizenship(text: str) -> str | None:
    alias = codes.CITIZENSHIP_ALIASES.get(text.upper())
    if alias:
        return alias
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None


def label_code(raw: str, labels: dict[str, str], what: str) -> str:
    """A CBP label (``"Title 42"``, ``"UAC"``…) → its code in ``labels``; else ``CellError``
    naming ``what`` and the labels known."""
    text = " ".join(raw.split())
    try:
        return labels[text]
    except KeyError:
        known = ", ".join(sorted(labels))
        raise CellError(f"not a known {what} ({known})") from None
