"""Writes for joint indicator definition and computation; each is atomic and audited.

Rules (issue 6):
* A person acts for a joint working group through a membership (any role but read-only) in
  an organisation that has a seat in the group; the organisation's kind is the side
  (``government`` / ``civil_society``; ``international`` counts for neither).
* A version is immutable; :func:`indicator_version_propose` makes a new one.
* A version is *agreed* when it has an approval from the government side and one from the
  civil-society side (approvals of different versions never combine). Dissent is recorded
  with reasons and may be published.
* :func:`indicators_compute` computes every agreed indicator's latest agreed version.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from testigo.accounts.models import Membership, Organisation
from testigo.core.audit import audit_record, snapshot
from testigo.core.errors import AccessDenied, ApplicationError
from testigo.core.models import AuditEntry
from testigo.indicators.library import (
    builtin_definition,
    builtin_definitions,
    validate_definition,
)
from testigo.indicators.models import (
    Approval,
    Comment,
    ComputationRun,
    GroupMember,
    Indicator,
    IndicatorValue,
    IndicatorVersion,
    JointWorkingGroup,
    Side,
    StructuralScore,
)
from testigo.indicators.selectors import ACTING_ROLES, latest_agreed_version
from testigo.indicators.sources import SOURCES, Figures, Request

SIDES = {
    Organisation.Kind.GOVERNMENT: Side.GOVERNMENT,
    Organisation.Kind.CIVIL_SOCIETY: Side.CIVIL_SOCIETY,
}


class IndicatorError(ApplicationError):
    """An indicator operation broke a rule (shown to the user as is)."""


@transaction.atomic
def group_create(
    *, actor: AbstractBaseUser | None, slug: str, name: str, organisations: list[Organisation]
) -> JointWorkingGroup:
    """Create a joint working group with member organisations (audited)."""
    group = JointWorkingGroup(slug=slug, name=name)
    group.full_clean()
    group.save()
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=group)
    for organisation in organisations:
        group_member_add(actor=actor, group=group, organisation=organisation)
    return group


@transaction.atomic
def group_member_add(
    *, actor: AbstractBaseUser | None, group: JointWorkingGroup, organisation: Organisation
) -> GroupMember:
    """Give ``organisation`` a seat in ``group`` (audited)."""
    seat = GroupMember.objects.create(group=group, organisation=organisation)
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=seat)
    return seat


def acting_organisations(user: AbstractBaseUser, group: JointWorkingGroup) -> list[Organisation]:
    """Organisations through which ``user`` may act in ``group`` (empty when none)."""
    if not getattr(user, "is_authenticated", False):
        return []
    seats = GroupMember.objects.filter(group=group).values_list("organisation_id", flat=True)
    org_ids = Membership.objects.filter(
        user_id=user.pk, organisation_id__in=seats, role__in=ACTING_ROLES
    ).values_list("organisation_id", flat=True)
    return list(Organisation.objects.filter(pk__in=org_ids))


def _require_acting(
    user: AbstractBaseUser | None, group: JointWorkingGroup, organisation: Organisation
) -> None:
    if user is None or organisation not in acting_organisations(user, group):
        raise AccessDenied(
            _("You may act only for an organisation you belong to that sits in the working group.")
        )


@transaction.atomic
def indicator_version_propose(
    *,
    actor: AbstractBaseUser | None,
    group: JointWorkingGroup,
    organisation: Organisation | None,
    content: dict,
    change_note: str = "",
) -> IndicatorVersion:
    """Propose a definition: the first version of a new indicator or the next version.

    ``actor`` must act for ``organisation`` in ``group`` (``actor=None``: the system, e.g. a
    load of the built-in library). Raises ``DefinitionError`` on a bad definition,
    ``AccessDenied``, or :class:`IndicatorError` when the code belongs to another group.
    """
    if actor is not None:
        if organisation is None:
            raise AccessDenied(_("Say on behalf of which organisation you propose."))
        _require_acting(actor, group, organisation)
    content = validate_definition(content)
    indicator = Indicator.objects.select_for_update().filter(code=content["code"]).first()
    if indicator is None:
        indicator = Indicator.objects.create(code=content["code"], group=group)
        audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=indicator)
    elif indicator.group_id != group.pk:
        raise IndicatorError(_("This indicator belongs to another working group."))
    number = (indicator.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    latest = indicator.versions.order_by("-number").first()
    if latest is not None and latest.content == content:
        raise IndicatorError(
            _("Nothing changed: the definition equals version %(n)s.") % {"n": latest.number}
        )
    version = IndicatorVersion.objects.create(
        indicator=indicator,
        number=number,
        content=content,
        change_note=change_note,
        proposed_by=actor,
        proposed_for=organisation,
    )
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=version)
    return version


def library_propose(
    *, actor: AbstractBaseUser | None, group: JointWorkingGroup
) -> list[IndicatorVersion]:
    """Propose every built-in definition to ``group`` that it does not hold yet (as the system).

    Returns the versions created; they still need both sides' approval. An indicator whose
    latest version already equals the built-in definition is left alone.
    """
    created = []
    for code, content in builtin_definitions().items():
        latest = IndicatorVersion.objects.filter(indicator__code=code).order_by("-number").first()
        if latest is not None and latest.content == content:
            continue
        created.append(
            indicator_version_propose(
                actor=actor,
                group=group,
                organisation=None,
                content=builtin_definition(code),
                change_note="built-in library",
            )
        )
    return created


def _side(organisation: Organisation) -> str:
    return SIDES.get(organisation.kind, Side.OTHER)


@transaction.atomic
def indicator_version_decide(
    *,
    actor: AbstractBaseUser,
    version: IndicatorVersion,
    organisation: Organisation,
    decision: str,
    reasons: str = "",
    publish: bool = False,
) -> Approval:
    """Record ``actor``'s approval or dissent on ``version`` for ``organisation``.

    The side is ``organisation``'s kind; ``actor`` must act for it in the group. A dissent
    needs reasons. When the version then has approvals from both sides it becomes agreed.
    Raises ``AccessDenied`` or :class:`IndicatorError`.
    """
    version = IndicatorVersion.objects.select_for_update().get(pk=version.pk)
    _require_acting(actor, version.indicator.group, organisation)
    if decision not in Approval.Decision.values:
        raise IndicatorError(_("Unknown decision."))
    if decision == Approval.Decision.DISSENT and not reasons.strip():
        raise IndicatorError(_("A dissent needs its reasons."))
    if Approval.objects.filter(version=version, user=actor, organisation=organisation).exists():
        raise IndicatorError(_("You already decided on this version for this organisation."))
    other_side = Approval.objects.filter(version=version, user=actor).exclude(
        side=_side(organisation)
    )
    if other_side.exists():
        # A joint agreement needs two people: one member may not speak for both sides
        # (a tester with memberships on both sides agreed an indicator alone).
        raise IndicatorError(
            _("You already decided on this version for the other side: an agreement needs a "
              "government member and a civil-society member who are different people.")
        )  # fmt: skip
    approval = Approval.objects.create(
        version=version,
        user=actor,
        organisation=organisation,
        side=_side(organisation),
        decision=decision,
        reasons=reasons,
        publish=publish and decision == Approval.Decision.DISSENT,
    )
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=approval)
    if not version.is_agreed and version_has_both_sides(version):
        before = snapshot(version)
        version.status = IndicatorVersion.Status.AGREED
        version.agreed_at = timezone.now()
        version.save(update_fields=["status", "agreed_at"])
        audit_record(
            user=actor,
            action=AuditEntry.Action.UPDATE,
            instance=version,
            before=before,
            context="agreed",
        )
    return approval


def version_has_both_sides(version: IndicatorVersion) -> bool:
    """True when this very version has an approval from each side by acting members."""
    sides = set(
        Approval.objects.filter(version=version, decision=Approval.Decision.APPROVE).values_list(
            "side", flat=True
        )
    )
    return {Side.GOVERNMENT, Side.CIVIL_SOCIETY} <= sides


@transaction.atomic
def indicator_comment_add(
    *, actor: AbstractBaseUser, version: IndicatorVersion, organisation: Organisation, text: str
) -> Comment:
    """Add a comment to a version (any acting member of the group). Raises on empty text."""
    _require_acting(actor, version.indicator.group, organisation)
    if not text.strip():
        raise IndicatorError(_("Write a comment first."))
    comment = Comment.objects.create(
        version=version, user=actor, organisation=organisation, text=text.strip()
    )
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=comment)
    return comment


@transaction.atomic
def structural_score_record(
    *,
    actor: AbstractBaseUser,
    indicator: Indicator,
    organisation: Organisation,
    period: str,
    value: Decimal | int,
    evidence: str,
) -> StructuralScore:
    """Score a structural indicator for ``period`` with evidence (acting members only)."""
    _require_acting(actor, indicator.group, organisation)
    latest = indicator.versions.order_by("-number").first()
    if latest is None or latest.content.get("type") != "structural":
        raise IndicatorError(_("Only structural indicators are scored by hand."))
    if not evidence.strip():
        raise IndicatorError(_("A score needs its evidence."))
    score = StructuralScore.objects.create(
        indicator=indicator,
        organisation=organisation,
        period=period.strip(),
        value=Decimal(value),
        evidence=evidence.strip(),
        scored_by=actor,
    )
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=score)
    return score


def _rate(
    figures: Figures, multiplier: Decimal, has_denominator: bool
) -> tuple[Decimal | None, str, str]:
    """(value, OBS_STATUS, CONF_STATUS) from gated figures (SDMX codes)."""
    if figures.suppressed:
        return None, "A", "C"
    if figures.numerator is None:
        return None, "M", "F"
    if not has_denominator:
        return (figures.numerator * multiplier).quantize(Decimal("0.000001")), "A", "F"
    if not figures.denominator:
        return None, "M", "F"
    value = figures.numerator / figures.denominator * multiplier
    return value.quantize(Decimal("0.000001")), "A", "F"


def version_compute(version: IndicatorVersion, run: ComputationRun) -> int:
    """Compute and store every value of ``version`` (replacing older ones); return how many."""
    content = version.content
    formula = content["formula"]
    numerator = formula["numerator"]
    denominator = formula.get("denominator")
    multiplier = Decimal(str(formula.get("multiplier", 1)))
    source = SOURCES[numerator["source"]]
    version.values.all().delete()
    rows = []
    for series in formula["series"]:
        request = Request(
            indicator=version.indicator,
            numerator=numerator,
            denominator=denominator,
            series=series,
            disaggregations=tuple(formula.get("disaggregations") or ()),
        )
        for (period, breakdown, category), figures in sorted(source(request).items()):
            value, obs_status, conf_status = _rate(figures, multiplier, denominator is not None)
            rows.append(
                IndicatorValue(
                    version=version,
                    run=run,
                    series=series["code"],
                    period=period,
                    breakdown=breakdown,
                    category=category,
                    numerator=None if figures.suppressed else figures.numerator,
                    denominator=None if figures.suppressed else figures.denominator,
                    value=value,
                    obs_status=obs_status,
                    conf_status=conf_status,
                    trace={
                        **figures.trace,
                        "formula": formula.get("text", {}),
                        "multiplier": str(multiplier),
                    },
                )
            )
    IndicatorValue.objects.bulk_create(rows, batch_size=500)
    return len(rows)


@transaction.atomic
def indicators_compute(
    *, actor: AbstractBaseUser | None, codes: list[str] | None = None
) -> ComputationRun:
    """Compute every agreed indicator (or those in ``codes``) and audit the run.

    Only the latest agreed version of each indicator is computed; an indicator with no
    agreed version is skipped (named in ``codes``: :class:`IndicatorError`).
    """
    run = ComputationRun.objects.create(by=actor)
    indicators = Indicator.objects.all()
    if codes:
        indicators = indicators.filter(code__in=codes)
        missing = set(codes) - set(indicators.values_list("code", flat=True))
        if missing:
            raise IndicatorError(_("Unknown indicator: %(code)s") % {"code": sorted(missing)[0]})
    written = 0
    for indicator in indicators:
        version = latest_agreed_version(indicator)
        if version is None:
            if codes:
                raise IndicatorError(
                    _("%(code)s has no agreed version yet: both sides must approve it first.")
                    % {"code": indicator.code}
                )
            continue
        written += version_compute(version, run)
    run.values_written = written
    run.save(update_fields=["values_written"])
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=run, context="compute")
    return run
