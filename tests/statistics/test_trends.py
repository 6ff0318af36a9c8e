"""Trends: hand-made series with answers worked out by hand, and the real MMP 2025 export."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from django.db import transaction

from testigo.imports.services import import_run_start
from testigo.publication.gate import published_counts
from testigo.statistics.trends import (
    TrendError,
    change_test,
    poisson_trend,
    published_series,
    rolling_twelve_months,
    series_from_rows,
    year_on_year,
)

US_MEXICO = "US-Mexico border crossing"


def _two_sided_binomial_half(x: int, n: int) -> float:
    """Exact two-sided p-value of Binomial(n, 1/2) at x, by summing the pmf (symmetric)."""
    k = max(x, n - x)
    tail = sum(math.comb(n, i) for i in range(k, n + 1)) / 2**n
    return min(1.0, 2 * tail) if 2 * k != n else 1.0


# -- the change test ------------------------------------------------------------------------


def test_a_large_change_is_flagged() -> None:
    # 10 → 25: n = 35, P(X >= 25) = 0.00834, two-sided 0.0167 < 0.05.
    test = change_test(10, 25)
    assert test.p_value == pytest.approx(_two_sided_binomial_half(25, 35), rel=1e-9)
    assert test.p_value == pytest.approx(0.01667, abs=1e-4)
    assert test.flagged


def test_a_change_chance_explains_is_not_flagged() -> None:
    # 20 → 26: n = 46, two-sided p = 0.461 > 0.05.
    test = change_test(20, 26)
    assert test.p_value == pytest.approx(_two_sided_binomial_half(26, 46), rel=1e-9)
    assert test.p_value > 0.4
    assert not test.flagged


def test_small_counts_are_never_flagged() -> None:
    # 0 → 6: p = 2 / 2**6 = 0.03125 < 0.05, but 6 < the minimum count of 10.
    test = change_test(0, 6)
    assert test.p_value == pytest.approx(0.03125)
    assert not test.flagged
    assert change_test(0, 6, min_count=5).flagged
    assert not change_test(10, 25, alpha=0.01).flagged  # p = 0.0167 ≥ 0.01


def test_dispersion_scales_the_counts() -> None:
    # φ = 2.5: 10 → 4, 25 → 10; n = 14, P(X >= 10) = (1001 + 364 + 91 + 14 + 1) / 2**14,
    # two-sided 2942 / 16384 = 0.1796: no longer larger than chance would explain.
    test = change_test(10, 25, dispersion=2.5)
    assert test.p_value == pytest.approx(2942 / 16384)
    assert not test.flagged
    assert change_test(100, 250, dispersion=2.5).flagged  # 40 → 100: p < 1e-6
    with pytest.raises(TrendError, match="dispersion"):
        change_test(1, 2, dispersion=0.5)


def test_unknown_counts_give_an_unknown_test() -> None:
    for before, after in ((None, 12), (12, None), (0, 0)):
        test = change_test(before, after)
        assert test.p_value is None
        assert not test.flagged
    with pytest.raises(TrendError):
        change_test(-1, 3)
    with pytest.raises(TrendError):
        change_test(1, 3, alpha=1.5)


# -- year on year -------------------------------------------------------------------------


def test_year_on_year_by_hand() -> None:
    series = {2019: 10, 2020: 25, 2021: None, 2023: 4, None: 7}
    changes = {c.period: c for c in year_on_year(series)}
    assert sorted(changes) == [2020, 2021, 2022, 2023]
    c = changes[2020]
    assert (c.previous, c.value, c.absolute, c.percent) == (10, 25, 15, 150.0)
    assert c.test.flagged
    # 2021 suppressed: the change into it and out of it are unknown, never computed.
    assert (changes[2021].absolute, changes[2021].percent) == (None, None)
    assert (changes[2022].value, changes[2022].absolute) == (0, None)
    assert changes[2022].test.p_value is None
    # 2022 absent = no records = 0; a change from 0 has no percentage.
    assert (changes[2023].previous, changes[2023].absolute, changes[2023].percent) == (0, 4, None)
    assert not changes[2023].test.flagged
    assert year_on_year({}) == []
    down = year_on_year({2000: 40, 2001: 30})[0]
    assert (down.absolute, down.percent) == (-10, -25.0)
    assert not down.test.flagged  # p = 0.2888


def test_year_on_year_rejects_non_counts() -> None:
    with pytest.raises(TrendError, match="not a count"):
        year_on_year({2000: 3, 2001: -2})
    with pytest.raises(TrendError, match="not a count"):
        year_on_year({2000: 3, 2001: 2.5})  # type: ignore[dict-item]


# -- rolling twelve-month sums -------------------------------------------------------------


def test_rolling_twelve_months_by_hand() -> None:
    # 2019-01 … 2020-03 with value = month number in the span (1…15); 2019-06 absent (0);
    # 2020-03 suppressed; 4 records dated only to the year.
    series: dict[str | None, int | None] = {}
    for i in range(15):
        series[f"{2019 + i // 12}-{i % 12 + 1:02d}"] = i + 1
    del series["2019-06"]
    series["2020-03"] = None
    series[None] = 4
    rolling = rolling_twelve_months(series)
    assert rolling.unplaced == 4
    assert len(rolling.months) == 15
    assert list(rolling.sums) == ["2019-12", "2020-01", "2020-02", "2020-03"]
    # 1 + … + 12 = 78, minus the absent June (6) = 72.
    assert rolling.sums["2019-12"] == 72
    assert rolling.sums["2020-01"] == 72 - 1 + 13  # 84
    assert rolling.sums["2020-02"] == 84 - 2 + 14  # 96
    assert rolling.sums["2020-03"] is None  # the window holds a suppressed month


def test_rolling_needs_twelve_months_and_good_keys() -> None:
    short = rolling_twelve_months({"2020-01": 5, "2020-11": 3})
    assert short.sums == {}
    assert short.unplaced == 0
    assert rolling_twelve_months({None: None}).unplaced is None  # suppressed: unknown
    with pytest.raises(TrendError, match="not a month"):
        rolling_twelve_months({"2020-13": 1})
    with pytest.raises(TrendError, match="not a month"):
        rolling_twelve_months({"2020": 1})


# -- trend test ---------------------------------------------------------------------------


def test_poisson_trend_satisfies_the_likelihood_equations() -> None:
    series = {2015: 12, 2016: 19, 2017: 33, 2018: 41, 2019: 70, 2020: None}
    trend = poisson_trend(series)
    assert trend is not None
    assert trend.periods == (2015, 2016, 2017, 2018, 2019)
    assert trend.omitted == (2020,)
    # The Poisson MLE solves Σy = Σμ and Σt·y = Σt·μ with μ_t = exp(a + b·t).
    b = math.log(trend.rate_ratio)
    ys = [12, 19, 33, 41, 70]
    a = math.log(sum(ys) / sum(math.exp(b * t) for t in range(5)))
    mu = [math.exp(a + b * t) for t in range(5)]
    assert sum(t * y for t, y in enumerate(ys)) == pytest.approx(
        sum(t * m for t, m in enumerate(mu)), rel=1e-6
    )
    assert 1.4 < trend.rate_ratio < 1.6
    assert trend.ci_low < trend.rate_ratio < trend.ci_high
    assert trend.flagged


def test_poisson_trend_flat_series_is_not_flagged() -> None:
    trend = poisson_trend({2015: 20, 2016: 24, 2017: 19, 2018: 22, 2019: 21})
    assert trend is not None
    assert trend.ci_low < 1 < trend.ci_high
    assert not trend.flagged
    assert poisson_trend({2015: 3, 2016: None, 2017: 4}) is None  # two published years


# -- the real MMP 2025 export ----------------------------------------------------------------


@pytest.fixture(scope="module")
def imported_2025(django_db_setup, django_db_blocker, mmp_2025: Path):
    """The 2025 export imported once for this module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        import_run_start(actor=None, source_kind="mmp", path=mmp_2025)
        yield
        transaction.set_rollback(True)


