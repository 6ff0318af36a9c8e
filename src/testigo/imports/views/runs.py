"""Import runs: the list, one run's report and progress, upload, undo."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from testigo.accounts.permissions import scope_for
from testigo.documentation.access import can_see_names, can_write
from testigo.imports.forms import UndoForm, UploadForm
from testigo.imports.models import ImportRun
from testigo.imports.queue import import_run_queue
from testigo.imports.report import ImportFileError
from testigo.imports.selectors import run_by_id, runs_for_user
from testigo.imports.undo import UndoRefused, import_run_undo
from testigo.workspace.views.common import (
    fetch_or_404,
    paginate,
    require_reader,
    writable_organisations,
)

MESSAGES_SHOWN = 500
# Sources whose files need a column mapping first: they go through the mapping builder.
MAPPED_SOURCES = {"spreadsheet", "kobo"}


@login_required
@require_safe
def run_list(request: HttpRequest) -> HttpResponse:
    """Import runs of the user's organisations, newest first."""
    require_reader(request.user)
    can_import = bool(scope_for(request.user).write)
    page = paginate(request, runs_for_user(request.user))
    return render(request, "imports/run_list.html", {"page": page, "can_import": can_import})


@login_required
@require_safe
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One run: status, counts, file, mapping used, every row message; refreshes while it runs."""
    run = fetch_or_404(run_by_id, user=request.user, run_id=pk)
    active = run.status in {ImportRun.Status.QUEUED, ImportRun.Status.RUNNING}
    row_messages = list(run.messages.all()[:MESSAGES_SHOWN])
    response = render(
        request,
        "imports/run_detail.html",
        {
            "run": run,
            "active": active,
            "row_messages": row_messages,
            "more_messages": max(0, run.messages.count() - MESSAGES_SHOWN),
            # A cell's value may be a name: only members who may see names see values.
            "show_values": can_see_names(request.user, run.organisation_id),
            "can_undo": run.status == ImportRun.Status.DONE
            and can_write(request.user, run.organisation_id),
        },
    )
    if active:
        response["Refresh"] = "2"  # the page reloads itself while the run works (no script)
    return response


@login_required
def run_upload(request: HttpRequest) -> HttpResponse:
    """Upload a file of a registered source (spreadsheets and forms go to the mapping builder)."""
    organisations = writable_organisations(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["source_kind"]
        if kind in MAPPED_SOURCES:
            return redirect("imports:mapping_start")
        try:
            run = import_run_queue(
                actor=request.user, source_kind=kind, uploaded=form.cleaned_data["file"],
                organisation=form.cleaned_data["organisation"],
                dry_run=form.cleaned_data["dry_run"],
            )  # fmt: skip
        except ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("imports:run_detail", pk=run.pk)
    return render(request, "imports/run_upload.html", {"form": form})


@login_required
def run_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then undo a whole run (only members who may write for its organisation)."""
    run = fetch_or_404(run_by_id, user=request.user, run_id=pk)
    if not can_write(request.user, run.organisation_id):
        raise PermissionDenied
    form = UndoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = import_run_undo(actor=request.user, run=run)
        except UndoRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Import undone: %(deleted)s records removed, %(restored)s restored.")
                % {"deleted": result.deleted, "restored": result.restored},
            )
        return redirect("imports:run_detail", pk=run.pk)
    return render(request, "imports/run_undo.html", {"run": run, "form": form})
