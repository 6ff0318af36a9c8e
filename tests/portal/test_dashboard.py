"""The public dashboard: key figures from the gate, filters, downloads, map, languages."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from testigo.portal.dashboard import KEY_FIGURES, MAP, TableQuery, parse_query, publish
from testigo.portal.maps import breaks, panels, state_codes
from testigo.statistics.render import SUPPRESSED_MARK
from tests.portal.helpers import term

pytestmark = pytest.mark.django_db

# Hand-made events with known answers. Americas (north_america region, MMP):
# (EDTF date, route, state, dead, missing).
AMERICAS = [
    ("2022-03", "us_mexico_border_crossing", "US-AZ", 10, 2),
    ("2022-07-14", "darien", "", 12, 0),
    ("2023-05", "us_mexico_border_crossing", "US-AZ", 2, 0),
    ("2023", "darien", "", 30, 1),
    ("2024-01-02", "us_mexico_border_crossing", "US-TX", 15, 0),
    ("2024-11", "darien", "MX-CHP", 16, 3),
    ("2024-12", "us_mexico_border_crossing", "MX-SON", 3, 0),
    ("2024-12", "us_mexico_border_crossing", "US-NM", 4, 0),
]
DEAD = sum(r[3] for r in AMERICAS)  # 92
MISSING = sum(r[4] for r in AMERICAS)  # 6


@pytest.fixture
def events(org_a, make_event):
    north_america = term("region_of_incident", "north_america").pk
    for date, route, state, dead, missing in AMERICAS:
        make_event(
            org_a,
            "evento",
            dataset="mmp",
            date_edtf=date,
            region_id=north_america,
            migration_route_id=term("migration_route", route).pk,
            state_code=state,
            dead=dead,
            missing=missing,
            dead_and_missing=dead + missing,
        )
    # Outside the Americas: not in the key figures.
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


def _get(client, url: str, lang: str = "es"):
    """GET ``url`` in ``lang``, chosen as a person does: the site's language switch."""
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    return client.get(url)


def _figure(html: str, unit: str) -> str:
    match = re.search(rf'data-unit="{unit}"><span class="n">([^<]*)</span>', html)
    assert match, unit
    return match.group(1)


def _table(html: str, table_id: str) -> list[list[str]]:
    body = re.search(rf'<table id="{table_id}">(.*?)</table>', html, re.S).group(1)
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in cells])
    return rows


@pytest.mark.parametrize("lang", ["es", "en"])
def test_dashboard_key_figures_equal_published_values(client, events, lang):
    response = _get(client, "/dashboard/", lang)

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<html lang="([^"]*)"', html).group(1) == lang
    assert _figure(html, "dead_and_missing") == str(DEAD + MISSING) == "98"
    assert _figure(html, "dead") == str(DEAD)
    assert _figure(html, "missing") == str(MISSING)
    assert _figure(html, "events") == str(len(AMERICAS))
    published = publish(KEY_FIGURES)
    assert published.total("dead") == DEAD  # the page and the gate agree
    assert "<script" not in html


def test_dashboard_speaks_english_and_spanish(client, events):
    english = _get(client, "/dashboard/", "en").content.decode()
    spanish = _get(client, "/dashboard/", "es").content.decode()
    assert "Make your own table" in english
    assert "Make your own table" not in spanish
    assert "Arme su propia tabla" in spanish


def test_filters_change_the_table(client, events):
    by_year = _table(
        _get(client, "/dashboard/?count=dead&by=year", "en").content.decode(), "custom-table"
    )
    # year, dead — 2022: 22, 2023: 32 + 500 (no filter: every region), 2024: 38
    assert by_year[1:4] == [["2022", "22"], ["2023", "532"], ["2024", "38"]]

    filtered = _get(
        client, "/dashboard/?count=dead&by=year&where=continent=americas&where=dataset=mmp", "en"
    )
    rows = _table(filtered.content.decode(), "custom-table")
    assert rows[1:4] == [["2022", "22"], ["2023", "32"], ["2024", "38"]]
    assert rows[-1] == ["Total", str(DEAD)]


