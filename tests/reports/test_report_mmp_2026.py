"""The report on the real IOM MMP 2026 export: figures recomputed from the CSV with the csv
module; the PDF rendered, its pages turned into images (pdftoppm) and checked not blank."""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from PIL import Image

from testigo.imports.services import import_run_start
from tests.imports import mmp_reference as ref
from tests.reports.helpers import read_report, shown

pytestmark = pytest.mark.django_db
AMERICAS = ("North America", "Central America", "Caribbean", "South America")


@pytest.fixture(scope="module")
def rendered(
    django_db_setup, django_db_blocker, mmp_2026: Path, tmp_path_factory
) -> dict[str, Path]:
    """The 2026 export imported once; the report written as HTML (en) and PDF (es)."""
    folder = tmp_path_factory.mktemp("report")
    out = {"html": folder / "informe.html", "pdf": folder / "informe.pdf"}
    with django_db_blocker.unblock(), transaction.atomic():
        assert import_run_start(actor=None, source_kind="mmp", path=mmp_2026).run.status == "done"
        call_command("report", period="2026", out=str(out["html"]), lang="en", stdout=StringIO())
        call_command("report", period="2026", out=str(out["pdf"]), stdout=StringIO())
        transaction.set_rollback(True)
    return out


def _americas_2026(path: Path) -> dict[str, int]:
    """Dead + missing in 2026 by region of incident (Americas), from the file alone."""
    sums: dict[str, int] = defaultdict(int)
    for row in ref.rows(path):
        if row["Region"] in AMERICAS and str(row["Year"]) == "2026":
            sums[str(row["Region"])] += ref.number(row["Number Dead"]) + ref.number(
                row["Minimum Estimated Number of Missing"]
            )
    return dict(sums)


def test_dead_and_missing_total_recomputed_from_the_csv(rendered, mmp_2026: Path) -> None:
    expected = _americas_2026(mmp_2026)
    total = sum(expected.values())
    assert total >= 5  # a real figure: published, not suppressed
    tables, figures = read_report(rendered["html"].read_text(encoding="utf-8"))
    assert shown(figures["Dead and missing in the Americas (IOM MMP)"]) == total
    by_region = tables["Dead and missing migrants in the Americas by region"]
    assert shown(by_region.rows["Total"][0]) == total
    for region, value in expected.items():
        cell = by_region.rows[region][0]
        assert cell.suppressed or shown(cell) == value, region
        assert not (0 < value < 5 and not cell.suppressed), region
    months = tables["Dead and missing migrants in the Americas by month"]
    assert shown(months.rows["Total"][0]) == total


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_pdf_pages_are_not_blank(rendered, tmp_path: Path) -> None:
    pdf = rendered["pdf"]
    assert pdf.read_bytes().startswith(b"%PDF-")
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) >= 3  # six sections with tables and charts do not fit on two A4 pages
    for page in pages:
        image = Image.open(page).convert("L")
        dark = sum(image.histogram()[:200])  # pixels darker than light grey
        assert dark > 0.005 * image.width * image.height, page.name  # text and lines, not blank
