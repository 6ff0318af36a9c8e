"""Build the linkage engine's input frames from Testigo records and from source files.

- :func:`person_frame`: Person records → persons input (names decrypted in memory only,
  never written anywhere by this module).
- :func:`event_frame`: Event records → events input (date bounds, place codes, counts).
- :func:`arizona_ogis_frame` / :func:`mmp_border_frame`: the Arizona OpenGIS Initiative for
  Deceased Migrants file and IOM Missing Migrants Project US–Mexico border rows → events
  input, for event-level linkage (date window, distance, sex, children, cause).

Column contracts: see :mod:`testigo.linkage.engine.prepare`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from testigo.core.errors import ApplicationError

SEX_CODES = {"male": "m", "female": "f"}

# Broad cause classes shared by both sources (vocab ``cause_of_death`` codes → class).
CAUSE_CLASS = {
    "harsh_environmental_conditions": "environment",
    "drowning": "drowning",
    "vehicle_accident_hazardous_transport": "vehicle",
    "violence": "violence",
    "sickness_lack_of_healthcare": "sickness",
    "accidental_death": "accident",
}
MMP_CAUSE_CLASS = {
    "harsh environmental conditions / lack of adequate shelter, food, water": "environment",
    "drowning": "drowning",
    "vehicle accident / death linked to hazardous transport": "vehicle",
    "violence": "violence",
    "sickness / lack of access to adequate healthcare": "sickness",
    "accidental death": "accident",
}
# Pima County OME "Cause of Death" classes; skeletal remains, undetermined, pending and
# blunt force injury (fall or assault) are left unknown.
ARIZONA_CAUSE_CLASS = {
    "exposure": "environment",
    "drowning": "drowning",
    "motor vehicle accident": "vehicle",
    "gunshot wound": "violence",
    "other injury / homicide": "violence",
    "heart disease": "sickness",
    "other disease": "sickness",
}

ARIZONA_SOURCE = "arizona_ogis"
MMP_SOURCE = "iom_mmp"
MMP_BORDER_ROUTE = "US-Mexico border crossing"


class SourceFileError(ApplicationError):
    """A source file lacks the columns this reader needs."""


def _code(term: object) -> str | None:
    return getattr(term, "code", None) if term is not None else None


def person_frame(persons: Iterable, *, source_dataset: str | None = None) -> pd.DataFrame:
    """Person records → persons input frame.

    Columns: ``unique_id`` (``"person:<pk>"``), ``source_dataset`` (given, or the
    organisation's slug), ``full_name`` (decrypted in memory), ``birth_date`` (EDTF),
    ``age`` with ``age_date`` (the record's creation date: the age as told at intake),
    ``sex`` (``m``/``f`` or None), ``nationality`` (ISO alpha-2). Groups are skipped:
    a group is not one person.
    """
    rows = []
    for person in persons:
        if person.is_group:
            continue
        rows.append({
            "unique_id": f"person:{person.pk}",
            "source_dataset": source_dataset or person.organisation.slug,
            "full_name": person.name or None,
            "birth_date": person.birth_date_edtf or None,
            "age": person.age,
            "age_date": person.created_at.date().isoformat() if person.created_at else None,
            "sex": SEX_CODES.get(_code(person.sex) or ""),
            "nationality": person.nationality or None,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=["unique_id", "source_dataset", "full_name", "birth_date",
                                       "age", "age_date", "sex", "nationality"])  # fmt: skip


def _sexes(females: object, males: object) -> str | None:
    letters = ""
    if pd.notna(females) and float(females) > 0:
        letters += "f"
    if pd.notna(males) and float(males) > 0:
        letters += "m"
    return letters or None


def _has_child(children: object) -> int | None:
    if children is None or pd.isna(children):
        return None
    return int(float(children) > 0)


def event_frame(events: Iterable, *, source_dataset: str | None = None) -> pd.DataFrame:
    """Event records → events input frame: ``unique_id`` (``"event:<pk>"``),
    ``source_dataset`` (given, or ``<organisation slug>:<dataset>``), ``date_edtf``,
    ``lat``/``lon``, ``place_code`` (INEGI municipality, else the state code), ``sexes``,
    ``has_child``, ``cause`` (broad class), ``dead_and_missing``."""
    rows = []
    for event in events:
        rows.append({
            "unique_id": f"event:{event.pk}",
            "source_dataset": source_dataset or f"{event.organisation.slug}:{event.dataset}",
            "date_edtf": event.date_edtf,
            "lat": event.latitude,
            "lon": event.longitude,
            "place_code": event.municipality_code or None,
            "sexes": _sexes(event.females, event.males),
            "has_child": _has_child(event.children),
            "cause": CAUSE_CLASS.get(_code(event.cause_of_death) or ""),
            "dead_and_missing": event.dead_and_missing,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=["unique_id", "source_dataset", "date_edtf", "lat", "lon",
                                       "place_code", "sexes", "has_child", "cause",
                                       "dead_and_missing"])  # fmt: skip


def _require(frame: pd.DataFrame, columns: list[str], path: Path) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SourceFileError(f"{path.name}: missing columns {', '.join(missing)}")


def arizona_ogis_frame(path: Path) -> pd.DataFrame:
    """Arizona OpenGIS deceased-migrant records (Humane Borders / Pima County OME CSV) →
    events input, one row per deceased person.

    ``unique_id`` = ``"ogis:<ML Number>"``; date = ``Reporting Date`` (day); ``lat``/``lon``
    from ``Latitude``/``Longitude``; ``sexes`` from ``Sex`` (``undetermined`` → None);
    ``has_child`` from ``Age`` (< 18); ``cause`` from ``Cause of Death``. Names are not read.
    Raises :class:`SourceFileError` if a column is missing.
    """
    columns = ["ML Number", "Sex", "Age", "Reporting Date", "Cause of Death", "County",
               "Latitude", "Longitude"]  # fmt: skip
    raw = pd.read_csv(path, usecols=lambda c: c in columns, dtype=str)
    _require(raw, columns, path)
    age = pd.to_numeric(raw["Age"], errors="coerce")
    return pd.DataFrame({
        "unique_id": "ogis:" + raw["ML Number"].str.strip(),
        "source_dataset": ARIZONA_SOURCE,
        "date_lo": pd.to_datetime(raw["Reporting Date"], errors="coerce").dt.date.astype(str)
        .where(raw["Reporting Date"].notna(), None),
        "lat": pd.to_numeric(raw["Latitude"], errors="coerce"),
        "lon": pd.to_numeric(raw["Longitude"], errors="coerce"),
        "sexes": raw["Sex"].str.strip().str.lower().map(SEX_CODES),
        "has_child": np.where(age.isna(), None, (age < 18).astype(int)),
        "cause": raw["Cause of Death"].str.strip().str.lower().map(ARIZONA_CAUSE_CLASS),
        "county": raw["County"].str.strip().str.title(),
        "age": age,
    })  # fmt: skip


_POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)")


def _wkt_or_pair(text: object) -> tuple[float, float]:
    """``POINT (lon lat)`` or ``"lat, lon"`` → (lat, lon); NaNs when unreadable."""
    if not isinstance(text, str):
        return np.nan, np.nan
    match = _POINT.search(text)
    if match:
        return float(match.group(2)), float(match.group(1))
    parts = [p.strip() for p in text.split(",")]
    try:
        return float(parts[0]), float(parts[1])
    except (IndexError, ValueError):
        return np.nan, np.nan


def mmp_border_frame(path: Path) -> pd.DataFrame:
    """IOM Missing Migrants Project 2022-05 CSV export, rows with ``Migration route`` =
    "US-Mexico border crossing" → events input, one row per incident.

    ``unique_id`` = ``"mmp:<Main ID>"``; date = ``Incident Date`` (day); coordinates from WKT
    ``POINT (lon lat)``; ``sexes`` from the female/male counts; ``has_child`` from
    ``Number of Children`` (blank → unknown); ``cause`` from ``Cause of Death``;
    ``dead_and_missing`` from the total column. Raises :class:`SourceFileError`.
    """
    columns = ["Main ID", "Incident Date", "Number of Females", "Number of Males",
               "Number of Children", "Cause of Death", "Migration route", "Coordinates",
               "Total Number of Dead and Missing", "Information Source"]  # fmt: skip
    raw = pd.read_csv(path, encoding="utf-8-sig", usecols=lambda c: c in columns, dtype=str)
    _require(raw, columns, path)
    raw = raw[raw["Migration route"].str.strip() == MMP_BORDER_ROUTE].reset_index(drop=True)
    coords = raw["Coordinates"].map(_wkt_or_pair)
    females = pd.to_numeric(raw["Number of Females"], errors="coerce")
    males = pd.to_numeric(raw["Number of Males"], errors="coerce")
    children = pd.to_numeric(raw["Number of Children"], errors="coerce")
    return pd.DataFrame({
        "unique_id": "mmp:" + raw["Main ID"].str.replace("\ufeff", "").str.strip(),
        "source_dataset": MMP_SOURCE,
        "date_lo": pd.to_datetime(raw["Incident Date"], errors="coerce").dt.date.astype(str)
        .where(raw["Incident Date"].notna(), None),
        "lat": coords.map(lambda c: c[0]),
        "lon": coords.map(lambda c: c[1]),
        "sexes": [_sexes(f, m) for f, m in zip(females, males, strict=True)],
        "has_child": [_has_child(c) for c in children],
        "cause": raw["Cause of Death"].str.strip().str.lower().map(MMP_CAUSE_CLASS),
        "dead_and_missing": pd.to_numeric(raw["Total Number of Dead and Missing"], errors="coerce"),
        "cites_pima_ome": raw["Information Source"].str.contains("Pima County", na=False),
    })  # fmt: skip
