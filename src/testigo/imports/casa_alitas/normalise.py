"""Named, tested normalisation rules for the Casa Alitas group intake file.

Each function takes one raw CSV cell (``str``) and returns a clean value or raises
:class:`CellError` with the reason shown to the user. Source: Casa Alitas Welcome Center
(Catholic Community Services of Southern Arizona), de-identified by K. Lyons,
``group_all_clean_1_20_22.csv`` (PROVENANCE.md §8).
"""

from __future__ import annotations

import datetime as dt
import re

import pycountry

from testigo.vocab.loader import country_aliases, normalise_label


class CellError(ValueError):
    """A cell value that cannot be read; the message is the reason shown to the user."""


NA = "na"


def text(value: object) -> str:
    """A cell as trimmed text without U+FEFF; ``None`` becomes ``""``."""
    if value is None:
        return ""
    return str(value).replace("\ufeff", "").strip()


def not_available(value: object) -> str:
    """The cell as text, with R's ``NA`` string (any case) read as blank (not recorded)."""
    raw = " ".join(text(value).split())
    return "" if raw.casefold() == NA else raw


def arrival_datetime(value: object) -> dt.datetime:
    """``"1/26/2021 13:04:33"`` (US month/day/year, 24-hour clock) → naive local datetime.

    The shelter's local time (Tucson, no daylight saving); the date is what counts.
    Raises ``CellError`` when blank or in any other format.
    """
    raw = text(value)
    if not raw:
        raise CellError("missing arrival date and time")
    if not re.fullmatch(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}:[0-9]{2}", raw):
        raise CellError("not a date and time written M/D/YYYY H:MM:SS")
    try:
        return dt.datetime.strptime(raw, "%m/%d/%Y %H:%M:%S")  # noqa: DTZ007 - local time
    except ValueError as exc:
        raise CellError("not a calendar date and time") from exc


def iso_date(value: object) -> dt.date:
    """An ISO date ``2021-01-26``. Raises ``CellError`` otherwise."""
    raw = text(value)
    try:
        return dt.date.fromisoformat(raw) if len(raw) == 10 else _bad_date()
    except ValueError as exc:
        raise CellError("not an ISO date (YYYY-MM-DD)") from exc


def _bad_date() -> dt.date:
    raise ValueError("length")


MAX_PARTY = 50


def party_size(value: object) -> int:
    """People in the visit (``number_in_party``): a whole number from 1 to 50.

    Raises ``CellError`` when blank, not a whole number, zero or larger than ``MAX_PARTY``.
    """
    raw = text(value)
    if not re.fullmatch(r"[0-9]+", raw, flags=re.ASCII):
        raise CellError("people in the party is not a whole number")
    size = int(raw)
    if not 1 <= size <= MAX_PARTY:
        raise CellError(f"people in the party outside 1–{MAX_PARTY}")
    return size


# Country names this file writes that neither pycountry nor vocab/data/country_alias.yaml
# resolves. Kosovo has no ISO 3166-1 code (XK is user-assigned): it stays unresolved.
COUNTRY_ALIASES = {
    "democratic republic of congo": "CD",
    "russia": "RU",
    "turkey": "TR",
}


def country_code(value: object) -> str | None:
    """A country name → ISO 3166-1 alpha-2; blank or ``NA`` → ``""``.

    ``None`` when the name is not resolved (the caller reports it). Order: this file's
    aliases, then the shared ``country_alias`` table, then ``pycountry.countries.lookup``.
    """
    raw = not_available(value)
    if not raw:
        return ""
    key = normalise_label(raw)
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    aliases = country_aliases()
    if key in aliases:
        return aliases[key]
    try:
        return pycountry.countries.lookup(raw).alpha_2
    except LookupError:
        return None


# Language labels of this file that the language vocabulary does not list, with their
# ISO 639-3 codes. The code is looked up in the vocabulary; a language the vocabulary lacks
# is reported and left blank. "Mixteco Bajo" (lowland Mixtec) is not one ISO language: it
# maps to the vocabulary's Mixtec placeholder like "Mixteco".
LANGUAGE_ALIASES = {
    "tzeltal maya": "tzh",
    "mixteco bajo": "mix",
    "patois": "jam",
    "albanian": "sqi",
    "armenian": "hye",
    "georgian": "kat",
    "gujarati": "guj",
    "italian": "ita",
    "persian": "fas",
    "romanian": "ron",
    "telugu": "tel",
    "urdu": "urd",
}


def language_code(value: object, known: dict[str, str]) -> str | None:
    """A language label → ISO 639-3 code; blank or ``NA`` → ``""``; unknown → ``None``.

    ``known`` maps normalised vocabulary labels to codes (``term_index("language")``).
    Labels the vocabulary lists win; then ``LANGUAGE_ALIASES``.
    """
    raw = not_available(value)
    if not raw:
        return ""
    key = normalise_label(raw)
    if key in known:
        return known[key]
    return LANGUAGE_ALIASES.get(key)


def _us_states() -> dict[str, str]:
    """Normalised US state/district names and postal codes → ISO 3166-2 codes."""
    states: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code="US") or []:
        if sub.type in ("State", "District"):
            states[normalise_label(sub.name)] = sub.code
            states[sub.code[3:].casefold()] = sub.code
    states["new hamshire"] = "US-NH"  # sic, in the file ("New Hamshire - NH")
    return states


US_STATES = _us_states()


class SeveralDestinations(CellError):
    """A destination naming two states ("Florida, Texas"): not one destination."""


def destination(value: object) -> tuple[str, str]:
    """A destination label → (country ISO 3166-1, state ISO 3166-2).

    The forms found: ``"Florida"``, ``"Florida - FL"``, ``"Miami, FL"``, ``"Miami, Fl"``,
    ``"Boston, Massachusetts"``, ``"District of Columbia"``, and ``"Mexico"`` (a country).
    Blank or ``NA`` → ``("", "")``. Raises :class:`SeveralDestinations` for two states and
    ``CellError`` for a label naming no US state or country.
    """
    raw = not_available(value)
    if not raw:
        return "", ""
    if " - " in raw:
        name, _, code = raw.rpartition(" - ")
        state = US_STATES.get(code.strip().casefold())
        named = US_STATES.get(normalise_label(name))
        if state and (named is None or named == state):
            return "US", state
        raise CellError("state name and code disagree")
    if normalise_label(raw) in US_STATES:
        return "US", US_STATES[normalise_label(raw)]
    if "," in raw:
        first, _, last = raw.rpartition(",")
        state = US_STATES.get(normalise_label(last))
        if state and normalise_label(first) in US_STATES:
            raise SeveralDestinations("two states named")
        if state:
            return "US", state
    country = country_code(raw)
    if country:
        return country, ""
    raise CellError("destination names no US state or country")
