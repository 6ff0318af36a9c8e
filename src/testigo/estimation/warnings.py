"""Warnings the method calls for, with stable codes and translated messages.

Checks follow the MSE literature's known failure modes (standards brief §9.1): fewer than three
lists (only independence can be assumed), zero cells and sparse or missing overlaps (the MLE
may not exist or be unstable; Chan, Silverman & Vincent 2021), saturated models (no residual
degrees of freedom, fit cannot be checked), and models that do not fit or disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from testigo.estimation.capture_histories import COUNT, pairwise_overlaps

TOO_FEW_LISTS = "too_few_lists"
ZERO_CELLS = "zero_cells"
SPARSE_OVERLAP = "sparse_overlap"
NO_OVERLAP = "no_overlap"
ISOLATED_LIST = "isolated_list"
SATURATED_MODEL = "saturated_model"
UNSTABLE_MODELS = "unstable_models"
NO_ESTIMATE = "no_estimate"
UNBOUNDED_INTERVAL = "unbounded_interval"
STEPWISE_SEARCH = "stepwise_search"
POOR_FIT = "poor_fit"
MODELS_DISAGREE = "models_disagree"

#: Default: a pair of lists sharing fewer persons than this is a sparse overlap.
SPARSE_OVERLAP_THRESHOLD = 10
#: Minimum number of lists HRDAG practice asks for (standards brief §9.1).
MIN_LISTS = 3


@dataclass(frozen=True)
class EstimationWarning:
    """A caveat on an estimate. ``code``: one of this module's constants (stable, for programs);
    ``message``: a sentence in the active language; ``detail``: the figures behind it."""

    code: str
    message: str
    detail: dict[str, object] = field(default_factory=dict)


def check_table(
    table: pd.DataFrame,
    lists: Sequence[str],
    *,
    sparse_threshold: int = SPARSE_OVERLAP_THRESHOLD,
) -> list[EstimationWarning]:
    """Warnings about the data themselves, before any model is fitted.

    ``table``: a contingency table (``lists`` columns + ``n``), as from
    :func:`testigo.estimation.capture_histories.contingency_table`.
    """
    found: list[EstimationWarning] = []
    k = len(lists)
    if k < MIN_LISTS:
        found.append(
            EstimationWarning(
                TOO_FEW_LISTS,
                _(
                    "Only %(count)d list(s): with fewer than %(minimum)d lists the estimate "
                    "rests on the untestable assumption that the lists are independent, which "
                    "rarely holds for human-rights data."
                )
                % {"count": k, "minimum": MIN_LISTS},
                {"lists": k, "minimum": MIN_LISTS},
            )
        )
    zero = table[table[COUNT] == 0]
    if len(zero):
        patterns = ["".join(str(int(v)) for v in row) for row in zero[list(lists)].to_numpy()]
        found.append(
            EstimationWarning(
                ZERO_CELLS,
                ngettext(
                    "%(count)d capture pattern has no one in it (%(patterns)s); some models "
                    "may have no estimate or an unstable one.",
                    "%(count)d capture patterns have no one in them (%(patterns)s); some "
                    "models may have no estimate or an unstable one.",
                    len(patterns),
                )
                % {"count": len(patterns), "patterns": ", ".join(patterns)},
                {"patterns": patterns},
            )
        )
    overlaps = pairwise_overlaps(table, lists)
    empty = [pair for pair, m in overlaps.items() if m == 0]
    sparse = {pair: m for pair, m in overlaps.items() if 0 < m < sparse_threshold}
    if empty:
        found.append(
            EstimationWarning(
                NO_OVERLAP,
                _(
                    "These pairs of lists share no one: %(pairs)s. Their dependence cannot "
                    "be estimated."
                )
                % {"pairs": _pairs_text(empty)},
                {"pairs": [list(p) for p in empty]},
            )
        )
    if sparse:
        found.append(
            EstimationWarning(
                SPARSE_OVERLAP,
                _(
                    "These pairs of lists share fewer than %(threshold)d persons: %(pairs)s. "
                    "Estimates that depend on them are unstable."
                )
                % {
                    "threshold": sparse_threshold,
                    "pairs": ", ".join(f"{a}–{b} ({m})" for (a, b), m in sparse.items()),
                },
                {
                    "threshold": sparse_threshold,
                    "pairs": {f"{a}:{b}": m for (a, b), m in sparse.items()},
                },
            )
        )
    for name in lists:
        if k > 1 and all(m == 0 for pair, m in overlaps.items() if name in pair):
            found.append(
                EstimationWarning(
                    ISOLATED_LIST,
                    _(
                        "List %(list)s shares no one with any other list: it tells nothing "
                        "about the persons no list recorded."
                    )
                    % {"list": name},
                    {"list": name},
                )
            )
    return found


def check_frequencies(table: pd.DataFrame, *, occasions: int | None) -> list[EstimationWarning]:
    """Warnings about frequency-of-capture data (columns ``j``, ``n``).

    Fewer than three occasions; zero counts below the largest observed number of captures
    (counts above it are expected to be zero).
    """
    found: list[EstimationWarning] = []
    if occasions is not None and occasions < MIN_LISTS:
        found.append(
            EstimationWarning(
                TOO_FEW_LISTS,
                _(
                    "Only %(count)d list(s): with fewer than %(minimum)d lists the estimate "
                    "rests on the untestable assumption that the lists are independent, which "
                    "rarely holds for human-rights data."
                )
                % {"count": occasions, "minimum": MIN_LISTS},
                {"lists": occasions, "minimum": MIN_LISTS},
            )
        )
    positive = table.loc[table[COUNT] > 0, "j"]
    if len(positive):
        empty = table.loc[(table[COUNT] == 0) & (table["j"] < positive.max()), "j"]
        if len(empty):
            patterns = [f"j={int(j)}" for j in empty]
            found.append(
                EstimationWarning(
                    ZERO_CELLS,
                    ngettext(
                        "%(count)d capture pattern has no one in it (%(patterns)s); some "
                        "models may have no estimate or an unstable one.",
                        "%(count)d capture patterns have no one in them (%(patterns)s); some "
                        "models may have no estimate or an unstable one.",
                        len(patterns),
                    )
                    % {"count": len(patterns), "patterns": ", ".join(patterns)},
                    {"patterns": patterns},
                )
            )
    return found


def _pairs_text(pairs: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{a}–{b}" for a, b in pairs)


def no_estimate(reason: str) -> EstimationWarning:
    """No model gave an estimate; ``reason`` says why (already translated)."""
    return EstimationWarning(
        NO_ESTIMATE,
        _("No estimate could be made: %(reason)s") % {"reason": reason},
        {},
    )


def unstable_models(names: Sequence[str]) -> EstimationWarning:
    """Models left out because their fit did not converge or their MLE does not exist."""
    return EstimationWarning(
        UNSTABLE_MODELS,
        ngettext(
            "%(count)d model was left out because it has no stable estimate (its fit did not "
            "converge, usually because of zero or sparse cells).",
            "%(count)d models were left out because they have no stable estimate (their fit "
            "did not converge, usually because of zero or sparse cells).",
            len(names),
        )
        % {"count": len(names)},
        {"models": list(names)},
    )


def saturated_model(name: str, weight: float) -> EstimationWarning:
    """A model with no residual degrees of freedom carries weight in the estimate."""
    return EstimationWarning(
        SATURATED_MODEL,
        _(
            "Model %(model)s (weight %(weight).0f%%) reproduces the observed table exactly "
            "(no residual degrees of freedom): how well it fits cannot be checked."
        )
        % {"model": name, "weight": 100 * weight},
        {"model": name, "weight": weight},
    )


def poor_fit(name: str, deviance: float, df: int, p_value: float) -> EstimationWarning:
    """The best model does not fit the observed table (deviance test)."""
    return EstimationWarning(
        POOR_FIT,
        _(
            "The best model (%(model)s) does not fit the observed table well (deviance "
            "%(deviance).1f on %(df)d degrees of freedom, p = %(p).3g): dependence among three "
            "or more lists, or unequal chances of being recorded, are not captured. Consider "
            "stratifying."
        )
        % {"model": name, "deviance": deviance, "df": df, "p": p_value},
        {"model": name, "deviance": deviance, "df": df, "p_value": p_value},
    )


def models_disagree(low: float, high: float) -> EstimationWarning:
    """Models with real weight give totals far apart."""
    return EstimationWarning(
        MODELS_DISAGREE,
        _(
            "Models with at least 5%% of the weight give totals from %(low).0f to "
            "%(high).0f: the choice of model matters more than the interval suggests."
        )
        % {"low": low, "high": high},
        {"low": low, "high": high},
    )


def unbounded_interval() -> EstimationWarning:
    """The upper limit could not be found."""
    return EstimationWarning(
        UNBOUNDED_INTERVAL,
        _("The data do not bound the total from above: the interval has no upper limit."),
        {},
    )


def stepwise_search(lists: int) -> EstimationWarning:
    """More lists than can be searched exhaustively."""
    return EstimationWarning(
        STEPWISE_SEARCH,
        _(
            "With %(count)d lists the models were chosen by a forward search over two-way "
            "interactions, not by fitting every possible model; weights are over the models "
            "the search visited."
        )
        % {"count": lists},
        {"lists": lists},
    )
