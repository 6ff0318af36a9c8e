"""One pair side by side, with the evidence and the score, and the decision form."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from testigo.core.errors import AccessDenied, ApplicationError
from testigo.linkage.models import LinkStatus, RecordLink
from testigo.linkage.selectors import access_link_by_id, can_decide, cluster_of_link, review_queue
from testigo.linkage.services import LinkStaleError, link_decide
from testigo.linkage.services.decisions import REVIEW_MOVES
from testigo.linkage.views.common import fetch_or_403
from testigo.linkage.views.forms import DecisionForm
from testigo.linkage.views.records import side_by_side
from testigo.workspace.views.keep_input import kept_input, login_required_keeping_input


def _allowed(status: str) -> list[str]:
    return [to for to, sources in REVIEW_MOVES.items() if status in sources]


def _seen(data: Mapping[str, object], link: RecordLink) -> str:
    """The status the reviewer saw (hidden field): the choices offered are checked against
    it, so a pair decided meanwhile gives the conflict message, not "not a valid choice"."""
    seen = data.get("seen_status", "")
    return seen if seen in LinkStatus.values else link.status


def _next_candidate(request: HttpRequest, link: RecordLink) -> RecordLink | None:
    return review_queue(request.user, link.run).exclude(pk=link.pk).first()


def _page(
    request: HttpRequest, link: RecordLink, form: DecisionForm | None, **extra: object
) -> HttpResponse:
    rows, left, right = side_by_side(request.user, link)
    context = {
        "link": link,
        "run": link.run,
        "rows": rows,
        "left": left,
        "right": right,
        "evidence": sorted(link.evidence.items()),
        "form": form,
        "decisions": link.decisions.select_related("by"),
        "cluster": cluster_of_link(link),
        "next": _next_candidate(request, link),
        **extra,
    }
    return render(request, "linkage/link_review.html", context)


@login_required_keeping_input
def link_review(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the pair side by side; POST: link or not link it, with a reason."""
    link = fetch_or_403(access_link_by_id, user=request.user, link_id=pk)
    decide = can_decide(request.user, link)
    allowed = _allowed(link.status) if decide else []
    kept = kept_input(request) if request.method != "POST" else None
    if request.method != "POST" and not kept:
        form = DecisionForm(initial={"seen_status": link.status}, allowed=allowed)
        return _page(request, link, form if allowed else None)
    if not decide:
        raise PermissionDenied
    data = kept or request.POST
    form = DecisionForm(data, allowed=_allowed(_seen(data, link)))
    if kept or not form.is_valid():
        return _page(request, link, form, kept=bool(kept))
    try:
        link_decide(
            actor=request.user, link=link, decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            expected_status=form.cleaned_data["seen_status"] or None,
        )  # fmt: skip
    except AccessDenied as exc:
        raise PermissionDenied(exc.message) from exc
    except LinkStaleError as exc:
        link.refresh_from_db()
        now = _allowed(link.status)
        again = DecisionForm(initial={**form.cleaned_data, "seen_status": link.status}, allowed=now)
        return _page(request, link, again if now else None, conflict=exc.message)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return _page(request, link, form)
    link.refresh_from_db()
    if link.status == LinkStatus.LINKED:
        messages.success(request, _("The pair was linked."))
    else:
        messages.success(request, _("The pair was marked as not linked."))
    return redirect("linkage:link_review", pk=link.pk)
