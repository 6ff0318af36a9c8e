"""Reading one cell of a mapped column: each rule a named function that raises
:class:`CellError` (the row report's reason) instead of guessing.

Rules and the conventions they follow:

- **Dates** (:func:`edtf_date`) come out as EDTF (ISO 8601-2): ``2021-03-15``, ``2021-03``,
  ``2021``. Numeric dates are read **day first** (``15/03/2021``), the Mexican and Central
  American convention (NOM-008-SCFI / everyday use); ``03/15/2021`` is then an impossible
  month and an error, never silently swapped. A month written as a word (``marzo 2021``,
  ``15 de marzo de 2021``, ``March 2021``) is unambiguous in any order and gives a partial
  date. Two-digit years (``15/03/21``) are ambiguous and refused. Kobo/ODK timestamps
  (``2021-03-15T10:22:33.000+03:00``) keep the date as the device wrote it. Any other valid
  EDTF (``2021~``, ``2021-03-XX``, ``2021-03-10/2021-03-12``) is kept as written. Dates
  after today are refused.
- **Whole numbers** (:func:`whole_number`): ``3``, ``3.0`` (a spreadsheet number); no
  fractions, no negatives.
- **Yes/no** (:func:`boolean`): sí/si/s/yes/y/true/verdadero/1/x and no/n/false/falso/0.
- **Countries** (:func:`country_code`): ISO 3166-1 alpha-2 from the code, the English or
  Spanish name (pycountry and its iso3166-1 Spanish catalogue, accents ignored), the
  project's ``country_alias`` table, or a Spanish demonym of the corridor (``hondureña``).
- **Vocabulary values** (:func:`term_for`): the column's value mapping first, then an exact
  (case- and space-insensitive) match of a term's code, label or source label; anything
  else is an error naming the value, so the user can map it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from functools import cache

import pycountry
from django.utils.translation import gettext as _

from testigo.documentation.dates import DateParseError, parse_edtf
from testigo.vocab.loader import country_aliases, normalise_label
from testigo.vocab.models import Term


class CellError(ValueError):
    """A cell that cannot be read; the message is the reason shown in the row report."""


def text(value: object) -> str:
    """The cell as trimmed text; a spreadsheet number ``12.0`` is ``"12"``; ``None`` is ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value).replace("\ufeff", "").strip()


def fold(value: str) -> str:
    """Lowercase, accents removed, spaces collapsed: for matching names, never stored."""
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split()).casefold()


def whole_number(value: object) -> int | None:
    """A count or age: ``3``, ``"3"``, ``3.0``. Blank → ``None``. Raises :class:`CellError`."""
    if isinstance(value, bool):
        raise CellError(_("not a whole number"))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("not a whole number"))
        number = int(value)
    else:
        raw = text(value)
        if not raw:
            return None
        if re.fullmatch(r"\d+(\.0+)?", raw):
            number = int(raw.split(".")[0])
        else:
            raise CellError(_("not a whole number"))
    if number < 0:
        raise CellError(_("a negative number"))
    return number


YES = frozenset({"si", "s", "yes", "y", "true", "verdadero", "1", "x", "oui"})
NO = frozenset({"no", "n", "false", "falso", "0", "non"})


