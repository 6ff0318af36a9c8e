"""Multiple systems estimation per stratum: the entry point other apps call.

``estimate_total`` turns linked capture histories into, per stratum, the number recorded, the
estimated number recorded by no list and the total, with a profile-likelihood interval, the
models and their AIC/BIC weights, warnings and a plain-language explanation of the
assumptions. Method: hierarchical log-linear models (Fienberg 1972) fitted by Poisson GLM,
averaged with Akaike or BIC weights; intervals by Cormack's profile likelihood, averaged by
MATA-PL (see :mod:`testigo.estimation.intervals`).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from django.utils import translation
from django.utils.translation import gettext as _
from scipy import stats

from testigo.estimation import warnings as mse_warnings
from testigo.estimation.capture_frequencies import frequency_counts, frequency_models
from testigo.estimation.capture_histories import COUNT, contingency_table
from testigo.estimation.errors import EstimationError
from testigo.estimation.explanation import explain
from testigo.estimation.intervals import Interval, ProfileLikelihood, averaged_interval
from testigo.estimation.loglinear import ModelFit, criterion_value, fit_candidates, fit_model
from testigo.estimation.selection import averaged_n0, check_criterion, information_weights
from testigo.estimation.warnings import EstimationWarning

#: Models below this weight get no interval of their own and are left out of the interval.
MIN_INTERVAL_WEIGHT = 0.001
#: At most this many models (the best, covering 99 % of the weight) enter the interval.
MAX_INTERVAL_MODELS = 20
#: A model with at least this weight and no residual df triggers the saturated warning.
SATURATED_WEIGHT = 0.05


@dataclass(frozen=True)
class ModelResult:
    """One candidate model in an estimate.

    ``terms``: two-way interactions (pairs of list names); ``n0``/``total``: persons;
    ``weight``: its Akaike or BIC weight (0 for unstable models); ``interval``: its own profile
    interval for the total, for the models that enter the averaged interval.
    """

    name: str
    terms: tuple[tuple[str, ...], ...]
    n_params: int
    df_resid: int
    deviance: float
    aic: float
    bic: float
    n0: float
    total: float
    weight: float
    stable: bool
    interval: Interval | None = None


@dataclass(frozen=True)
class Estimate:
    """The estimate for one stratum.

    ``stratum``: {column: value} ({} when not stratified). ``observed``: persons on at least one
    list. ``n0``: estimated persons on no list (model-averaged); ``total`` = observed + n0;
    ``interval``: for the total (None, with a ``no_estimate`` warning, when no model gives an
    estimate). ``models``: every candidate, best first by ``criterion``. ``table``: the
    observed contingency table (lists + ``n``).
    """

    stratum: dict[str, object]
    lists: tuple[str, ...]
    observed: int
    n0: float | None
    total: float | None
    interval: Interval | None
    criterion: str
    best_model: str | None
    models: tuple[ModelResult, ...]
    warnings: tuple[EstimationWarning, ...]
    explanation: str
    exhaustive: bool
    table: pd.DataFrame = field(repr=False, compare=False)

    @property
    def warning_codes(self) -> set[str]:
        """The codes of this estimate's warnings."""
        return {w.code for w in self.warnings}

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dict (no table; infinite upper limit as None)."""
        data = asdict(self)
        data.pop("table")
        for item in [data, *data["models"]]:
            interval = item.get("interval")
            if interval and not math.isfinite(interval["upper"]):
                interval["upper"] = None
        data["warnings"] = [asdict(w) for w in self.warnings]
        return data


def estimate_total(
    histories: pd.DataFrame,
    *,
    lists: Sequence[str],
    strata: str | Sequence[str] | None = None,
    count: str | None = None,
    criterion: str = "aic",
    level: float = 0.95,
    sparse_threshold: int = mse_warnings.SPARSE_OVERLAP_THRESHOLD,
    max_order: int = 2,
    language: str | None = None,
) -> list[Estimate]:
    """Estimate, per stratum, how many persons no list recorded.

    ``histories``: one row per linked individual with one 0/1 column per list in ``lists`` (or
    one row per pattern with frequencies in column ``count``), plus the ``strata`` columns.
    ``criterion``: ``"aic"`` or ``"bic"`` (selection and averaging weights). ``level``: interval
    coverage. ``sparse_threshold``: pairwise overlaps below it are flagged. ``max_order``: 2
    (two-way list interactions) or 3 (three-way too; 4 lists only). ``language``: the
    language of messages and explanation (default: the active one).

    Returns one :class:`Estimate` per stratum, in the order of the strata values (one
    :class:`Estimate` with ``stratum={}`` when ``strata`` is None). Persons.

    Raises :class:`EstimationError` for fewer than two lists, an unknown criterion, a level
    outside (0, 1) or bad capture histories (see ``contingency_table``).
    """
    lists = tuple(lists)
    override = translation.override(language) if language else contextlib.nullcontext()
    with override:
        criterion = check_criterion(criterion)
        if len(lists) < 2:
            raise EstimationError(_("At least two lists are needed to estimate anything."))
        if not 0 < level < 1:
            raise EstimationError(_("The interval level must be between 0 and 1."))
        if strata is None:
            groups: list[tuple[dict[str, object], pd.DataFrame]] = [({}, histories)]
        else:
            keys = [strata] if isinstance(strata, str) else list(strata)
            absent = [key for key in keys if key not in histories]
            if absent:
                raise EstimationError(
                    _("Column(s) not found in the capture histories: %(columns)s")
                    % {"columns": ", ".join(absent)}
                )
            groups = [
                (
                    _stratum(keys, value),
                    frame,
                )
                for value, frame in histories.groupby(keys, sort=True, dropna=False)
            ]
        return [
            _estimate_stratum(
                frame,
                stratum=stratum,
                lists=lists,
                count=count,
                criterion=criterion,
                level=level,
                sparse_threshold=sparse_threshold,
                max_order=max_order,
            )
            for stratum, frame in groups
        ]


def _stratum(keys: list[str], value: object) -> dict[str, object]:
    """{column: value} with numpy scalars as Python values and missing values as None."""
    values = value if isinstance(value, tuple) else (value,)
    plain = [None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in values]
    return dict(zip(keys, plain, strict=True))


def _estimate_stratum(
    frame: pd.DataFrame,
    *,
    stratum: dict[str, object],
    lists: tuple[str, ...],
    count: str | None,
    criterion: str,
    level: float,
    sparse_threshold: int,
    max_order: int,
) -> Estimate:
    table = contingency_table(frame, lists=lists, count=count)
    counts = table[COUNT].to_numpy()
    patterns = table[list(lists)].to_numpy()
    found = mse_warnings.check_table(table, lists, sparse_threshold=sparse_threshold)
    fits, exhaustive = fit_candidates(
        patterns, counts, lists, criterion=criterion, max_order=max_order
    )
    if not exhaustive:
        found.append(mse_warnings.stepwise_search(len(lists)))
    return _summarise(
        fits,
        counts=counts,
        found=found,
        stratum=stratum,
        lists=lists,
        table=table,
        criterion=criterion,
        level=level,
        exhaustive=exhaustive,
        sources=len(lists),
        kind="lists",
    )


def estimate_from_frequencies(
    frequencies: pd.DataFrame,
    *,
    occasions: int | None,
    captures: str = "nbcap",
    count: str = "freq",
    criterion: str = "aic",
    level: float = 0.95,
    language: str | None = None,
) -> Estimate:
    """Estimate the persons never recorded from how many times each was recorded.

    ``frequencies``: rows of (times recorded ``captures``, persons ``count``), as Rcapture's
    ``dtype="nbcap"`` files. ``occasions``: number of lists/occasions t, or None when
    unbounded (continuous-time captures). Fits M0 and the Mh models of
    :mod:`testigo.estimation.capture_frequencies` and averages them by ``criterion``. The
    returned :class:`Estimate` has ``lists=()`` and ``table`` with columns ``j``, ``n``.

    Raises :class:`EstimationError` for bad columns or values, or an unknown criterion.
    """
    override = translation.override(language) if language else contextlib.nullcontext()
    with override:
        criterion = check_criterion(criterion)
        if not 0 < level < 1:
            raise EstimationError(_("The interval level must be between 0 and 1."))
        table = frequency_counts(frequencies, occasions=occasions, captures=captures, count=count)
        counts = table["n"].to_numpy()
        found = mse_warnings.check_frequencies(table, occasions=occasions)
        fits = [fit_model(m, counts) for m in frequency_models(table["j"].to_numpy(), occasions)]
        return _summarise(
            fits,
            counts=counts,
            found=found,
            stratum={},
            lists=(),
            table=table,
            criterion=criterion,
            level=level,
            exhaustive=True,
            sources=occasions,
            kind="frequencies",
        )


def _summarise(
    fits: list[ModelFit],
    *,
    counts: np.ndarray,
    found: list[EstimationWarning],
    stratum: dict[str, object],
    lists: tuple[str, ...],
    table: pd.DataFrame,
    criterion: str,
    level: float,
    exhaustive: bool,
    sources: int | None,
    kind: str,
) -> Estimate:
    """Select, average and bound: the part shared by list and frequency data."""
    observed = int(np.sum(counts))
    stable = [f for f in fits if f.stable]
    unstable = [f.name for f in fits if not f.stable]
    if unstable:
        found.append(mse_warnings.unstable_models(unstable))
    if observed == 0 or not stable:
        reason = (
            _("no one was recorded in this stratum.")
            if observed == 0
            else _("no model has a stable estimate for these lists.")
        )
        found.append(mse_warnings.no_estimate(reason))
        results = tuple(_result(f, 0.0, None) for f in fits)
        return Estimate(
            stratum=stratum,
            lists=lists,
            observed=observed,
            n0=None,
            total=None,
            interval=None,
            criterion=criterion,
            best_model=None,
            models=results,
            warnings=tuple(found),
            exhaustive=exhaustive,
            table=table,
            explanation=explain(
                observed=observed,
                sources=sources,
                kind=kind,
                n0=None,
                lower=None,
                upper=None,
                level=level,
                models=0,
                criterion=criterion,
                best_model=None,
            ),
        )
    weights = information_weights(stable, criterion)
    order = np.argsort([criterion_value(f, criterion) for f in stable], kind="stable")
    stable = [stable[i] for i in order]
    weights = weights[order]
    n0 = averaged_n0(stable, weights)
    keep = _interval_models(weights)
    profiles = {i: ProfileLikelihood(stable[i].model, counts, stable[i].total) for i in keep}
    own = {i: averaged_interval([profiles[i]], [1.0], level=level) for i in keep}
    interval = averaged_interval(
        [profiles[i] for i in keep], [float(weights[i]) for i in keep], level=level
    )
    best = stable[0]
    found.extend(_model_warnings(stable, weights, interval))
    results = tuple(
        _result(f, float(weights[i]), own.get(i)) for i, f in enumerate(stable)
    ) + tuple(_result(f, 0.0, None) for f in fits if not f.stable)
    return Estimate(
        stratum=stratum,
        lists=lists,
        observed=observed,
        n0=n0,
        total=observed + n0,
        interval=interval,
        criterion=criterion,
        best_model=best.name,
        models=results,
        warnings=tuple(found),
        exhaustive=exhaustive,
        table=table,
        explanation=explain(
            observed=observed,
            sources=sources,
            kind=kind,
            n0=n0,
            lower=interval.lower,
            upper=interval.upper,
            level=level,
            models=len(stable),
            criterion=criterion,
            best_model=best.name,
        ),
    )


def _interval_models(weights: np.ndarray) -> list[int]:
    """Indices (weights sorted descending) of the models that enter the interval: the best,
    until 99 % of the weight is covered, at most :data:`MAX_INTERVAL_MODELS`, none below
    :data:`MIN_INTERVAL_WEIGHT`."""
    keep = [0]
    covered = float(weights[0])
    for i in range(1, min(len(weights), MAX_INTERVAL_MODELS)):
        if covered >= 0.99 or weights[i] < MIN_INTERVAL_WEIGHT:
            break
        keep.append(i)
        covered += float(weights[i])
    return keep


def _model_warnings(
    fits: list[ModelFit], weights: np.ndarray, interval: Interval
) -> list[EstimationWarning]:
    found = []
    for fit, weight in zip(fits, weights, strict=True):
        if fit.df_resid == 0 and weight >= SATURATED_WEIGHT:
            found.append(mse_warnings.saturated_model(fit.name, float(weight)))
    best = fits[0]
    if best.df_resid > 0:
        p_value = float(stats.chi2.sf(best.deviance, best.df_resid))
        if p_value < 0.05:
            found.append(mse_warnings.poor_fit(best.name, best.deviance, best.df_resid, p_value))
    heavy = [f.total for f, w in zip(fits, weights, strict=True) if w >= SATURATED_WEIGHT]
    if len(heavy) > 1 and max(heavy) > 1.2 * min(heavy):
        found.append(mse_warnings.models_disagree(min(heavy), max(heavy)))
    if not interval.bounded:
        found.append(mse_warnings.unbounded_interval())
    return found


def _result(fit: ModelFit, weight: float, interval: Interval | None) -> ModelResult:
    return ModelResult(
        name=fit.name,
        terms=fit.model.terms,
        n_params=fit.model.n_params,
        df_resid=fit.df_resid,
        deviance=fit.deviance,
        aic=fit.aic,
        bic=fit.bic,
        n0=fit.n0,
        total=fit.total,
        weight=weight,
        stable=fit.stable,
        interval=interval,
    )


@dataclass(frozen=True)
class StratifiedTotal:
    """Strata estimated separately and summed.

    ``observed``/``n0``/``total``: sums over strata with an estimate (persons). ``interval``:
    approximate, combining each stratum's distances from its estimate to its limits in
    quadrature (strata independent); None when any stratum has no estimate.
    ``missing_strata``: strata without an estimate (their recorded persons are in
    ``observed`` but not in ``total``).
    """

    observed: int
    n0: float
    total: float
    interval: Interval | None
    strata: int
    missing_strata: tuple[dict[str, object], ...]


def combine_strata(estimates: Sequence[Estimate]) -> StratifiedTotal:
    """Sum per-stratum estimates into one total (see :class:`StratifiedTotal`)."""
    if not estimates:
        raise EstimationError(_("There are no strata to combine."))
    done = [e for e in estimates if e.total is not None and e.interval is not None]
    missing = tuple(e.stratum for e in estimates if e.total is None)
    n0 = float(sum(e.n0 or 0.0 for e in done))
    total = float(sum(e.total or 0.0 for e in done))
    interval = None
    if not missing:
        below = math.sqrt(sum((e.total - e.interval.lower) ** 2 for e in done))  # type: ignore[operator,union-attr]
        above = math.sqrt(sum((e.interval.upper - e.total) ** 2 for e in done))  # type: ignore[operator,union-attr]
        interval = Interval(
            lower=max(total - below, float(sum(e.observed for e in done))),
            upper=total + above,
            level=done[0].interval.level,  # type: ignore[union-attr]
        )
    return StratifiedTotal(
        observed=sum(e.observed for e in estimates),
        n0=n0,
        total=total,
        interval=interval,
        strata=len(estimates),
        missing_strata=missing,
    )
