"""Each RNPDNO quirk on small hand-made files; a bad cell rejects the whole file."""

from __future__ import annotations

from pathlib import Path

import pytest

from testigo.core.models import AuditEntry
from testigo.imports.report import ImportFileError, ImportRejected
from testigo.imports.rnpdno.adapter import read_rnpdno
from testigo.imports.services import import_run_start
from testigo.imports.undo import import_run_undo
from testigo.observations.models import Observation
from tests.imports.rnpdno.conftest import HEADER, row, write_rows


def _by_key(path: Path) -> dict[str, dict]:
    parsed = read_rnpdno(path)
    assert parsed.report.errors == []
    return {r.source_key: r.fields for r in parsed.records}


def _errors(path: Path) -> list[tuple[int | None, str, str]]:
    return [(e.line, e.column, e.code) for e in read_rnpdno(path).report.errors]


def test_one_row_becomes_four_observations(tmp_path: Path) -> None:
    obs = _by_key(write_rows(tmp_path / "a.csv", [row(), row(year="2016")]))
    jan = {k: v for k, v in obs.items() if ":2015-01:" in k}
    assert sorted(jan) == ["7:01001:2015-01:F", "7:01001:2015-01:M", "7:01001:2015-01:_T",
                           "7:01001:2015-01:_U"]  # fmt: skip
    f = jan["7:01001:2015-01:F"]
    assert (f["value"], f["unit"], f["measure"]) == (
        2,
        "persons",
        "persons_disappeared_not_located",
    )
    assert (f["area"], f["area_level"], f["period_type"]) == ("01001", "municipality", "month")
    assert (str(f["period_start"]), str(f["period_end"])) == ("2015-01-01", "2015-01-31")
    assert f["status"] == "A" and f["flags"] == []
    assert obs["7:01001:2016-01:_T"]["status"] == "P"  # latest year: provisional
    assert obs["7:01001:2016-01:_T"]["flags"] == ["provisional"]


def test_state_name_variants(tmp_path: Path) -> None:
    rows = [
        row(cvegeo="16998", cve_estado="16", state="michoacan", cve_mun="998"),
        row(cvegeo="16999", cve_estado="16", state="michoacan de ocampo", cve_mun="999"),
        row(cvegeo="30998", cve_estado="30", state="veracruz", cve_mun="998"),
        row(cvegeo="30999", cve_estado="30", state="veracruz de ignacio de la llave",
            cve_mun="999"),
        row(cvegeo="05998", cve_estado="05", state="coahuila", cve_mun="998"),
        row(cvegeo="05999", cve_estado="05", state="coahuila de zaragoza", cve_mun="999"),
    ]  # fmt: skip
    obs = _by_key(write_rows(tmp_path / "v.csv", rows))
    areas = {k.split(":")[1]: v["area"] for k, v in obs.items()}
    assert areas == {
        "16998": "MX-MIC", "16999": "MX-MIC", "30998": "MX-VER", "30999": "MX-VER",
        "05998": "MX-COA", "05999": "MX-COA",
    }  # fmt: skip


def test_unknown_municipality_is_a_flagged_state_observation(tmp_path: Path) -> None:
    rows = [
        row(cvegeo="08998", cve_estado="08", state="chihuahua", cve_mun="998",
            municipality="sin municipio de referencia"),
        row(cvegeo="08999", cve_estado="08", state="chihuahua", cve_mun="999",
            municipality="se desconoce"),
    ]  # fmt: skip
    obs = _by_key(write_rows(tmp_path / "u.csv", rows))
    for code in ("998", "999"):
        o = obs[f"7:08{code}:2015-01:_T"]
        assert (o["area"], o["area_level"], o["area_name"]) == ("MX-CHH", "state", "chihuahua")
        assert o["dimensions"] == {"sex": "_T", "municipality": code}
        assert "unknown_municipality" in o["flags"]
        assert o["value"] == 3


