"""Editing an event's own fields, with optimistic locking: a stale save is refused, the
user's input is kept on screen next to the values now stored."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from testigo.documentation.access import access_event_by_id
from testigo.documentation.models import Event
from testigo.documentation.services import StaleVersionError, event_update
from testigo.workspace.forms.events import EVENT_FIELDS, EventEditForm
from testigo.workspace.forms.fields import errors_to_form
from testigo.workspace.views.common import fetch_or_404, require_write, vocabularies_cached_view
from testigo.workspace.views.keep_input import kept_input, login_required_keeping_input


def event_changes(event: Event, values: dict[str, object]) -> dict[str, object]:
    """The fields whose new value differs from the stored one (``event_update`` derives the
    EDTF bounds again when the date changed)."""
    return {name: value for name, value in values.items() if getattr(event, name) != value}


def _initial(event: Event) -> dict[str, object]:
    return {name: getattr(event, name) for name in EVENT_FIELDS} | {"version": event.version}


def _conflict(request: HttpRequest, form: EventEditForm, error: StaleVersionError) -> dict:
    """The user's input kept, on top of the version now stored (saving again is deliberate)."""
    current = fetch_or_404(access_event_by_id, user=request.user, event_id=form.event_id)
    mine = form.event_values()
    stored = [
        {
            "label": str(form.fields[name].label),
            "stored": getattr(current, name),
            "yours": mine[name],
        }
        for name in EVENT_FIELDS
        if getattr(current, name) != mine[name]
    ]
    kept = EventEditForm(initial=mine | {"version": current.version})
    return {"event": current, "form": kept, "conflict": error.message, "stored": stored}


@login_required_keeping_input
@vocabularies_cached_view
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an event's title, date, place or description."""
    event = fetch_or_404(access_event_by_id, user=request.user, event_id=pk)
    require_write(request.user, event.organisation_id)
    if request.method != "POST":
        kept = kept_input(request)
        form = EventEditForm(kept) if kept else EventEditForm(initial=_initial(event))
        context = {"event": event, "form": form, "kept": bool(kept)}
        return render(request, "workspace/event_edit.html", context)
    form = EventEditForm(request.POST)
    form.event_id = event.pk
    if form.is_valid():
        changes = event_changes(event, form.event_values())
        if not changes:
            messages.info(request, _("Nothing was changed."))
            return redirect("workspace:event_detail", pk=event.pk)
        try:
            event_update(
                actor=request.user, event=event,
                expected_version=form.cleaned_data["version"], changes=changes,
            )  # fmt: skip
        except StaleVersionError as exc:
            return render(request, "workspace/event_edit.html", _conflict(request, form, exc))
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The event was saved."))
            return redirect("workspace:event_detail", pk=event.pk)
    return render(request, "workspace/event_edit.html", {"event": event, "form": form})
