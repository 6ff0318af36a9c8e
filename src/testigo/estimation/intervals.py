"""Profile-likelihood intervals for the population size N (and so for the unobserved cell).

For one model: Cormack's (1992, *Biometrics* 48: 567–576) profile likelihood, as in Rcapture's
``closedpCI``. For a fixed N the complete table (the observed cells plus ``N − n`` in the
unobserved cell) is multinomial; its log-likelihood, maximised over the model's parameters by
a Poisson GLM on the complete table, is

    ℓ(N) = log N! − log (N − n)! + Σ_cells y·log(μ̂/N)          (constants dropped)

and the interval is {N : 2·(max ℓ − ℓ(N)) ≤ χ²₁(level)}. N is treated as continuous (log-gamma).

For a model average: the model-averaged tail area profile-likelihood interval (MATA-PL;
Fletcher & Turek 2012, *J. Stat. Theory Pract.* 6: 751–769): the limits solve
Σ wᵢ·Φ(rᵢ(N)) = α/2 and 1 − α/2, with rᵢ the signed root of model i's profile deviance. With a
single model of weight 1 this is the ordinary profile interval. No bootstrap is used.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from scipy import optimize, special, stats

from testigo.estimation.loglinear import LoglinearModel

#: The upper limit is reported as unbounded (infinite) beyond this multiple of the estimate.
UNBOUNDED_FACTOR = 1000.0


class ProfileLikelihood:
    """The profile log-likelihood ℓ(N) of one model, with its maximum cached.

    ``model``: the fitted :class:`LoglinearModel`; ``counts``: observed cell counts (int array).
    """

    def __init__(self, model: LoglinearModel, counts: np.ndarray, estimate: float) -> None:
        self.model = model
        self.counts = np.asarray(counts, dtype=float)
        self.observed = float(self.counts.sum())
        self._design = np.vstack([model.design, model.zero_row])
        self._offset = np.append(model.offset, model.zero_offset)
        self._cache: dict[float, float] = {}
        self._start: np.ndarray | None = None
        upper = max(self.observed + 1.0, 3.0 * estimate + 10.0)
        found = optimize.minimize_scalar(
            lambda n: -self.loglik(n),
            bounds=(self.observed, upper),
            method="bounded",
            options={"xatol": 1e-4},
        )
        candidates = [(self.loglik(float(found.x)), float(found.x))]
        candidates.append((self.loglik(estimate), estimate))
        self.max_loglik, self.mode = max(candidates)

    def loglik(self, total: float) -> float:
        """ℓ(N) for population size ``total`` (≥ observed)."""
        total = max(float(total), self.observed)
        if total in self._cache:
            return self._cache[total]
        y = np.append(self.counts, total - self.observed)
        mu = self._fitted(y)
        positive = y > 0
        value = float(
            special.gammaln(total + 1)
            - special.gammaln(total - self.observed + 1)
            + np.sum(y[positive] * np.log(mu[positive] / mu.sum()))
        )
        self._cache[total] = value
        return value

    def _fitted(self, y: np.ndarray) -> np.ndarray:
        """Poisson fitted values on the complete table (IRLS, warm-started from the last fit).

        A plain IRLS in numpy: the same maximum-likelihood fit as statsmodels' GLM, without
        its per-call overhead (the profile needs thousands of fits). Falls back to statsmodels
        when it does not converge.
        """
        fitted = _irls(self._design, y, self._offset, self._start)
        if fitted is None:
            model = sm.GLM(y, self._design, family=sm.families.Poisson(), offset=self._offset)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = model.fit(maxiter=200)
            return np.asarray(result.fittedvalues, dtype=float)
        mu, params = fitted
        self._start = params if np.all(np.abs(params) < 20) else None
        return mu

    def signed_root(self, total: float) -> float:
        """r(N) = sign(N − mode)·√(2·(max ℓ − ℓ(N)))."""
        deviance = max(0.0, 2.0 * (self.max_loglik - self.loglik(total)))
        return math.copysign(math.sqrt(deviance), total - self.mode)


@dataclass(frozen=True)
class Interval:
    """An interval for N: ``lower``/``upper`` persons (``upper`` may be ``math.inf``)."""

    lower: float
    upper: float
    level: float

    @property
    def bounded(self) -> bool:
        """False when the upper limit could not be found (the data do not bound N above)."""
        return math.isfinite(self.upper)


def averaged_interval(
    profiles: Sequence[ProfileLikelihood], weights: Sequence[float], *, level: float = 0.95
) -> Interval:
    """MATA profile-likelihood interval for N over models with ``weights`` (summing to 1).

    With one profile and weight 1 this is that model's profile-likelihood interval. The lower
    limit is never below the number observed.
    """
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    alpha = 1.0 - level
    observed = profiles[0].observed

    def tail(total: float) -> float:
        roots = np.array([p.signed_root(total) for p in profiles])
        return float(np.sum(w * stats.norm.cdf(roots)))

    centre = max(p.mode for p in profiles)
    if tail(observed) >= alpha / 2:
        lower = observed
    else:
        lower = optimize.brentq(lambda t: tail(t) - alpha / 2, observed, centre, xtol=1e-3)
    step = max(centre - observed, 1.0)
    high = centre + step
    limit = UNBOUNDED_FACTOR * max(centre, 1.0)
    while tail(high) < 1 - alpha / 2:
        if high > limit:
            return Interval(lower=float(lower), upper=math.inf, level=level)
        step *= 2
        high = centre + step
    low = min(p.mode for p in profiles)
    upper = optimize.brentq(lambda t: tail(t) - (1 - alpha / 2), low, high, xtol=1e-3)
    return Interval(lower=float(lower), upper=float(upper), level=level)


def _irls(
    design: np.ndarray, y: np.ndarray, offset: np.ndarray, start: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray] | None:
    """Poisson log-link IRLS: (fitted values, parameters), or None if it fails to converge."""
    eta = design @ start + offset if start is not None else np.log(y + 0.5)
    deviance = math.inf
    for _iteration in range(100):
        mu = np.exp(eta)
        z = eta - offset + (y - mu) / mu
        root = np.sqrt(mu)
        params, *_ = np.linalg.lstsq(design * root[:, None], z * root, rcond=None)
        eta = np.clip(design @ params + offset, -700, 700)
        mu = np.exp(eta)
        positive = y > 0
        new = 2 * float(np.sum(y[positive] * np.log(y[positive] / mu[positive])) - np.sum(y - mu))
        if not math.isfinite(new):
            return None
        if abs(new - deviance) <= 1e-10 * (abs(new) + 0.1):
            return mu, params
        deviance = new
    return None