def test_unknown_state_rows_are_country_level(tmp_path: Path) -> None:
    rows = [
        row(cvegeo="99998", cve_estado="99", state="unknown", cve_mun="998"),
        row(cvegeo="99998", cve_estado="99", state="unknown", cve_mun="999", month="2"),
        row(cvegeo="99999", cve_estado="99", state="unresolved", cve_mun="999"),
    ]
    path = write_rows(tmp_path / "s.csv", rows)
    parsed = read_rnpdno(path)
    assert parsed.report.errors == []
    assert [(w.line, w.column, w.code) for w in parsed.report.warnings] == [
        (3, "cvegeo", "cvegeo_mismatch")
    ]
    obs = {r.source_key: r.fields for r in parsed.records}
    o = obs["7:99998:2015-02:_T"]
    assert (o["area"], o["area_level"]) == ("MX", "country")
    assert o["dimensions"] == {"sex": "_T", "state": "99", "municipality": "998"}
    assert o["flags"] == ["cvegeo_mismatch", "provisional", "unknown_municipality",
                          "unknown_state"]  # fmt: skip
    assert obs["7:99999:2015-01:M"]["flags"] == [
        "provisional",
        "unknown_municipality",
        "unknown_state",
    ]


@pytest.mark.parametrize(
    ("values", "column", "code"),
    [
        ({"cvegeo": "1001", "cve_estado": "1"}, "cvegeo", "bad_cvegeo"),
        ({"state": "michoacan"}, "state", "bad_state"),
        ({"state": "narnia"}, "state", "bad_state"),
        ({"male": "-1"}, "male", "bad_count"),
        ({"female": "2.5"}, "female", "bad_count"),
        ({"total": "4"}, "total", "total_mismatch"),
        ({"month": "13"}, "month", "bad_month"),
        ({"year": "15"}, "year", "bad_year"),
        ({"status_id": "1"}, "status_id", "bad_status"),
        ({"cvegeo": "01002"}, "cvegeo", "cvegeo_mismatch"),
    ],
)
def test_bad_cells_are_row_errors(tmp_path: Path, values: dict, column: str, code: str) -> None:
    path = write_rows(tmp_path / "bad.csv", [row(month="2"), row(**values)])
    errors = _errors(path)
    assert (3, column, code) in errors
    assert all(line == 3 for line, _c, _k in errors)


def test_duplicate_municipality_month(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "d.csv", [row(), row(male="0", total="2")])
    assert _errors(path) == [(3, "cvegeo", "duplicate_row")]


def test_missing_column(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "undefined"]
    path = write_rows(tmp_path / "m.csv", [[v for h, v in zip(HEADER, row(), strict=True)
                                            if h != "undefined"]], header=header)  # fmt: skip
    assert _errors(path) == [(1, "undefined", "missing_column")]


def test_not_an_rnpdno_file(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="not an RNPDNO municipal file"):
        read_rnpdno(path)


@pytest.mark.django_db
def test_a_bad_cell_rejects_the_file_and_writes_nothing(tmp_path: Path) -> None:
    good = [row(month=str(m)) for m in range(1, 12)]
    path = write_rows(tmp_path / "r.csv", [*good, row(month="12", female="dos")])
    audits = AuditEntry.objects.filter(model="observations.Observation").count
    with pytest.raises(ImportRejected) as exc:
        import_run_start(actor=None, source_kind="rnpdno", path=path)
    assert [(e.line, e.column, e.value) for e in exc.value.report.errors] == [(13, "female", "dos")]
    assert Observation.objects.count() == 0
    assert audits() == 0


@pytest.mark.django_db
def test_repeat_update_and_undo(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "a.csv", [row(), row(month="2")])
    first = import_run_start(actor=None, source_kind="rnpdno", path=path)
    assert (first.run.created, first.run.updated, first.run.unchanged) == (8, 0, 0)
    assert AuditEntry.objects.filter(model="observations.Observation").count() == 8
    second = import_run_start(actor=None, source_kind="rnpdno", path=path)
    assert (second.run.created, second.run.updated, second.run.unchanged) == (0, 0, 8)
    assert Observation.objects.get(source_key="7:01001:2015-01:F").organisation.kind == (
        "government"
    )
    # A refresh revising one month's counts updates exactly that month's changed cells.
    revised = write_rows(tmp_path / "b.csv", [row(female="3", total="4"), row(month="2")])
    third = import_run_start(actor=None, source_kind="rnpdno", path=revised)
    assert (third.run.created, third.run.updated, third.run.unchanged) == (0, 2, 6)
    import_run_undo(run=third.run, actor=None)
    assert Observation.objects.get(source_key="7:01001:2015-01:F").value == 2
