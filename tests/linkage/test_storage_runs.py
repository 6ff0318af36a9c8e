"""Storing a linkage run: parameters, scored pairs by threshold, sides' organisations,
automatic decisions, audit; and bad outcomes rejected whole (nothing written)."""

from __future__ import annotations

import math

import pytest
from django.utils import translation

from testigo.core.errors import AccessDenied
from testigo.core.models import AuditEntry
from testigo.documentation.models import Person
from testigo.linkage.models import LinkageRun, LinkDecision, RecordLink
from testigo.linkage.services import LinkageStoreError, linkage_run_store
from tests.linkage import test_review_world as fixtures
from tests.linkage.test_review_world import FakeOutcome, key, pairs

lworld, world = fixtures.lworld, fixtures.world  # fixtures the tests below use


@pytest.fixture(autouse=True)
def english():
    """Service messages are checked in English (Spanish is the default language)."""
    with translation.override("en"):
        yield


def test_run_keeps_parameters_thresholds_and_counts(lworld) -> None:
    run = LinkageRun.objects.get(pk=lworld.run.pk)
    assert run.kind == "persons"
    assert run.organisation == lworld.base.org_a
    assert run.created_by == lworld.users["documentalist"]
    assert run.settings == {"link_type": "dedupe_only", "em": [1, 2]}
    assert run.blocking_rules == ["l.surname = r.surname"]
    assert (run.lower, run.upper, run.seconds) == (0.5, 0.95, 1.25)
    assert (run.pair_count, run.auto_linked_count, run.candidate_count) == (4, 2, 2)
    assert run.below_lower_count == 1
    entry = AuditEntry.objects.get(model="linkage.LinkageRun", object_id=str(run.pk))
    assert entry.action == "create" and entry.user == lworld.users["documentalist"]
    assert entry.after["upper"] == 0.95 and entry.context == "4 pairs stored"


def test_links_keep_scores_evidence_and_owning_organisations(lworld) -> None:
    link = lworld.link("a1", "a2")
    assert link.match_probability == 0.80
    assert link.match_weight == pytest.approx(math.log2(0.8 / 0.2))  # = 2
    assert link.evidence == {"surname": "jaro-winkler ≥ 0.92", "age": "exact"}
    assert (link.left_organisation, link.right_organisation) == (lworld.base.org_a,) * 2
    cross = lworld.link("a1", "b1")
    assert cross.right_organisation == lworld.base.org_b
    below = RecordLink.objects.filter(
        left_key=key(lworld.persons["a1"]), right_key=key(lworld.persons["a4"])
    )
    assert not below.exists()


def test_auto_links_are_decisions_and_candidates_have_none(lworld) -> None:
    auto = LinkDecision.objects.filter(link__run=lworld.run).order_by("link__match_probability")
    assert [(d.action, d.from_status, d.to_status) for d in auto] == [("auto", "", "linked")] * 2
    assert [d.link.match_probability for d in auto] == [0.97, 0.99]
    assert not lworld.link("a1", "a2").decisions.exists()


def test_storing_merges_and_deletes_nothing(lworld) -> None:
    assert Person.objects.filter(pk__in=[p.pk for p in lworld.persons.values()]).count() == 5
    names = set(Person.objects.values_list("name", flat=True))
    assert {"María Xocoy", "M. Xocoy Pérez", "Mari Xocoy"} <= names


def _store(lworld, outcome, **extra):
    return linkage_run_store(
        actor=lworld.users["documentalist"], outcome=outcome,
        kind=extra.pop("kind", "persons"), organisation=lworld.base.org_a, **extra,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing record", "name no record"),
        ("wrong kind", "does not name a record of this run"),
        ("malformed id", "does not name a record of this run"),
        ("reversed duplicate", "appears twice"),
        ("self pair", "to itself"),
        ("probability above 1", "not between 0 and 1"),
        ("probability NaN", "not between 0 and 1"),
        ("weight NaN", "no match weight"),
        ("thresholds crossed", "lower ≤ upper"),
        ("missing column", "lack the columns: evidence"),
    ],
)
def test_bad_outcomes_are_rejected_whole(lworld, case, message) -> None:
    a1, a2 = key(lworld.persons["a1"]), key(lworld.persons["a2"])
    good = (a1, a2, 0.99)
    rows = {
        "missing record": [good, (a1, "person:99999999", 0.99)],
        "wrong kind": [good, (a1, f"event:{lworld.base.event.pk}", 0.99)],
        "malformed id": [good, (a1, "person:12a", 0.99)],
        "reversed duplicate": [good, (a2, a1, 0.6)],
        "self pair": [good, (a1, a1, 0.9)],
        "probability above 1": [good, (a1, "ext:1", 1.5)],
    }
    outcome = FakeOutcome(pairs(*rows.get(case, [good, (a1, "ext:1", 0.9)])))
    if case == "probability NaN":
        outcome.pairs.loc[1, "match_probability"] = math.nan
    if case == "weight NaN":
        outcome.pairs.loc[1, "match_weight"] = math.nan
    if case == "thresholds crossed":
        outcome.lower, outcome.upper = 0.9, 0.8
    if case == "missing column":
        outcome.pairs = outcome.pairs.drop(columns=["evidence"])
    before = (LinkageRun.objects.count(), RecordLink.objects.count(), LinkDecision.objects.count())
    with pytest.raises(LinkageStoreError) as caught:
        _store(lworld, outcome)
    assert message in caught.value.message
    after = (LinkageRun.objects.count(), RecordLink.objects.count(), LinkDecision.objects.count())
    assert after == before


@pytest.mark.parametrize("role", ["analyst", "read_only", "government_partner", "network_analyst"])
def test_only_writers_of_the_organisation_store_runs(lworld, role) -> None:
    outcome = FakeOutcome(pairs((key(lworld.persons["a1"]), "ext:1", 0.9)))
    with pytest.raises(AccessDenied):
        linkage_run_store(
            actor=lworld.users[role],
            outcome=outcome,
            kind="persons",
            organisation=lworld.base.org_a,
        )
    assert LinkageRun.objects.count() == 1


def test_outside_records_keep_their_display_fields(lworld) -> None:
    a1 = key(lworld.persons["a1"])
    outcome = FakeOutcome(pairs((a1, "mmp:2024.17", 0.6), ("mmp:2024.17", "az:ML-1", 0.3)))
    outcome.pairs.loc[0, "match_weight"] = math.inf  # a certain match: clipped, not rejected
    external = {"mmp:2024.17": {"year": 2024, "sex": "F"}, "az:ML-1": {"year": 2023}, a1: {"x": 1}}
    run = _store(lworld, outcome, external_records=external)
    assert run.external_records == {"mmp:2024.17": {"year": "2024", "sex": "F"}}  # stored pairs
    link = run.links.get()
    assert (link.left_organisation_id, link.right_organisation_id) == (lworld.base.org_a.pk, None)
    assert link.match_weight == 1000.0 and link.status == "candidate"
    assert run.below_lower_count == 1


def test_events_run_resolves_each_events_organisation(lworld) -> None:
    base = lworld.base
    outcome = FakeOutcome(pairs((f"event:{base.event.pk}", f"event:{base.event_b.pk}", 0.96)))
    run = _store(lworld, outcome, kind="events", link_type="link_only")
    link = run.links.get()
    assert (link.left_organisation, link.right_organisation) == (base.org_a, base.org_b)
    assert (link.status, run.link_type, run.auto_linked_count) == ("linked", "link_only", 1)
    with pytest.raises(LinkageStoreError):
        _store(lworld, outcome, kind="places")
