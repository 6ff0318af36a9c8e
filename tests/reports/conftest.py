"""A small hand-made network for the report tests, written through the documentation services.

Known answers (period 2024, organisation ``albergue-a``):

* intakes with consent to statistical use: 2024 — 8 women from Guatemala aged 25 (Spanish),
  6 men from Honduras aged 35 (Mam), 2 boys from El Salvador aged 15 (Spanish); 2023 — 5 women from
  Guatemala aged 40. Three more 2024 intakes without that consent are never counted.
* acts in 2024: 6 extortions by municipal police (Chiapas, May), 5 robberies by organised
  crime (Oaxaca, July), 2 kidnappings by organised crime with municipal police (Chiapas,
  September): 13 acts, 13 victims (one person each).
* interventions dated 2024: 4 complaints to a human-rights commission filed, 2 admitted,
  1 criminal complaint admitted: 7.
* ``albergue-b``: one 2024 intake (woman, Guatemala), counted only in the network's report.
"""

from __future__ import annotations

import datetime as dt

import pytest

from testigo.accounts.services import organisation_create
from testigo.documentation.services import event_document, intake_register, intervention_record
from testigo.vocab.models import Term


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary__name=vocabulary, code=code)


def _intakes(org, n: int, *, date: dt.date, consent: bool = True, **person: object) -> None:
    for _ in range(n):
        intake_register(
            actor=None,
            organisation=org,
            person=dict(person),
            date=date,
            consent_services=True,
            consent_network=False,
            consent_statistics=consent,
        )


def _event(org, *, date: str, state: str, act_type: str, perpetrators: list[str], n: int):
    return event_document(
        actor=None,
        organisation=org,
        event={
            "title": "Evento de prueba",
            "date_edtf": date,
            "country": "MX",
            "state_code": state,
        },
        victims=[{"sex": term("sex", "male"), "age": 30} for _ in range(n)],
        acts=[
            {
                "victim": i,
                "act_type": term("act_type", act_type),
                "perpetrators": [
                    {"perpetrator_type": term("perpetrator_type", p)} for p in perpetrators
                ],
            }
            for i in range(n)
        ],
    )


@pytest.fixture
def network(db) -> dict[str, object]:
    org_a = organisation_create(
        actor=None, slug="albergue-a", name="Albergue A", kind="civil_society"
    )
    org_b = organisation_create(
        actor=None, slug="albergue-b", name="Albergue B", kind="civil_society"
    )
    female, male = term("sex", "female"), term("sex", "male")
    day = dt.date(2024, 3, 1)
    _intakes(
        org_a, 8, date=day, sex=female, nationality="GT", age=25, language=term("language", "spa")
    )
    _intakes(
        org_a,
        6,
        date=dt.date(2024, 8, 1),
        sex=male,
        nationality="HN",
        age=35,
        language=term("language", "mam"),
    )
    _intakes(
        org_a, 2, date=day, sex=male, nationality="SV", age=15, language=term("language", "spa")
    )
    _intakes(org_a, 3, date=day, consent=False, sex=female, nationality="GT", age=25)
    _intakes(org_a, 5, date=dt.date(2023, 5, 1), sex=female, nationality="GT", age=40)
    _intakes(org_b, 1, date=day, sex=female, nationality="GT", age=25)
    extortion = _event(
        org_a,
        date="2024-05",
        state="MX-CHP",
        act_type="extortion",
        perpetrators=["mx_municipal_police"],
        n=6,
    )
    _event(
        org_a,
        date="2024-07",
        state="MX-OAX",
        act_type="robbery",
        perpetrators=["organised_crime"],
        n=5,
    )
    _event(
        org_a,
        date="2024-09",
        state="MX-CHP",
        act_type="kidnapping",
        perpetrators=["organised_crime", "mx_municipal_police"],
        n=2,
    )
    for code, status, n in (
        ("hr_commission_complaint", "filed", 4),
        ("hr_commission_complaint", "admitted", 2),
        ("criminal_complaint", "admitted", 1),
    ):
        for _ in range(n):
            intervention_record(
                actor=None,
                organisation=org_a,
                event=extortion,
                date_edtf="2024-06",
                intervention_type=term("intervention_type", code),
                status=term("intervention_status", status),
            )
    return {"org_a": org_a, "org_b": org_b}
