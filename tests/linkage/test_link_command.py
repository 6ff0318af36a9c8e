"""``testigo link events``: the same deaths in two datasets are linked and stored for review."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from testigo.accounts.services import organisation_create
from testigo.documentation.services import EventInput, events_upsert
from testigo.linkage.models import LinkageRun

pytestmark = pytest.mark.django_db

def _invented_deaths(n: int = 300) -> list[tuple[str, str, float, float]]:
    """Invented deaths in the Arizona desert over two years: (key, date, latitude, longitude)."""
    import datetime as dt
    import random

    rng = random.Random(11)
    start = dt.date(2020, 1, 1)
    return [
        (f"D{i}", (start + dt.timedelta(days=rng.randrange(730))).isoformat(),
         round(rng.uniform(31.35, 32.6), 4), round(rng.uniform(-113.3, -110.5), 4))
        for i in range(n)
    ]  # fmt: skip


DEATHS = _invented_deaths()


def _events(org, dataset: str, shift: float = 0.0) -> None:
    events_upsert(
        actor=None, organisation=org, dataset=dataset, context="test",
        records=[
            EventInput(f"{dataset}-{key}", {
                "title": "invented", "date_edtf": date, "latitude": lat + shift,
                "longitude": lon, "dead": 1, "dead_and_missing": 1, "country": "US",
            })
            for key, date, lat, lon in DEATHS
        ],
    )  # fmt: skip


def test_the_same_deaths_in_two_datasets_are_linked():
    ogis = organisation_create(actor=None, slug="ogis", name="OGIS", kind="civil_society")
    other = organisation_create(actor=None, slug="other", name="Other", kind="international")
    _events(ogis, "arizona-ogis")
    _events(other, "other-list", shift=0.001)  # ~100 m away, same days
    out = StringIO()
    call_command(
        "link", "events", "--dataset", "arizona-ogis", "--dataset", "other-list",
        "--org", "ogis", "--where-route", "", stdout=out,
    )  # fmt: skip
    run = LinkageRun.objects.get()
    assert run.organisation == ogis
    assert f"{2 * len(DEATHS)} records" in out.getvalue()
    # Every invented death is found again in the other list (linked or awaiting review),
    # each with its own twin.
    found = {
        (link.left_key, link.right_key)
        for link in run.links.filter(status__in=["linked", "candidate"])
    }
    assert len(found) >= 0.95 * len(DEATHS)


def test_linking_needs_two_datasets():
    organisation_create(actor=None, slug="ogis", name="OGIS", kind="civil_society")
    with pytest.raises(CommandError, match="two --dataset"):
        call_command("link", "events", "--dataset", "arizona-ogis", "--org", "ogis")


def test_the_route_is_found_by_its_label_too():
    """A tester gave the route's label ("US-Mexico border crossing"), not its code."""
    from testigo.linkage.management.commands.link import Command

    assert Command()._route("US-Mexico border crossing").code == "us_mexico_border_crossing"
    with pytest.raises(CommandError, match="no migration route"):
        Command()._route("Atlantis")
