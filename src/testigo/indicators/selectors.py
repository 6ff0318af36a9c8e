"""Reads for indicator pages.

Public reads (:func:`public_indicators`, :func:`public_indicator`) return only indicators
with an agreed version, and only the values computed for that version — values that came
through the publication gate (suppressed ones as ``None``). Workspace reads
(:func:`member_indicators`, :func:`member_indicator`) return drafts only to people who act
for an organisation of the indicator's working group.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from testigo.accounts.models import Membership
from testigo.indicators.models import (
    Approval,
    GroupMember,
    Indicator,
    IndicatorValue,
    IndicatorVersion,
)
from testigo.indicators.scorecard import Point, Row, score_row

Role = Membership.Role
# Roles through which a member acts for its organisation in a working group (not read-only).
ACTING_ROLES = frozenset(
    {Role.ORG_ADMIN, Role.ANALYST, Role.DOCUMENTALIST, Role.GOVERNMENT_PARTNER}
)


def latest_agreed_version(indicator: Indicator) -> IndicatorVersion | None:
    """The newest agreed version of ``indicator`` (the one published), or ``None``."""
    return (
        indicator.versions.filter(status=IndicatorVersion.Status.AGREED).order_by("-number").first()
    )


@dataclass
class PublicIndicator:
    """What the public page of one indicator shows."""

    indicator: Indicator
    version: IndicatorVersion
    values: list[IndicatorValue]
    dissents: list[Approval]
    rows: list[Row] = field(default_factory=list)

    @property
    def content(self) -> dict:
        """The agreed definition."""
        return self.version.content

    def totals(self, series: str) -> list[IndicatorValue]:
        """The series' total per period, in period order."""
        return [v for v in self.values if v.series == series and not v.breakdown]

    def breakdown(self, series: str, period: str) -> list[IndicatorValue]:
        """The series' disaggregated values for one period."""
        return [v for v in self.values if v.series == series and v.period == period and v.breakdown]

    @property
    def computed(self) -> bool:
        """True when values were computed for the agreed version."""
        return bool(self.values)


def _public(indicator: Indicator) -> PublicIndicator | None:
    version = latest_agreed_version(indicator)
    if version is None:
        return None
    values = list(version.values.all())
    dissents = list(
        version.approvals.filter(decision=Approval.Decision.DISSENT, publish=True).select_related(
            "organisation"
        )
    )
    page = PublicIndicator(indicator, version, values, dissents)
    content = version.content
    points: dict[str, list[Point]] = defaultdict(list)
    for value in values:
        if not value.breakdown:
            points[value.series].append(Point(value.period, value.value))
    baseline_period = (content.get("baseline") or {}).get("period")
    for series in content["formula"]["series"]:
        code = series["code"]
        target = next((t for t in content.get("targets") or [] if t.get("series") == code), None)
        page.rows.append(
            score_row(
                code,
                points.get(code, []),
                None if baseline_period is None else str(baseline_period),
                target,
            )
        )
    return page


def public_indicators() -> list[PublicIndicator]:
    """Every indicator with an agreed version, by code."""
    pages = (_public(i) for i in Indicator.objects.order_by("code"))
    return [p for p in pages if p is not None]


def public_indicator(code: str) -> PublicIndicator | None:
    """The public view of ``code``, or ``None`` when it has no agreed version (or no such code)."""
    indicator = Indicator.objects.filter(code=code).first()
    return None if indicator is None else _public(indicator)


def _group_ids(user: AbstractBaseUser | AnonymousUser) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    orgs = Membership.objects.filter(user_id=user.pk, role__in=ACTING_ROLES).values_list(
        "organisation_id", flat=True
    )
    return set(
        GroupMember.objects.filter(organisation_id__in=orgs).values_list("group_id", flat=True)
    )


def member_indicators(user: AbstractBaseUser | AnonymousUser) -> list[Indicator]:
    """Indicators (drafts included) of the groups ``user`` acts in."""
    return list(
        Indicator.objects.filter(group_id__in=_group_ids(user))
        .select_related("group")
        .prefetch_related("versions")
        .order_by("code")
    )


def member_indicator(user: AbstractBaseUser | AnonymousUser, code: str) -> Indicator | None:
    """The indicator ``code`` if ``user`` acts in its group, else ``None`` (never a draft leak)."""
    return Indicator.objects.filter(code=code, group_id__in=_group_ids(user)).first()
