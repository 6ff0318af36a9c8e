"""The engine's real outcome stored and reviewed: Arizona OpenGIS deceased-migrant records ×
IOM MMP US–Mexico border incidents (public data in ../shared/data, read in place).

Figures are recomputed here from the engine's own outcome (what was stored must be exactly
what the engine found above the lower threshold); no record's content is printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from testigo.accounts.services import membership_add, organisation_create, user_create
from testigo.linkage.engine.link import link_records
from testigo.linkage.models import LinkDecision, RecordLink
from testigo.linkage.persons import arizona_ogis_frame, mmp_border_frame
from testigo.linkage.services import external_records_from_frames, linkage_run_store

pytestmark = pytest.mark.slow

ARIZONA = "arizona_ogis_deceased_migrants/humane_borders_ogis_deceased_migrants_thru_2022-03.csv"
MMP = "iom_missing_migrants/Missing_Migrants_Global_Figures_2022-05.csv"
SHOWN = ["date_lo", "sexes", "age", "cause", "county", "lat", "lon", "dead_and_missing"]


@pytest.fixture(scope="module")
def engine_outcome(shared_data: Path):
    frames = [arizona_ogis_frame(shared_data / ARIZONA), mmp_border_frame(shared_data / MMP)]
    outcome = link_records(frames, kind="events", link_type="link_only", lower=0.5, upper=0.95)
    return frames, outcome


def test_engine_outcome_is_stored_as_found_and_reviewable(engine_outcome, db) -> None:
    frames, outcome = engine_outcome
    org = organisation_create(actor=None, slug="red", name="Red", kind="civil_society")
    reviewer = user_create(actor=None, username="revisora", password="x")
    membership_add(actor=None, user=reviewer, organisation=org, role="documentalist")
    keys = set(outcome.pairs["left_key"]) | set(outcome.pairs["right_key"])
    external = external_records_from_frames(frames, columns=SHOWN, keys=keys)
    run = linkage_run_store(
        actor=None, outcome=outcome, kind="events", organisation=org, external_records=external
    )
    probability = outcome.pairs["match_probability"]
    above_lower = int((probability >= 0.5).sum())
    accepted = int((probability >= 0.95).sum())
    assert (run.pair_count, run.auto_linked_count) == (above_lower, accepted)
    assert run.candidate_count == above_lower - accepted > 0
    assert run.link_type == "link_only" and run.blocking_rules == list(outcome.blocking_rules)
    assert RecordLink.objects.filter(run=run, status="candidate").count() == run.candidate_count
    assert LinkDecision.objects.filter(link__run=run, action="auto").count() == accepted
    assert not RecordLink.objects.filter(run=run, left_organisation__isnull=False).exists()
    assert set(run.external_records) == keys

    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    first = RecordLink.objects.filter(run=run, status="candidate").first()  # highest probability
    assert first.match_probability == probability[probability < 0.95].max()
    page = client.get(f"/workspace/linkage/links/{first.pk}/")
    assert page.status_code == 200
    rows = {row.label: (row.left, row.right) for row in page.context["rows"]}
    assert rows["Registro fuera de Testigo"] == (first.left_key, first.right_key)
    assert set(first.evidence) <= {label for label, _level in page.context["evidence"]}
