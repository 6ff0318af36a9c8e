"""Capture histories → the incomplete contingency table of observed capture patterns.

A *capture history* says which lists (sources, organisations) recorded one linked individual:
one 0/1 indicator per list. With ``k`` lists there are ``2**k`` patterns; the all-zero pattern
(recorded by no list) is the one multiple systems estimation estimates, so the observed table
has ``2**k - 1`` cells (Fienberg 1972, *Biometrika* 59: 591–603; Bishop, Fienberg & Holland
1975, ch. 6).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from testigo.estimation.errors import EstimationError

#: Name of the count column in the contingency tables this module returns.
COUNT = "n"


def all_patterns(k: int) -> np.ndarray:
    """Every capture pattern of ``k`` lists but the all-zero one, as a ``(2**k - 1, k)`` 0/1 array.

    Ordered like Rcapture's ``histpos.t``: ``1…1`` first, ``0…01`` last.
    """
    rows = [p for p in itertools.product((1, 0), repeat=k) if any(p)]
    return np.array(rows, dtype=int).reshape(-1, k)


def contingency_table(
    histories: pd.DataFrame, *, lists: Sequence[str], count: str | None = None
) -> pd.DataFrame:
    """Count the individuals in each observed capture pattern.

    ``histories``: either one row per linked individual with one 0/1 column per list (``count``
    is ``None``), or one row per pattern with a ``count`` column of frequencies (as in Rcapture's
    ``dfreq=TRUE`` files). Columns other than ``lists`` (and ``count``) are ignored.
    Booleans, 0/1 integers and "0"/"1" strings are accepted.

    Returns a DataFrame with the ``lists`` columns (int 0/1) and ``n`` (int): all ``2**k - 1``
    observed patterns, patterns nobody fell in included with ``n = 0``, ordered as
    :func:`all_patterns`. Duplicate pattern rows are summed.

    Raises :class:`EstimationError` when a list column is missing or repeated, a value is not
    0/1, a count is negative or not whole, or a row is in no list (such a person cannot have
    been observed: it is a linkage or data-entry error).
    """
    lists = list(lists)
    if not lists:
        raise EstimationError(_("No lists were given."))
    if len(set(lists)) != len(lists):
        raise EstimationError(_("A list is named more than once."))
    missing = [name for name in [*lists, *([count] if count else [])] if name not in histories]
    if missing:
        raise EstimationError(
            _("Column(s) not found in the capture histories: %(columns)s")
            % {"columns": ", ".join(map(str, missing))}
        )
    flags = pd.DataFrame(index=histories.index)
    for name in lists:
        flags[name] = _indicator(histories[name], name)
    if count is None:
        counts = pd.Series(1, index=histories.index, dtype="int64")
    else:
        counts = _counts(histories[count], count)
    empty = (flags.sum(axis=1) == 0) & (counts > 0)
    if empty.any():
        raise EstimationError(
            _(
                "%(rows)d row(s) are on no list; a person recorded by no list cannot be in the "
                "capture histories (check the linkage)."
            )
            % {"rows": int(counts[empty].sum())}
        )
    grouped = counts.groupby([flags[name] for name in lists]).sum()
    patterns = all_patterns(len(lists))
    table = pd.DataFrame(patterns, columns=lists)
    keys = [tuple(int(v) for v in row) for row in patterns]
    lookup = {(k if isinstance(k, tuple) else (k,)): int(v) for k, v in grouped.items()}
    table[COUNT] = [lookup.get(key, 0) for key in keys]
    return table


def list_sizes(table: pd.DataFrame, lists: Sequence[str]) -> dict[str, int]:
    """Number of individuals on each list (``n_i``), from a :func:`contingency_table`."""
    return {name: int(table.loc[table[name] == 1, COUNT].sum()) for name in lists}


def pairwise_overlaps(table: pd.DataFrame, lists: Sequence[str]) -> dict[tuple[str, str], int]:
    """Individuals on both lists of each pair (``m_ij``), from a :func:`contingency_table`."""
    return {
        (a, b): int(table.loc[(table[a] == 1) & (table[b] == 1), COUNT].sum())
        for a, b in itertools.combinations(lists, 2)
    }


def _indicator(column: pd.Series, name: str) -> pd.Series:
    values = column
    if values.dtype == object:
        values = values.astype(str).str.strip()
        values = values.map({"0": 0, "1": 1, "True": 1, "False": 0, "true": 1, "false": 0})
    values = pd.to_numeric(values, errors="coerce")
    bad = ~values.isin([0, 1])
    if bad.any():
        raise EstimationError(
            _("List column %(column)s must hold only 0 or 1; %(rows)d row(s) do not.")
            % {"column": name, "rows": int(bad.sum())}
        )
    return values.astype(int)


def _counts(column: pd.Series, name: str) -> pd.Series:
    values = pd.to_numeric(column, errors="coerce")
    bad = values.isna() | (values < 0) | (values != np.floor(values))
    if bad.any():
        raise EstimationError(
            _("Count column %(column)s must hold whole numbers ≥ 0; %(rows)d row(s) do not.")
            % {"column": name, "rows": int(bad.sum())}
        )
    return values.astype("int64")
