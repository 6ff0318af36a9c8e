"""Rates and shares from two tables of counts (pure arithmetic, no records read).

A rate is ``numerator / denominator * per`` (per 100,000 persons by default: OHCHR outcome
indicators such as "deaths per 100,000"), matched cell by cell: the denominator's dimensions
must be a subset of the numerator's, and each numerator key is projected onto them (a
``TOTAL`` stays ``TOTAL``, so margins get the denominator's margins). A value is ``None`` when
either side is ``None`` (suppressed by the gate) and ``None`` when the denominator is
missing or zero; :func:`rate_status` tells which (SDMX OBS_STATUS).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

OBS_NORMAL = "A"
OBS_CONFIDENTIAL = "C"
OBS_MISSING = "M"

Values = Mapping[tuple[object, ...], Mapping[str, int | float | None]]


def projection(dims: Sequence[str], onto: Sequence[str]) -> list[int]:
    """Positions in ``dims`` of each name of ``onto``; ``ValueError`` if one is absent."""
    missing = [d for d in onto if d not in dims]
    if missing:
        raise ValueError(f"the denominator's dimensions {missing} are not in the numerator's")
    return [list(dims).index(d) for d in onto]


def rate_status(numerator: object, denominator: object, *, present: bool) -> str:
    """``C`` if a side is suppressed (``None``), ``M`` if no or zero denominator, else ``A``
    (a suppressed numerator wins: the rate is confidential whatever the denominator)."""
    if numerator is None:
        return OBS_CONFIDENTIAL
    if not present:
        return OBS_MISSING
    if denominator is None:
        return OBS_CONFIDENTIAL
    if denominator == 0:
        return OBS_MISSING
    return OBS_NORMAL


def rate_cells(
    numerator: Values,
    numerator_dims: Sequence[str],
    denominator: Values,
    denominator_dims: Sequence[str],
    *,
    unit: str,
    denominator_unit: str,
    per: float,
) -> dict[tuple[object, ...], tuple[float | None, str]]:
    """``{numerator key: (rate or None, status)}`` (see module docstring)."""
    positions = projection(numerator_dims, denominator_dims)
    out: dict[tuple[object, ...], tuple[float | None, str]] = {}
    for key, values in numerator.items():
        den_key = tuple(key[i] for i in positions)
        present = den_key in denominator
        num = values.get(unit)
        den = denominator[den_key].get(denominator_unit) if present else None
        status = rate_status(num, den, present=present)
        value = None if status != OBS_NORMAL else float(num) / float(den) * per  # type: ignore[arg-type]
        out[key] = (value, status)
    return out
