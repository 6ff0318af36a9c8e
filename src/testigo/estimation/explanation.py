"""The plain-language explanation set beside every estimate (translated with gettext)."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def _n(value: float) -> str:
    return number_format(round(value), decimal_pos=0, force_grouping=True)


def explain(
    *,
    observed: int,
    sources: int | None,
    n0: float | None,
    lower: float | None,
    upper: float | None,
    level: float,
    models: int,
    criterion: str,
    best_model: str | None,
    kind: str = "lists",
) -> str:
    """A paragraph in the active language: the result, the method and its assumptions.

    ``sources``: number of lists (or capture occasions); None when unbounded. ``kind``:
    ``"lists"`` (capture histories) or ``"frequencies"`` (times recorded only).
    The assumptions follow the MSE literature as HRDAG states them (standards brief §9.1):
    closed population, accurate linkage, list dependence captured by the model with the
    highest-order interaction zero (untestable), and homogeneity within strata.
    """
    parts = []
    if sources is None:
        parts.append(
            _("%(observed)s persons were recorded at least once.") % {"observed": _n(observed)}
        )
    else:
        parts.append(
            _("%(observed)s persons were recorded by at least one of %(lists)d lists.")
            % {"observed": _n(observed), "lists": sources}
        )
    if n0 is None:
        parts.append(_("No estimate of those recorded by none could be made from these data."))
    else:
        upper_text = _n(upper) if upper is not None and upper != float("inf") else "∞"
        parts.append(
            _(
                "An estimated %(n0)s more were recorded by none, for an estimated total of "
                "%(total)s (%(level)d%% interval %(lower)s to %(upper)s)."
            )
            % {
                "n0": _n(n0),
                "total": _n(observed + n0),
                "level": round(100 * level),
                "lower": _n(lower if lower is not None else observed),
                "upper": upper_text,
            }
        )
        parts.append(
            _(
                "The estimate averages %(models)d log-linear models weighted by %(criterion)s; "
                "the best-supported is %(best)s."
            )
            % {"models": models, "criterion": criterion.upper(), "best": best_model}
        )
    if kind == "frequencies":
        parts.append(
            _(
                "It is valid only if: (1) the population is closed: within the period, place "
                "and type of violation of this estimate, every victim could have been "
                "recorded on every occasion; (2) records were linked correctly, so each "
                "victim is counted once; (3) the occasions are alike, and the differences "
                "between victims' chances of being recorded follow the shape the model "
                "assumes, which the data can only partly test."
            )
        )
    else:
        parts.append(
            _(
                "It is valid only if: (1) the population is closed: within the period, place "
                "and type of violation of this estimate, every victim could have been "
                "recorded by every list; (2) records were linked correctly, so each victim is "
                "counted once within and across lists; (3) the dependence between lists is "
                "captured by the model, and the interaction among all the lists together is "
                "zero, which the data cannot test; (4) within the stratum, victims had "
                "similar chances of being recorded by each list (unequal chances that the "
                "model does not capture usually make the estimate too low)."
            )
        )
    if sources == 2:
        parts.append(
            _(
                "With two lists the estimate also assumes that the lists are independent: "
                "being on one does not change the chance of being on the other."
            )
        )
    parts.append(
        _(
            "Models that fit the recorded data equally well can give very different totals: "
            "read the estimate as an order of magnitude with its interval, next to the "
            "recorded figure, never instead of it."
        )
    )
    return " ".join(parts)
