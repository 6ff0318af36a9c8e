"""Hierarchical log-linear models for an incomplete 2^k table, fitted by Poisson GLM.

Each observed capture-pattern count is Poisson with ``log μ = Xβ`` (Fienberg 1972; Bishop,
Fienberg & Holland 1975, §6.4; Rcapture's ``closedp``). The design has an intercept, one main
effect per list and a chosen set of two-way list interactions (list dependence). The
unobserved all-zero pattern has every indicator 0, so its expected count is
``n0 = exp(intercept)``: the model is extrapolated to the missing cell under the identifying
assumption that the highest-order interaction is zero.

Models fitted (see :func:`candidate_models`): every set of two-way interactions for 3–5 lists
(8, 64 and 1,024 models), all hierarchical because the main effects are always in; for 6 or
more lists a forward search over two-way interactions; for 2 lists only independence
(Lincoln–Petersen).
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import statsmodels.api as sm
from django.utils.translation import gettext as _

from testigo.estimation.errors import EstimationError

#: Largest number of lists for which every set of two-way interactions is fitted.
MAX_EXHAUSTIVE_LISTS = 5
#: A standard error beyond this (log scale) means the maximum-likelihood estimate does not
#: exist (a parameter runs off to infinity because of zero cells on the boundary): the model is
#: left out of selection and averaging.
_UNSTABLE_SE = 100.0


@dataclass(frozen=True)
class LoglinearModel:
    """A Poisson log-linear model for the observed cells of an incomplete table.

    ``design``: (observed cells × parameters) float array, first column the intercept.
    ``zero_row``: the design row of the unobserved cell. ``offset``/``zero_offset``: known
    log-scale terms (zeros for list models; binomial coefficients for frequency models).
    ``terms``: the interaction terms, as tuples of list names (main effects are implicit).
    """

    name: str
    terms: tuple[tuple[str, ...], ...]
    design: np.ndarray = field(repr=False)
    zero_row: np.ndarray = field(repr=False)
    offset: np.ndarray = field(repr=False)
    zero_offset: float = 0.0

    @property
    def n_params(self) -> int:
        """Number of free parameters."""
        return int(self.design.shape[1])


@dataclass(frozen=True)
class ModelFit:
    """One fitted model.

    ``n0``: estimated count of the unobserved cell (persons on no list); ``total`` = observed +
    ``n0``. ``loglik``: Poisson log-likelihood of the observed cells; ``aic`` = −2·loglik + 2p;
    ``bic`` = −2·loglik + p·log(observed persons) (as in Rcapture). ``df_resid`` = observed
    cells − p; 0 means the model is saturated (it reproduces the table; fit cannot be checked).
    ``stable`` is False when the fit did not converge or the MLE does not exist.
    """

    model: LoglinearModel = field(repr=False)
    observed: int
    n0: float
    loglik: float
    deviance: float
    aic: float
    bic: float
    df_resid: int
    converged: bool
    stable: bool
    params: np.ndarray = field(repr=False)

    @property
    def name(self) -> str:
        """The model's name, e.g. ``"independence"`` or ``"EXH:ABA + OSCE:HRW"``."""
        return self.model.name

    @property
    def total(self) -> float:
        """Estimated population size N̂ = observed + n0."""
        return self.observed + self.n0


def design_matrix(patterns: np.ndarray, terms: Sequence[tuple[int, ...]]) -> np.ndarray:
    """Intercept, main effects and the product columns for ``terms`` (tuples of list indices).

    ``patterns``: (cells × k) 0/1 array. Returns (cells × (1 + k + len(terms))) float array.
    """
    patterns = np.asarray(patterns, dtype=float)
    columns = [np.ones(len(patterns)), *patterns.T]
    columns += [np.prod(patterns[:, list(term)], axis=1) for term in terms]
    return np.column_stack(columns)


def list_model(
    patterns: np.ndarray, lists: Sequence[str], terms: Sequence[tuple[int, ...]]
) -> LoglinearModel:
    """The hierarchical model with all main effects and the interactions ``terms``.

    ``patterns``: the observed patterns (cells × k 0/1 array), in the order of the counts.
    """
    named = tuple(tuple(lists[i] for i in term) for term in terms)
    name = " + ".join(":".join(term) for term in named) if named else "independence"
    design = design_matrix(patterns, terms)
    zero_row = design_matrix(np.zeros((1, len(lists))), terms)[0]
    return LoglinearModel(
        name=name,
        terms=named,
        design=design,
        zero_row=zero_row,
        offset=np.zeros(len(patterns)),
    )


