"""The dashboard's map on real data: the Arizona OpenGIS deaths of migrants (PCOME/Humane
Borders export), recounted here from the file with the csv module."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest
from django.db import transaction

from testigo.imports.services import import_run_start

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

OGIS = "arizona_ogis_deceased_migrants/humane_borders_ogis_deceased_migrants_thru_2022-03.csv"


@pytest.fixture(scope="module")
def ogis(django_db_setup, django_db_blocker, shared_data):
    path = shared_data / OGIS
    if not path.exists():
        pytest.skip(f"{OGIS} is not in the shared data")
    with django_db_blocker.unblock(), transaction.atomic():
        import_run_start(actor=None, source_kind="arizona-ogis", path=path)
        yield path
        transaction.set_rollback(True)


def test_map_shows_arizona_deaths_recounted_from_the_file(client, ogis):
    with ogis.open(encoding="utf-8-sig", newline="") as handle:
        states = Counter(row["State"].strip() for row in csv.DictReader(handle))
    arizona = states["Arizona"]
    assert arizona == 3857  # PROVENANCE.md §7: one row per deceased person

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/dashboard/").content.decode()

    svg = re.search(r'<svg[^>]*class="choropleth".*?</svg>', html, re.S).group(0)
    assert re.search(rf'data-code="US-AZ"[^>]*><title>Arizona: {arizona:,}</title>', svg)
    assert re.search(r'data-code="US-CA"[^>]*><title>California: nothing recorded', svg)
    csv_text = client.get(
        "/dashboard/data.csv?kind=events&count=dead_and_missing&by=state&where=dataset=arizona-ogis"
    )
    rows = list(csv.reader(csv_text.content.decode().splitlines()))
    assert rows == [["state", "dead_and_missing"], ["Arizona", str(arizona)]]  # named, not coded
