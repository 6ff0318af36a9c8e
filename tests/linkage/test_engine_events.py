"""Event-level linkage: Arizona OpenGIS deceased-migrant records × IOM MMP US–Mexico rows."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from testigo.linkage.engine.link import link_records
from testigo.linkage.persons import arizona_ogis_frame, mmp_border_frame

ARIZONA = "arizona_ogis_deceased_migrants/humane_borders_ogis_deceased_migrants_thru_2022-03.csv"
MMP = "iom_missing_migrants/Missing_Migrants_Global_Figures_2022-05.csv"


@pytest.fixture(scope="module")
def linked(shared_data: Path):
    az = arizona_ogis_frame(shared_data / ARIZONA)
    mmp = mmp_border_frame(shared_data / MMP)
    outcome = link_records([az, mmp], kind="events", link_type="link_only", lower=0.5, upper=0.95)
    return az, mmp, outcome, shared_data


def test_frames_hold_every_row(linked) -> None:
    az, mmp, _outcome, folder = linked
    with (folder / ARIZONA).open(encoding="utf-8", newline="") as fh:
        az_rows = list(csv.DictReader(fh))
    with (folder / MMP).open(encoding="utf-8-sig", newline="") as fh:
        border = [
            r
            for r in csv.DictReader(fh)
            if r["Migration route"].strip() == "US-Mexico border crossing"
        ]
    assert len(az) == len(az_rows) == 3857
    assert len(mmp) == len(border)
    assert az["unique_id"].is_unique and mmp["unique_id"].is_unique
    assert (az["sexes"] == "m").sum() == sum(r["Sex"] == "male" for r in az_rows)


def test_links_arizona_deaths_to_mmp_incidents(linked) -> None:
    _az, mmp, outcome, folder = linked
    window = dt.timedelta(days=60)
    pairs = outcome.pairs
    accepted = outcome.accepted_pairs()
    review = outcome.review_pairs()
    # Every pair crosses the sources, left = Arizona, right = MMP.
    assert pairs["left_key"].str.startswith("ogis:").all()
    assert pairs["right_key"].str.startswith("mmp:").all()
    # Figures reported in docs/linkage.md (Splink u by seeded sampling; ±2 % for thread order).
    assert len(accepted) == pytest.approx(1356, rel=0.02)
    assert len(review) == pytest.approx(247, rel=0.05)
    # A death is linked at most to the incidents of its own few days and kilometres.
    linked_az = accepted["left_key"].nunique()
    assert linked_az == pytest.approx(1221, rel=0.02)
    # Upper bound recomputed from the files: Arizona deaths reported inside MMP's period.
    with (folder / MMP).open(encoding="utf-8-sig", newline="") as fh:
        mmp_days = sorted(
            dt.date.fromisoformat(r["Incident Date"])
            for r in csv.DictReader(fh)
            if r["Migration route"].strip() == "US-Mexico border crossing" and r["Incident Date"]
        )
    with (folder / ARIZONA).open(encoding="utf-8", newline="") as fh:
        in_period = sum(
            mmp_days[0] - window
            <= dt.date.fromisoformat(r["Reporting Date"])
            <= mmp_days[-1] + window
            for r in csv.DictReader(fh)
            if r["Reporting Date"]
        )
    assert linked_az <= in_period
    # Accepted links agree on the date (same day or within two weeks) and lie within 25 km.
    for evidence in accepted["evidence"]:
        assert evidence["date"] in {"same day or overlapping", "within 3 days", "within 2 weeks"}
        assert evidence["distance"] in {"within 1 km", "within 5 km", "within 25 km"}
    # Most accepted MMP incidents cite the Pima County Office of the Medical Examiner.
    cites = mmp.set_index("unique_id")["cites_pima_ome"]
    assert cites.loc[accepted["right_key"].unique()].mean() > 0.9
