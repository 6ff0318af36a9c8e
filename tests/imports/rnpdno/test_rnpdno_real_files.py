"""The four real RNPDNO municipal files: figures recomputed from the raw CSV with ``csv``.

Each file is parsed once per module (about 1-2 s each); only the smallest file (located
dead, 9,936 rows → 39,744 observations) is written to the database.
"""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction
from django.db.models import Sum

from testigo.imports.rnpdno.adapter import read_rnpdno
from testigo.imports.services import import_run_start
from testigo.observations.models import Observation
from tests.imports.rnpdno.conftest import raw_rows

pytestmark = pytest.mark.slow  # four files of 0.5-3 MB; about 20 s on an idle machine

FILES = {
    "rnpdno_total": ("persons_reported_missing", "0", 57373),
    "rnpdno_not_located": ("persons_disappeared_not_located", "7", 34617),
    "rnpdno_alive": ("persons_located_alive", "2", 37379),
    "rnpdno_dead": ("persons_located_dead", "3", 9936),
}
_CACHE: dict[Path, tuple[object, list[dict[str, str]]]] = {}


def _load(path: Path) -> tuple[object, list[dict[str, str]]]:
    """(parsed, raw rows) once per test process."""
    if path not in _CACHE:
        _CACHE[path] = (read_rnpdno(path), raw_rows(path))
    return _CACHE[path]


def _totals(records: list, key) -> Counter:
    out: Counter = Counter()
    for r in records:
        if r.fields["dimensions"]["sex"] == "_T":
            out[key(r)] += r.fields["value"]
    return out


@pytest.mark.parametrize("fixture", list(FILES))
def test_every_row_read_and_totals_by_year_and_sex(fixture: str, request) -> None:
    measure, status, rows = FILES[fixture]
    parsed, raw = _load(request.getfixturevalue(fixture))
    assert parsed.rows == len(raw) == rows
    assert parsed.report.errors == []
    assert len(parsed.records) == 4 * rows
    assert {r.fields["measure"] for r in parsed.records} == {measure}
    assert {r["status_id"] for r in raw} == {status}
    by_year: Counter = Counter()
    by_sex: Counter = Counter()
    for r in raw:
        by_year[r["year"]] += int(r["total"])
        for column, sex in (("male", "M"), ("female", "F"), ("undefined", "_U"), ("total", "_T")):
            by_sex[sex] += int(r[column])
    assert _totals(parsed.records, lambda r: r.fields["period"][:4]) == by_year
    imported_by_sex: Counter = Counter()
    for r in parsed.records:
        imported_by_sex[r.fields["dimensions"]["sex"]] += r.fields["value"]
    assert imported_by_sex == by_sex
    assert by_sex["_T"] == by_sex["M"] + by_sex["F"] + by_sex["_U"]


def test_state_name_variants_are_one_state(rnpdno_total: Path) -> None:
    """Michoacán appears as "michoacan" and "michoacan de ocampo": one state, all rows."""
    parsed, raw = _load(rnpdno_total)
    names = {r["state"] for r in raw if r["cve_estado"] == "16"}
    assert names == {"michoacan", "michoacan de ocampo"}
    expected = sum(int(r["total"]) for r in raw if r["cve_estado"] == "16")
    got = sum(
        _totals(
            parsed.records,
            lambda r: (
                r.fields["area"] if r.fields["area_level"] == "state" else r.fields["area"][:2]
            ),
        )[k]
        for k in ("16", "MX-MIC")
    )
    assert got == expected > 0


def test_unknown_municipalities_kept_at_state_level(rnpdno_total: Path) -> None:
    parsed, raw = _load(rnpdno_total)
    unknown = [r for r in raw if r["cve_mun"] in {"998", "999"}]
    assert len(unknown) == 1805  # PROVENANCE.md §5a
    flagged = [
        r for r in parsed.records
        if "unknown_municipality" in r.fields["flags"] and r.fields["dimensions"]["sex"] == "_T"
    ]  # fmt: skip
    assert len(flagged) == len(unknown)
    assert {r.fields["area_level"] for r in flagged} == {"state", "country"}
    assert sum(r.fields["value"] for r in flagged) == sum(int(r["total"]) for r in unknown)
    assert not any(
        r.fields["area_level"] == "municipality" and r.fields["area"][2:] in {"998", "999"}
        for r in parsed.records
    )
    in_states = [r for r in flagged if r.fields["area_level"] == "state"]
    assert {r.fields["dimensions"]["municipality"] for r in in_states} == {"998", "999"}
    assert all(r.fields["area"].startswith("MX-") for r in in_states)


