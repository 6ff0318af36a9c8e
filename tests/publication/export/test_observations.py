"""Official statistics (observations) are exported as published, one table per dataset."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import frictionless
import hxl
import pytest

from testigo.accounts.services import organisation_create
from testigo.observations.models import Observation
from testigo.publication.export.write import write_export
from tests.publication.export.helpers import read_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def observations(db) -> None:
    org = organisation_create(actor=None, slug="cbp", name="CBP", kind="government")
    common = {"organisation": org, "dataset": "cbp-sw", "measure": "encounters", "unit": "persons",
              "period_type": "month", "area_level": "sector"}  # fmt: skip
    Observation.objects.create(
        **common, source_key="a", period="2021-03", period_start=dt.date(2021, 3, 1),
        period_end=dt.date(2021, 3, 31), area="TCA", area_name="Tucson",
        dimensions={"citizenship": "MX"}, value=Decimal("3"),
    )  # fmt: skip
    Observation.objects.create(
        **common, source_key="b", period="2021-04", period_start=dt.date(2021, 4, 1),
        period_end=dt.date(2021, 4, 30), area="TCA", area_name="Tucson",
        dimensions={"citizenship": "GT", "sex": "F"}, value=None, status="M",
    )  # fmt: skip


def test_observations_are_exported_as_published(observations: None, tmp_path: Path) -> None:
    result = write_export(tmp_path, fmt="datapackage", lang="en")
    assert "data/observations_cbp_sw.csv" in [f.path for f in result.files]
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    header, tags, rows = read_table(tmp_path / "data/observations_cbp_sw.csv", hashtags=True)
    assert [r["value"] for r in rows] == ["3", ""]  # a 3 is published: official, not suppressed
    assert [r["status"] for r in rows] == ["A", "M"]
    assert [(r["dimension_citizenship"], r["dimension_sex"]) for r in rows] == [
        ("MX", ""), ("GT", "F"),
    ]  # fmt: skip
    assert tags[header.index("value")] == "#indicator+value+num"
    data = hxl.data(
        str(tmp_path / "data/observations_cbp_sw.csv"), hxl.InputOptions(allow_local=True)
    )
    assert [r.get("#x_area+code") for r in data] == ["TCA", "TCA"]
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["resources"][-1]["name"] == "observations_cbp_sw"


def test_plain_csv_has_no_hashtag_row(observations: None, tmp_path: Path) -> None:
    write_export(tmp_path, fmt="csv", lang="en")
    header, _, rows = read_table(tmp_path / "observations_cbp_sw.csv", hashtags=False)
    assert header[0] == "measure" and len(rows) == 2
