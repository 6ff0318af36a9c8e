"""The ``testigo`` command line: Django pass-through and clear one-line errors."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from testigo.accounts.models import Organisation
from testigo.cli import main
from testigo.core.models import AuditEntry
from testigo.documentation.models import Event
from testigo.imports.models import ImportRun
from testigo.statistics.units import UNITS


@pytest.mark.django_db  # the JSONField check asks the database backend for its features
def test_check_passes_through_to_django(capsys):
    assert main(["check"]) == 0
    assert "System check identified no issues" in capsys.readouterr().out


@pytest.mark.django_db
def test_main_returns_the_failure_status(capsys):
    assert main(["stats", "--count", "bogus", "--by", "year"]) == 1


@pytest.mark.django_db
def test_stats_unknown_unit_is_a_one_line_error_naming_the_known_units():
    with pytest.raises(CommandError) as excinfo:
        call_command("stats", "--count", "bogus", "--by", "year")

    message = str(excinfo.value)
    assert "\n" not in message
    assert "'bogus'" in message
    assert "unit" in message
    assert set(UNITS) == {"events", "dead", "missing", "dead_and_missing", "survivors"}
    for unit in UNITS:
        assert unit in message


@pytest.mark.django_db
def test_stats_unknown_dimension_names_the_dimension():
    with pytest.raises(CommandError, match=r"unknown dimension 'planet'"):
        call_command("stats", "--count", "events", "--by", "planet")


@pytest.mark.django_db
def test_stats_counts_and_suppresses(capsys):
    org = Organisation.objects.create(slug="o", name="O", kind="international")
    for year, dead in ((2023, 3), (2024, 40)):
        Event.objects.create(organisation=org, title="t", date_edtf=str(year), year=year, dead=dead)
    call_command("stats", "--count", "dead", "--by", "year")
    assert capsys.readouterr().out == "year,dead\n2023,3\n2024,40\n"
    call_command("stats", "--count", "dead", "--by", "year", "--public")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "year,dead"
    assert "2023,3" not in out
    assert "2023,x" in out


@pytest.mark.django_db
def test_import_missing_file_is_a_no_such_file_error():
    with pytest.raises(CommandError, match="no such file") as excinfo:
        call_command("import", "mmp", "/nonexistent.csv")
    assert "\n" not in str(excinfo.value)
    assert "/nonexistent.csv" in str(excinfo.value)
    assert not Event.objects.exists()
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_import_missing_file_writes_nothing():
    with pytest.raises(CommandError):
        call_command("import", "mmp", "/nonexistent.csv")
    assert list(Organisation.objects.values_list("slug", flat=True)) == []
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_import_unknown_source_names_the_known_ones():
    with pytest.raises(CommandError, match=r"unknown import source 'kobo2' \(known: .*mmp"):
        call_command("import", "kobo2", "/nonexistent.csv")
    assert not Organisation.objects.exists()
