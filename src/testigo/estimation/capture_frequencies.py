"""Frequency-of-capture data: how many persons were recorded once, twice, … ``t`` times.

Some sources give only the number of times each person was recorded (Rcapture's
``dtype="nbcap"``), not by which list. Lists are then exchangeable and the closed-population
models of Otis et al. (1978) apply, fitted as Poisson log-linear models on the counts
``f_j`` (j = 1…t) as in Rivest & Baillargeon's Rcapture (``closedp.0``; Rivest & Lévesque
2001, *Biometrics* 57: 1002–1014):

    log E f_j = a + b·j + offset_j + c·h(j)

with ``offset_j = log C(t, j)`` for ``t`` occasions, or ``−log j!`` when the number of
occasions is unbounded (continuous-time captures, ``t = Inf``). Models: ``M0`` (no ``h``)
and the heterogeneity models ``Mh Poisson2`` (h(j) = 2^j − 1), ``Mh Darroch`` (h(j) = j²/2)
and ``Mh Gamma3.5`` (h(j) = −log(3.5 + j) + log 3.5). Every h(0) = 0, so the unobserved count
is ``f_0 = exp(a)``. Chao's lower-bound model (a constrained fit) is not included.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _
from scipy import special

from testigo.estimation.errors import EstimationError
from testigo.estimation.loglinear import LoglinearModel

HETEROGENEITY = {
    "M0": None,
    "Mh Poisson2": lambda j: 2.0**j - 1.0,
    "Mh Darroch": lambda j: j**2 / 2.0,
    "Mh Gamma3.5": lambda j: -np.log(3.5 + j) + math.log(3.5),
}


def frequency_counts(
    frequencies: pd.DataFrame,
    *,
    occasions: int | None,
    captures: str = "nbcap",
    count: str = "freq",
) -> pd.DataFrame:
    """The counts ``f_j`` for j = 1…t (or 1…largest observed when ``occasions`` is None).

    ``frequencies``: rows of (number of times recorded, number of persons) in columns
    ``captures`` and ``count``; repeated j are summed; absent j count 0. Returns a DataFrame
    with columns ``j`` and ``n`` (ints). Raises :class:`EstimationError` for missing columns,
    j < 1 or j > ``occasions``, or counts that are not whole numbers ≥ 0.
    """
    for column in (captures, count):
        if column not in frequencies:
            raise EstimationError(
                _("Column(s) not found in the capture histories: %(columns)s") % {"columns": column}
            )
    j = pd.to_numeric(frequencies[captures], errors="coerce")
    n = pd.to_numeric(frequencies[count], errors="coerce")
    if j.isna().any() or (j < 1).any() or (j != np.floor(j)).any():
        raise EstimationError(_("The number of times recorded must be a whole number ≥ 1."))
    if n.isna().any() or (n < 0).any() or (n != np.floor(n)).any():
        raise EstimationError(
            _("Count column %(column)s must hold whole numbers ≥ 0; %(rows)d row(s) do not.")
            % {"column": count, "rows": int((n.isna() | (n < 0) | (n != np.floor(n))).sum())}
        )
    if occasions is not None and (occasions < 2 or (j > occasions).any()):
        raise EstimationError(
            _("Persons cannot be recorded more often than there are occasions (%(t)d).")
            % {"t": occasions}
        )
    last = occasions if occasions is not None else int(j.max())
    totals = n.groupby(j.astype(int)).sum()
    return pd.DataFrame(
        {"j": range(1, last + 1), "n": [int(totals.get(k, 0)) for k in range(1, last + 1)]}
    )


def frequency_models(j: np.ndarray, occasions: int | None) -> list[LoglinearModel]:
    """M0 and the Mh models for counts at ``j`` (1…t) with ``occasions`` t (None: unbounded)."""
    j = np.asarray(j, dtype=float)
    if occasions is None:
        offset = -special.gammaln(j + 1)
    else:
        offset = special.gammaln(occasions + 1) - special.gammaln(j + 1)
        offset -= special.gammaln(occasions - j + 1)
    models = []
    for name, h in HETEROGENEITY.items():
        columns = [np.ones_like(j), j] + ([h(j)] if h else [])
        zero = [1.0, 0.0] + ([float(h(np.array(0.0)))] if h else [])
        if len(columns) <= len(j):
            models.append(
                LoglinearModel(
                    name=name,
                    terms=(),
                    design=np.column_stack(columns),
                    zero_row=np.array(zero),
                    offset=offset,
                )
            )
    return models
