"""Independent recomputation from the raw CBP files (csv module only, no adapter code)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

MONTHS = {
    "JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
    "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12,
}  # fmt: skip
MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def number(text: str) -> float:
    """``"21,444 **"`` → 21444.0; blank or N/A → 0."""
    cleaned = text.replace(",", "").replace("*", "").strip()
    return 0.0 if cleaned in ("", "N/A") else float(cleaned)


def fiscal_year_of(day: dt.date) -> int:
    """US federal fiscal year of a date (October starts the next fiscal year)."""
    return day.year + 1 if day.month >= 10 else day.year


def calendar_period(fiscal_year: int, month: int) -> str:
    """``YYYY-MM`` of a month of a fiscal year."""
    year = fiscal_year - 1 if month >= 10 else fiscal_year
    return f"{year}-{month:02d}"