@pytest.mark.parametrize(
    "query",
    [
        "count=corpses&by=year",
        "count=dead&by=colour",
        "count=dead&by=year&where=continent=atlantis",
        "count=dead&by=year&where=nonsense",
        "count=dead&by=year,region,country",
        "kind=observations&count=value&by=year",
        "kind=acts&count=dead&by=year",
        "kind=spells&count=dead&by=year",
        "count=dead&by=year,year",
        "count=dead&by=year&where==x",
        "count=dead&by=year&where=continent=americas&where=continent=asia",
    ],
)
def test_invalid_filter_gives_a_friendly_message(client, events, query):
    response = _get(client, f"/dashboard/?{query}", "en")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Traceback" not in html
    assert _figure(html, "dead") == str(DEAD)  # the rest of the page still shows
    csv_response = client.get(f"/dashboard/data.csv?{query}")
    assert csv_response.status_code == 400


def test_download_is_the_published_table_with_suppressed_cells_marked(client, events):
    query = (
        "count=dead_and_missing&by=year,migration_route&where=continent=americas"
        "&where=dataset=mmp"
    )
    response = _get(client, f"/dashboard/data.csv?{query}", "en")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    published = publish(
        TableQuery(
            ("dead_and_missing",), ("year", "migration_route"),
            (("continent", "americas"), ("dataset", "mmp")),
        )
    )
    assert rows[0] == ["year", "migration_route", "dead_and_missing"]
    assert len(rows) - 1 == len(published.rows)
    values = [r[2] for r in rows[1:]]
    expected = [
        SUPPRESSED_MARK
        if r.values["dead_and_missing"] is None
        else str(r.values["dead_and_missing"])
        for r in published.rows
    ]
    assert values == expected
    # 2023 US–Mexico border (2 persons) is below 5: marked, and its value is nowhere.
    assert SUPPRESSED_MARK in values
    border_2023 = [r for r in rows[1:] if r[0] == "2023" and "Mexico" in r[1]]
    assert border_2023 and border_2023[0][2] == SUPPRESSED_MARK


def test_map_has_every_state_and_a_text_alternative(client, events):
    html = _get(client, "/dashboard/", "en").content.decode()
    svg = re.search(r'<svg[^>]*class="choropleth".*?</svg>', html, re.S).group(0)

    codes = set(re.findall(r'data-code="([A-Z]{2}-[A-Z]{2,3})"', svg))
    assert len([c for c in codes if c.startswith("MX-")]) == 32
    assert len([c for c in codes if c.startswith("US-")]) == 51
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="map-title map-desc"', svg)
    assert re.search(r'<title id="map-title">[^<]+</title><desc id="map-desc">[^<]+</desc>', svg)
    # US-AZ: 12 + 2 = 14 persons, shown; MX-SON (3) and US-NM (4) are below the threshold:
    # suppressed (hatched, not zero), and they protect each other.
    assert re.search(r'data-code="US-AZ" fill="#[0-9a-f]{6}"[^>]*><title>Arizona: 14</title>', svg)
    assert re.search(
        r'data-code="MX-SON" fill="url\(#suppressed\)"[^>]*><title>Sonora: suppressed', svg
    )
    assert re.search(
        r'data-code="US-NY" fill="#f4f2ee"[^>]*><title>New York: nothing recorded', svg
    )
    map_rows = _table(html, "map-table")
    assert ["Arizona", "US-AZ", "14"] in map_rows
    assert ["Sonora", "MX-SON", "x"] in map_rows
    published = {r.key[0]: r.values["dead_and_missing"] for r in publish(MAP).rows}
    assert published["US-AZ"] == 14 and published["MX-SON"] is None


