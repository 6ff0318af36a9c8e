"""Joint definition: a version is agreed only when both sides approve that very version."""

from __future__ import annotations

import copy

import pytest

from testigo.accounts.services import membership_add
from testigo.core.errors import AccessDenied
from testigo.core.models import AuditEntry
from testigo.indicators.library import builtin_definition
from testigo.indicators.models import Approval, IndicatorValue, IndicatorVersion
from testigo.indicators.selectors import public_indicator, public_indicators
from testigo.indicators.services import (
    IndicatorError,
    indicator_comment_add,
    indicator_version_decide,
    indicator_version_propose,
    indicators_compute,
)

APPROVE = Approval.Decision.APPROVE
CODE = "unaccompanied-children-share"


def _propose(world, content=None, note=""):
    return indicator_version_propose(
        actor=world.cso_user,
        group=world.group,
        organisation=world.cso,
        content=content or builtin_definition(CODE),
        change_note=note,
    )


def test_not_published_until_both_sides_approve_the_same_version(world):
    v1 = _propose(world)
    indicators_compute(actor=None)
    assert public_indicator(CODE) is None
    assert not IndicatorValue.objects.exists()
    indicator_version_decide(
        actor=world.cso_user, version=v1, organisation=world.cso, decision=APPROVE
    )
    v1.refresh_from_db()
    assert v1.status == IndicatorVersion.Status.PROPOSED
    assert public_indicator(CODE) is None
    with pytest.raises(IndicatorError):
        indicators_compute(actor=None, codes=[CODE])
    indicator_version_decide(
        actor=world.gov_user, version=v1, organisation=world.gov, decision=APPROVE
    )
    v1.refresh_from_db()
    assert v1.status == IndicatorVersion.Status.AGREED and v1.agreed_at is not None
    assert [p.indicator.code for p in public_indicators()] == [CODE]
    assert (
        AuditEntry.objects.filter(model="indicators.IndicatorVersion", context="agreed").count()
        == 1
    )


def test_approvals_of_different_versions_do_not_combine(world):
    v1 = _propose(world)
    indicator_version_decide(
        actor=world.cso_user, version=v1, organisation=world.cso, decision=APPROVE
    )
    changed = copy.deepcopy(v1.content)
    changed["formula"]["multiplier"] = 1000
    v2 = _propose(world, changed, "per mil")
    indicator_version_decide(
        actor=world.gov_user, version=v2, organisation=world.gov, decision=APPROVE
    )
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert not v1.is_agreed and not v2.is_agreed
    assert public_indicator(CODE) is None


def test_a_change_after_agreement_needs_new_approval(world):
    v1 = _propose(world)
    for user, org in ((world.cso_user, world.cso), (world.gov_user, world.gov)):
        indicator_version_decide(actor=user, version=v1, organisation=org, decision=APPROVE)
    changed = copy.deepcopy(v1.content)
    changed["targets"] = [{"series": "ALL", "period": "2030", "direction": "decrease", "value": 2}]
    v2 = _propose(world, changed, "target")
    assert v2.number == 2 and not v2.is_agreed
    page = public_indicator(CODE)
    assert page is not None and page.version.number == 1  # the agreed version stays published
    indicator_version_decide(
        actor=world.gov_user, version=v2, organisation=world.gov, decision=APPROVE
    )
    assert public_indicator(CODE).version.number == 1
    indicator_version_decide(
        actor=world.cso_user, version=v2, organisation=world.cso, decision=APPROVE
    )
    assert public_indicator(CODE).version.number == 2


def test_versions_are_immutable(world):
    v1 = _propose(world)
    v1.content = {**v1.content, "periodicity": "Q"}
    with pytest.raises(Exception, match="cannot be changed"):
        v1.save()


def test_two_government_approvals_do_not_make_an_agreement(world):
    v1 = _propose(world)
    for user in (world.gov_user, world.gov_user_2):
        indicator_version_decide(actor=user, version=v1, organisation=world.gov, decision=APPROVE)
    v1.refresh_from_db()
    assert not v1.is_agreed


def test_civil_society_member_cannot_approve_for_government(world):
    v1 = _propose(world)
    with pytest.raises(AccessDenied):
        indicator_version_decide(
            actor=world.cso_user, version=v1, organisation=world.gov, decision=APPROVE
        )
    assert not Approval.objects.exists()


def test_non_member_of_the_group_cannot_approve_or_propose(world):
    v1 = _propose(world)
    with pytest.raises(AccessDenied):
        indicator_version_decide(
            actor=world.outsider, version=v1, organisation=world.outsider_org, decision=APPROVE
        )
    with pytest.raises(AccessDenied):
        indicator_version_propose(
            actor=world.outsider,
            group=world.group,
            organisation=world.outsider_org,
            content=builtin_definition("sdg-10-7-3"),
        )


def test_dissent_needs_reasons_and_can_be_published(world):
    v1 = _propose(world)
    with pytest.raises(IndicatorError):
        indicator_version_decide(
            actor=world.gov_user, version=v1, organisation=world.gov, decision="dissent"
        )
    indicator_version_decide(
        actor=world.gov_user,
        version=v1,
        organisation=world.gov,
        decision="dissent",
        reasons="El denominador excluye a quienes no consintieron.",
        publish=True,
    )
    indicator_version_decide(
        actor=world.gov_user_2, version=v1, organisation=world.gov, decision=APPROVE
    )
    indicator_version_decide(
        actor=world.cso_user, version=v1, organisation=world.cso, decision=APPROVE
    )
    page = public_indicator(CODE)
    assert [d.reasons for d in page.dissents] == [
        "El denominador excluye a quienes no consintieron."
    ]
    comment = indicator_comment_add(
        actor=world.cso_user, version=v1, organisation=world.cso, text="ok"
    )
    assert comment.pk and AuditEntry.objects.filter(model="indicators.Comment").count() == 1


def test_anonymous_cannot_see_drafts(world, client):
    _propose(world)
    assert client.get(f"/indicators/{CODE}/").status_code == 404
    response = client.get(f"/indicators/workspace/{CODE}/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(world.outsider)
    assert client.get(f"/indicators/workspace/{CODE}/").status_code == 404
    client.force_login(world.gov_user)
    assert client.get(f"/indicators/workspace/{CODE}/").status_code == 200


def test_one_person_with_seats_on_both_sides_cannot_agree_alone(world):
    """A tester with a government and a civil-society membership agreed an indicator alone."""
    membership_add(actor=None, user=world.gov_user, organisation=world.cso, role="analyst")
    v1 = _propose(world)
    indicator_version_decide(
        actor=world.gov_user, version=v1, organisation=world.gov, decision=APPROVE
    )
    with pytest.raises(IndicatorError, match="different people"):
        indicator_version_decide(
            actor=world.gov_user, version=v1, organisation=world.cso, decision=APPROVE
        )
    v1.refresh_from_db()
    assert v1.status == IndicatorVersion.Status.PROPOSED
    indicator_version_decide(
        actor=world.cso_user, version=v1, organisation=world.cso, decision=APPROVE
    )
    v1.refresh_from_db()
    assert v1.status == IndicatorVersion.Status.AGREED
