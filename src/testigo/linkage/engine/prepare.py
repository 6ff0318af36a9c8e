"""Turn input frames into the columns the comparisons read.

Input columns for **persons** (all optional except ``unique_id`` and ``source_dataset``):
``full_name`` *or* ``given_name``/``surname_1``/``surname_2``; ``birth_date`` (EDTF);
``age`` (years) with ``age_date`` (EDTF/ISO date the age was given at); ``sex`` (code);
``nationality`` (ISO 3166-1 alpha-2); ``place_code`` (INEGI municipality, 5 digits, or
state, 2 digits); ``address``, ``locality``, ``postcode``, ``street_number`` (free text).

Input columns for **events**: ``date_edtf`` (EDTF) or ``date_lo``/``date_hi`` (ISO
dates); ``lat``/``lon`` (WGS84 degrees); ``sexes`` (letters ``m``/``f`` present);
``has_child`` (0/1); ``cause`` (broad class); ``place_code``.

Prepared day numbers are days since 1970-01-01 (``Int64``); text columns are ``None``
when empty so Splink's null levels apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd

from testigo.documentation.dates import DateParseError, parse_edtf
from testigo.linkage.engine.names import (
    canonical_given,
    fold,
    spanish_phonetic_key,
    split_spanish_name,
    surname_core,
)

EPOCH = dt.date(1970, 1, 1)


def _map_unique(series: pd.Series, fn: Callable[[object], object]) -> pd.Series:
    """Apply ``fn`` once per distinct value (names repeat a lot in large frames)."""
    values = series.dropna().unique()
    lookup = {v: fn(v) for v in values}
    return series.map(lookup)


def _blank_to_none(series: pd.Series) -> pd.Series:
    return series.where(series.notna() & (series.astype(str) != ""), None).astype(object)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return frame[column].where(frame[column].notna(), None)


def edtf_bounds_days(text: object) -> tuple[int | None, int | None]:
    """EDTF text → (lower, upper) in days since 1970-01-01; ``(None, None)`` when unknown,
    open or invalid (an invalid date is treated as missing, not as an error)."""
    if not isinstance(text, str) or not text.strip():
        return None, None
    try:
        parsed = parse_edtf(text)
    except DateParseError:
        return None, None
    if parsed.lower is None or parsed.upper is None:
        return None, None
    return (parsed.lower - EPOCH).days, (parsed.upper - EPOCH).days


def _bounds(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    pairs = _map_unique(series.astype(object).where(series.notna(), None), edtf_bounds_days)
    lo = pairs.map(lambda p: p[0] if isinstance(p, tuple) else None)
    hi = pairs.map(lambda p: p[1] if isinstance(p, tuple) else None)
    return pd.array(lo, dtype="Int64"), pd.array(hi, dtype="Int64")


def _code(value: object) -> str:
    """A code as text without spaces, lower case: ``" 2 615 "`` → ``"2615"``."""
    return "".join(str(value).split()).casefold() if value is not None else ""


def _ymd(text: object) -> str | None:
    """``YYYYMMDD`` for a full (day-precise) date, else None — for the one-typo level."""
    lo, hi = edtf_bounds_days(text)
    if lo is None or lo != hi:
        return None
    return (EPOCH + dt.timedelta(days=lo)).strftime("%Y%m%d")


def _days_to_year(days: object) -> np.ndarray:
    """Day numbers (NaN for missing) → calendar years as float (NaN kept)."""
    arr = pd.array(days, dtype="Float64").to_numpy(dtype="float64", na_value=np.nan)
    years = np.full(arr.shape, np.nan)
    ok = ~np.isnan(arr)
    years[ok] = (
        arr[ok].astype("int64").astype("datetime64[D]").astype("datetime64[Y]").astype("int64")
        + 1970
    )
    return years


def _year_start_days(years: np.ndarray) -> np.ndarray:
    """Calendar years (float, NaN kept) → day number of 1 January of that year."""
    out = np.full(years.shape, np.nan)
    ok = ~np.isnan(years)
    out[ok] = (
        (years[ok].astype("int64") - 1970)
        .astype("datetime64[Y]")
        .astype("datetime64[D]")
        .astype("int64")
    )
    return out


def prepare_persons(frame: pd.DataFrame) -> pd.DataFrame:
    """Persons input → prepared columns (``gn``, ``gn1``, ``gn_key``, ``sn1``, ``sn2``,
    ``sn1_key``, ``sn2_key``, ``birth_lo``, ``birth_hi``, ``birth_ymd``, ``birth_year``,
    ``sex``, ``nationality``, ``place_code``, ``state_code``, ``address``, ``locality``,
    ``postcode``, ``street_number``) beside ``unique_id`` and ``source_dataset``."""
    out = pd.DataFrame({
        "unique_id": frame["unique_id"].astype(str),
        "source_dataset": frame["source_dataset"].astype(str),
    }, index=frame.index)  # fmt: skip
    if "given_name" in frame or "surname_1" in frame:
        given = _map_unique(_text(frame, "given_name"), fold)
        sn1 = _map_unique(_text(frame, "surname_1"), surname_core)
        sn2 = _map_unique(_text(frame, "surname_2"), surname_core)
    else:
        parts = _map_unique(_text(frame, "full_name"), split_spanish_name)
        given = parts.map(lambda p: p[0] if isinstance(p, tuple) else None)
        sn1 = _map_unique(parts.map(lambda p: p[1] if isinstance(p, tuple) else None), surname_core)
        sn2 = _map_unique(parts.map(lambda p: p[2] if isinstance(p, tuple) else None), surname_core)
    out["gn"] = _blank_to_none(given)
    out["gn1"] = _blank_to_none(_map_unique(out["gn"], canonical_given))
    out["gn_key"] = _blank_to_none(_map_unique(out["gn1"], spanish_phonetic_key))
    out["sn1"] = _blank_to_none(sn1)
    out["sn2"] = _blank_to_none(sn2)
    out["sn1_key"] = _blank_to_none(_map_unique(out["sn1"], spanish_phonetic_key))
    out["sn2_key"] = _blank_to_none(_map_unique(out["sn2"], spanish_phonetic_key))

    birth = _text(frame, "birth_date")
    lo, hi = _bounds(birth)
    lo, hi = pd.Series(lo, index=frame.index), pd.Series(hi, index=frame.index)
    if "age" in frame:
        age = pd.to_numeric(frame["age"], errors="coerce").to_numpy(dtype="float64")
        _ref_lo, ref_hi = _bounds(_text(frame, "age_date"))
        born_last = _days_to_year(ref_hi) - np.round(age)  # birthday not yet passed: a year earlier
        from_age = lo.isna().to_numpy() & ~np.isnan(born_last)
        lo_age = _year_start_days(born_last - 1)
        hi_age = _year_start_days(born_last + 1) - 1
        lo = lo.astype("Float64").mask(from_age, lo_age).astype("Int64")
        hi = hi.astype("Float64").mask(from_age, hi_age).astype("Int64")
    out["birth_lo"], out["birth_hi"] = lo, hi
    out["birth_ymd"] = _map_unique(birth, _ymd).astype(object).where(lambda s: s.notna(), None)
    mid = ((lo + hi) // 2).to_numpy(dtype="float64", na_value=np.nan)
    out["birth_year"] = pd.array(_days_to_year(mid), dtype="Int64")
    for column in ("sex", "nationality"):
        out[column] = _blank_to_none(_map_unique(_text(frame, column), fold))
    place = _blank_to_none(_text(frame, "place_code").map(
        lambda v: str(v).strip() if v is not None else None))  # fmt: skip
    # INEGI CVEGEO: 5 digits name a municipality, 2 digits a state only.
    out["place_code"] = place.map(lambda v: v if isinstance(v, str) and len(v) == 5 else None)
    out["state_code"] = place.map(lambda v: v[:2] if isinstance(v, str) and len(v) >= 2 else None)
    for column in ("address", "locality"):
        if column in frame:
            out[column] = _blank_to_none(_map_unique(_text(frame, column), fold))
    for column in ("postcode", "street_number"):
        if column in frame:
            out[column] = _blank_to_none(_map_unique(_text(frame, column), _code))
    return out


def prepare_events(frame: pd.DataFrame) -> pd.DataFrame:
    """Events input → ``date_lo``, ``date_hi`` (days), ``ym`` (months since year 0),
    ``week`` (days // 7), ``year``, ``lat``, ``lon``, ``cell`` (0.5° grid cell), ``sexes``,
    ``has_child``, ``cause``, ``place_code``, ``state_code``."""
    out = pd.DataFrame({
        "unique_id": frame["unique_id"].astype(str),
        "source_dataset": frame["source_dataset"].astype(str),
    }, index=frame.index)  # fmt: skip
    if "date_lo" in frame:
        lo = pd.to_datetime(frame["date_lo"], errors="coerce")
        hi = pd.to_datetime(frame.get("date_hi", frame["date_lo"]), errors="coerce")
        epoch = pd.Timestamp(EPOCH)
        out["date_lo"] = pd.array((lo - epoch).dt.days, dtype="Int64")
        out["date_hi"] = pd.array((hi - epoch).dt.days, dtype="Int64")
    else:
        lo_arr, hi_arr = _bounds(_text(frame, "date_edtf"))
        out["date_lo"], out["date_hi"] = lo_arr, hi_arr
    dates = pd.to_datetime(out["date_lo"].astype("float"), unit="D", origin="unix")
    out["year"] = pd.array(dates.dt.year, dtype="Int64")
    out["ym"] = pd.array(dates.dt.year * 12 + dates.dt.month, dtype="Int64")
    out["week"] = out["date_lo"] // 7
    out["lat"] = pd.to_numeric(frame.get("lat"), errors="coerce") if "lat" in frame else np.nan
    out["lon"] = pd.to_numeric(frame.get("lon"), errors="coerce") if "lon" in frame else np.nan
    cell = (np.floor(out["lat"] * 2).astype("Int64").astype(str) + ":"
            + np.floor(out["lon"] * 2).astype("Int64").astype(str))  # fmt: skip
    out["cell"] = cell.where(out["lat"].notna() & out["lon"].notna(), None)
    out["sexes"] = _blank_to_none(_text(frame, "sexes"))
    out["has_child"] = pd.array(pd.to_numeric(_text(frame, "has_child"), errors="coerce"),
                                dtype="Int64")  # fmt: skip
    out["cause"] = _blank_to_none(_text(frame, "cause"))
    place = _blank_to_none(_text(frame, "place_code"))
    out["place_code"] = place
    out["state_code"] = place.map(lambda v: v[:2] if isinstance(v, str) else None)
    return out


def prepare_tokens(frame: pd.DataFrame) -> pd.DataFrame:
    """Token frames are already prepared (see :mod:`testigo.linkage.engine.tokens`)."""
    out = frame.copy()
    out["unique_id"] = out["unique_id"].astype(str)
    out["source_dataset"] = out["source_dataset"].astype(str)
    return out
