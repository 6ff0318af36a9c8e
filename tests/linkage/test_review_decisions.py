"""Review decisions and splits: allowed moves, the history kept, clusters recomputed."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from testigo.core.errors import AccessDenied, ApplicationError
from testigo.core.models import AuditEntry
from testigo.linkage.models import LinkDecision
from testigo.linkage.selectors import cluster_id, cluster_of_link, clusters_of, run_clusters
from testigo.linkage.services import (
    LinkStaleError,
    LinkTransitionError,
    cluster_split,
    link_decide,
)
from tests.linkage import test_review_world as fixtures
from tests.linkage.test_review_world import BOTH, key

lworld, world = fixtures.lworld, fixtures.world  # fixtures the tests below use


@pytest.fixture(autouse=True)
def english():
    """Service messages are checked in English (Spanish is the default language)."""
    with translation.override("en"):
        yield


def members(lworld, cluster) -> set[str]:
    names = {key(p): name for name, p in lworld.persons.items()}
    return {names[k] for k in cluster.keys}


def test_linking_a_candidate_records_who_when_why(lworld) -> None:
    reviewer = lworld.users["documentalist"]
    link = link_decide(
        actor=reviewer, link=lworld.link("a1", "a2"), decision="linked",
        reason="Mismo apellido y edad; misma fecha de entrada", expected_status="candidate",
    )  # fmt: skip
    link.refresh_from_db()
    assert (link.status, link.decided_by, link.reason) == (
        "linked", reviewer, "Mismo apellido y edad; misma fecha de entrada",
    )  # fmt: skip
    assert link.decided_at is not None
    (decision,) = link.decisions.all()
    assert (decision.action, decision.from_status, decision.to_status, decision.by) == (
        "review", "candidate", "linked", reviewer,
    )  # fmt: skip
    audit = AuditEntry.objects.get(model="linkage.RecordLink", object_id=str(link.pk))
    assert audit.before["status"] == "candidate" and audit.after["status"] == "linked"
    assert audit.user == reviewer


def test_every_move_is_kept_in_order(lworld) -> None:
    reviewer = lworld.users["documentalist"]
    link = lworld.link("a1", "a2")
    link_decide(actor=reviewer, link=link, decision="not_linked", reason="edades distintas")
    link_decide(actor=reviewer, link=link, decision="linked", reason="la edad era estimada")
    cluster_split(actor=reviewer, link_ids=[link.pk], reason="otra persona, confirmado")
    link_decide(actor=reviewer, link=link, decision="linked", reason="documento nuevo")
    history = list(link.decisions.values_list("action", "from_status", "to_status", "reason"))
    assert history == [
        ("review", "candidate", "not_linked", "edades distintas"),
        ("review", "not_linked", "linked", "la edad era estimada"),
        ("split", "linked", "unlinked", "otra persona, confirmado"),
        ("review", "unlinked", "linked", "documento nuevo"),
    ]


def test_moves_that_are_not_allowed(lworld) -> None:
    reviewer = lworld.users["documentalist"]
    auto = lworld.link("a2", "a3")  # linked automatically
    with pytest.raises(LinkTransitionError):
        link_decide(actor=reviewer, link=auto, decision="not_linked", reason="x")
    with pytest.raises(LinkTransitionError):
        link_decide(actor=reviewer, link=auto, decision="candidate", reason="x")
    with pytest.raises(LinkTransitionError):  # a candidate is decided, not split
        cluster_split(actor=reviewer, link_ids=[lworld.link("a1", "a2").pk], reason="x")
    with pytest.raises(ApplicationError, match="reason"):
        link_decide(actor=reviewer, link=lworld.link("a1", "a2"), decision="linked", reason="  ")
    with pytest.raises(ApplicationError, match="at least one"):
        cluster_split(actor=reviewer, link_ids=[], reason="x")
    assert auto.decisions.count() == 1 and lworld.link("a1", "a2").status == "candidate"


def test_split_is_all_or_nothing(lworld) -> None:
    reviewer = lworld.users["documentalist"]
    ids = [lworld.link("a2", "a3").pk, lworld.link("a1", "a2").pk]  # linked + candidate
    with pytest.raises(LinkTransitionError):
        cluster_split(actor=reviewer, link_ids=ids, reason="x")
    assert lworld.link("a2", "a3").status == "linked"
    assert not LinkDecision.objects.filter(action="split").exists()


def test_a_decision_made_meanwhile_is_not_overwritten(lworld) -> None:
    link = lworld.link("a1", "a2")
    link_decide(actor=lworld.users["org_admin"], link=link, decision="not_linked", reason="no")
    with pytest.raises(LinkStaleError, match="meanwhile"):
        link_decide(
            actor=lworld.users["documentalist"], link=link, decision="linked", reason="sí",
            expected_status="candidate",
        )  # fmt: skip
    link.refresh_from_db()
    assert (link.status, link.decided_by) == ("not_linked", lworld.users["org_admin"])


@pytest.mark.parametrize("role", ["analyst", "read_only", "government_partner", "network_analyst"])
def test_members_who_do_not_see_names_cannot_decide_or_split(lworld, role) -> None:
    user = lworld.users[role]
    with pytest.raises(AccessDenied):
        link_decide(actor=user, link=lworld.link("a1", "a2"), decision="linked", reason="x")
    with pytest.raises(AccessDenied):
        cluster_split(actor=user, link_ids=[lworld.link("a2", "a3").pk], reason="x")
    assert not LinkDecision.objects.filter(action__in=["review", "split"]).exists()


def test_cross_organisation_pairs_need_names_in_both(lworld) -> None:
    cross = lworld.link("a1", "b1")
    for role in ("documentalist", "other_org_documentalist"):
        with pytest.raises(AccessDenied):
            link_decide(actor=lworld.users[role], link=cross, decision="linked", reason="x")
    link_decide(actor=lworld.users[BOTH], link=cross, decision="not_linked", reason="distintas")
    assert lworld.link("a1", "b1").status == "not_linked"


def test_split_by_a_missing_link_id_is_refused(lworld) -> None:
    with pytest.raises(AccessDenied):
        cluster_split(
            actor=lworld.users["documentalist"],
            link_ids=[lworld.link("a2", "a3").pk, 10**9],
            reason="x",
        )
    assert lworld.link("a2", "a3").status == "linked"


def test_clusters_recompute_after_linking_and_splitting(lworld) -> None:
    (before,) = run_clusters(lworld.run)
    assert members(lworld, before) == {"a2", "a3", "a4"}
    reviewer = lworld.users["documentalist"]
    link_decide(actor=reviewer, link=lworld.link("a1", "a2"), decision="linked", reason="sí")
    (joined,) = run_clusters(lworld.run)
    assert members(lworld, joined) == {"a1", "a2", "a3", "a4"} and len(joined.links) == 3
    assert cluster_of_link(lworld.link("a3", "a4")).id == joined.id
    cluster_split(actor=reviewer, link_ids=[lworld.link("a2", "a3").pk], reason="otra")
    after = run_clusters(lworld.run)
    assert sorted(members(lworld, c) for c in after) == sorted([{"a1", "a2"}, {"a3", "a4"}])
    assert cluster_of_link(lworld.link("a2", "a3")) is None  # unlinked: in no cluster
    cluster_split(actor=reviewer, link_ids=[lworld.link("a1", "a2").pk], reason="otra")
    assert [members(lworld, c) for c in run_clusters(lworld.run)] == [{"a3", "a4"}]


class _L:
    def __init__(self, pk: int, left: str, right: str) -> None:
        self.pk, self.left_key, self.right_key = pk, left, right


def test_cluster_ids_are_pseudonymous_and_stable_per_run(lworld) -> None:
    links = [_L(1, "k:3", "k:1"), _L(2, "k:1", "k:2"), _L(3, "k:7", "k:8"), _L(4, "k:9", "k:8")]
    first = clusters_of(5, links)
    assert [c.keys for c in first] == [["k:1", "k:2", "k:3"], ["k:7", "k:8", "k:9"]]
    assert [c.id for c in first] == [c.id for c in clusters_of(5, reversed(links))]
    assert first[0].id == cluster_id(5, "k:1")  # named after the smallest key…
    assert all(re.fullmatch(r"C-[A-Z2-9]{4}-[A-Z2-9]{4}", c.id) for c in first)
    assert clusters_of(6, links)[0].id != first[0].id  # …and the run
    # the part that keeps the smallest key keeps the id when a cluster is split
    split = clusters_of(5, [links[0], links[2], links[3]])
    assert cluster_id(5, "k:1") in {c.id for c in split}
    (real,) = run_clusters(lworld.run)  # a keyed hash: nothing of the keys shows
    assert real.id == cluster_id(lworld.run.pk, min(real.keys)) and "person" not in real.id
