"""Reads of linkage runs and links, gated by the access rules, and the clusters of a run.

Access (roles from ``testigo.accounts.permissions``):

- a **run** is seen by the members with a reading role in the run's organisation;
- a **link** is seen by those members when, in addition, they may see both records side by
  side: for a persons run, they see names in the organisation of each person (organisation
  admins and documentalists — reviewing whether two people are the same person needs the
  names); for an events run, they read each event's organisation fully. A record outside
  Testigo (public data, no organisation) adds no condition;
- a link is **decided** (linked, not linked, split) by those who see it and also write in
  the run's organisation and in each record's organisation.

A link the user may not see and a link that does not exist raise the same
:class:`~testigo.core.errors.AccessDenied`, so link ids cannot be probed.

Clusters are the connected components of the links with status *linked* (union–find); a
cluster's id (``C-XXXX-XXXX``) is a keyed hash (HMAC with the site's secret) of the run and
the smallest key in it: stable within the run, and it reveals no record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from testigo.accounts.permissions import Scope, scope_for
from testigo.core.errors import AccessDenied
from testigo.linkage.models import LinkageRun, LinkStatus, RecordLink

User = AbstractBaseUser | AnonymousUser
CLUSTER_SALT = "testigo.linkage.cluster"
CLUSTER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def access_runs_for_user(user: User) -> QuerySet[LinkageRun]:
    """Runs of the organisations ``user`` reads fully, newest first."""
    return LinkageRun.objects.filter(organisation_id__in=scope_for(user).read)


def access_run_by_id(*, user: User, run_id: int) -> LinkageRun:
    """One run, or :class:`AccessDenied` (the same whether missing or forbidden)."""
    run = access_runs_for_user(user).filter(pk=run_id).first()
    if run is None:
        raise AccessDenied(_("Linkage run not found."))
    return run


def _sides(allowed: frozenset[int]) -> Q:
    left = Q(left_organisation__isnull=True) | Q(left_organisation_id__in=allowed)
    right = Q(right_organisation__isnull=True) | Q(right_organisation_id__in=allowed)
    return left & right


def _visible(scope: Scope) -> Q:
    persons = Q(run__kind=LinkageRun.Kind.PERSONS) & _sides(scope.names)
    events = Q(run__kind=LinkageRun.Kind.EVENTS) & _sides(scope.read)
    return Q(run__organisation_id__in=scope.read) & (persons | events)


def access_links_for_user(user: User) -> QuerySet[RecordLink]:
    """Links ``user`` may see side by side (module docstring), highest probability first."""
    return RecordLink.objects.filter(_visible(scope_for(user)))


def access_link_by_id(*, user: User, link_id: int) -> RecordLink:
    """One link with its run, or :class:`AccessDenied` (same error whether missing or
    forbidden)."""
    link = access_links_for_user(user).select_related("run").filter(pk=link_id).first()
    if link is None:
        raise AccessDenied(_("Link not found."))
    return link


def can_decide(user: User, link: RecordLink) -> bool:
    """Whether ``user`` may link, not link or split ``link`` (module docstring)."""
    scope = scope_for(user)
    if not access_links_for_user(user).filter(pk=link.pk).exists():
        return False
    sides = {link.run.organisation_id, link.left_organisation_id, link.right_organisation_id}
    return all(org is None or org in scope.write for org in sides)


def review_queue(user: User, run: LinkageRun) -> QuerySet[RecordLink]:
    """Candidate pairs of ``run`` that ``user`` may see, highest match probability first."""
    return access_links_for_user(user).filter(run=run, status=LinkStatus.CANDIDATE)


def candidate_counts(user: User, runs: Iterable[LinkageRun]) -> dict[int, int]:
    """Run id → number of candidate pairs awaiting review that ``user`` may see."""
    rows = (
        access_links_for_user(user)
        .filter(run__in=list(runs), status=LinkStatus.CANDIDATE)
        .values("run_id")
        .annotate(n=Count("id"))
    )
    return {row["run_id"]: row["n"] for row in rows}


@dataclass
class Cluster:
    """A connected component of linked records: ``keys`` sorted, ``links`` by id."""

    id: str
    keys: list[str]
    links: list[RecordLink] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.keys)


def cluster_id(run_id: int, smallest_key: str) -> str:
    """``C-XXXX-XXXX``: keyed hash of the run and the cluster's smallest key."""
    digest = salted_hmac(CLUSTER_SALT, f"{run_id}:{smallest_key}", algorithm="sha256").digest()
    chars = "".join(CLUSTER_ALPHABET[b % len(CLUSTER_ALPHABET)] for b in digest[:8])
    return f"C-{chars[:4]}-{chars[4:]}"


def clusters_of(run_id: int, links: Iterable[RecordLink]) -> list[Cluster]:
    """Connected components of ``links`` (all taken as linked), largest first, then by key.

    Union–find with path halving: O(n α(n)) in the number of links.
    """
    links = list(links)
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for link in links:
        a, b = find(link.left_key), find(link.right_key)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = defaultdict(list)
    for key in list(parent):
        members[find(key)].append(key)
    by_root = {root: Cluster(cluster_id(run_id, min(keys)), sorted(keys)) for root, keys in
               members.items()}  # fmt: skip
    for link in sorted(links, key=lambda item: item.pk):
        by_root[find(link.left_key)].links.append(link)
    return sorted(by_root.values(), key=lambda c: (-c.size, c.keys[0]))


def run_clusters(run: LinkageRun) -> list[Cluster]:
    """Clusters of ``run`` from its links with status *linked* (no access check: callers
    filter with :func:`access_clusters_for_user`)."""
    linked = RecordLink.objects.filter(run=run, status=LinkStatus.LINKED).only(
        "id", "left_key", "right_key", "left_organisation", "right_organisation",
        "match_probability", "match_weight", "status", "run",
    )  # fmt: skip
    return clusters_of(run.pk, linked)


def access_clusters_for_user(user: User, run: LinkageRun) -> list[Cluster]:
    """Clusters of ``run`` all of whose links ``user`` may see."""
    visible = set(
        access_links_for_user(user)
        .filter(run=run, status=LinkStatus.LINKED)
        .values_list("pk", flat=True)
    )
    return [c for c in run_clusters(run) if all(link.pk in visible for link in c.links)]


def access_cluster_by_id(*, user: User, run: LinkageRun, cluster: str) -> Cluster:
    """One cluster of ``run``, or :class:`AccessDenied` when there is none with that id (it
    was split, or never existed) or ``user`` may not see all its links."""
    for item in access_clusters_for_user(user, run):
        if item.id == cluster:
            return item
    raise AccessDenied(_("Cluster not found."))


def cluster_of_link(link: RecordLink) -> Cluster | None:
    """The cluster ``link`` belongs to (when it is linked), else None.

    Walks the linked links outward from the pair's two records (one query per step of
    the walk), so a review page does not load the whole run's links.
    """
    if link.status != LinkStatus.LINKED:
        return None
    linked = RecordLink.objects.filter(run_id=link.run_id, status=LinkStatus.LINKED)
    seen = {link.left_key, link.right_key}
    frontier = set(seen)
    found: dict[int, RecordLink] = {}
    while frontier:
        step = linked.filter(Q(left_key__in=frontier) | Q(right_key__in=frontier))
        new = [item for item in step if item.pk not in found]
        found.update((item.pk, item) for item in new)
        keys = {k for item in new for k in (item.left_key, item.right_key)}
        frontier = keys - seen
        seen |= keys
    (cluster,) = clusters_of(link.run_id, found.values())
    return cluster
