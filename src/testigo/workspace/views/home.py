"""The workspace home: the member's organisations and what they may read there."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from testigo.accounts.models import Membership
from testigo.accounts.permissions import scope_for
from testigo.documentation.access import (
    access_events_for_user,
    access_intakes_for_user,
    access_interventions_for_user,
)

LATEST = 10


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Organisations (synthetic ones marked), counts of readable records, latest events.

    Members without a reading role (government partners) get a note that they see the
    published aggregates, and no record lists.
    """
    user = request.user
    scope = scope_for(user)
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    events = access_events_for_user(user)
    context = {
        "memberships": memberships,
        "can_read": bool(scope.any_read),
        "can_write_any": bool(scope.write),
        "event_count": events.count(),
        "events": events.select_related("organisation")[:LATEST],
        "intake_count": access_intakes_for_user(user).count(),
        "intervention_count": access_interventions_for_user(user).count(),
    }
    return render(request, "workspace/home.html", context)
