"""Each RPW quirk on a small hand-made export, and bad cells rejecting the whole file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from testigo.imports.report import ImportFileError, ImportRejected
from testigo.imports.services import import_run_start
from testigo.imports.worldbank.adapter import read_rpw
from testigo.observations.models import Observation
from tests.imports.worldbank.conftest import SERIES

pytestmark = pytest.mark.django_db
US_MX = f"United States of America,USA,{SERIES},Mexico,MEX"
US_HN = f"United States of America,USA,{SERIES},Honduras,HND"


def test_double_spaced_header_bom_and_footer_are_read(rpw_file) -> None:
    parsed = read_rpw(rpw_file(f"{US_MX},5.25,..", f"{US_HN},..,.."))
    assert parsed.report.errors == []
    assert parsed.rows == 2
    assert [(r.source_key, r.fields["value"]) for r in parsed.records] == [
        ("ATCR.CORR:USA:MEX:2013-Q1", Decimal("5.250000"))
    ]
    assert parsed.report.warning_counts() == {"not_surveyed": 1}
    assert parsed.report.warnings[0].value == "3"


def test_negative_cost_is_flagged_and_kept(rpw_file) -> None:
    path = rpw_file(f"{US_HN},..,-4.5462498664856")
    result = import_run_start(actor=None, source_kind="worldbank-rpw", path=path)
    assert result.run.created == 1
    obs = Observation.objects.get(dataset="worldbank-rpw")
    assert (obs.value, obs.flags, obs.period) == (
        Decimal("-4.546250"),
        ["negative_cost"],
        "2013-Q2",
    )
    [warning] = [w for w in result.report.warnings if w.code == "negative_cost"]
    assert (warning.line, warning.column, warning.value) == (
        2,
        "2013Q2 [YR2013Q2]",
        "-4.5462498664856",
    )


def test_kosovo_code_is_mapped_and_flagged(rpw_file) -> None:
    parsed = read_rpw(rpw_file(f"Germany,DEU,{SERIES},Kosovo,KSV,3.1,.."))
    [record] = parsed.records
    assert record.fields["dimensions"]["corridor_destination"] == "XK"
    assert record.fields["area"] == "DE-XK"
    assert record.fields["flags"] == ["user_assigned_code"]


@pytest.mark.parametrize(
    ("line", "column", "code"),
    [
        (f"{US_MX},5.25,abc", "2013Q2 [YR2013Q2]", "bad_cost"),
        (f"{US_MX},150,..", "2013Q1 [YR2013Q1]", "bad_cost"),
        (
            f"United States of America,XXA,{SERIES},Mexico,MEX,1,2",
            "Sending Countries Code",
            "bad_country_code",
        ),
        (
            "United States of America,USA,Other,OTH.X,Mexico,MEX,1,2",
            "Series Code",
            "unknown_series",
        ),
    ],
)
def test_a_bad_cell_rejects_the_file_with_line_and_column(rpw_file, line, column, code) -> None:
    path = rpw_file(f"{US_HN},1.5,2.5", line)
    with pytest.raises(ImportRejected) as caught:
        import_run_start(actor=None, source_kind="worldbank-rpw", path=path)
    [error] = caught.value.report.errors
    assert (error.line, error.column, error.code) == (3, column, code)
    assert not Observation.objects.exists()  # the good row was not written either


def test_a_repeated_corridor_is_an_error(rpw_file) -> None:
    parsed = read_rpw(rpw_file(f"{US_MX},1,2", f"{US_MX},1,2"))
    assert [(e.line, e.code) for e in parsed.report.errors] == [(3, "duplicate_corridor")]


def test_data_after_the_footer_is_an_error(rpw_file, tmp_path) -> None:
    path = rpw_file(f"{US_MX},1,2")
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"{US_HN},1,2\n")
    parsed = read_rpw(path)
    assert [e.code for e in parsed.report.errors] == ["after_footer"]


def test_a_file_without_quarter_columns_is_not_rpw(tmp_path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("Country Name,Country Code,1990\nMexico,MEX,1\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="not a World Bank Remittance Prices"):
        read_rpw(path)


def test_a_revised_export_updates_and_undo_restores(rpw_file, tmp_path) -> None:
    from testigo.imports.undo import import_run_undo

    first = import_run_start(
        actor=None, source_kind="worldbank-rpw", path=rpw_file(f"{US_MX},5.25,6")
    )
    revised = tmp_path / "revised.csv"
    revised.write_text(rpw_file(f"{US_MX},5.30,6").read_text(encoding="utf-8"), encoding="utf-8")
    second = import_run_start(actor=None, source_kind="worldbank-rpw", path=revised)
    assert (second.run.created, second.run.updated, second.run.unchanged) == (0, 1, 1)
    key = "ATCR.CORR:USA:MEX:2013-Q1"
    assert Observation.objects.get(source_key=key).value == Decimal("5.30")
    import_run_undo(actor=None, run=second.run)
    assert Observation.objects.get(source_key=key).value == Decimal("5.25")
    assert first.run.created == 2