def candidate_models(
    patterns: np.ndarray, lists: Sequence[str], *, max_order: int = 2
) -> list[LoglinearModel]:
    """Every hierarchical model with all main effects and interactions up to ``max_order``.

    ``max_order`` 2: every set of two-way interactions (2 ≤ k ≤ 5 lists). ``max_order`` 3
    (4 lists only): also every set of three-way interactions whose two-way terms are all in
    the model (hierarchy). Only identifiable models are returned: no more parameters than
    observed cells. With 3 lists the model with all three two-way interactions is saturated
    (0 residual df) but identified; it is Fienberg's n000 = n100·n010·n001·n111 /
    (n110·n101·n011). The k-way interaction is never fitted: assuming it zero is what
    identifies the unobserved cell.
    """
    k = len(lists)
    pairs = list(itertools.combinations(range(k), 2))
    triples = list(itertools.combinations(range(k), 3)) if max_order >= 3 else []
    n_cells = len(patterns)
    models = []
    for size in range(len(pairs) + 1):
        for chosen in itertools.combinations(pairs, size):
            present = set(chosen)
            allowed = [
                t for t in triples if all(p in present for p in itertools.combinations(t, 2))
            ]
            for extra in range(len(allowed) + 1):
                for higher in itertools.combinations(allowed, extra):
                    terms = list(chosen) + list(higher)
                    if 1 + k + len(terms) <= n_cells:
                        models.append(list_model(patterns, lists, terms))
    return models


def fit_model(model: LoglinearModel, counts: np.ndarray) -> ModelFit:
    """Fit ``model`` to the observed cell ``counts`` (int array) by Poisson GLM (IRLS).

    Never raises for a bad fit: non-convergence or a non-existent MLE gives ``stable=False``.
    """
    counts = np.asarray(counts, dtype=float)
    observed = int(counts.sum())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = sm.GLM(
                counts, model.design, family=sm.families.Poisson(), offset=model.offset
            ).fit(maxiter=200)
            params = np.asarray(result.params, dtype=float)
            bse = np.asarray(result.bse, dtype=float)
            loglik = float(result.llf)
            deviance = float(result.deviance)
            converged = bool(result.converged)
        except (ValueError, np.linalg.LinAlgError, FloatingPointError):
            params = np.full(model.n_params, np.nan)
            bse = params
            loglik = deviance = math.nan
            converged = False
    eta0 = float(model.zero_row @ params + model.zero_offset)
    n0 = math.exp(eta0) if np.isfinite(eta0) and eta0 < 700 else math.inf
    df_resid = len(counts) - model.n_params
    stable = (
        converged
        and math.isfinite(n0)
        and bool(np.all(np.isfinite(params)))
        and bool(np.all(np.nan_to_num(bse, nan=np.inf) < _UNSTABLE_SE))
    )
    p = model.n_params
    return ModelFit(
        model=model,
        observed=observed,
        n0=n0,
        loglik=loglik,
        deviance=deviance,
        aic=-2 * loglik + 2 * p,
        bic=-2 * loglik + p * math.log(max(observed, 1)),
        df_resid=df_resid,
        converged=converged,
        stable=stable,
        params=params,
    )


def criterion_value(fit: ModelFit, criterion: str) -> float:
    """``fit.aic`` or ``fit.bic`` for ``criterion`` ``"aic"``/``"bic"``."""
    return fit.aic if criterion == "aic" else fit.bic


def fit_candidates(
    patterns: np.ndarray,
    counts: np.ndarray,
    lists: Sequence[str],
    *,
    criterion: str,
    max_order: int = 2,
) -> tuple[list[ModelFit], bool]:
    """Fit the candidate models; returns (fits, exhaustive).

    Up to :data:`MAX_EXHAUSTIVE_LISTS` lists every model of :func:`candidate_models` is fitted
    (``exhaustive`` True). Beyond, a forward search from independence adds, one at a time,
    the two-way interaction that lowers ``criterion`` most, while it does; every model
    evaluated on the way is returned (``exhaustive`` False). ``max_order`` 3 (three-way
    interactions too) is allowed with 4 lists only.

    Raises :class:`EstimationError` for a ``max_order`` other than 2, or 3 with other than 4 lists.
    """
    if max_order not in (2, 3) or (max_order == 3 and len(lists) != 4):
        raise EstimationError(
            _("Interactions up to order %(order)d cannot be fitted for %(lists)d lists.")
            % {"order": max_order, "lists": len(lists)}
        )
    lists = list(lists)
    if len(lists) <= MAX_EXHAUSTIVE_LISTS:
        models = candidate_models(patterns, lists, max_order=max_order)
        return [fit_model(m, counts) for m in models], True
    pairs = list(itertools.combinations(range(len(lists)), 2))
    chosen: list[tuple[int, ...]] = []
    best = fit_model(list_model(patterns, lists, chosen), counts)
    fits = [best]
    while True:
        trials = [
            fit_model(list_model(patterns, lists, [*chosen, pair]), counts)
            for pair in pairs
            if pair not in chosen and 1 + len(lists) + len(chosen) + 1 <= len(patterns)
        ]
        fits.extend(trials)
        usable = [f for f in trials if f.stable]
        if not usable:
            break
        step = min(usable, key=lambda f: criterion_value(f, criterion))
        if criterion_value(step, criterion) >= criterion_value(best, criterion):
            break
        best = step
        chosen = [tuple(lists.index(name) for name in term) for term in step.model.terms]
    return fits, False
