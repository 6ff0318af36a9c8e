"""A seeded generator of SYNTHETIC case records for the demo network.

Every record it makes belongs to an organisation marked ``is_synthetic`` and carries
"(sintético)" in its name or title, so nothing invented can pass for real testimony.
The same seed always gives the same records.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from testigo.accounts.models import Organisation
from testigo.accounts.services import sharing_agreement_create
from testigo.documentation.models import Intake
from testigo.documentation.services import (
    event_document,
    intake_register,
    intervention_record,
    intervention_status_change,
)
from testigo.vocab.models import Term

GIVEN = ["Ana", "José", "María", "Luis", "Rosa", "Carlos", "Elena", "Juan", "Lucía", "Pedro"]
SURNAMES = ["López", "Hernández", "García", "Pérez", "Ramírez", "Cruz", "Morales", "Tzul"]
NATIONALITIES = ["HN", "GT", "SV", "VE", "HT", "MX", "NI", "CU", "EC", "CO"]
PLACES = [  # (ISO 3166-2, INEGI CVEGEO, place)
    ("MX-CHP", "07089", "Tapachula"), ("MX-CHP", "07040", "Huixtla"),
    ("MX-OAX", "20043", "Juchitán"), ("MX-VER", "30039", "Coatzacoalcos"),
    ("MX-CHH", "08037", "Ciudad Juárez"), ("MX-SON", "26043", "Nogales"),
    ("MX-TAM", "28027", "Nuevo Laredo"), ("MX-BCN", "02004", "Tijuana"),
]  # fmt: skip


@dataclass(frozen=True)
class Generated:
    intakes: int
    events: int
    acts: int
    interventions: int


def _terms(vocabulary: str) -> list[Term]:
    return list(Term.objects.filter(vocabulary__name=vocabulary).order_by("position"))


def _pick(rng: random.Random, terms: list[Term], k: int = 1) -> list[Term]:
    return rng.sample(terms, min(k, len(terms))) if terms else []


@transaction.atomic
def synthetic_network_generate(
    *, organisations: list[Organisation], network: Organisation, seed: int = 2013,
    intakes_per_org: int = 100, events_per_org: int = 50,
) -> Generated:  # fmt: skip
    """Fill the (synthetic) ``organisations`` with intakes, events, acts and interventions.

    Perpetrators cover organised crime and authorities of all three government levels. Each
    organisation shares its consented records with ``network``. Raises ``ValueError`` if an
    organisation is not marked synthetic.
    """
    if any(not o.is_synthetic for o in organisations):
        raise ValueError("synthetic records go only to organisations marked synthetic")
    rng = random.Random(seed)  # noqa: S311 - reproducible fake data, not security
    vocab = {name: _terms(name) for name in (
        "sex", "need", "service", "travel_company", "migration_intention", "language",
        "act_type", "perpetrator_type", "degree_of_involvement", "intervention_type",
        "intervention_status", "source_type", "migration_route", "migration_status",
    )}  # fmt: skip
    authorities = [t for t in vocab["perpetrator_type"] if t.attributes.get("government_level")]
    others = [t for t in vocab["perpetrator_type"] if not t.attributes.get("government_level")]
    counts = [0, 0, 0, 0]
    for org in organisations:
        sharing_agreement_create(actor=None, organisation=org, network=network)
        intakes = [_intake(rng, org, vocab) for _ in range(intakes_per_org)]
        counts[0] += len(intakes)
        for _ in range(events_per_org):
            acts = _event(rng, org, vocab, intakes, authorities, others)
            counts[1] += 1
            counts[2] += acts
        for intake in intakes[: intakes_per_org // 5]:
            counts[3] += _intervention(rng, org, vocab, intake)
    return Generated(*counts)


def _intake(rng: random.Random, org: Organisation, vocab: dict) -> Intake:
    day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 500))
    person = {
        "name": f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} (sintético)",
        "age": rng.randrange(1, 70), "age_is_estimate": rng.random() < 0.3,
        "nationality": rng.choice(NATIONALITIES),
        "sex": (_pick(rng, vocab["sex"]) or [None])[0],
        "language": (_pick(rng, vocab["language"]) or [None])[0],
        "migration_status": (_pick(rng, vocab["migration_status"]) or [None])[0],
    }  # fmt: skip
    return intake_register(
        actor=None, organisation=org, person=person, date=day,
        consent_services=True, consent_network=rng.random() < 0.7,
        consent_statistics=rng.random() < 0.9,
        travel_company=(_pick(rng, vocab["travel_company"]) or [None])[0],
        migration_route=None, intention=(_pick(rng, vocab["migration_intention"]) or [None])[0],
        needs=_pick(rng, vocab["need"], rng.randrange(1, 4)),
        services=_pick(rng, vocab["service"], rng.randrange(0, 3)),
        notes="Registro sintético de demostración.",
    )  # fmt: skip


def _event(rng, org, vocab, intakes, authorities, others) -> int:  # noqa: ANN001
    state, municipality, place = rng.choice(PLACES)
    victims = [i.person for i in rng.sample(intakes, rng.randrange(1, 4))]
    start = min(i.date for i in intakes)
    day = start + dt.timedelta(days=rng.randrange(0, 400))
    date = rng.choice([day.isoformat(), day.strftime("%Y-%m"), f"{day:%Y-%m}~"])
    acts = []
    for index, _victim in enumerate(victims):
        perpetrators = [
            {
                "perpetrator_type": rng.choice(authorities or others),
                "degree": (_pick(rng, vocab["degree_of_involvement"]) or [None])[0],
            }
        ]
        if others and rng.random() < 0.5:
            perpetrators.append({"perpetrator_type": rng.choice(others), "degree": None})
        acts.append({"victim": index, "act_type": rng.choice(vocab["act_type"]),
                     "date_edtf": date, "perpetrators": perpetrators})  # fmt: skip
    event_document(
        actor=None, organisation=org,
        event={"title": f"Evento en {place} (sintético)", "date_edtf": date, "country": "MX",
               "state_code": state, "municipality_code": municipality, "place_text": place,
               "migration_phase": "transit",
               "description": "Narración sintética de demostración."},
        victims=victims, acts=acts,
        sources=[{"source_type": (_pick(rng, vocab["source_type"]) or [None])[0],
                  "date_edtf": date, "content": "Testimonio sintético."}],
    )  # fmt: skip
    return len(acts)


def _intervention(rng, org, vocab, intake) -> int:  # noqa: ANN001
    statuses = {t.code: t for t in vocab["intervention_status"]}
    first = next((t for t in vocab["intervention_status"] if t.attributes.get("next")), None)
    if first is None or not vocab["intervention_type"]:
        return 0
    item = intervention_record(
        actor=None, organisation=org, intervention_type=rng.choice(vocab["intervention_type"]),
        status=first, victim=intake.person, date_edtf=intake.date.isoformat(),
        addressed_to="Comisión Nacional de los Derechos Humanos",
    )  # fmt: skip
    for _ in range(rng.randrange(0, 3)):
        nxt = item.status.attributes.get("next") or []
        if not nxt or nxt[0] not in statuses:
            break
        item = intervention_status_change(
            actor=None, intervention=item, to_status=statuses[rng.choice(nxt)],
            expected_version=item.version,
        )  # fmt: skip
    return 1
