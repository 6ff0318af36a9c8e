"""The public home page: language, accessible chart, disclosure control in the table."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.utils import translation

from testigo.portal.charts import bar_chart_svg
from tests.portal.helpers import term

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "src" / "testigo" / "locale"
HEADING = "Deaths and disappearances of migrants in the Americas"

# (EDTF date, route code, dead and missing): one Americas cell below the threshold (2023,
# US–Mexico border: 2 persons), the rest above. Row 2023's total (32) is published, so a
# second cell of that row must be hidden too.
AMERICAS = [
    ("2022-03", "us_mexico_border_crossing", 10),
    ("2022-07-14", "darien", 12),
    ("2023-05", "us_mexico_border_crossing", 2),
    ("2023", "darien", 30),
    ("2024-01-02", "us_mexico_border_crossing", 15),
    ("2024-11", "darien", 16),
]


class _Tables(HTMLParser):
    """Collect every table's rows as lists of cell texts (th and td)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _table(html: str) -> list[list[str]]:
    parser = _Tables()
    parser.feed(re.search(r"<table.*?</table>", html, re.S).group(0))
    return parser.rows


def _lang(html: str) -> str:
    return re.search(r"<html lang=\"([^\"]*)\"", html).group(1)


def _h1(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1).strip()


@pytest.fixture
def americas_events(org_a, make_event):
    north_america = term("region_of_incident", "north_america").pk
    for date, route, persons in AMERICAS:
        make_event(
            org_a,
            "evento",
            dataset="mmp",
            date_edtf=date,
            region_id=north_america,
            migration_route_id=term("migration_route", route).pk,
            dead=persons,
            missing=0,
            dead_and_missing=persons,
        )
    # Not counted on the page: outside the Americas, and not MMP data.
    make_event(
        org_a,
        "fuera",
        dataset="mmp",
        date_edtf="2023",
        region_id=term("region_of_incident", "mediterranean").pk,
        dead=500,
        missing=0,
        dead_and_missing=500,
    )
    make_event(
        org_a,
        "manual",
        dataset="manual",
        date_edtf="2023",
        region_id=north_america,
        dead=900,
        missing=0,
        dead_and_missing=900,
    )


def test_home_is_spanish_by_default(client, americas_events):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert _lang(html) == "es"
    assert response["Content-Language"] == "es"
    # Vocabulary labels are data, not gettext: the Spanish ones show without a catalogue.
    route = term("migration_route", "us_mexico_border_crossing")
    assert route.label_es in _table(html)[0]
    assert route.label_en not in html
    assert re.search(r'<button[^>]*name="language" value="en"', html)  # offers English


def test_language_switch_names_each_language_in_itself(client, americas_events):
    """The switch button is marked with its language, so its text must be in it too."""
    html = client.get("/").content.decode()
    button = re.search(r'<button[^>]*value="en" lang="en">([^<]*)</button>', html)
    assert button is not None
    assert button.group(1) == "English"  # not "Inglés"


@pytest.fixture(scope="session")
def spanish_locale_dir(tmp_path_factory) -> Path:
    """The Spanish catalogue compiled from the current .po into a temporary LOCALE_PATHS dir.

    Compiled outside src/ so that the tests never write into the source tree (another
    engineer edits the .po). Falls back to the shipped .mo; skips when neither is usable.
    """
    po = LOCALE / "es" / "LC_MESSAGES" / "django.po"
    mo = LOCALE / "es" / "LC_MESSAGES" / "django.mo"
    msgfmt = shutil.which("msgfmt")
    if po.exists() and msgfmt:
        out = tmp_path_factory.mktemp("locale")
        target = out / "es" / "LC_MESSAGES"
        target.mkdir(parents=True)
        done = subprocess.run(
            [msgfmt, "--check-format", "-o", str(target / "django.mo"), str(po)],
            capture_output=True,
            check=False,
        )
        if done.returncode == 0:
            return out
    if mo.exists():
        return LOCALE
    pytest.skip("no compiled Spanish catalogue (django.mo) and no msgfmt to compile one")


def test_home_heading_is_translated_to_spanish(
    client, settings, spanish_locale_dir, americas_events
):
    settings.LOCALE_PATHS = [spanish_locale_dir]  # also resets Django's catalogue cache
    with translation.override("es"):
        spanish = translation.gettext(HEADING)
    if spanish == HEADING:
        pytest.skip("the Spanish catalogue does not translate the home heading yet")

    html = client.get("/").content.decode()

    assert _h1(html) == spanish
    assert HEADING not in html


