"""Linkage runs: the list, and one run's parameters with its review queue."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from testigo.accounts.permissions import scope_for
from testigo.linkage.selectors import (
    access_clusters_for_user,
    access_run_by_id,
    access_runs_for_user,
    candidate_counts,
    review_queue,
)
from testigo.linkage.views.common import fetch_or_403
from testigo.linkage.views.records import key_labels
from testigo.workspace.views.common import paginate


@login_required
@require_safe
def run_list(request: HttpRequest) -> HttpResponse:
    """Runs of the user's organisations, newest first, with the pairs awaiting them."""
    if not scope_for(request.user).read:
        raise PermissionDenied
    runs = access_runs_for_user(request.user).select_related("organisation", "created_by")
    page = paginate(request, runs)
    page.object_list = list(page.object_list)
    counts = candidate_counts(request.user, page.object_list)
    for run in page.object_list:
        run.waiting = counts.get(run.pk, 0)
    return render(request, "linkage/run_list.html", {"page": page})


@login_required
@require_safe
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's thresholds, blocking rules and counts, and its queue: candidate pairs the
    user may review, highest match probability first."""
    run = fetch_or_403(access_run_by_id, user=request.user, run_id=pk)
    page = paginate(request, review_queue(request.user, run))
    keys = {k for link in page.object_list for k in (link.left_key, link.right_key)}
    context = {
        "run": run,
        "settings_json": json.dumps(run.settings, indent=2, sort_keys=True, ensure_ascii=False),
        "page": page,
        "labels": key_labels(keys),
        "cluster_count": len(access_clusters_for_user(request.user, run)),
    }
    return render(request, "linkage/run_detail.html", context)