def boolean(value: object) -> bool | None:
    """Yes/no in Spanish, English or as 1/0 (Kobo exports ``1``/``0``). Blank → ``None``.
    Raises :class:`CellError` for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if value in (0, 1):
            return bool(value)
        raise CellError(_("not yes or no"))
    raw = fold(text(value)).rstrip(".")
    if not raw:
        return None
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(_("not yes or no"))


MONTHS = {
    "enero": 1, "ene": 1, "january": 1, "jan": 1,
    "febrero": 2, "feb": 2, "february": 2,
    "marzo": 3, "mar": 3, "march": 3,
    "abril": 4, "abr": 4, "april": 4, "apr": 4,
    "mayo": 5, "may": 5,
    "junio": 6, "jun": 6, "june": 6,
    "julio": 7, "jul": 7, "july": 7,
    "agosto": 8, "ago": 8, "august": 8, "aug": 8,
    "septiembre": 9, "setiembre": 9, "sep": 9, "sept": 9, "set": 9, "september": 9,
    "octubre": 10, "oct": 10, "october": 10,
    "noviembre": 11, "nov": 11, "november": 11,
    "diciembre": 12, "dic": 12, "december": 12, "dec": 12,
}  # fmt: skip
_TIMESTAMP = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{4})")


def _checked(edtf: str) -> str:
    try:
        parsed = parse_edtf(edtf)
    except DateParseError as exc:
        raise CellError(_("not a valid date")) from exc
    if parsed.lower is not None and parsed.lower > dt.date.today():  # noqa: DTZ011
        raise CellError(_("a date in the future"))
    return parsed.text


def _from_parts(year: int, month: int | None, day: int | None) -> str:
    if month is not None and not 1 <= month <= 12:
        raise CellError(
            _("month %(month)s is impossible: dates are read day first (day/month/year)")
            % {"month": month}
        )
    try:
        if day is not None and month is not None:
            return _checked(dt.date(year, month, day).isoformat())
    except ValueError as exc:
        raise CellError(_("no such day")) from exc
    return _checked(f"{year:04d}-{month:02d}" if month is not None else f"{year:04d}")


def _words_date(raw: str) -> str | None:
    """``15 de marzo de 2021``, ``marzo 2021``, ``March 15, 2021``, ``mar-2021``."""
    tokens = [t for t in re.split(r"[\s,./-]+", fold(raw)) if t and t not in {"de", "del"}]
    months = [MONTHS[t] for t in tokens if t in MONTHS]
    if len(months) != 1:
        return None
    numbers = [t for t in tokens if t not in MONTHS]
    if not all(t.isdigit() for t in numbers):
        return None
    years = [int(t) for t in numbers if len(t) == 4]
    days = [int(t) for t in numbers if len(t) <= 2]
    if len(years) != 1 or len(days) > 1 or len(years) + len(days) != len(numbers):
        return None
    return _from_parts(years[0], months[0], days[0] if days else None)


def edtf_date(value: object) -> str | None:
    """Read a date cell as EDTF text (see the module's rules). Blank → ``None``.

    Accepts ``datetime``/``date`` (XLSX cells), a year number, ISO dates and timestamps,
    day-first numeric dates, month words in Spanish or English, and any valid EDTF.
    Raises :class:`CellError` for anything else, two-digit years and future dates.
    """
    if isinstance(value, dt.datetime):
        return _checked(value.date().isoformat())
    if isinstance(value, dt.date):
        return _checked(value.isoformat())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1800 <= value <= 2200:
            return _checked(f"{int(value):04d}")
        raise CellError(_("a number where a date was expected"))
    raw = text(value)
    if not raw:
        return None
    if m := _TIMESTAMP.fullmatch(raw):
        return _checked(m.group(1))
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", raw):
        return _checked(raw)
    if m := _NUMERIC.fullmatch(raw):
        day, month, year = (int(g) for g in m.groups())
        if len(m.group(3)) != 4:
            raise CellError(_("a two-digit or three-digit year is ambiguous: write the full year"))
        return _from_parts(year, month, day)
    if m := _MONTH_YEAR.fullmatch(raw):
        return _from_parts(int(m.group(2)), int(m.group(1)), None)
    if re.search(r"[a-zA-Z]{3}", raw):
        words = _words_date(raw)
        if words is not None:
            return words
    try:
        return _checked(raw)
    except CellError:
        raise CellError(
            _("not a date (write 15/03/2021, 2021-03-15, marzo 2021 or 2021)")
        ) from None


def calendar_day(value: object) -> dt.date | None:
    """A date that must be one day (an intake's date). Blank → ``None``. Raises
    :class:`CellError` for a partial date (``2021-03``) as well as for a bad one."""
    edtf = edtf_date(value)
    if edtf is None:
        return None
    parsed = parse_edtf(edtf)
    if parsed.precision != "day":
        raise CellError(_("a full date (day, month and year) is needed here"))
    return parsed.lower


DEMONYMS_ES = {
    "mexicana": "MX", "mexicano": "MX", "guatemalteca": "GT", "guatemalteco": "GT",
    "hondurena": "HN", "hondureno": "HN", "salvadorena": "SV", "salvadoreno": "SV",
    "nicaraguense": "NI", "costarricense": "CR", "panamena": "PA", "panameno": "PA",
    "belicena": "BZ", "beliceno": "BZ", "venezolana": "VE", "venezolano": "VE",
    "colombiana": "CO", "colombiano": "CO", "ecuatoriana": "EC", "ecuatoriano": "EC",
    "peruana": "PE", "peruano": "PE", "cubana": "CU", "cubano": "CU", "haitiana": "HT",
    "haitiano": "HT", "dominicana": "DO", "dominicano": "DO", "estadounidense": "US",
    "chilena": "CL", "chileno": "CL", "brasilena": "BR", "brasileno": "BR",
}  # fmt: skip
EXTRA_COUNTRY_NAMES = {
    "eeuu": "US", "ee uu": "US", "ee.uu.": "US", "ee. uu.": "US", "usa": "US",
    "estados unidos de america": "US", "u.s.": "US", "us": "US",
}  # fmt: skip


@cache
def _country_index() -> dict[str, str | None]:
    import gettext

    try:
        spanish = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    except OSError:  # pragma: no cover - pycountry ships the catalogue
        spanish = gettext.NullTranslations()
    index: dict[str, str | None] = {}
    for c in pycountry.countries:
        names = [c.alpha_2, c.alpha_3, c.name, spanish.gettext(c.name)]
        names += [getattr(c, a) for a in ("official_name", "common_name") if hasattr(c, a)]
        for name in names:
            index.setdefault(fold(name), c.alpha_2)
    for name, code in {**EXTRA_COUNTRY_NAMES, **DEMONYMS_ES}.items():
        index.setdefault(fold(name), code)
    for name, code in country_aliases().items():
        index[fold(name)] = code
    return index


def country_code(value: object) -> str | None:
    """ISO 3166-1 alpha-2 for a country code, name (English or Spanish) or demonym.
    Blank → ``None``. Raises :class:`CellError` when unresolved or not a country
    (``Unknown``/``Mixed`` in the alias table)."""
    raw = text(value)
    if not raw:
        return None
    index = _country_index()
    key = fold(raw)
    if key not in index:
        raise CellError(_("not a country name or ISO 3166-1 code"))
    code = index[key]
    if code is None:
        raise CellError(_("not a country (unknown or several)"))
    return code


def term_for(raw: str, values: Mapping[str, str], index: Mapping[str, Term]) -> Term:
    """The term for one raw value: the column's value mapping (raw → code), else an exact
    match in ``index`` (:func:`testigo.vocab.selectors.term_index`). Raises
    :class:`CellError` naming the value when neither resolves, or when the mapping names a
    code that is not in the vocabulary."""
    if raw in values:
        code = values[raw]
        term = index.get(normalise_label(code))
        if term is None or term.code != code:
            raise CellError(
                _("the value mapping gives “%(code)s”, which is not in the vocabulary")
                % {"code": code}
            )
        return term
    term = index.get(normalise_label(raw))
    if term is None:
        raise CellError(_("no value mapping for “%(value)s”") % {"value": raw})
    return term


def split_values(value: object, *, kobo: bool = False) -> list[str]:
    """The values of a multi-valued cell: separated by ``;``, ``,``, ``|`` or new lines in
    spreadsheets; by spaces in Kobo/ODK select_multiple cells (choice names have none)."""
    raw = text(value)
    if not raw:
        return []
    parts = raw.split() if kobo else re.split(r"[;,|\n]", raw)
    return [p.strip() for p in parts if p.strip()]