def test_home_switches_to_english(client, americas_events):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"

    html = client.get("/").content.decode()

    assert _lang(html) == "en"
    assert _h1(html) == HEADING
    route = term("migration_route", "us_mexico_border_crossing")
    assert route.label_en in _table(html)[0]
    assert route.label_es not in html
    assert 'lang="es">Español</button>' in html


def test_home_chart_is_inline_svg_with_text_alternative(client, americas_events):
    html = client.get("/").content.decode()

    svg = re.search(r"<svg\b[^>]*>", html)
    assert svg is not None
    assert 'role="img"' in svg.group(0)
    # Text alternative: the figure's image wrapper is labelled, and the caption says the same.
    wrapper = re.search(r'<div role="img" aria-label="([^"]+)">\s*<svg\b', html)
    assert wrapper is not None
    caption = re.search(r"<figcaption>(.*?)</figcaption>", html, re.S).group(1).strip()
    assert wrapper.group(1) == caption
    # It carries the figures drawn: the year totals (all at or above the threshold).
    assert caption.endswith("2022: 22; 2023: 32; 2024: 31")


def test_chart_svg_itself_carries_its_description():
    svg = bar_chart_svg(
        [("2023", 20)], x_title="Year", y_title="Persons", description="Bar chart: 2023: 20"
    )
    assert "Bar chart: 2023: 20" in svg


def test_small_cell_is_suppressed_with_a_second_cell_in_its_row(client, americas_events):
    rows = _table(client.get("/").content.decode())
    header, body, footer = rows[0], rows[1:-1], rows[-1]
    routes = header[1:-1]
    border = term("migration_route", "us_mexico_border_crossing").label_es
    darien = term("migration_route", "darien").label_es
    assert set(routes) == {border, darien}
    grid = {row[0]: dict(zip([*routes, "total"], row[1:], strict=True)) for row in body}
    assert list(grid) == ["2022", "2023", "2024"]

    # The 2-person cell is shown as x, and its value is in no cell of the table.
    assert grid["2023"][border] == "x"
    assert all(cell != "2" for row in rows for cell in row[1:])
    # Its row total is published, so the other cell of the row must be hidden as well.
    assert grid["2023"]["total"] == "32"
    assert grid["2023"][darien] == "x"
    # Cells that need no protection show their true values.
    assert (grid["2024"][border], grid["2024"][darien], grid["2024"]["total"]) == ("15", "16", "31")
    assert footer == ["Total", *(("27", "58") if routes[0] == border else ("58", "27")), "85"]


def test_no_line_of_the_table_reveals_a_hidden_cell(client, americas_events):
    rows = _table(client.get("/").content.decode())
    body, footer = rows[1:-1], rows[-1]
    lines = [row[1:] for row in body]  # each row: cells, then the row total
    lines += [[row[1 + c] for row in body] + [footer[1 + c]] for c in range(len(footer) - 1)]
    for line in lines:
        hidden = [cell == "x" for cell in line]
        if not hidden[-1]:  # a published total with exactly one hidden term gives it away
            assert sum(hidden[:-1]) != 1, line


def test_key_figures_count_only_mmp_events_in_the_americas(client, americas_events):
    html = client.get("/").content.decode()
    figures = re.findall(r'<span class="n">([^<]*)</span>', html)
    assert figures == ["85", "85", "0"]  # dead and missing, dead, missing


@pytest.mark.parametrize("data", ["no events", "only events outside the Americas"])
def test_home_renders_without_americas_events(client, org_a, make_event, data):
    if data != "no events":
        make_event(
            org_a,
            "fuera",
            dataset="mmp",
            date_edtf="2023",
            region_id=term("region_of_incident", "mediterranean").pk,
            dead=50,
            missing=0,
            dead_and_missing=50,
        )
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert _lang(html) == "es"
    figures = re.findall(r'<span class="n">([^<]*)</span>', html)
    assert figures == ["0", "0", "0"]  # nothing recorded: zeros, nothing to suppress
    rows = _table(html)
    assert len(rows) == 2  # the header and the totals row, no year rows
    assert rows[-1][-1] == "0"
