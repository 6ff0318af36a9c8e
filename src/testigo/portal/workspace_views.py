"""The private workspace: signed-in members see their own organisations' records."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from testigo.accounts.models import Membership
from testigo.documentation.access import access_events_for_user


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """The member's organisations and the latest events they may read (no identities)."""
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    events = access_events_for_user(request.user).select_related(
        "migration_route", "region", "organisation"
    )
    context = {
        "memberships": memberships,
        "event_count": events.count(),
        "events": events[:50],
    }
    return render(request, "portal/workspace.html", context)
