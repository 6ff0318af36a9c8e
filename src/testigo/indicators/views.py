"""The working group's workspace: propose, discuss, approve or dissent, score, compute.

Every view needs a signed-in member acting for an organisation of the indicator's group;
anyone else gets 404 (drafts are never revealed). Public pages are in ``public_views``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from testigo.core.errors import ApplicationError
from testigo.indicators.labels import TYPE_LABELS
from testigo.indicators.library import (
    builtin_definition,
    builtin_definitions,
    dump_definition,
    parse_definition,
    text,
)
from testigo.indicators.models import Approval, JointWorkingGroup
from testigo.indicators.selectors import member_indicator, member_indicators
from testigo.indicators.services import (
    acting_organisations,
    indicator_comment_add,
    indicator_version_decide,
    indicator_version_propose,
    indicators_compute,
    structural_score_record,
)


def _lang() -> str:
    return (get_language() or "es")[:2]


def _groups_for(user: object) -> list[tuple[JointWorkingGroup, list]]:
    groups = JointWorkingGroup.objects.all()
    out = []
    for group in groups:
        orgs = acting_organisations(user, group)
        if orgs:
            out.append((group, orgs))
    return out


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """The indicators of the user's groups (drafts included) and the built-in library."""
    lang = _lang()
    groups = _groups_for(request.user)
    library = [
        {
            "code": code,
            "name": text(content, "name", lang),
            "type": TYPE_LABELS.get(content["type"], ""),
        }
        for code, content in builtin_definitions().items()
    ]
    indicators = [
        {
            "code": i.code,
            "group": i.group,
            "versions": sorted(i.versions.all(), key=lambda v: v.number),
        }
        for i in member_indicators(request.user)
    ]
    return render(
        request,
        "indicators/workspace.html",
        {"groups": groups, "library": library, "indicators": indicators},
    )


def _acting_org(request: HttpRequest, group: JointWorkingGroup) -> object:
    orgs = acting_organisations(request.user, group)
    wanted = request.POST.get("organisation", "")
    org = next((o for o in orgs if str(o.pk) == wanted), None)
    if org is None:
        raise Http404
    return org


@login_required
@require_POST
def propose(request: HttpRequest) -> HttpResponse:
    """Propose a built-in definition (or a pasted one) to a working group."""
    group = get_object_or_404(JointWorkingGroup, pk=request.POST.get("group") or 0)
    organisation = _acting_org(request, group)
    try:
        pasted = request.POST.get("definition", "").strip()
        content = (
            parse_definition(pasted) if pasted else builtin_definition(request.POST.get("code", ""))
        )
        version = indicator_version_propose(
            actor=request.user,
            group=group,
            organisation=organisation,
            content=content,
            change_note=request.POST.get("change_note", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("indicators:workspace")
    messages.success(request, _("Version %(n)s proposed.") % {"n": version.number})
    return redirect("indicators:version", code=version.indicator.code)


def _member_indicator_or_404(request: HttpRequest, code: str) -> object:
    indicator = member_indicator(request.user, code)
    if indicator is None:
        raise Http404
    return indicator


@login_required
def version(request: HttpRequest, code: str) -> HttpResponse:
    """A version of an indicator (latest by default, ``?v=N``) with approvals and comments."""
    indicator = _member_indicator_or_404(request, code)
    versions = list(indicator.versions.order_by("number"))
    wanted = request.GET.get("v")
    current = next((v for v in versions if str(v.number) == wanted), versions[-1])
    orgs = acting_organisations(request.user, indicator.group)
    decided = set(
        Approval.objects.filter(version=current, user=request.user).values_list(
            "organisation_id", flat=True
        )
    )
    context = {
        "indicator": indicator,
        "versions": versions,
        "current": current,
        "approvals": current.approvals.select_related("user", "organisation"),
        "comments": current.comments.select_related("user", "organisation"),
        "orgs": orgs,
        "undecided_orgs": [o for o in orgs if o.pk not in decided],
        "yaml": dump_definition(current.content),
        "name": text(current.content, "name", _lang()),
        "is_structural": current.content.get("type") == "structural",
        "any_agreed": any(v.is_agreed for v in versions),
        "scores": indicator.structural_scores.order_by("-at")[:20],
    }
    return render(request, "indicators/version.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Approve or dissent from a version on behalf of one of the user's organisations."""
    indicator = _member_indicator_or_404(request, code)
    target = get_object_or_404(indicator.versions, number=number)
    organisation = _acting_org(request, indicator.group)
    try:
        indicator_version_decide(
            actor=request.user,
            version=target,
            organisation=organisation,
            decision=request.POST.get("decision", ""),
            reasons=request.POST.get("reasons", ""),
            publish=request.POST.get("publish") == "on",
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        target.refresh_from_db()
        if target.is_agreed:
            messages.success(request, _("Both sides approved: this version is agreed."))
        else:
            messages.success(request, _("Your decision was recorded."))
    return redirect(reverse("indicators:version", args=[code]) + f"?v={number}")


@login_required
@require_POST
def comment(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Comment on a version."""
    indicator = _member_indicator_or_404(request, code)
    target = get_object_or_404(indicator.versions, number=number)
    organisation = _acting_org(request, indicator.group)
    try:
        indicator_comment_add(
            actor=request.user,
            version=target,
            organisation=organisation,
            text=request.POST.get("text", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("indicators:version", args=[code]) + f"?v={number}")


@login_required
@require_POST
def revise(request: HttpRequest, code: str) -> HttpResponse:
    """Propose a changed definition as the next version."""
    indicator = _member_indicator_or_404(request, code)
    organisation = _acting_org(request, indicator.group)
    try:
        content = parse_definition(request.POST.get("definition", ""))
        if content["code"] != indicator.code:
            raise ApplicationError(_("The code of an indicator cannot change."))
        new = indicator_version_propose(
            actor=request.user,
            group=indicator.group,
            organisation=organisation,
            content=content,
            change_note=request.POST.get("change_note", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("indicators:version", code=code)
    messages.success(request, _("Version %(n)s proposed.") % {"n": new.number})
    return redirect("indicators:version", code=code)


@login_required
@require_POST
def compute(request: HttpRequest, code: str) -> HttpResponse:
    """Compute an agreed indicator now."""
    indicator = _member_indicator_or_404(request, code)
    try:
        run = indicators_compute(actor=request.user, codes=[indicator.code])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s values computed.") % {"n": run.values_written})
    return redirect("indicators:version", code=code)


@login_required
@require_POST
def score(request: HttpRequest, code: str) -> HttpResponse:
    """Score a structural indicator for a period, with evidence."""
    indicator = _member_indicator_or_404(request, code)
    organisation = _acting_org(request, indicator.group)
    try:
        try:
            value = Decimal(request.POST.get("value", ""))
        except InvalidOperation:
            raise ApplicationError(_("The score must be a number.")) from None
        structural_score_record(
            actor=request.user,
            indicator=indicator,
            organisation=organisation,
            period=request.POST.get("period", ""),
            value=value,
            evidence=request.POST.get("evidence", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("indicators:version", code=code)
