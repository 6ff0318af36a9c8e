"""A suppressed numerator suppresses the rate; rates are computed from gated counts."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from testigo.documentation.models import Act, Event, Intake, Intervention, Person
from testigo.indicators.library import builtin_definition
from testigo.indicators.models import Approval, IndicatorValue
from testigo.indicators.services import (
    indicator_version_decide,
    indicator_version_propose,
    indicators_compute,
)
from testigo.vocab.models import Term

pytestmark = pytest.mark.django_db


def _agree_and_compute(world, code):
    version = indicator_version_propose(
        actor=world.cso_user,
        group=world.group,
        organisation=world.cso,
        content=builtin_definition(code),
    )
    for user, org in ((world.cso_user, world.cso), (world.gov_user, world.gov)):
        indicator_version_decide(
            actor=user, version=version, organisation=org, decision=Approval.Decision.APPROVE
        )
    indicators_compute(actor=None, codes=[code])
    return {v.period: v for v in IndicatorValue.objects.filter(version=version, breakdown="")}


def _term(vocabulary, code):
    return Term.objects.get(vocabulary__name=vocabulary, code=code)


def _intakes(org, year, total, unaccompanied, consent=True):
    child = _term("travel_company", "unaccompanied_child")
    alone = _term("travel_company", "alone")
    for i in range(total):
        person = Person.objects.create(organisation=org)
        Intake.objects.create(
            organisation=org,
            person=person,
            date=dt.date(year, 3, 1),
            travel_company=child if i < unaccompanied else alone,
            consent_statistics=consent,
        )


def test_suppressed_numerator_suppresses_the_rate(world, client):
    _intakes(world.cso, 2022, 40, 12)
    _intakes(world.cso, 2023, 20, 11)
    # 3 unaccompanied children: below the threshold for tables of children (10)
    _intakes(world.cso, 2024, 20, 3)
    _intakes(world.cso, 2024, 7, 7, consent=False)  # no statistical consent: never counted
    values = _agree_and_compute(world, "unaccompanied-children-share")
    expected = {"2022": (12, 40), "2023": (11, 20)}
    shown = [p for p in expected if values[p].value is not None]
    assert shown  # secondary suppression hides one more year at most
    for period in shown:
        num, den = expected[period]
        assert (values[period].numerator, values[period].denominator) == (num, den)
        assert values[period].value == Decimal(100 * num) / den
    hidden = values["2024"]
    assert hidden.value is None and hidden.numerator is None and hidden.denominator is None
    assert hidden.conf_status == "C" and hidden.trace["suppressed"] is True
    assert hidden.trace["values"] is None  # the trace keeps no suppressed figure either
    page = client.get("/indicators/unaccompanied-children-share/").content.decode()
    row = re.search(r"<td>2024</td><td></td>\s*<td>([^<]*)</td><td>([^<]*)</td>", page)
    assert row is not None and row.groups() == ("x", "x")  # 3/20 = 15 % never shows
    assert "2024: 15" not in page  # nor in the chart's description
    assert "Cómo se calculó" in page  # Spanish by default
    client.cookies["django_language"] = "en"
    english = client.get("/indicators/").content.decode()
    assert (
        "Indicator scorecard" in english and "Share of intakes of unaccompanied children" in english
    )


def test_complaint_share_counts_victims_once_per_year(world):
    act_type = Term.objects.filter(vocabulary__name="act_type").first()
    complaint = _term("intervention_type", "criminal_complaint")
    filed, planned = _term("intervention_status", "filed"), _term("intervention_status", "planned")
    event = Event.objects.create(organisation=world.cso, title="e", year=2024, dataset="manual")
    victims = [Person.objects.create(organisation=world.cso) for _ in range(10)]
    for victim in victims:
        Act.objects.create(event=event, victim=victim, act_type=act_type)
        Act.objects.create(event=event, victim=victim, act_type=act_type)  # twice: one victim
    for victim in victims[:6]:
        Intervention.objects.create(
            organisation=world.cso, victim=victim, intervention_type=complaint, status=filed
        )
    Intervention.objects.create(  # only planned: the case has not reached a complaint yet
        organisation=world.cso, victim=victims[9], intervention_type=complaint, status=planned
    )
    values = _agree_and_compute(world, "complaint-share")
    assert (values["2024"].numerator, values["2024"].denominator) == (6, 10)
    assert values["2024"].value == Decimal("60")


def test_acts_by_authorities_and_unmet_needs(world):
    act_type = Term.objects.filter(vocabulary__name="act_type").first()
    police = Term.objects.filter(
        vocabulary__name="perpetrator_type", attributes__government_level="municipal"
    ).first()
    inm = Term.objects.get(vocabulary__name="perpetrator_type", code__icontains="inm")
    municipal = _term("government_level", "municipal")
    federal = _term("government_level", "federal")
    event = Event.objects.create(organisation=world.cso, title="e", year=2024, dataset="manual")
    from testigo.documentation.models import Involvement

    for i in range(12):
        act = Act.objects.create(
            event=event, victim=Person.objects.create(organisation=world.cso), act_type=act_type
        )
        Involvement.objects.create(act=act, perpetrator_type=police, government_level=municipal)
        if i < 6:  # municipal and federal together: one act, counted once in the total
            Involvement.objects.create(act=act, perpetrator_type=inm, government_level=federal)
    version_values = _agree_and_compute(world, "acts-by-authorities")
    assert version_values["2024"].value == 12
    by_level = {
        v.category: v.value
        for v in IndicatorValue.objects.filter(breakdown="government_level", period="2024")
    }
    assert by_level == {"municipal": 12, "federal": 6}

    food, shelter = _term("need", "food"), _term("need", "shelter")
    meals = _term("service", "meals")
    for i in range(10):
        intake = Intake.objects.create(
            organisation=world.cso, person=Person.objects.create(organisation=world.cso),
            date=dt.date(2024, 1, 1), consent_statistics=True,
        )  # fmt: skip
        intake.needs.set([food, shelter])
        if i < 4:
            intake.services.set([meals])  # food met, shelter not
    values = _agree_and_compute(world, "intakes-unmet-needs")
    assert values["2024"].value == 10
    by_need = {
        v.category: v.value
        for v in IndicatorValue.objects.filter(
            breakdown="need", version__indicator__code="intakes-unmet-needs"
        )
    }
    assert by_need == {"shelter": 10, "food": 6}


def test_children_are_published_only_from_ten(world):
    """A tester saw 7 unaccompanied children published at threshold 5."""
    _intakes(world.cso, 2022, 40, 12)
    _intakes(world.cso, 2023, 40, 7)
    values = _agree_and_compute(world, "unaccompanied-children-share")
    assert values["2023"].value is None and values["2023"].numerator is None
    assert values["2023"].trace["threshold"] == 10
