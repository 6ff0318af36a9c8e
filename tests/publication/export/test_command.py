"""``testigo export``: public only, clear errors, output in the chosen language."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_refuses_without_public(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--public"):
        call_command("export", format="csv", out=str(tmp_path / "x"), lang="en")
    assert not (tmp_path / "x").exists()  # nothing written


def test_refusal_is_in_spanish_by_default(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="solo escribe datos abiertos públicos"):
        call_command("export", format="csv", out=str(tmp_path))


def test_a_file_as_out_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match="is a file"):
        call_command("export", out=str(target), public=True)


def test_spanish_output_and_labels(handmade: None, tmp_path: Path) -> None:
    stdout = StringIO()
    call_command("export", format="csv", out=str(tmp_path), public=True, stdout=stdout)
    assert "archivos escritos en" in stdout.getvalue()
    text = (tmp_path / "americas_dead_missing_by_year_route.csv").read_text(encoding="utf-8")
    assert "2021,us_mexico_border_crossing,Cruce de la frontera México–Estados Unidos," in text
    assert "_T,_T,Total,47" in text
    assert not list(tmp_path.glob(".testigo-export-*"))  # the staging folder is gone
