"""The report on a small hand-made network (tests/reports/conftest.py): known published figures,
nothing below the threshold, suppressed cells marked, standalone HTML, clear command errors."""

from __future__ import annotations

import ast
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.reports.conftest import term
from tests.reports.helpers import ShownTable, read_report, shown

REPORTS = Path(__file__).resolve().parents[2] / "src" / "testigo" / "reports"


def _run(tmp_path: Path, name: str = "report.html", **options: object) -> str:
    out = tmp_path / name
    stdout = StringIO()
    call_command("report", period="2024", out=str(out), stdout=stdout, **options)
    assert str(out) in stdout.getvalue()
    return out.read_text(encoding="utf-8")


def _label(vocabulary: str, code: str) -> str:
    return term(vocabulary, code).label_en


def _no_small_cells(tables: dict[str, ShownTable]) -> None:
    for caption, table in tables.items():
        threshold = 10 if "age group" in caption else 5
        for label, cells in table.rows.items():
            for cell in cells:
                if cell.value is not None:
                    value = int(cell.value)
                    assert value == 0 or value >= threshold, (caption, label, value)


@pytest.fixture
def english(network, tmp_path: Path) -> tuple[str, dict[str, ShownTable], dict]:
    html = _run(tmp_path, lang="en", organisation="albergue-a")
    tables, figures = read_report(html)
    return html, tables, figures


def test_people_served_published_figures(english) -> None:
    _html, tables, figures = english
    by_sex = tables["People served by sex"]
    assert by_sex.head == ["Sex", "Intakes", "Persons served"]
    assert [shown(c) for c in by_sex.rows[_label("sex", "female")]] == [8, 8]
    assert [shown(c) for c in by_sex.rows[_label("sex", "male")]] == [8, 8]
    assert [shown(c) for c in by_sex.rows["Total"]] == [16, 16]  # 3 without consent not counted
    assert shown(figures["Persons served"]) == 16
    nationality = tables["People served by nationality"]
    assert shown(nationality.rows["Guatemala"][0]) == 8
    assert nationality.rows["El Salvador"][0].suppressed  # 2 < 5
    assert nationality.rows["El Salvador"][0].text.startswith("x")
    assert nationality.rows["Honduras"][0].suppressed  # else 16 - 8 - 6 = 2 would show
    ages = tables["People served by age group"]
    assert all(
        c.suppressed
        for cells in ages.rows.values()
        if cells is not ages.rows["Total"]
        for c in cells
    )  # 8, 6 and 2: all below 10 (children)
    assert shown(ages.rows["Total"][0]) == 16
    languages = tables["People served by indigenous language"]
    assert shown(languages.rows["Mam"][0]) == 6
    assert shown(languages.rows["Not an indigenous language"][0]) == 10


def test_violations_perpetrators_places(english) -> None:
    _html, tables, figures = english
    by_type = tables["Acts and victims by type of act"]
    assert [shown(c) for c in by_type.rows[_label("act_type", "extortion")]] == [6, 6]
    assert by_type.rows[_label("act_type", "kidnapping")][0].suppressed
    assert by_type.rows[_label("act_type", "robbery")][0].suppressed  # 2 recoverable otherwise
    assert [shown(c) for c in by_type.rows["Total"]] == [13, 13]
    assert shown(figures["Acts (violations) documented"]) == 13
    levels = tables["Acts by level of government of the perpetrator"]
    assert shown(levels.rows[_label("government_level", "municipal")][0]) == 8  # 6 + 2
    assert shown(levels.rows["Not recorded"][0]) == 7  # organised crime: 5 + 2
    assert "Total" not in levels.rows  # multi-valued: no total
    states = tables["Acts and victims by state"]
    assert shown(states.rows["Chiapas"][0]) == 8
    assert shown(states.rows["Oaxaca"][0]) == 5


def test_trends_and_follow_up(english) -> None:
    _html, tables, figures = english
    months = tables["Acts by month"]
    assert shown(months.rows["2024-05"][0]) == 6
    assert months.rows["2024-09"][0].suppressed  # 2
    assert months.rows["2024-07"][0].suppressed  # else 13 - 6 - 5 = 2 would show
    assert shown(months.rows["Total"][0]) == 13
    change = tables["Change from 2023 to 2024"].rows["Intakes"]
    assert [shown(c) for c in change[:2]] == [5, 16]
    assert change[2].derived == "11"
    assert change[4].text == "yes"  # binomial p(16 of 21) ≈ 0.027 < 0.05
    follow = tables["Interventions by type and status"]
    assert shown(follow.rows["Total"][-1]) == 7
    assert shown(figures["Interventions"]) == 7


def test_nothing_below_threshold_and_suppression_explained(english) -> None:
    html, tables, _figures = english
    _no_small_cells(tables)
    assert "value suppressed by disclosure control" in html
    assert "Disclosure control" in html


def test_html_is_standalone_without_script(english) -> None:
    html, _tables, _figures = english
    lowered = html.lower()
    assert "<script" not in lowered and "javascript:" not in lowered
    assert " src=" not in lowered and "<link" not in lowered and "@import" not in lowered
    assert "<style>" in lowered and lowered.count("<svg") >= 3  # charts inline
    assert " onload=" not in lowered and " onclick=" not in lowered


def test_spanish_by_default_and_whole_network(network, tmp_path: Path) -> None:
    html = _run(tmp_path)
    tables, figures = read_report(html)
    assert '<html lang="es">' in html
    assert shown(figures["Personas atendidas"]) == 17  # albergue-b's intake counted too
    assert "Informe de transparencia 2024" in html
    _no_small_cells(tables)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"period": "24"}, "bad period"),
        ({"period": "2024-05"}, "bad period"),
        ({"out": "/nonexistent-folder/r.pdf"}, "does not exist"),
        ({"out": "report.docx"}, ".html or .pdf"),
        ({"organisation": "no-such-org"}, "no organisation"),
    ],
)
def test_clear_errors(network, tmp_path: Path, options: dict, message: str) -> None:
    kwargs = {"period": "2024", "out": str(tmp_path / "r.html"), **options}
    with pytest.raises(CommandError) as error:
        call_command("report", stdout=StringIO(), **kwargs)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_unwritable_place(network, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    target = folder / "r.html"
    if os.geteuid() == 0:  # root ignores folder permissions; /proc refuses new files to anyone
        target = Path("/proc/testigo-report.html")
    with pytest.raises(CommandError, match="cannot write") as error:
        call_command("report", period="2024", out=str(target), stdout=StringIO())
    assert "\n" not in str(error.value)
    assert not target.exists()


def test_the_report_reads_no_private_records() -> None:
    for path in REPORTS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.startswith("testigo.documentation") for n in names), path