def test_unknown_state_rows(rnpdno_total: Path) -> None:
    parsed, raw = _load(rnpdno_total)
    raw_unknown = [r for r in raw if r["cve_estado"] == "99"]
    mismatched = sum(1 for r in raw if r["cvegeo"] != r["cve_estado"] + r["cve_mun"])
    assert (len(raw_unknown), mismatched) == (89, 58)
    assert parsed.report.warning_counts() == {"cvegeo_mismatch": mismatched}
    country = [r for r in parsed.records if r.fields["area_level"] == "country"]
    assert len(country) == 4 * len(raw_unknown)
    assert all("unknown_state" in r.fields["flags"] and r.fields["area"] == "MX" for r in country)


def test_latest_year_is_provisional(rnpdno_total: Path) -> None:
    parsed, _raw = _load(rnpdno_total)
    status = {(r.fields["period"][:4], r.fields["status"]) for r in parsed.records}
    assert {s for y, s in status if y == "2025"} == {"P"}
    assert {s for y, s in status if y != "2025"} == {"A"}


# The national series (another repository's pipeline, "panel ML", RNPDNO queried later) and
# the municipal status-7 file give different yearly totals: municipal minus national.
KNOWN_DIFFERENCE = {
    2015: 24, 2016: 50, 2017: 44, 2018: 14, 2019: 110,
    2020: 135, 2021: 190, 2022: -95, 2023: 58, 2024: 468,
}  # fmt: skip


def test_national_series_cross_check(rnpdno_not_located: Path, rnpdno_dir: Path) -> None:
    parsed, _raw = _load(rnpdno_not_located)
    municipal = _totals(parsed.records, lambda r: int(r.fields["period"][:4]))
    with (rnpdno_dir / "serie_nacional_desap_2010_2024.csv").open(encoding="utf-8") as fh:
        national = {int(r["anio"]): int(r["desap_count"]) for r in csv.DictReader(fh)}
    diff = {y: municipal[y] - national[y] for y in range(2015, 2025)}
    assert diff == KNOWN_DIFFERENCE
    assert all(abs(d) < 0.04 * national[y] for y, d in diff.items())  # under 4 % every year


@pytest.fixture(scope="module")
def imported_dead(django_db_setup, django_db_blocker, rnpdno_dead: Path):
    """The located-dead file imported twice in this module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        first = import_run_start(actor=None, source_kind="rnpdno", path=rnpdno_dead)
        second = import_run_start(actor=None, source_kind="rnpdno", path=rnpdno_dead)
        sums_by_year = dict(
            Observation.objects.filter(dataset="rnpdno", dimensions__sex="_T")
            .values_list("period_start__year")
            .annotate(Sum("value"))
        )
        sums_by_sex = {
            sex: Observation.objects.filter(dataset="rnpdno", dimensions__sex=sex).aggregate(
                s=Sum("value")
            )["s"]
            for sex in ("M", "F", "_U", "_T")
        }
        count = Observation.objects.filter(dataset="rnpdno").count()
        yield first, second, sums_by_year, sums_by_sex, count
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_import_sums_equal_the_file(imported_dead, rnpdno_dead: Path) -> None:
    first, _second, by_year, by_sex, count = imported_dead
    raw = raw_rows(rnpdno_dead)
    assert (first.run.created, first.run.updated, first.run.unchanged) == (4 * len(raw), 0, 0)
    assert count == 4 * len(raw)
    expected_year: Counter = Counter()
    for r in raw:
        expected_year[int(r["year"])] += int(r["total"])
    assert {y: int(v) for y, v in by_year.items()} == dict(expected_year)
    for column, sex in (("male", "M"), ("female", "F"), ("undefined", "_U"), ("total", "_T")):
        assert by_sex[sex] == Decimal(sum(int(r[column]) for r in raw))


@pytest.mark.django_db
def test_second_import_changes_nothing(imported_dead) -> None:
    _first, second, *_ = imported_dead
    assert (second.run.created, second.run.updated) == (0, 0)
    assert second.run.unchanged == second.run.rows * 4
