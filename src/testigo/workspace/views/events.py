"""Events: the list with filters and search, documenting one, and one event's page."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from testigo.accounts.permissions import scope_for
from testigo.core.errors import AccessDenied
from testigo.documentation.access import (
    access_event_by_id,
    access_events_for_user,
    access_persons_for_user,
    access_visible_persons,
    can_write,
)
from testigo.documentation.models import Act
from testigo.documentation.services import event_document
from testigo.workspace.forms.event_document import MAX_ROWS, EventDocumentForms
from testigo.workspace.forms.events import EventFilterForm
from testigo.workspace.views.common import (
    fetch_or_404,
    paginate,
    require_reader,
    vocabularies_cached_view,
    writable_organisations,
)
from testigo.workspace.views.event_detail import event_detail_context
from testigo.workspace.views.keep_input import kept_input, login_required_keeping_input


def filter_events(
    events: QuerySet, data: dict, *, full_read: frozenset[int], visible: QuerySet | None = None
) -> QuerySet:
    """Apply the list's filters; dates compare the EDTF bounds (an event overlaps the range).

    Interventions are filtered only on events the user reads fully (``full_read``): readers
    of shared events do not see their interventions, so cannot filter on them either. Filters
    and searches on acts match only acts whose victim the user may see (``visible``: persons),
    so a hidden victim's code or acts cannot be probed through search results.
    """
    seen = {} if visible is None else {"acts__victim__in": visible}
    if data.get("q"):
        text = data["q"].strip()
        events = events.filter(
            Q(title__icontains=text)
            | Q(place_text__icontains=text)
            | Q(acts__victim__code__icontains=text, **seen)
            | Q(acts__involvements__perpetrator__code__icontains=text, **seen)
        )
    if data.get("date_from"):
        events = events.filter(date_end__gte=data["date_from"])
    if data.get("date_to"):
        events = events.filter(date_start__lte=data["date_to"])
    lookups = {
        "country": "country",
        "state_code": "state_code",
        "act_type": "acts__act_type",
        "perpetrator_type": "acts__involvements__perpetrator_type",
        "government_level": "acts__involvements__government_level",
    }
    for name, lookup in lookups.items():
        if data.get(name):
            extra = seen if lookup.startswith("acts__") else {}
            events = events.filter(**{lookup: data[name]}, **extra)
    if data.get("intervention_status"):
        events = events.filter(
            interventions__status=data["intervention_status"], organisation_id__in=full_read
        )
    return events.distinct()


@login_required
@require_safe
@vocabularies_cached_view
def event_list(request: HttpRequest) -> HttpResponse:
    """Events the user may read, newest first, with filters and search."""
    require_reader(request.user)
    scope = scope_for(request.user)
    visible = access_visible_persons(request.user)
    form = EventFilterForm(request.GET or None)
    events = access_events_for_user(request.user)
    if form.is_valid():
        events = filter_events(events, form.cleaned_data, full_read=scope.read, visible=visible)
    shown_acts = Act.objects.filter(victim__in=visible)
    events = events.select_related("organisation").prefetch_related(
        Prefetch("acts", queryset=shown_acts.select_related("act_type"))
    )
    context = {
        "form": form,
        "page": paginate(request, events),
        "can_document": bool(scope.write),
    }
    return render(request, "workspace/event_list.html", context)


PERSON_CODE = re.compile(r"P-[A-Z0-9][A-Z0-9-]{3,13}")


def _rows(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("rows", 4)), MAX_ROWS))
    except ValueError:
        return 4


def _person_code(request: HttpRequest) -> str:
    """``?person=P-…`` (from an intake's page): the first victim is that person."""
    code = request.GET.get("person", "").strip().upper()
    return code if PERSON_CODE.fullmatch(code) else ""


@login_required_keeping_input
@vocabularies_cached_view
def event_create(request: HttpRequest) -> HttpResponse:
    """Document an event with its victims, acts, perpetrators and source on one screen."""
    user = request.user
    organisations = writable_organisations(user)
    rows = _rows(request)
    kept = kept_input(request) if request.method != "POST" else None
    forms = EventDocumentForms(
        kept or request.POST or None, organisations=organisations, victim_rows=rows,
        act_rows=rows, person_code=_person_code(request),
    )  # fmt: skip

    def find_person(organisation: object, code: str) -> object:
        return access_persons_for_user(user).filter(organisation=organisation, code=code).first()

    if request.method == "POST" and forms.is_valid(find_person):
        try:
            event = event_document(actor=user, **forms.service_kwargs())
        except AccessDenied as exc:
            raise PermissionDenied(exc.message) from exc
        except ValidationError as exc:
            forms.add_service_error(exc)
        else:
            messages.success(request, _("The event was documented."))
            return redirect("workspace:event_detail", pk=event.pk)
    more = f"?rows={min(rows + 4, MAX_ROWS)}"
    if forms.person_code:
        more += f"&person={forms.person_code}"
    context = {
        "forms": forms,
        "more_rows": min(rows + 4, MAX_ROWS),
        "more": more,
        "kept": bool(kept),
    }
    return render(request, "workspace/event_form.html", context)


@login_required
@require_safe
@vocabularies_cached_view
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One event: acts, victims (codes; names if allowed), perpetrators, sources,
    interventions and the history of all of them."""
    event = fetch_or_404(access_event_by_id, user=request.user, event_id=pk)
    context = event_detail_context(request.user, event)
    context["can_edit"] = can_write(request.user, event.organisation_id)
    return render(request, "workspace/event_detail.html", context)