def test_packaged_boundaries_match_the_test_geojson(shared_data):
    folder = shared_data / "geo_mexico_us"
    mexico = json.loads((folder / "mexico_entidades_federativas_simplificado.geojson").read_text())
    us = json.loads((folder / "us_states_51_fips.geojson").read_text())
    ours = {p.country: {s.ref: s for s in p.states} for p in panels()}

    assert set(ours["MX"]) == {f["properties"]["cve_ent"] for f in mexico["features"]}
    assert set(ours["US"]) == {f["id"] for f in us["features"]}
    us_names = {f["id"]: f["properties"]["name"] for f in us["features"]}
    assert all(ours["US"][ref].name == name for ref, name in us_names.items())
    assert len(state_codes()) == 83
    size = (Path(__file__).parents[2] / "src/testigo/portal/geo/states.json").stat().st_size
    assert size < 400_000


def test_breaks_are_quantile_classes():
    assert breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [2, 4, 6, 8, 10]
    assert breaks([7, 7, 7]) == [7]
    assert breaks([]) == []


def test_parse_query_reads_the_cli_parameters():
    query = parse_query({"count": ["dead,missing"], "by": ["year", ""], "where": ["dataset=mmp"]})
    assert query == TableQuery(("dead", "missing"), ("year",), (("dataset", "mmp"),))
    assert "where=dataset%3Dmmp" in query.querystring()


def test_open_data_package_downloads_and_validates(client, events, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    html = _get(client, "/dashboard/", "en").content.decode()
    link = re.search(r'<a href="([^"]+)" id="open-data-download"', html)
    assert link, "the dashboard links the data package"
    assert link.group(1) == "/open-data/testigo-en.zip"

    response = client.get(link.group(1))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path)
    assert "datapackage.json" in names
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # The package's totals table holds the same published total as the key figure.
    totals = next(n for n in names if "totals" in n and n.endswith(".csv"))
    text = (tmp_path / totals).read_text(encoding="utf-8")
    assert str(DEAD + MISSING) in text


def test_open_data_unknown_language_is_not_found(client, db):
    assert client.get("/open-data/testigo-fr.zip").status_code == 404


def test_other_kinds_of_record_are_counted_through_the_gate(client, events):
    response = _get(client, "/dashboard/?kind=acts&count=acts&by=year", "en")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="acts" selected>' in html
    assert _table(html, "custom-table")[1] == ["Nothing recorded for this table."]


@pytest.mark.parametrize("name", ["acts", "persons_served"])
def test_the_map_can_show_other_published_figures(client, events, name):
    response = _get(client, f"/dashboard/?map={name}", "en")

    assert response.status_code == 200
    html = response.content.decode()
    svg = re.search(r'<svg[^>]*class="choropleth".*?</svg>', html, re.S).group(0)
    assert len(set(re.findall(r'data-code="([A-Z]{2}-[A-Z]{2,3})"', svg))) == 83
    assert f'<option value="{name}" selected>' in html
    # Nothing of that kind was recorded: every state is pale, none is drawn as zero.
    assert "nothing recorded" in svg and ": 0</title>" not in svg


def test_unknown_map_gives_a_message(client, events):
    response = _get(client, "/dashboard/?map=rainfall", "en")

    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'role="alert" id="map-error">[^<]*rainfall', html)
    assert '<table id="custom-table">' in html  # the rest of the page still shows


@pytest.mark.parametrize(
    "query",
    [
        "kind=intakes&count=intakes&by=sex&where=nationality=HN",
        "kind=intakes&count=intakes&by=sex,nationality",
        "kind=victims&count=victims&by=state&where=organisation=casa-demo",
        "kind=interventions&count=interventions&by=intervention_type,organisation",
        "count=dead&by=year&where=dataset=manual&where=continent=americas",  # documented cases
    ],
)
def test_case_tables_cannot_be_filtered_nor_crossed_in_public(client, events, query):
    """A security review recovered hidden cells by comparing filtered tables of the same
    documented cases; the public site offers them unfiltered, one breakdown at a time."""
    response = _get(client, f"/dashboard/data.csv?{query}", "en")
    assert response.status_code == 400
    assert b"documented cases" in response.content
