"""Trends over published series: year-on-year change, rolling twelve-month sums, tests.

Every function here works on **published** series — the values of a table that went through
the publication gate (``testigo.publication.gate``), where a suppressed value is ``None``.
A change or a sum that needs a suppressed value is itself ``None`` (unknown): nothing here
reads records, and nothing is computed from a hidden value.

Series shapes:

- a *yearly series* is ``{year (int): count (int | None)}``; a year absent from the mapping
  had no records (a count table has no row for a zero), so it counts as ``0`` inside the
  span of the series;
- a *monthly series* is ``{"YYYY-MM": count | None}`` and may hold the key ``None`` for the
  records whose date is not precise to the month (EDTF ``2019``, ``2019-05/2019-07``,
  ``XXXX``): those records are never placed in a month, they are reported as *unplaced*.

Methods (see ``docs/trends.md``):

- **change larger than chance** between two counts of the same length of time: the
  conditional (exact) binomial test for two Poisson counts. If ``x1 ~ Poisson(λ1)`` and
  ``x2 ~ Poisson(λ2)`` then ``x2 | x1 + x2 ~ Binomial(x1 + x2, λ2 / (λ1 + λ2))``, which is
  ``Binomial(n, 0.5)`` when the rates are equal (Przyborowski & Wileński 1940; Lehmann &
  Romano, *Testing Statistical Hypotheses*, §4.5). Two-sided exact p-value from
  ``scipy.stats.binomtest``; flagged when ``p < alpha`` (default 0.05) **and**
  ``x1 + x2 >= min_count`` (default 10).
- **trend over several years**: a Poisson log-linear regression ``log E[y_t] = a + b·t``
  (statsmodels GLM), with the dispersion estimated from Pearson's χ² (quasi-Poisson), so
  that deaths reported in clusters (one shipwreck, many dead) do not make a trend look
  surer than it is. Reported as the rate ratio per year ``exp(b)`` with its 95% interval.

Both tests assume counts of persons or events are Poisson; deaths are clustered in incidents,
so person counts are over-dispersed and the plain binomial test then flags too often (on the
MMP US–Mexico series of dead and missing the dispersion is about 20). Test the ``events``
unit, or pass ``dispersion`` (e.g. :attr:`TrendTest.dispersion`): the counts are then divided
by it before the exact test (quasi-likelihood scaling; McCullagh & Nelder, *Generalized
Linear Models*, ch. 9).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scipy.stats import binomtest

from testigo.core.errors import ApplicationError

DEFAULT_ALPHA = 0.05
DEFAULT_MIN_COUNT = 10

YearlySeries = Mapping[int, int | None]
MonthlySeries = Mapping[str | None, int | None]


class TrendError(ApplicationError):
    """A trend was asked of a series that cannot give one (bad key, negative count…)."""


@dataclass(frozen=True)
class ChangeTest:
    """The conditional binomial test of ``after`` against ``before`` (equal lengths of time).

    ``p_value`` is ``None`` when either count is unknown (suppressed) or both are 0;
    ``flagged`` is ``True`` only when the test could be run, ``before + after >= min_count``
    and ``p_value < alpha``.
    """

    before: int | None
    after: int | None
    p_value: float | None
    alpha: float
    min_count: int
    flagged: bool
    dispersion: float = 1.0


@dataclass(frozen=True)
class Change:
    """Change from ``previous_period`` to ``period``: absolute (units) and percent (%).

    ``absolute`` is ``None`` if either value is unknown; ``percent`` also when the previous
    value is 0 (a change from nothing has no percentage).
    """

    period: int
    previous_period: int
    value: int | None
    previous: int | None
    absolute: int | None
    percent: float | None
    test: ChangeTest


@dataclass(frozen=True)
class RollingSums:
    """Rolling twelve-month sums: ``sums["YYYY-MM"]`` = the 12 months ending that month.

    ``unplaced`` counts the records with a date not precise to the month (``None`` when that
    count was suppressed); they are in no sum. ``months`` lists every month of the series'
    span in order.
    """

    sums: dict[str, int | None]
    unplaced: int | None
    months: tuple[str, ...]


@dataclass(frozen=True)
class TrendTest:
    """A quasi-Poisson log-linear trend: rate ratio per year with its 95% interval.

    ``periods`` are the years fitted (published values only); ``omitted`` the years left
    out because their value was suppressed.
    """

    periods: tuple[int, ...]
    omitted: tuple[int, ...]
    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    dispersion: float
    alpha: float

    @property
    def flagged(self) -> bool:
        """Whether the trend is larger than chance would explain at ``alpha``."""
        return self.p_value < self.alpha


def _check_count(period: object, value: int | None) -> None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise TrendError(f"the value for {period!r} is not a count: {value!r}")


def change_test(
    before: int | None,
    after: int | None,
    *,
    alpha: float = DEFAULT_ALPHA,
    min_count: int = DEFAULT_MIN_COUNT,
    dispersion: float = 1.0,
) -> ChangeTest:
    """Whether ``after`` differs from ``before`` more than chance would explain.

    Both are counts over periods of the same length (persons or events). Method: the exact
    conditional binomial test (module docstring): under equal Poisson rates
    ``after | before + after ~ Binomial(before + after, 0.5)``; two-sided p-value by
    ``scipy.stats.binomtest``. With ``dispersion`` φ > 1 both counts are divided by φ
    (rounded) before the test; ``min_count`` applies to the counts as given. Unknown
    (``None``) counts give an unknown test, never a flag. Raises :class:`TrendError` on a
    negative or non-integer count, ``alpha`` outside (0, 1) or ``dispersion`` below 1.
    """
    _check_count("before", before)
    _check_count("after", after)
    if not 0 < alpha < 1:
        raise TrendError(f"alpha must be between 0 and 1, not {alpha!r}")
    if not dispersion >= 1:
        raise TrendError(f"dispersion must be at least 1, not {dispersion!r}")
    if before is None or after is None or before + after == 0:
        return ChangeTest(before, after, None, alpha, min_count, False, dispersion)
    x1, x2 = round(before / dispersion), round(after / dispersion)
    p_value = float(binomtest(x2, x1 + x2, 0.5).pvalue) if x1 + x2 else 1.0
    flagged = before + after >= min_count and p_value < alpha
    return ChangeTest(before, after, p_value, alpha, min_count, flagged, dispersion)


def year_on_year(
    series: YearlySeries,
    *,
    alpha: float = DEFAULT_ALPHA,
    min_count: int = DEFAULT_MIN_COUNT,
    dispersion: float = 1.0,
) -> list[Change]:
    """Year-on-year change for every year after the first of ``series`` (ascending).

    ``series``: ``{year: count | None}`` (published values; ``None`` = suppressed). Years
    missing inside the span count as 0. Keys that are not years (e.g. the ``None`` row of
    records with an unknown year) are ignored here — report them beside the trend. Each
    :class:`Change` carries its :func:`change_test` (with ``alpha``, ``min_count`` and
    ``dispersion``). Raises :class:`TrendError` on a
    negative or non-integer value.
    """
    years = sorted(k for k in series if isinstance(k, int) and not isinstance(k, bool))
    for key, value in series.items():
        _check_count(key, value)
    if not years:
        return []
    changes = []
    for year in range(years[0] + 1, years[-1] + 1):
        value, previous = series.get(year, 0), series.get(year - 1, 0)
        known = value is not None and previous is not None
        absolute = value - previous if known else None
        percent = 100.0 * absolute / previous if known and previous else None
        test = change_test(previous, value, alpha=alpha, min_count=min_count, dispersion=dispersion)
        changes.append(Change(year, year - 1, value, previous, absolute, percent, test))
    return changes


def _month_index(key: str) -> int:
    try:
        year_text, month_text = key.split("-")
        year, month = int(year_text), int(month_text)
    except (AttributeError, ValueError):
        raise TrendError(f"not a month (YYYY-MM): {key!r}") from None
    if not 1 <= month <= 12 or len(year_text) != 4:
        raise TrendError(f"not a month (YYYY-MM): {key!r}")
    return year * 12 + month - 1


def _month_key(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def rolling_twelve_months(series: MonthlySeries) -> RollingSums:
    """Rolling sums of twelve consecutive months, from monthly counts.

    ``series``: ``{"YYYY-MM": count | None}``, plus optionally ``{None: count | None}`` for
    records not placed in a month (imprecise dates). A sum is given for each month that
    has eleven months of the series' span before it (the first sum ends at the twelfth
    month); months missing inside the span count as 0; a window holding a suppressed month
    gives ``None``. Raises :class:`TrendError` on a malformed month or a negative count.
    """
    unplaced = series.get(None, 0)
    _check_count(None, unplaced)
    placed = {}
    for key, value in series.items():
        if key is None:
            continue
        _check_count(key, value)
        placed[_month_index(key)] = value
    if not placed:
        return RollingSums({}, unplaced, ())
    first, last = min(placed), max(placed)
    months = tuple(_month_key(i) for i in range(first, last + 1))
    sums: dict[str, int | None] = {}
    for end in range(first + 11, last + 1):
        window = [placed.get(i, 0) for i in range(end - 11, end + 1)]
        sums[_month_key(end)] = None if None in window else sum(window)
    return RollingSums(sums, unplaced, months)


def poisson_trend(series: YearlySeries, *, alpha: float = DEFAULT_ALPHA) -> TrendTest | None:
    """A quasi-Poisson log-linear trend over the published years of ``series``.

    Fits ``log E[y_t] = a + b·(t - t0)`` by statsmodels' GLM (Poisson family, log link,
    scale from Pearson's χ²) on the years whose value is published; suppressed years are
    left out and listed in ``omitted``; missing years inside the span are 0. Returns
    ``None`` when fewer than three years are published or every value is 0.
    """
    import numpy as np
    import statsmodels.api as sm

    years = sorted(k for k in series if isinstance(k, int) and not isinstance(k, bool))
    for key, value in series.items():
        _check_count(key, value)
    if not years:
        return None
    span = range(years[0], years[-1] + 1)
    used = [y for y in span if series.get(y, 0) is not None]
    omitted = tuple(y for y in span if series.get(y, 0) is None)
    counts = [series.get(y, 0) for y in used]
    if len(used) < 3 or not any(counts):
        return None
    x = sm.add_constant(np.array([y - used[0] for y in used], dtype=float))
    result = sm.GLM(np.array(counts, dtype=float), x, family=sm.families.Poisson()).fit(scale="X2")
    slope, se = float(result.params[1]), float(result.bse[1])
    z = 1.959963984540054
    return TrendTest(
        periods=tuple(used),
        omitted=omitted,
        rate_ratio=math.exp(slope),
        ci_low=math.exp(slope - z * se),
        ci_high=math.exp(slope + z * se),
        p_value=float(result.pvalues[1]),
        dispersion=float(result.scale),
        alpha=alpha,
    )


def series_from_rows(rows: Iterable[object], unit: str) -> dict[object, int | None]:
    """A series from a one-dimensional published table's rows: ``{key[0]: values[unit]}``.

    ``rows``: ``PublishedTable.rows`` or ``PublishedTable.margin(dim)`` (``OutputRow`` with
    ``key`` and ``values``). Raises :class:`TrendError` if a row has more than one key.
    """
    series: dict[object, int | None] = {}
    for row in rows:
        key = row.key  # type: ignore[attr-defined]
        if len(key) != 1:
            raise TrendError(f"a series needs a one-dimensional table, not keys like {key!r}")
        series[key[0]] = row.values[unit]  # type: ignore[attr-defined]
    return series


def published_series(
    unit: str, *, by: str = "year", where: Mapping[str, str] | None = None
) -> dict[object, int | None]:
    """``unit`` by ``by`` through the publication gate, as a series (suppressed = ``None``).

    Adapter over ``testigo.publication.gate.published_counts`` (events). When the engine's
    generic ``published(kind, ...)`` is in place this is where other record kinds plug in.
    """
    from testigo.publication.gate import published_counts

    table = published_counts(units=(unit,), by=(by,), where=where)
    return series_from_rows(table.rows, unit)