def _us_mexico_by_year(path: Path) -> dict[int | None, int]:
    """Dead and missing on the US–Mexico route by incident year, read with openpyxl only.

    A row naming several routes is filed under the first one (the route the importer files
    it under); a blank year is the unknown-year row.
    """
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = next(rows)
    route_col = header.index("Migration Route")
    year_col = header.index("Incident Year")
    total_col = header.index("Total Number of Dead and Missing")
    totals: Counter[int | None] = Counter()
    for row in rows:
        route = (row[route_col] or "").split(",")[0].strip()
        if route != US_MEXICO:
            continue
        year = int(row[year_col]) if row[year_col] not in (None, "") else None
        totals[year] += int(row[total_col] or 0)
    workbook.close()
    return dict(totals)


@pytest.mark.django_db
def test_mmp_2025_us_mexico_year_on_year(imported_2025, mmp_2025: Path) -> None:
    expected = _us_mexico_by_year(mmp_2025)
    where = {"dataset": "mmp", "migration_route": US_MEXICO}
    published = published_series("dead_and_missing", where=where)
    assert published == expected  # every yearly figure is far above the threshold
    assert sum(v for v in published.values() if v is not None) == 6518  # PROVENANCE.md
    table = published_counts(units=("dead_and_missing",), by=("year",), where=where)
    assert table.suppressed_cells == 0
    assert series_from_rows(table.rows, "dead_and_missing") == expected
    assert table.total("dead_and_missing") == 6518

    changes = year_on_year(published)
    years = sorted(k for k in expected if k is not None)
    assert [c.period for c in changes] == years[1:]
    for change in changes:
        now, before = expected[change.period], expected[change.period - 1]
        assert change.absolute == now - before
        assert change.percent == pytest.approx(100 * (now - before) / before)
        assert change.test.p_value == pytest.approx(
            _two_sided_binomial_half(now, now + before), rel=1e-6, abs=1e-12
        )
    # 2025 holds only the first months of the year: a fall that large is flagged.
    last = changes[-1]
    assert last.period == 2025
    assert last.absolute < 0
    assert last.test.flagged
