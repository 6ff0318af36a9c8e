"""Interventions: recording one from an event, moving its status, the list, one's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from testigo.core.errors import AccessDenied
from testigo.documentation.access import (
    access_event_by_id,
    access_intervention_by_id,
    access_interventions_for_user,
    can_see_names,
    can_write,
)
from testigo.documentation.models import Intervention
from testigo.documentation.services import (
    StaleVersionError,
    StatusTransitionError,
    intervention_record,
    intervention_status_change,
)
from testigo.vocab.models import Term
from testigo.workspace.forms.fields import errors_to_form
from testigo.workspace.forms.interventions import (
    InterventionFilterForm,
    InterventionForm,
    StatusChangeForm,
    next_statuses,
    status_term,
)
from testigo.workspace.views.common import (
    fetch_or_404,
    paginate,
    require_reader,
    require_write,
    vocabularies_cached_view,
)
from testigo.workspace.views.keep_input import kept_input, login_required_keeping_input


@login_required
@require_safe
@vocabularies_cached_view
def intervention_list(request: HttpRequest) -> HttpResponse:
    """Interventions the user may read, filtered by status and type."""
    require_reader(request.user)
    form = InterventionFilterForm(request.GET or None)
    items = access_interventions_for_user(request.user).select_related(
        "event", "intervention_type", "status", "organisation"
    )
    if form.is_valid():
        for name in ("status", "intervention_type"):
            if form.cleaned_data[name]:
                items = items.filter(**{name: form.cleaned_data[name]})
    return render(
        request,
        "workspace/intervention_list.html",
        {"form": form, "page": paginate(request, items)},
    )


@login_required_keeping_input
@vocabularies_cached_view
def intervention_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what was done about an event (a complaint, legal aid…)."""
    event = fetch_or_404(access_event_by_id, user=request.user, event_id=pk)
    require_write(request.user, event.organisation_id)
    victims = list({a.victim_id: a.victim for a in event.acts.select_related("victim")}.values())
    kept = kept_input(request) if request.method != "POST" else None
    form = InterventionForm(kept or request.POST or None, victims=victims)
    if request.method == "POST" and form.is_valid():
        try:
            intervention_record(
                actor=request.user, organisation=event.organisation, event=event,
                **form.service_kwargs(),
            )  # fmt: skip
        except AccessDenied as exc:
            raise PermissionDenied(exc.message) from exc
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The intervention was recorded."))
            return redirect("workspace:event_detail", pk=event.pk)
    context = {"event": event, "form": form, "kept": bool(kept)}
    return render(request, "workspace/intervention_form.html", context)


@login_required
@require_safe
def intervention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One intervention and the history of its status."""
    item = fetch_or_404(access_intervention_by_id, user=request.user, intervention_id=pk)
    context = {
        "item": item,
        "changes": item.status_changes.select_related("from_status", "to_status", "by"),
        "show_names": can_see_names(request.user, item.organisation_id),
        "can_edit": can_write(request.user, item.organisation_id),
        "next": next_statuses(item.status),
    }
    return render(request, "workspace/intervention_detail.html", context)


def _status_page(
    request: HttpRequest, item: Intervention, form: StatusChangeForm, **extra: object
) -> HttpResponse:
    context = {"item": item, "form": form, "allowed": form.allowed, **extra}
    return render(request, "workspace/intervention_status.html", context)


def _loaded_status(data: QueryDict, item: Intervention) -> Term | None:
    """The status the user saw when they opened the form (hidden field).

    The transition is checked from that status: when someone moved the intervention in
    between, the version check then refuses the save (``StaleVersionError``) instead of a
    confusing “cannot go from <a status the user never saw>”. With an up-to-date version the
    stored status is used, whatever the form says.
    """
    if data.get("version") == str(item.version):
        return item.status
    return status_term(data.get("from_status", ""))


@login_required_keeping_input
@vocabularies_cached_view
def intervention_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the intervention to a next status (optimistic locking on its version)."""
    item = fetch_or_404(access_intervention_by_id, user=request.user, intervention_id=pk)
    require_write(request.user, item.organisation_id)
    current = item.status
    kept = kept_input(request) if request.method != "POST" else None
    if request.method != "POST" and not kept:
        initial = {"version": item.version, "from_status": current.code if current else ""}
        return _status_page(
            request, item, StatusChangeForm(initial=initial, allowed=next_statuses(current))
        )
    data = kept or request.POST
    seen = _loaded_status(data, item)
    form = StatusChangeForm(data, allowed=next_statuses(seen))
    if kept:
        return _status_page(request, item, form, kept=True)
    if form.is_valid():
        item.status = seen  # not saved: the service checks the move from what the user saw
        try:
            intervention_status_change(
                actor=request.user, intervention=item, to_status=form.chosen_status(),
                expected_version=form.cleaned_data["version"], note=form.cleaned_data["note"],
            )  # fmt: skip
        except StaleVersionError as exc:
            item.status = current
            initial = form.cleaned_data | {
                "version": item.version,
                "from_status": current.code if current else "",
            }
            again = StatusChangeForm(initial=initial, allowed=next_statuses(current))
            return _status_page(request, item, again, conflict=exc.message)
        except StatusTransitionError as exc:
            form.add_error("to_status", exc.message)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The status was changed."))
            return redirect("workspace:intervention_detail", pk=item.pk)
    item.status = current
    return _status_page(request, item, form)
