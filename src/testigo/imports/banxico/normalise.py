"""Named, tested normalisation rules for Banxico's remittance tables.

Each function takes one raw CSV cell (``str``) and returns a clean value or raises
:class:`CellError` with the reason shown to the user. Nothing is coerced silently.
Periods follow SDMX TIME_PERIOD (``2021-Q1``, ``2021-03``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

import pycountry


class CellError(ValueError):
    """A cell value that cannot be read; the message is the reason shown to the user."""


# ID_FLUJO / FLUJO → SDMX-like flow code, seen from Mexico.
FLOWS: dict[str, tuple[str, str]] = {"1": ("inflow", "ingresos"), "2": ("outflow", "egresos")}
# Banxico country codes that are not ISO 3166-1 alpha-3 → (code kept, flag).
COUNTRY_EXCEPTIONS: dict[str, tuple[str, str]] = {
    "XKX": ("XK", "user_assigned_code"),  # Kosovo (EU/IMF user-assigned code)
    "ANT": ("AN", "historic_code"),  # Netherlands Antilles, ISO 3166-3 (withdrawn 2010)
    "ABK": ("ABK", "non_iso_area"),  # Abkhazia: no ISO code; Banxico's code kept
    "XXX": ("_X", "unidentified_area"),  # "No Identificado"; SDMX _X = unspecified
}
US_UNIDENTIFIED = "XX"  # remesas_usa: "No Identificado"
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234,567.89
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567,89 (es-MX)
_PLAIN = re.compile(r"^\d+(\.\d+)?$")


def period_from_start(value: str, period_type: str) -> tuple[str, dt.date, dt.date]:
    """``PERIODO`` (the period's first day, ``2003-04-01``) → SDMX period and its days.

    ``period_type`` is ``"quarter"`` (→ ``("2003-Q2", 2003-04-01, 2003-06-30)``) or
    ``"month"`` (→ ``("2003-04", 2003-04-01, 2003-04-30)``). Raises :class:`CellError`
    for a date that is not ISO ``YYYY-MM-DD`` or not the first day of such a period.
    """
    text = value.strip()
    try:
        start = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CellError("not a date YYYY-MM-DD") from exc
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise CellError("not a date YYYY-MM-DD")
    if start.day != 1:
        raise CellError("not the first day of a period")
    if period_type == "quarter":
        if start.month not in (1, 4, 7, 10):
            raise CellError("not the first day of a quarter (January, April, July, October)")
        months, label = 3, f"{start.year}-Q{(start.month + 2) // 3}"
    elif period_type == "month":
        months, label = 1, f"{start.year}-{start.month:02d}"
    else:
        raise ValueError(f"unknown period type {period_type!r}")
    month = start.month + months
    nxt = dt.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)
    return label, start, nxt - dt.timedelta(days=1)


def amount(value: str) -> Decimal:
    """A non-negative amount (USD or a count) → ``Decimal``.

    Accepts plain digits (``62442901``), English thousands separators (``62,442,901``) and
    Spanish (es-MX SIE) ones (``62.442.901``, ``1.234,5``). A single dot or comma followed
    by exactly three digits (``1.234``) is ambiguous and rejected. Raises
    :class:`CellError` for blanks, text, negatives and ambiguous separators.
    """
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        raise CellError("blank (a value is required)")
    if text.startswith("-"):
        raise CellError("negative amount")
    if re.fullmatch(r"\d+[.,]\d{3}", text):
        raise CellError("ambiguous thousands or decimal separator")
    if _PLAIN.match(text):
        clean = text
    elif _THOUSANDS_COMMA.match(text):
        clean = text.replace(",", "")
    elif _THOUSANDS_DOT.match(text) or re.fullmatch(r"\d+,\d+", text):
        clean = text.replace(".", "").replace(",", ".")
    else:
        raise CellError("not a number")
    try:
        return Decimal(clean)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above are numbers
        raise CellError("not a number") from exc


def flow(flow_id: str, label: str) -> str:
    """``ID_FLUJO`` + ``FLUJO`` → ``"inflow"`` (1, Ingresos) or ``"outflow"`` (2, Egresos).

    Raises :class:`CellError` for an unknown id or a label that contradicts it."""
    known = FLOWS.get(flow_id.strip())
    if known is None:
        raise CellError("unknown flow id (1 = Ingresos, 2 = Egresos)")
    if label.strip().casefold() != known[1]:
        raise CellError(f"flow label contradicts ID_FLUJO {flow_id.strip()}")
    return known[0]


def counterpart_country(code: str) -> tuple[str, list[str]]:
    """Banxico's ``ID_PAIS`` (ISO 3166-1 alpha-3 mostly) → ``(area code, flags)``.

    ``MEX`` → ``("MX", [])``; ``XKX`` → ``("XK", ["user_assigned_code"])``; ``ANT`` →
    ``("AN", ["historic_code"])``; ``ABK`` → ``("ABK", ["non_iso_area"])``; ``XXX``
    (No Identificado) → ``("_X", ["unidentified_area"])``. Raises :class:`CellError`
    for any other code."""
    text = code.strip().upper()
    if text in COUNTRY_EXCEPTIONS:
        area, flag = COUNTRY_EXCEPTIONS[text]
        return area, [flag]
    country = pycountry.countries.get(alpha_3=text) if len(text) == 3 else None
    if country is None:
        raise CellError("not an ISO 3166-1 alpha-3 country code")
    return country.alpha_2, []


def us_state(code: str) -> tuple[str, list[str]]:
    """``ID_ESTADO`` (USPS two letters) → ISO 3166-2:US code and flags.

    ``CA`` → ``("US-CA", [])``; ``DC`` → ``("US-DC", [])``; ``PR`` → ``("US-PR", [])``;
    ``XX`` (No Identificado) → ``("_X", ["unidentified_area"])``. Raises
    :class:`CellError` for a code that is not a US subdivision."""
    text = code.strip().upper()
    if text == US_UNIDENTIFIED:
        return "_X", ["unidentified_area"]
    if not re.fullmatch(r"[A-Z]{2}", text) or pycountry.subdivisions.get(code=f"US-{text}") is None:
        raise CellError("not a US state code (ISO 3166-2:US)")
    return f"US-{text}", []
