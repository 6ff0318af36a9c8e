"""Clusters of a run (records linked together) and splitting one again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from testigo.core.errors import AccessDenied, ApplicationError
from testigo.linkage.models import LinkageRun
from testigo.linkage.selectors import (
    Cluster,
    access_cluster_by_id,
    access_clusters_for_user,
    access_run_by_id,
    can_decide,
)
from testigo.linkage.services import cluster_split
from testigo.linkage.views.common import fetch_or_403
from testigo.linkage.views.forms import SplitForm
from testigo.linkage.views.records import key_labels
from testigo.workspace.views.common import paginate
from testigo.workspace.views.keep_input import kept_input, login_required_keeping_input


@login_required
@require_safe
def cluster_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's clusters the user may see, largest first, with their pseudonymous ids."""
    run = fetch_or_403(access_run_by_id, user=request.user, run_id=pk)
    page = paginate(request, access_clusters_for_user(request.user, run))
    keys = {k for c in page.object_list for k in c.keys}
    context = {"run": run, "page": page, "labels": key_labels(keys)}
    return render(request, "linkage/cluster_list.html", context)


def labels_of(cluster: Cluster) -> dict[str, str]:
    """Key → the label a reviewer reads, for the cluster's records."""
    return key_labels(set(cluster.keys))


def _page(
    request: HttpRequest, run: LinkageRun, cluster: Cluster, form: SplitForm | None, **extra: object
) -> HttpResponse:
    context = {"run": run, "cluster": cluster, "labels": labels_of(cluster), "form": form, **extra}
    return render(request, "linkage/cluster_detail.html", context)


@login_required_keeping_input
def cluster_detail(request: HttpRequest, pk: int, cluster: str) -> HttpResponse:
    """GET: the cluster's records and links; POST: split it (chosen links → unlinked)."""
    run = fetch_or_403(access_run_by_id, user=request.user, run_id=pk)
    item = fetch_or_403(access_cluster_by_id, user=request.user, run=run, cluster=cluster)
    decide = all(can_decide(request.user, link) for link in item.links)
    kept = kept_input(request) if request.method != "POST" else None
    if request.method != "POST" and not kept:
        form = SplitForm(links=item.links, labels=labels_of(item)) if decide else None
        return _page(request, run, item, form)
    if not decide:
        raise PermissionDenied
    form = SplitForm(kept or request.POST, links=item.links, labels=labels_of(item))
    if kept or not form.is_valid():
        return _page(request, run, item, form, kept=bool(kept))
    ids = [int(pk) for pk in form.cleaned_data["links"]]
    try:
        cluster_split(actor=request.user, link_ids=ids, reason=form.cleaned_data["reason"])
    except AccessDenied as exc:
        raise PermissionDenied(exc.message) from exc
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return _page(request, run, item, form)
    text = ngettext(
        "The cluster was split: %(n)d link was marked unlinked.",
        "The cluster was split: %(n)d links were marked unlinked.",
        len(ids),
    )
    messages.success(request, text % {"n": len(ids)})
    return redirect("linkage:cluster_list", pk=run.pk)
