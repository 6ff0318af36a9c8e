"""Malformed files: a clear one-line error, a row report, and nothing written."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from testigo.core.models import AuditEntry
from testigo.documentation.models import Event, Source
from testigo.imports.models import ImportRun
from tests.imports.factories import HEADER_2022, row_2022, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def _state() -> tuple[int, int, int]:
    return Event.objects.count(), Source.objects.count(), AuditEntry.objects.count()


def _import(path: Path) -> tuple[str, str]:
    """Run ``testigo import mmp PATH``; return (one-line error, row report)."""
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import", "mmp", str(path), stderr=err)
    message = str(caught.value)
    assert "\n" not in message
    return message, err.getvalue()


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[int, int, int]:
    """A database that already holds one imported event, to show it is left as it was."""
    call_command("import", "mmp", str(write_csv(tmp_path / "ok.csv", [row_2022("2021.MMP1")])))
    return _state()


def test_missing_column(tmp_path: Path, seeded: tuple[int, int, int]) -> None:
    header = [h for h in HEADER_2022 if h != "Number of Dead"]
    path = write_csv(tmp_path / "m.csv", [row_2022("2021.MMP2")], header=header)
    message, report = _import(path)
    assert "nothing imported" in message
    assert "line 1, column 'Number of Dead'" in report and "missing column" in report
    assert _state() == seeded


def test_wrong_encoding(tmp_path: Path, seeded: tuple[int, int, int]) -> None:
    path = write_csv(tmp_path / "utf8.csv", [row_2022("2021.MMP3", Location_of_death="Nogales")])
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(
        path.read_text().replace("Nogales", "Tapachula, Chiapas, México").encode("latin-1")
    )
    message, _ = _import(latin1)
    assert "not UTF-8" in message
    assert _state() == seeded
    assert ImportRun.objects.filter(status="rejected", file_name="latin1.csv").count() == 1


def test_unparseable_dates_reported_for_every_row(
    tmp_path: Path, seeded: tuple[int, int, int]
) -> None:
    rows = [
        row_2022("2021.MMP4"),
        row_2022("2021.MMP5", Incident_Date="31/12/2021"),
        row_2022("2021.MMP6"),
        row_2022("2021.MMP7", Incident_Date="yesterday", Number_of_Dead="two"),
    ]
    message, report = _import(write_csv(tmp_path / "d.csv", rows))
    assert "3 errors in 2 rows" in message
    lines = report.strip().splitlines()
    assert lines[0].startswith("line 3, column 'Incident Date', value '31/12/2021'")
    assert any(
        line.startswith("line 5, column 'Incident Date', value 'yesterday'") for line in lines
    )
    assert any(line.startswith("line 5, column 'Number of Dead', value 'two'") for line in lines)
    assert _state() == seeded


def test_truncated_xlsx(tmp_path: Path, seeded: tuple[int, int, int]) -> None:
    whole = write_xlsx(tmp_path / "whole.xlsx", [row_2022(f"2021.MMP{i}") for i in range(10, 60)])
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    message, _ = _import(cut)
    assert "truncated or damaged" in message
    assert _state() == seeded


def test_empty_file(tmp_path: Path, seeded: tuple[int, int, int]) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    message, _ = _import(empty)
    assert message.endswith("the file is empty")
    assert _state() == seeded


def test_not_an_mmp_file(tmp_path: Path, seeded: tuple[int, int, int]) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    message, _ = _import(other)
    assert "not an IOM Missing Migrants Project export" in message
    assert _state() == seeded


def test_one_bad_row_among_many_writes_nothing(
    tmp_path: Path, seeded: tuple[int, int, int]
) -> None:
    rows = [row_2022(f"2021.MMP{i}") for i in range(100, 400)]
    rows.append(row_2022("2021.MMP999", Migration_route="Route to Atlantis"))
    _, report = _import(write_csv(tmp_path / "many.csv", rows))
    assert "line 302, column 'Migration route', value 'Route to Atlantis'" in report
    assert _state() == seeded


def test_duplicate_ids_are_rejected(tmp_path: Path, seeded: tuple[int, int, int]) -> None:
    path = write_csv(tmp_path / "dup.csv", [row_2022("2021.MMP50"), row_2022("2021.MMP50")])
    _, report = _import(path)
    assert "line 3" in report and "repeats the id of line 2" in report
    assert _state() == seeded


def test_dry_run_counts_but_writes_nothing(tmp_path: Path, seeded: tuple[int, int, int]) -> None:
    out = StringIO()
    path = write_csv(tmp_path / "dry.csv", [row_2022("2021.MMP1"), row_2022("2021.MMP70")])
    call_command("import", "mmp", str(path), "--dry-run", stdout=out)
    assert "would import" in out.getvalue() and "1 created" in out.getvalue()
    assert "1 unchanged" in out.getvalue()
    assert _state() == seeded


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1e3", "written plainly"),
        ("1_000", "written plainly"),
        ("1.000", "written plainly"),  # a thousand in Spanish, one in English: refused
        ("٣", "written plainly"),
        ("2147483648", "implausibly large"),
    ],
)
def test_numbers_are_not_guessed(tmp_path: Path, seeded, value: str, reason: str) -> None:
    row = row_2022("2021.MMP80", Number_of_Dead=value, Total_Number_of_Dead_and_Missing="")
    _, report = _import(write_csv(tmp_path / "n.csv", [row]))
    assert "column 'Number of Dead'" in report and reason in report
    assert _state() == seeded


def test_repeated_header_is_refused(tmp_path: Path, seeded) -> None:
    path = write_csv(tmp_path / "r.csv", [row_2022("2021.MMP81")], header=[*HEADER_2022, "URL"])
    message, _ = _import(path)
    assert "repeated column 'URL'" in message
    assert _state() == seeded


@pytest.mark.parametrize("kind", ["header_only", "folder", "semicolons"])
def test_unusable_files(tmp_path: Path, seeded, kind: str) -> None:
    if kind == "header_only":
        path = write_csv(tmp_path / "h.csv", [])
        expected = "no data rows"
    elif kind == "folder":
        path = tmp_path / "folder.csv"
        path.mkdir()
        expected = "not a file"
    else:
        path = tmp_path / "s.csv"
        path.write_text(";".join(HEADER_2022) + "\n" + ";" * 23 + "\n", encoding="utf-8")
        expected = "semicolons"
    message, _ = _import(path)
    assert expected in message
    assert _state() == seeded


def test_date_contradicting_its_year_is_an_error(tmp_path: Path, seeded) -> None:
    row = row_2022("2021.MMP82", Incident_year="1999")
    _, report = _import(write_csv(tmp_path / "y.csv", [row]))
    assert "contradicts the year column (1999)" in report
    assert _state() == seeded


def test_same_records_under_another_organisation_are_refused(tmp_path: Path, seeded) -> None:
    from testigo.accounts.services import organisation_create

    organisation_create(actor=None, slug="otra", name="Otra", kind="civil_society")
    before = _state()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import", "mmp", str(tmp_path / "ok.csv"), "--org", "otra", stderr=err)
    assert "already imported by organisation 'iom-mmp'" in err.getvalue()
    assert _state() == before
