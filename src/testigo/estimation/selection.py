"""Model selection and averaging by AIC or BIC weights.

Akaike weights (Burnham & Anderson 2002, §2.9): wᵢ = exp(−Δᵢ/2) / Σⱼ exp(−Δⱼ/2), with Δᵢ the
difference between model i's criterion and the smallest. BIC weights are the same with BIC
(approximate posterior model probabilities under equal prior weights). The model-averaged
unobserved count is Σ wᵢ·n0ᵢ.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.utils.translation import gettext as _

from testigo.estimation.errors import EstimationError
from testigo.estimation.loglinear import ModelFit, criterion_value

CRITERIA = ("aic", "bic")


def check_criterion(criterion: str) -> str:
    """``criterion`` lower-cased if it is ``"aic"`` or ``"bic"``; else :class:`EstimationError`."""
    value = str(criterion).lower()
    if value not in CRITERIA:
        raise EstimationError(
            _("Unknown model selection criterion %(criterion)s: use aic or bic.")
            % {"criterion": criterion}
        )
    return value


def information_weights(fits: Sequence[ModelFit], criterion: str) -> np.ndarray:
    """Akaike or BIC weights of ``fits`` (float array summing to 1, same order)."""
    values = np.array([criterion_value(f, check_criterion(criterion)) for f in fits])
    delta = values - values.min()
    raw = np.exp(-delta / 2)
    return raw / raw.sum()


def averaged_n0(fits: Sequence[ModelFit], weights: Sequence[float]) -> float:
    """Σ wᵢ·n0ᵢ: the model-averaged estimate of the unobserved cell."""
    return float(np.dot(np.asarray(weights, dtype=float), [f.n0 for f in fits]))
