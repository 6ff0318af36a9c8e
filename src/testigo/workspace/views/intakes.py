"""Intakes: the list (codes, never names), registering one, and one intake's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from testigo.accounts.permissions import scope_for
from testigo.core.errors import AccessDenied
from testigo.documentation.access import (
    access_intake_by_id,
    access_intakes_for_user,
    can_see_names,
    can_write,
)
from testigo.documentation.services import intake_register
from testigo.workspace.choices import country_name
from testigo.workspace.forms.fields import errors_to_form
from testigo.workspace.forms.intakes import IntakeFilterForm, IntakeForm
from testigo.workspace.history import history_for
from testigo.workspace.views.common import (
    fetch_or_404,
    paginate,
    require_reader,
    vocabularies_cached_view,
    writable_organisations,
)
from testigo.workspace.views.keep_input import kept_input, login_required_keeping_input


@login_required
@require_safe
@vocabularies_cached_view
def intake_list(request: HttpRequest) -> HttpResponse:
    """Intakes the user may read, newest first, filtered by date range and need."""
    require_reader(request.user)
    form = IntakeFilterForm(request.GET or None)
    intakes = access_intakes_for_user(request.user).select_related("person", "organisation")
    if form.is_valid():
        data = form.cleaned_data
        if data["date_from"]:
            intakes = intakes.filter(date__gte=data["date_from"])
        if data["date_to"]:
            intakes = intakes.filter(date__lte=data["date_to"])
        if data["need"]:
            intakes = intakes.filter(needs=data["need"])
    page = paginate(request, intakes.prefetch_related("needs"))
    context = {"form": form, "page": page, "can_register": bool(scope_for(request.user).write)}
    return render(request, "workspace/intake_list.html", context)


@login_required_keeping_input
@vocabularies_cached_view
def intake_create(request: HttpRequest) -> HttpResponse:
    """Register a person served; on success, a fresh form for the next person."""
    organisations = writable_organisations(request.user)
    kept = kept_input(request) if request.method != "POST" else None
    form = IntakeForm(kept or request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            intake = intake_register(
                actor=request.user, organisation=form.chosen_organisation(), **form.service_kwargs()
            )
        except AccessDenied as exc:
            raise PermissionDenied(exc.message) from exc
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            url = reverse("workspace:intake_detail", args=[intake.pk])
            messages.success(
                request,
                format_html(_('Intake registered: <a href="{}">{}</a>.'), url, intake.person.code),
            )
            return redirect("workspace:intake_create")
    return render(request, "workspace/intake_form.html", {"form": form, "kept": bool(kept)})


@login_required
@require_safe
def intake_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One intake; the person's name and the notes only for those who may see names."""
    intake = fetch_or_404(access_intake_by_id, user=request.user, intake_id=pk)
    context = {
        "intake": intake,
        "person": intake.person,
        "nationality": country_name(intake.person.nationality),
        "show_names": can_see_names(request.user, intake.organisation_id),
        "can_document": can_write(request.user, intake.organisation_id),
        "history": history_for(
            [intake, intake.person],
            persons={intake.person_id: intake.person.code},
            show_who=intake.organisation_id in scope_for(request.user).read,
        ),
    }
    return render(request, "workspace/intake_detail.html", context)
