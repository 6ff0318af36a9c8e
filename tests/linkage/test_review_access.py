"""Attacks on the review pages: every URL, every role, guessed ids, forged POSTs.

Person pairs are reviewed side by side only by members who see names in both records'
organisations; anyone else gets a 403 (a missing link too, so ids cannot be probed), and
anonymous visitors are sent to sign in. Nothing changes after a refused POST.
"""

from __future__ import annotations

import re

import pytest

from testigo.linkage.models import LinkDecision, RecordLink
from testigo.linkage.selectors import run_clusters
from testigo.linkage.services import linkage_run_store
from tests.linkage import test_review_world as fixtures
from tests.linkage.test_review_world import B1_NAME, BOTH, FakeOutcome, pairs
from tests.workspace.conftest import ANONYMOUS, NETWORK, OTHER_ORG, VICTIM_NAME

NO_NAMES_IN_A = ("analyst", "read_only", "government_partner", OTHER_ORG, NETWORK)

lworld, world = fixtures.lworld, fixtures.world  # fixtures the tests below use


def _urls(lworld) -> dict[str, str]:
    run = lworld.run
    (cluster,) = run_clusters(run)
    return {
        "pair in A": f"/workspace/linkage/links/{lworld.link('a1', 'a2').pk}/",
        "pair across A and B": f"/workspace/linkage/links/{lworld.link('a1', 'b1').pk}/",
        "cluster": f"/workspace/linkage/runs/{run.pk}/clusters/{cluster.id}/",
    }


def _unchanged(lworld) -> None:
    assert not LinkDecision.objects.filter(action__in=["review", "split"]).exists()
    statuses = sorted(RecordLink.objects.values_list("status", flat=True))
    assert statuses == ["candidate", "candidate", "linked", "linked"]


def test_anonymous_visitors_are_sent_to_sign_in(lworld) -> None:
    client = lworld.client(ANONYMOUS)
    for url in [*_urls(lworld).values(), "/workspace/linkage/", "/workspace/linkage/runs/1/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
        response = client.post(url, {"decision": "linked", "reason": "x", "links": ["1"]})
        assert response.status_code == 302, url
    _unchanged(lworld)


@pytest.mark.parametrize("role", NO_NAMES_IN_A)
def test_members_without_names_in_a_get_403_on_every_page_and_post(lworld, role) -> None:
    client = lworld.client(role)
    for name, url in _urls(lworld).items():
        assert client.get(url).status_code == 403, name
        data = {"decision": "linked", "reason": "x", "links": [str(lworld.link("a2", "a3").pk)]}
        response = client.post(url, data)
        assert response.status_code == 403, name
        assert VICTIM_NAME.encode() not in response.content
    _unchanged(lworld)


def test_names_in_one_organisation_are_not_enough_for_a_pair_across_two(lworld) -> None:
    urls = _urls(lworld)
    own = lworld.client("documentalist")
    assert own.get(urls["pair in A"]).status_code == 200
    assert own.get(urls["pair across A and B"]).status_code == 403
    response = own.post(urls["pair across A and B"], {"decision": "linked", "reason": "x"})
    assert response.status_code == 403
    both = lworld.client(BOTH)
    page = both.get(urls["pair across A and B"]).content.decode()
    assert VICTIM_NAME in page and B1_NAME in page  # may see both names
    _unchanged(lworld)


def test_guessed_link_ids_all_look_the_same(lworld) -> None:
    """B's documentalist tries every link id (and some that do not exist): all are 403,
    exactly like a missing one; A's documentalist gets 200 only for A's pairs."""
    top = RecordLink.objects.order_by("-pk").first().pk
    other = lworld.client(OTHER_ORG)
    own = lworld.client("documentalist")
    cross = lworld.link("a1", "b1").pk
    for pk in range(1, top + 5):
        url = f"/workspace/linkage/links/{pk}/"
        refused = other.get(url)
        assert refused.status_code == 403, pk
        exists = RecordLink.objects.filter(pk=pk).exists()
        assert own.get(url).status_code == (200 if exists and pk != cross else 403), pk
    missing = other.get("/workspace/linkage/links/999999/")
    assert _without_tokens(missing.content) == _without_tokens(refused.content)


def _without_tokens(content: bytes) -> str:
    """The page without its per-response tokens (CSRF, CSP nonce)."""
    return re.sub(r'(value|nonce)="[^"]*"', "", content.decode())


def test_runs_and_clusters_of_another_organisation_are_403(lworld) -> None:
    other = lworld.client(OTHER_ORG)
    run = lworld.run.pk
    for url in (f"/workspace/linkage/runs/{run}/", f"/workspace/linkage/runs/{run}/clusters/"):
        assert other.get(url).status_code == 403
    assert lworld.client("documentalist").get(f"/workspace/linkage/runs/{run}/").status_code == 200
    guessed = f"/workspace/linkage/runs/{run}/clusters/C-AAAA-AAAA/"
    assert lworld.client("documentalist").get(guessed).status_code == 403
    assert "Albergue A" not in other.get("/workspace/linkage/").content.decode()
    assert lworld.client("government_partner").get("/workspace/linkage/").status_code == 403


def test_queue_lists_only_pairs_the_member_may_review(lworld) -> None:
    url = f"/workspace/linkage/runs/{lworld.run.pk}/"
    shown = lworld.client("documentalist").get(url).context["page"].object_list
    assert [link.pk for link in shown] == [lworld.link("a1", "a2").pk]
    shown = lworld.client(BOTH).get(url).context["page"].object_list
    assert [link.pk for link in shown] == [lworld.link("a1", "a2").pk, lworld.link("a1", "b1").pk]
    analyst = lworld.client("analyst").get(url)  # reads A, sees no names: an empty queue
    assert analyst.status_code == 200 and not analyst.context["page"].object_list


def test_a_forged_split_of_a_link_outside_the_cluster_is_refused(lworld) -> None:
    """Only the cluster's own links are offered; a posted id of another link is invalid."""
    url = _urls(lworld)["cluster"]
    response = lworld.client("documentalist").post(
        url, {"links": [str(lworld.link("a1", "a2").pk)], "reason": "x"}
    )
    assert response.status_code == 200 and response.context["form"].errors["links"]
    _unchanged(lworld)


def test_events_pairs_are_read_by_readers_and_decided_by_writers(lworld) -> None:
    base = lworld.base
    outcome = FakeOutcome(pairs((f"event:{base.event.pk}", "mmp:2024.1", 0.7)))
    run = linkage_run_store(actor=None, outcome=outcome, kind="events", organisation=base.org_a)
    url = f"/workspace/linkage/links/{run.links.get().pk}/"
    analyst = lworld.client("analyst")
    page = analyst.get(url)
    assert page.status_code == 200 and page.context["form"] is None  # reads, cannot decide
    assert analyst.post(url, {"decision": "linked", "reason": "x"}).status_code == 403
    assert lworld.client(OTHER_ORG).get(url).status_code == 403
    assert lworld.client(NETWORK).get(url).status_code == 403
    response = lworld.client("documentalist").post(url, {"decision": "linked", "reason": "sí"})
    assert response.status_code == 302 and run.links.get().status == "linked"
