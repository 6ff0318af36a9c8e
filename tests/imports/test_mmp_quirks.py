"""Each quirk of the MMP exports listed in PROVENANCE.md §1, on real files and small inputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from testigo.core.models import AuditEntry
from testigo.documentation.models import Event
from testigo.imports.mmp import normalise as norm
from testigo.imports.mmp.adapter import read_mmp
from testigo.imports.services import import_run_start
from testigo.statistics.counting import count_events
from tests.imports import mmp_reference as ref
from tests.imports.factories import row_2022, write_csv

pytestmark = pytest.mark.django_db


_PARSED: dict[Path, object] = {}


def _parsed(path: Path):
    """``read_mmp(path)`` once per test process (the real files are large and read-only)."""
    if path not in _PARSED:
        _PARSED[path] = read_mmp(path)
    return _PARSED[path]


def _by_key(path: Path) -> dict[str, object]:
    return {r.source_key: r for r in _parsed(path).records}


def test_bom_inside_cells_is_removed(mmp_2025: Path) -> None:
    records = _by_key(mmp_2025)
    assert "2016.MMP00444" in records  # written "\ufeff2016.MMP00444" in the file
    assert not any("\ufeff" in key for key in records)
    assert norm.strip_bom("\ufeff2023.MMP0507") == "2023.MMP0507"


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        ("December 30, 2019", "long_us", dt.date(2019, 12, 30)),
        ("2014-01-06", "iso", dt.date(2014, 1, 6)),
        (dt.datetime(2020, 5, 1, 0, 0), "iso", dt.date(2020, 5, 1)),  # noqa: DTZ001 - Excel cell
        ("Thu, 01/01/2026 - 12:00", "drupal", dt.date(2026, 1, 1)),
        ("Sun, 03/15/2026 - 12:00", "drupal", dt.date(2026, 3, 15)),  # US month/day order
        ("", "iso", None),
        (0.0, "iso", None),  # the 2025 export's "0" placeholder
    ],
)
def test_four_date_formats(value: object, fmt: str, expected: dt.date | None) -> None:
    assert norm.incident_date(value, fmt) == expected


def test_dates_from_the_real_files(mmp_2019: Path, mmp_2022: Path, mmp_2026: Path) -> None:
    first_2019 = ref.rows(mmp_2019)[0]
    assert first_2019["Reported Date"] == "December 30, 2019"
    assert _by_key(mmp_2019)[f"web-{first_2019['Web ID']}"].fields["date_edtf"] == "2019-12-30"
    assert _by_key(mmp_2022)["2014.MMP00001"].fields["date_edtf"] == "2014-01-06"
    assert _by_key(mmp_2026)["2026.MMP0001"].fields["date_edtf"] == "2026-01-01"


def test_blank_and_zero_dates_fall_back_to_year_and_month(mmp_2022: Path, mmp_2025: Path) -> None:
    # 2022 export: blank Incident Date, Incident year 2019, Reported Month January.
    assert _by_key(mmp_2022)["2019.MMP01859"].fields["date_edtf"] == "2019-01"
    records = _by_key(mmp_2025)
    # 2025 export: Incident Date 0, Incident Year 2020, Month September.
    assert records["2020.MMP01343"].fields["date_edtf"] == "2020-09"
    # 2025 export: no date, year or month at all → unknown, still imported.
    assert records["2020.MMP01074"].fields["date_edtf"] == "XXXX"


def test_a_wrong_date_is_an_error_not_a_guess() -> None:
    with pytest.raises(norm.CellError):
        norm.incident_date("31/12/2019", "iso")
    with pytest.raises(norm.CellError):
        norm.incident_date("2019-12-31", "drupal")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31.965203600000, -113.011", (31.9652036, -113.011)),
        ("POINT (-106.4 31.7)", (31.7, -106.4)),  # WKT: longitude first
        ("37.2832, 27", (37.2832, 27.0)),  # truncated precision
        ("", None),
    ],
)
def test_coordinate_conventions(value: str, expected: tuple[float, float] | None) -> None:
    assert norm.coordinates(value) == expected


def test_wkt_coordinates_in_the_2022_file(mmp_2022: Path) -> None:
    row = next(r for r in ref.rows(mmp_2022) if str(r["Coordinates"]).startswith("POINT"))
    lon, lat = (float(x) for x in str(row["Coordinates"])[7:-1].split())
    fields = _by_key(mmp_2022)[row["Incident ID"]].fields
    assert (fields["latitude"], fields["longitude"]) == (lat, lon)


@pytest.mark.parametrize("bad", ["north, south", "POINT (200 95)", "91, 10"])
def test_bad_coordinates_are_errors(bad: str) -> None:
    with pytest.raises(norm.CellError):
        norm.coordinates(bad)


def test_multi_valued_cells_keep_every_value(tmp_path: Path) -> None:
    harsh = "Harsh environmental conditions / lack of adequate shelter, food, water"
    path = write_csv(
        tmp_path / "multi.csv",
        [
            row_2022("2021.MMP90001", Region_of_Incident="Mediterranean,North America"),
            row_2022("2021.MMP90002", Cause_of_Death=f"Drowning,{harsh}"),
            row_2022("2021.MMP90003", Cause_of_Death=harsh, Source_Quality="1,3,4"),
        ],
    )
    records = _by_key(path)
    assert records["2021.MMP90001"].fields["source_values"]["region"] == [
        "mediterranean",
        "north_america",
    ]
    assert len(records["2021.MMP90002"].fields["source_values"]["cause_of_death"]) == 2
    assert "cause_of_death" not in records["2021.MMP90003"].fields["source_values"]
    assert records["2021.MMP90003"].source["quality_raw"] == "1,3,4"


def test_multi_valued_cells_in_the_2025_file(mmp_2025: Path) -> None:
    multi = [r for r in ref.rows(mmp_2025) if "," in str(r["Region of Incident"])]
    assert len(multi) == 3
    records = _by_key(mmp_2025)
    for row in multi:
        regions = records[ref.incident_key(row)].fields["source_values"]["region"]
        assert len(regions) == 2


def test_negative_missing_is_kept_and_reported(mmp_2025: Path) -> None:
    parsed = _parsed(mmp_2025)
    row = next(r for r in ref.rows(mmp_2025) if r["Main ID"] == "2015.MMP00565")
    record = next(r for r in parsed.records if r.source_key == ref.incident_key(row))
    assert (record.fields["dead"], record.fields["missing"]) == (69, -13)
    assert record.fields["dead_and_missing"] == 56  # the source's own total stays the truth
    flagged = {w.line for w in parsed.report.warnings if w.code == "negative_missing"}
    assert len(flagged) == 5


def test_total_that_contradicts_its_parts_rejects_the_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [row_2022("2021.MMP90010", Number_of_Dead="3")])
    parsed = read_mmp(path)
    assert [e.code for e in parsed.report.errors] == ["total_mismatch"]
    assert parsed.report.errors[0].line == 2


def test_split_incidents_in_2026_are_inferred(mmp_2026: Path) -> None:
    records = _by_key(mmp_2026)
    reference = ref.rows(mmp_2026)
    shared = {r["Main ID"] for r in reference if r["Main ID"] != r["Incident ID"]}
    assert len(reference) - len({r["Main ID"] for r in reference}) == 27
    from testigo.vocab.models import Term

    split = Term.objects.get(vocabulary__name="incident_type", code="split_incident").pk
    for row in reference:
        expected = row["Main ID"] in shared
        assert (records[row["Incident ID"]].fields["incident_type_id"] == split) is expected


def test_cumulative_incidents_are_not_counted_as_events(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        [
            row_2022("2021.MMP90020"),
            row_2022(
                "2021.MMP90021",
                Incident_Type="Cumulative Incident",
                Number_of_Dead="40",
                Total_Number_of_Dead_and_Missing="40",
            ),
        ],
    )
    import_run_start(actor=None, source_kind="mmp", path=path)
    cell = count_events(units=("events", "dead"), by=("dataset",)).cells[("mmp",)]
    assert cell == {"events": 1, "dead": 42}


def test_newer_export_updates_the_records_it_shares(tmp_path: Path) -> None:
    old = write_csv(tmp_path / "old.csv", [row_2022("2021.MMP90030"), row_2022("2021.MMP90031")])
    new = write_csv(
        tmp_path / "new.csv",
        [
            row_2022("2021.MMP90030", Number_of_Dead="5", Total_Number_of_Dead_and_Missing="5"),
            row_2022("2021.MMP90031"),
            row_2022("2021.MMP90032"),
        ],
    )
    first = import_run_start(actor=None, source_kind="mmp", path=old).run
    second = import_run_start(actor=None, source_kind="mmp", path=new).run
    assert (first.created, second.created, second.updated, second.unchanged) == (2, 1, 1, 1)
    assert Event.objects.get(source_key="2021.MMP90030").dead == 5
    update = AuditEntry.objects.get(action="update")
    assert update.before == {"dead": 2, "dead_and_missing": 2}
    assert update.after == {"dead": 5, "dead_and_missing": 5}


def test_reimporting_the_2026_file_is_idempotent(mmp_2026: Path) -> None:
    first = import_run_start(actor=None, source_kind="mmp", path=mmp_2026).run
    second = import_run_start(actor=None, source_kind="mmp", path=mmp_2026).run
    assert (first.created, second.created, second.updated, second.unchanged) == (238, 0, 0, 238)
    assert Event.objects.count() == 238


def test_split_incident_rows_listing_several_ids(mmp_2025: Path, mmp_2022: Path) -> None:
    for path in (mmp_2025, mmp_2022):
        merged = [r for r in ref.rows(path) if "," in str(r["Incident ID"])]
        records = _by_key(path)
        assert len(records) == len(ref.rows(path))  # every row kept, keys unique
        for row in merged:
            record = records[str(row["Main ID"])]
            assert record.fields["source_values"]["incident_ids"] == [
                i.strip() for i in str(row["Incident ID"]).split(",")
            ]
    assert len([r for r in ref.rows(mmp_2025) if "," in str(r["Incident ID"])]) == 403
