"""CBP quirks on small hand-made files (invented figures) and the refused raw extractions."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from testigo.imports.cbp import layouts
from testigo.imports.models import ImportRun
from testigo.imports.report import ImportFileError, ImportRejected
from testigo.imports.services import import_run_start
from testigo.observations.models import Observation

pytestmark = pytest.mark.django_db
USBP = "cbp-usbp-monthly-encounters"
STATE_HEADER = list(layouts.NATIONWIDE_BY_STATE.header)
SWB_HEADER = list(layouts.SWB_BY_CITIZENSHIP.header)
REGIONS = {
    "coastal_border": ("livermore", "miami", "new_orleans", "ramey"),
    "northern_border": (
        "blaine", "buffalo", "detroit", "grand_forks", "havre", "houlton", "spokane", "swanton",
    ),
    "southwest_border": (
        "big_bend", "del_rio", "el_centro", "el_paso", "laredo", "rio_grande_valley",
        "san_diego", "tucson", "yuma",
    ),
}  # fmt: skip


def psv_row(fy: int, month: int, cy: int, **override: str) -> dict[str, str]:
    """An invented month: every sector 1 and the totals consistent, unless overridden."""
    row = dict.fromkeys(layouts.PSV_SECTOR_COLUMNS, "1")
    for region, sectors in REGIONS.items():
        row[region] = str(len(sectors))
    row["monthly_total"] = str(len(layouts.PSV_SECTOR_COLUMNS))
    row.update(month=str(month), fy=str(fy), cy=str(cy))
    row.update(override)
    return row


def write(path: Path, header: list[str], rows: list[dict[str, str]], delimiter=",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_psv(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    return write(tmp_path / "usbp.psv", list(layouts.USBP_BY_SECTOR.header), rows, "|")


def state_row(**override: str) -> dict[str, str]:
    row = dict(
        zip(
            STATE_HEADER,
            ["2021", "FYTD", "OCT", "Southwest Land Border", "TX", "Single Adults", "MEXICO",
             "Title 42", "1,234"],
            strict=True,
        )
    )  # fmt: skip
    row.update({k.replace("_", " "): v for k, v in override.items()})
    return row


def swb_row(demographic: str) -> dict[str, str]:
    values = ["2023", "FYTD", "OCT", "U.S. Border Patrol", demographic, "Honduras", "Title 8",
              "Apprehensions", "7"]  # fmt: skip
    return dict(zip(SWB_HEADER, values, strict=True))


def test_small_psv_imports_with_the_fiscal_year_rule(tmp_path: Path) -> None:
    path = write_psv(tmp_path, [psv_row(2000, 10, 1999), psv_row(2000, 9, 2000)])
    result = import_run_start(actor=None, source_kind=USBP, path=path)
    assert (result.run.created, result.report.warnings) == (2 * 25, [])
    periods = set(Observation.objects.values_list("period", flat=True))
    assert periods == {"1999-10", "2000-09"}


def test_bad_cell_rejects_the_whole_file(tmp_path: Path) -> None:
    rows = [psv_row(2000, 10, 1999), psv_row(2000, 11, 1999, tucson="1,23")]
    path = write_psv(tmp_path, rows)
    with pytest.raises(ImportRejected) as caught:
        import_run_start(actor=None, source_kind=USBP, path=path)
    errors = caught.value.report.errors
    assert [(e.line, e.column, e.value) for e in errors] == [(3, "tucson", "1,23")]
    assert Observation.objects.count() == 0
    run = ImportRun.objects.get()
    assert (run.status, run.rejected) == ("rejected", 1)
    assert run.messages.get().column == "tucson"


def test_calendar_year_contradicting_the_fiscal_year_is_an_error(tmp_path: Path) -> None:
    path = write_psv(tmp_path, [psv_row(2000, 10, 2000)])
    with pytest.raises(ImportRejected) as caught:
        import_run_start(actor=None, source_kind=USBP, path=path)
    (error,) = caught.value.report.errors
    assert (error.line, error.column) == (2, "cy")
    assert "expected 1999" in error.reason
    assert Observation.objects.count() == 0


def test_published_total_that_differs_is_kept_with_a_warning(tmp_path: Path) -> None:
    path = write_psv(tmp_path, [psv_row(2001, 1, 2001, southwest_border="10")])
    result = import_run_start(actor=None, source_kind=USBP, path=path)
    (warning,) = result.report.warnings
    assert (warning.code, warning.line, warning.column) == ("total_differs", 2, "southwest_border")
    assert "(9)" in warning.reason
    southwest = Observation.objects.get(area="border:southwest")
    assert (southwest.value, southwest.flags) == (10, ["published_total"])


def test_wide_yearly_total_that_differs_is_a_warning(tmp_path: Path) -> None:
    header = list(layouts.USBP_SOUTHWEST_WIDE.header)
    row = dict.fromkeys(header, "1,000")
    row.update({"Fiscal Year": "2005", "Yearly Total": "12,001"})
    path = write(tmp_path / "wide.csv", header, [row])
    result = import_run_start(actor=None, source_kind=USBP, path=path)
    assert [(w.code, w.column) for w in result.report.warnings] == [
        ("total_differs", "Yearly Total")
    ]
    assert result.run.created == 12
    assert sum(o.value for o in Observation.objects.all()) == 12000


def test_bad_state_names_line_and_column(tmp_path: Path) -> None:
    rows = [state_row(), state_row(State="XX", Citizenship="ATLANTIS")]
    path = write(tmp_path / "state.csv", STATE_HEADER, rows)
    with pytest.raises(ImportRejected) as caught:
        import_run_start(actor=None, source_kind="cbp-nationwide-encounters", path=path)
    assert {(e.line, e.column) for e in caught.value.report.errors} == {
        (3, "State"),
        (3, "Citizenship"),
    }
    assert Observation.objects.count() == 0


def test_state_row_becomes_one_observation(tmp_path: Path) -> None:
    path = write(tmp_path / "state.csv", STATE_HEADER, [state_row()])
    import_run_start(actor=None, source_kind="cbp-nationwide-encounters", path=path)
    obs = Observation.objects.get()
    assert (obs.measure, obs.unit, obs.period, obs.area, obs.area_level, obs.value) == (
        "encounters",
        "number",
        "2020-10",
        "US-TX",
        "state",
        1234,
    )
    assert obs.dimensions == {
        "land_border_region": "southwest", "demographic": "single_adults",
        "citizenship": "MX", "title_of_authority": "title_42",
    }  # fmt: skip
    assert obs.source.startswith("CBP, Nationwide Encounters")


def test_uac_and_uc_in_the_same_month_are_a_repeat(tmp_path: Path) -> None:
    path = write(tmp_path / "swb.csv", SWB_HEADER, [swb_row("UAC"), swb_row("UC / Single Minors")])
    with pytest.raises(ImportRejected) as caught:
        import_run_start(actor=None, source_kind="cbp-swb-encounters", path=path)
    (error,) = caught.value.report.errors
    assert (error.line, error.code) == (3, "duplicate_observation")
    assert "line 2" in error.reason


def test_blank_count_is_a_missing_value(tmp_path: Path) -> None:
    row = swb_row("FMUA")
    row["Encounter Count"] = ""
    path = write(tmp_path / "swb.csv", SWB_HEADER, [row])
    result = import_run_start(actor=None, source_kind="cbp-swb-encounters", path=path)
    assert result.report.warning_counts()["blank"] == 1
    obs = Observation.objects.get()
    assert (obs.value, obs.status) == (None, "M")


def test_row_of_wrong_width(tmp_path: Path) -> None:
    path = write(tmp_path / "swb.csv", SWB_HEADER, [swb_row("FMUA")])
    with path.open("a", encoding="utf-8") as fh:
        fh.write("2023,FYTD,NOV,U.S. Border Patrol\n")
    with pytest.raises(ImportRejected) as caught:
        import_run_start(actor=None, source_kind="cbp-swb-encounters", path=path)
    (error,) = caught.value.report.errors
    assert (error.line, error.code) == (3, "width")


def test_breakdown_table_takes_its_year_from_the_name(tmp_path: Path) -> None:
    header = list(layouts.PROFILE_GENDER.header)
    rows = [
        {"SECTOR": "Tucson", "Female": "1,000", "Male": "2,000", "Total Apprehensions": "3,000"}
    ]
    named = write(tmp_path / "usbp_fy2016_gender.csv", header, rows)
    result = import_run_start(actor=None, source_kind="cbp-sector-profiles", path=named)
    assert result.run.created == 3
    assert set(Observation.objects.values_list("period", flat=True)) == {"FY2016"}
    unnamed = write(tmp_path / "gender.csv", header, rows)
    with pytest.raises(ImportRejected) as caught:
        import_run_start(actor=None, source_kind="cbp-sector-profiles", path=unnamed)
    assert caught.value.report.errors[0].code == "no_fiscal_year"
    again = import_run_start(
        actor=None, source_kind="cbp-sector-profiles", path=unnamed,
        read_options={"fiscal_year": 2016},
    )  # fmt: skip
    assert (again.run.created, again.run.unchanged) == (0, 3)


def test_raw_extractions_are_refused_naming_the_clean_file(cbp_files) -> None:
    with pytest.raises(ImportFileError, match="usbp_monthly_encounters_by_sector_fy2000-fy2020"):
        import_run_start(actor=None, source_kind=USBP, path=cbp_files["pdftotext"])
    with pytest.raises(ImportFileError, match=r"usbp_sector_profiles_fy2011-2017_merged\.csv"):
        import_run_start(actor=None, source_kind="cbp-sector-profiles", path=cbp_files["camelot"])
    assert Observation.objects.count() == 0


def test_another_sources_file_names_the_right_source(cbp_files) -> None:
    with pytest.raises(ImportFileError, match="testigo import cbp-swb-encounters"):
        import_run_start(actor=None, source_kind=USBP, path=cbp_files["sbo"])


def test_missing_column(tmp_path: Path) -> None:
    header = [h for h in STATE_HEADER if h != "State"]
    path = write(tmp_path / "state.csv", header, [])
    with path.open("a", encoding="utf-8") as fh:
        fh.write("2021,FYTD,OCT,Other,Single Adults,MEXICO,Title 8,1\n")
    with pytest.raises(ImportFileError, match="lacks 'State'"):
        import_run_start(actor=None, source_kind="cbp-nationwide-encounters", path=path)


def test_an_import_can_be_undone_whole(tmp_path: Path) -> None:
    from testigo.imports.undo import import_run_undo

    path = write_psv(tmp_path, [psv_row(2010, 3, 2010)])
    first = import_run_start(actor=None, source_kind=USBP, path=path)
    changed = write_psv(tmp_path, [psv_row(2010, 3, 2010, tucson="2", southwest_border="10")])
    second = import_run_start(actor=None, source_kind=USBP, path=changed)
    assert (second.run.created, second.run.updated) == (0, 2)
    import_run_undo(actor=None, run=second.run)
    assert Observation.objects.get(area="USBP:TCA").value == 1
    assert Observation.objects.get(area="border:southwest").value == 9
    assert Observation.objects.count() == first.run.created == 25


def test_undo_deletes_what_the_run_created(tmp_path: Path) -> None:
    from testigo.imports.undo import import_run_undo

    result = import_run_start(
        actor=None, source_kind=USBP, path=write_psv(tmp_path, [psv_row(2010, 3, 2010)])
    )
    assert import_run_undo(actor=None, run=result.run).deleted == 25
    assert Observation.objects.count() == 0
